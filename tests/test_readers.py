"""The upload reader: encodings, separators, number styles, headers, title/notes blocks, wide tables, XLSX, limits.

Every file is built here from the shipped data, in memory, in the real encodings analysts' tools write.
"""

from __future__ import annotations

import csv
import io
import random
import re
import resource
import subprocess
import sys
import unicodedata
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from kpis.problems import ERROR, WARNING, Limits, ReadError
from kpis.provinces import NAME_COLUMN
from kpis.reading import columns, csv_table, enum_index, header_index, normalise_key, read_file, sheet_names, xlsx
from kpis.schema import load_package, read_shipped
from tests.helpers import cp1258

SCHEMAS = load_package()
ENROL = SCHEMAS["enrolment"]
CERT = SCHEMAS["certified_labour"]
GRAD = SCHEMAS["graduates"]
PROVINCES = read_shipped(SCHEMAS["provinces"])
NAMES_VI = dict(zip(PROVINCES.code, PROVINCES.name_vi, strict=True)) | {"VN": "Toàn quốc"}
NAMES_EN = dict(zip(PROVINCES.code, PROVINCES.name_en, strict=True)) | {"VN": "Viet Nam"}
VI_HEADERS = {
    "year": "Năm",
    "province_code": "Tỉnh, thành phố",
    "level": "Trình độ",
    "value": "Số tuyển sinh",
    "source": "Nguồn",
    "value_type": "Loại số liệu",
    "note": "Ghi chú",
}
FILE_FIELDS = [n for n in ENROL.names if n != "vintage"]  # an analyst's file: the province list is not in it
EN_HEADERS = {f.name: f.title("en") for f in ENROL.fields if f.name in FILE_FIELDS}
ASCII_UPPER = {
    "year": "NAM",
    "province_code": "MA TINH",
    "level": "TRINH DO",
    "value": "SO TUYEN SINH",
    "source": "NGUON SO LIEU",
    "value_type": "LOAI SO LIEU",
    "note": "GHI CHU",
}


# ----------------------------------------------------------------------------------------------- helpers


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed frame as the strings a file holds (integers plain, decimals with '.', empty for missing), without
    the row's province list, which analysts' files do not carry (validation finds it from the year)."""
    out = pd.DataFrame(index=frame.index)
    for c in (c for c in frame.columns if c != "vintage"):
        out[c] = [("" if pd.isna(v) else f"{v:g}" if isinstance(v, float) else str(v)) for v in frame[c]]
    return out.reset_index(drop=True).astype(object)


def enrolment_sample() -> pd.DataFrame:
    """National rows and three provinces for 2019–2020, as strings; a note with a comma and a quote."""
    frame = read_shipped(ENROL)
    frame = frame[frame.year.isin([2019, 2020]) & frame.province_code.isin(["VN", "01", "79", "31"])]
    return _strings(frame)


def share_sample() -> pd.DataFrame:
    frame = read_shipped(CERT)
    return _strings(frame[(frame.year == 2020)].head(8))


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return cp1258(text)
    if encoding == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def fmt_number(value: str, style: str) -> str:
    """A plain number string in a number style: vi 1.234.567 / 85,5; en 1,234,567 / 85.5; space 1 234 567."""
    if not value:
        return value
    whole, _, frac = value.partition(".")
    groups = f"{int(whole):,}"
    if style == "vi":
        return groups.replace(",", ".") + ("," + frac if frac else "")
    if style == "en":
        return groups + ("." + frac if frac else "")
    if style == "space":
        return groups.replace(",", " ") + ("," + frac if frac else "")
    return value


def undo_style(value: str, decimal: str, thousands: str) -> str:
    """What the validator does with the decided style: drop grouping, '.' decimal."""
    v = value.strip()
    if thousands:
        v = v.replace(thousands, "")
    return v.replace(decimal, ".") if decimal == "," else v


def csv_text(
    frame: pd.DataFrame,
    headers: dict[str, str],
    delimiter: str = ",",
    style: str = "plain",
    numeric: tuple[str, ...] = ("value",),
    order: list[str] | None = None,
    newline: str = "\r\n",
    extra: dict[str, list[str]] | None = None,
    top: list[str] = (),
    bottom: list[str] = (),
) -> str:
    """A CSV as Excel writes it: quoting where needed, the chosen headers, order, number style and blocks."""
    order = order or list(frame.columns)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    extra = extra or {}
    for line in top:
        buf.write(line + newline)
    w.writerow([headers[c] for c in order] + list(extra))
    for i, row in frame.iterrows():
        cells = [fmt_number(row[c], style) if c in numeric else row[c] for c in order]
        w.writerow(cells + [v[i] for v in extra.values()])
    for line in bottom:
        buf.write(line + newline)
    return buf.getvalue()


def notice(result, code: str):
    found = [p for p in result.notices if p.code == code]
    assert found, f"no {code} notice in {[p.code for p in result.notices]}"
    return found[0]


def assert_bilingual(problem, *needles: str) -> None:
    assert problem.message_vi and problem.message_en and problem.message_vi != problem.message_en
    for needle in needles:
        assert needle in problem.message_vi and needle in problem.message_en, (needle, problem)


@pytest.fixture(params=["fast", "careful"])
def parser(request, monkeypatch):
    """Run a test through pyarrow (the bulk path) and through the csv module (the careful path)."""
    calls = {"careful": 0}
    careful = csv_table._csv_careful

    def spy(*args, **kwargs):
        calls["careful"] += 1
        return careful(*args, **kwargs)

    monkeypatch.setattr(csv_table, "_csv_careful", spy)
    monkeypatch.setattr(csv_table, "FAST_PATH_MIN_BYTES", 0 if request.param == "fast" else 10**12)
    return request.param, calls


# ------------------------------------------------------------------------------------------ encodings


ENCODING_CASES = [
    # id, encoding as written, label read back, delimiter, headers, number style, province names, NFD
    ("utf8-comma-fieldnames", "utf-8", "utf-8", ",", {f: f for f in FILE_FIELDS}, "plain", None, False),
    ("utf8bom-english-thousands", "utf-8-sig", "utf-8-sig", ",", EN_HEADERS, "en", None, False),
    ("utf16le-tab-vietnamese", "utf-16", "utf-16", "\t", VI_HEADERS, "plain", NAMES_VI, False),
    ("utf16be-tab-vi-style", "utf-16-be", "utf-16", "\t", VI_HEADERS, "vi", NAMES_VI, False),
    ("cp1258-semicolon-vi-style", "cp1258", "cp1258", ";", VI_HEADERS, "vi", NAMES_VI, False),
    ("cp1252-ascii-names", "cp1252", "cp1252", ",", EN_HEADERS, "en", NAMES_EN, False),
    ("utf8-nfd-macos", "utf-8", "utf-8", ",", VI_HEADERS, "plain", NAMES_VI, True),
    ("utf8-upper-ascii-headers", "utf-8", "utf-8", ";", ASCII_UPPER, "space", None, False),
]
# Space-grouped integers say nothing about the decimal mark: it stays ".".
EXPECTED_STYLE = {"plain": (".", ""), "en": (".", ","), "vi": (",", "."), "space": (".", " ")}


@pytest.mark.parametrize(
    ("case", "encoding", "label", "delimiter", "headers", "style", "names", "nfd"),
    ENCODING_CASES,
    ids=[c[0] for c in ENCODING_CASES],
)
def test_encodings_separators_and_styles(parser, case, encoding, label, delimiter, headers, style, names, nfd):
    frame = enrolment_sample()
    if names:
        frame["province_code"] = frame.province_code.map(names)
    if encoding == "cp1252":  # Western letters that only Windows-1252 reads right
        frame.loc[0, "note"] = "Müller café – Señor Ærø, São"
        frame["source"] = frame.source.str.replace("trên", "tren")
        frame["note"] = frame.note.map(lambda s: s.encode("cp1252", "replace").decode("cp1252"))
    text = csv_text(frame, headers, delimiter, style)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    result = read_file(encode(text, encoding), f"{case}.csv", ENROL)

    assert result.encoding == label
    assert result.delimiter == delimiter
    assert (result.decimal, result.thousands) == EXPECTED_STYLE[style]
    assert result.sheet is None and result.cell_columns == {}
    assert list(result.table.columns) == FILE_FIELDS
    assert (result.table.dtypes == object).all()
    assert result.columns == {f: unicodedata.normalize("NFC", h) for f, h in headers.items()}
    assert result.rows == list(range(2, 2 + len(frame)))
    expected = frame.copy()
    got = result.table.copy()
    got["value"] = [undo_style(v, result.decimal, result.thousands) for v in got.value]
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert all(isinstance(v, str) for v in result.table.to_numpy().ravel())
    assert notice(result, "encoding_detected").severity == WARNING
    assert notice(result, "number_style_detected").severity == WARNING
    assert not [p for p in result.notices if p.severity == ERROR]
    mode, calls = parser
    assert calls["careful"] == (1 if mode == "careful" else 0), "the bulk path must handle a regular file"


def test_cp1258_and_cp1252_are_told_apart():
    text = "Năm;Tỉnh;Trình độ;Số tuyển sinh\n2020;Hà Nội;Cao đẳng;1.234\n2020;Thừa Thiên Huế;Trung cấp;99\n"
    result = read_file(cp1258(text), "vn.csv", ENROL)
    assert result.encoding == "cp1258"
    assert result.table.province_code.tolist() == ["Hà Nội", "Thừa Thiên Huế"]
    assert result.columns["province_code"] == "Tỉnh"
    western = "Year,Province,Level,Enrolled,Note\n2020,Ha Noi,total,5,Müller café São Señor\n"
    result = read_file(western.encode("cp1252"), "w.csv", ENROL)
    assert result.encoding == "cp1252"
    assert result.table.note.tolist() == ["Müller café São Señor"]


def test_pure_ascii_is_utf8():
    result = read_file(b"year,province_code,value\n2020,VN,5\n", "a.csv", ENROL)
    assert result.encoding == "utf-8"


# -------------------------------------------------------------------------------------------- headers


def test_shuffled_headers_without_diacritics_and_unknown_column(parser):
    frame = enrolment_sample()
    order = ["note", "year", "value", "source", "level", "value_type", "province_code"]
    headers = {
        "note": "ghi chu",
        "year": "  nam ",
        "value": "So  tuyen sinh",
        "source": "NGUỒN SỐ LIỆU",
        "level": "Trình độ đào tạo",
        "value_type": "loai so lieu",
        "province_code": "Tỉnh/thành phố",
    }
    stt = {"STT": [str(i + 1) for i in range(len(frame))], "Người nhập": ["An"] * len(frame)}
    result = read_file(csv_text(frame, headers, ",", order=order, extra=stt).encode(), "s.csv", ENROL)
    assert list(result.table.columns) == FILE_FIELDS
    pd.testing.assert_frame_equal(result.table, frame, check_dtype=False)
    assert result.columns == headers
    unknown = notice(result, "unknown_columns")
    assert unknown.severity == WARNING
    assert_bilingual(unknown, "STT", "Người nhập", "s.csv")


def test_duplicate_columns():
    text = "Năm,Mã tỉnh,Số tuyển sinh,Năm\n2020,VN,5,2021\n"
    result = read_file(text.encode(), "d.csv", ENROL)
    dup = notice(result, "duplicate_column")
    assert dup.severity == ERROR and dup.row == 1 and dup.column == "Năm"
    assert result.table.year.tolist() == ["2020"]  # the first one is kept
    # A code column beside a names column: the codes are used, the names kept for validation to check that each
    # row's code and name agree (issue 10 class 9; tests/test_province_names.py), with no duplicate notice.
    text = "Năm,Tên tỉnh,Mã tỉnh,Số tuyển sinh\n2020,Hà Nội,01,5\n"
    result = read_file(text.encode(), "d.csv", ENROL)
    assert not [p for p in result.notices if p.code == "duplicate_column"]
    assert result.table.province_code.tolist() == ["01"] and result.columns["province_code"] == "Mã tỉnh"
    assert result.table[NAME_COLUMN].tolist() == ["Hà Nội"] and result.columns[NAME_COLUMN] == "Tên tỉnh"


def test_normalised_key():
    assert normalise_key("  Tỉnh/Thành phố ") == "tinh thanh pho"
    assert normalise_key("ĐỊA PHƯƠNG") == normalise_key("dia phuong") == "dia phuong"
    assert normalise_key(unicodedata.normalize("NFD", "Số tuyển sinh")) == "so tuyen sinh"
    assert normalise_key("Tỷ lệ (%)") == "ty le"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_aliases_are_unambiguous_and_all_map_back(name):
    schema = SCHEMAS[name]
    owner: dict[str, str] = {}
    for f in schema.fields:
        for text in (f.name, *f.titles.values(), *f.aliases):
            key = normalise_key(text)
            assert key, (f.name, text)
            assert owner.setdefault(key, f.name) == f.name, f"{name}: {text!r} names {owner[key]} and {f.name}"
    index = header_index(schema)
    for f in schema.fields:
        for text in (f.name, *f.titles.values(), *f.aliases):
            assert index[normalise_key(text)] == f.name
        values = enum_index(f)
        for canonical, aliases in f.enum_aliases:
            assert canonical in {str(v) for v in f.enum}
            for alias in aliases:
                assert values[normalise_key(alias)] == canonical, (f.name, alias)


@pytest.mark.parametrize(
    ("dataset", "field", "headers"),
    [
        (
            "enrolment",
            "province_code",
            [
                "Tỉnh",
                "Tỉnh/thành phố",
                "Tỉnh, thành phố",
                "Tên tỉnh",
                "Mã tỉnh",
                "Địa phương",
                "Province",
                "TINH THANH PHO",
            ],
        ),
        ("enrolment", "year", ["Năm", "Year", "NAM"]),
        ("enrolment", "value", ["Tuyển sinh", "Số tuyển sinh", "Số người", "Enrolment", "Số tuyển sinh (người)"]),
        ("enrolment", "level", ["Trình độ đào tạo", "Trình độ", "Level"]),
        ("enrolment", "source", ["Nguồn số liệu", "Nguồn", "Source"]),
        ("enrolment", "value_type", ["Loại số liệu", "Value type"]),
        ("graduates", "employment_rate", ["Tỷ lệ có việc làm (%)", "Tỉ lệ có việc làm", "Employment rate"]),
        ("rural_training", "trained", ["Số được đào tạo", "Số người được đào tạo", "Trained"]),
        ("certified_labour", "share", ["Tỷ lệ (%)", "Tỉ lệ", "Share"]),
        ("quality_ranking", "rank", ["Thứ hạng", "Xếp hạng", "Rank"]),
        ("targets", "target_type", ["Loại chỉ tiêu", "Target type"]),
        ("targets", "value", ["Giá trị chỉ tiêu", "Giá trị", "Target value"]),
        ("population", "population", ["Dân số", "Dân số (người)", "Population"]),
    ],
)
def test_header_aliases(dataset, field, headers):
    index = header_index(SCHEMAS[dataset])
    for h in headers:
        assert columns.match_header(h, index) == field, h


@pytest.mark.parametrize(
    ("dataset", "field", "labels"),
    [
        (
            "enrolment",
            "level",
            {
                "Cao đẳng": "college",
                "CĐ": "college",
                "Trung cấp": "intermediate",
                "Cao đẳng và trung cấp": "college_intermediate",
                "CĐ, TC": "college_intermediate",
                "Sơ cấp và khác": "elementary_other",
                "Sơ cấp và đào tạo khác": "elementary_other",
                "Tổng số": "total",
                "Tổng": "total",
                "College": "college",
                "Intermediate": "intermediate",
                "TONG SO": "total",
            },
        ),
        ("graduates", "level", {"Cao đẳng": "college", "Tổng cộng": "total"}),
        ("targets", "level", {"Trung cấp": "intermediate"}),
        (
            "enrolment",
            "value_type",
            {
                "Số thực hiện": "actual",
                "Thực hiện": "actual",
                "Ước tính": "estimate",
                "Suy ra": "inferred",
                "Minh họa": "illustrative",
                "Minh hoạ": "illustrative",
            },
        ),
        (
            "targets",
            "target_type",
            {
                "Tối thiểu": "at_least",
                "Không thấp hơn": "at_least",
                "Tối đa": "at_most",
                "Khoảng": "range",
                "Tăng ít nhất": "improve_by",
            },
        ),
    ],
)
def test_enum_aliases(dataset, field, labels):
    values = enum_index(SCHEMAS[dataset].field(field))
    for label, canonical in labels.items():
        assert values[normalise_key(label)] == canonical, label


def test_no_header():
    text = "Mã hàng,Tên hàng,Đơn giá\nA1,Bút bi,5000\n"
    with pytest.raises(ReadError) as err:
        read_file(text.encode(), "hang.csv", ENROL)
    assert err.value.problem.code == "no_header"
    assert_bilingual(err.value.problem, "hang.csv", "Mã hàng")


# ---------------------------------------------------------------------------------------- number style


@pytest.mark.parametrize(
    ("schema", "delimiter", "cells", "style"),
    [
        (ENROL, ";", ["1.234.567", "580.000", "12"], (",", ".")),
        (ENROL, ",", ["1,234,567", "580,000", "12"], (".", ",")),
        (ENROL, ";", ["1.234", "12"], (",", ".")),  # one dot group in a count: thousands
        (ENROL, ",", ["1,234", "12"], (".", ",")),
        (ENROL, ";", ["1 234 567", "12"], (".", " ")),
        (ENROL, "\t", ["1\u00a0234\u00a0567", "12"], (".", " ")),
        (ENROL, ",", ["2330000", "12"], (".", "")),  # plain integers: nothing to decide
        (CERT, ";", ["85,5", "24", "33,5"], (",", "")),
        (CERT, ",", ["85.5", "24", "33.5"], (".", "")),
        (CERT, ";", ["85,5 %", "24%"], (",", "")),
        (CERT, ";", ["1.234,5", "2,5"], (",", ".")),
        (CERT, ",", ["1,234.5", "2.5"], (".", ",")),
        (CERT, ";", ["0,123"], (",", "")),
        (CERT, ",", ["0.123"], (".", "")),
    ],
)
def test_number_style(schema, delimiter, cells, style):
    field = "value" if schema is ENROL else "share"
    header = ["Năm", "Mã tỉnh", schema.field(field).title("vi")]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    for c in cells:
        w.writerow(["2020", "VN", c])
    result = read_file(buf.getvalue().encode(), "n.csv", schema)
    assert (result.decimal, result.thousands) == style
    assert result.table[field].tolist() == cells  # values are never converted
    assert notice(result, "number_style_detected").value == f"decimal={style[0]!r} thousands={style[1]!r}"


def test_mixed_number_styles_warn_with_an_example():
    text = "Năm;Mã tỉnh;Tỷ lệ (%)\n2020;VN;85,5\n2020;01;33,5\n2020;02;12.25\n"
    result = read_file(text.encode(), "m.csv", CERT)
    assert result.decimal == ","
    mixed = notice(result, "mixed_number_style")
    assert mixed.severity == WARNING and mixed.row == 4 and mixed.value == "12.25" and mixed.column == "Tỷ lệ (%)"
    assert_bilingual(mixed, "12.25", "m.csv")


# --------------------------------------------------------------------------------- title and notes blocks


def test_title_and_notes_blocks_csv(parser):
    frame = enrolment_sample()
    top = ["BÁO CÁO TUYỂN SINH NĂM 2020,,,,,,", "Đơn vị: người,,,,,,", ",,,,,,"]
    bottom = [",,,,,,", "Nguồn: Sở LĐ-TB&XH,,,,,,", "Ghi chú: số liệu sơ bộ,,,,,,", "", "Người lập biểu"]
    result = read_file(csv_text(frame, VI_HEADERS, top=top, bottom=bottom).encode("utf-8-sig"), "r.csv", ENROL)
    first = 5  # three title lines, the header on line 4
    assert result.rows == list(range(first, first + len(frame)))
    pd.testing.assert_frame_equal(result.table, frame, check_dtype=False)
    title = notice(result, "title_rows_ignored")
    assert title.severity == WARNING and title.row == 1
    assert_bilingual(title, "1–2", "BÁO CÁO TUYỂN SINH NĂM 2020")
    notes = notice(result, "notes_rows_ignored")
    last = first + len(frame) - 1
    assert notes.row == last + 2
    assert_bilingual(notes, f"{last + 2}–{last + 3}, {last + 5}", "Nguồn: Sở LĐ-TB&XH")


def test_source_line_right_under_the_data_and_blank_rows_inside():
    text = "Năm,Mã tỉnh,Trình độ,Số tuyển sinh\n2020,VN,total,5\n,,,\n2020,01,total,3\nNguồn: Tổng cục GDNN,,,\n"
    result = read_file(text.encode(), "b.csv", ENROL)
    assert result.rows == [2, 4]
    assert result.table.province_code.tolist() == ["VN", "01"]
    assert notice(result, "notes_rows_ignored").row == 5
    assert not [p for p in result.notices if p.code == "title_rows_ignored"]


def test_header_with_only_a_notes_block_has_no_rows():
    text = "Năm,Mã tỉnh,Trình độ,Số tuyển sinh\n,,,\nNguồn: Tổng cục GDNN,,,\nGhi chú: chưa có số liệu,,,\n"
    result = read_file(text.encode(), "h.csv", ENROL)
    assert result.rows == [] and len(result.table) == 0 and list(result.table.columns) == FILE_FIELDS[:4]
    assert notice(result, "notes_rows_ignored").row == 3
    assert notice(result, "no_data_rows").severity == WARNING


def test_column_numbering_row_is_ignored():
    text = "Năm,Mã tỉnh,Trình độ,Số tuyển sinh\n(1),(2),(3),(4)\n2020,VN,total,5\n"
    result = read_file(text.encode(), "n.csv", ENROL)
    assert result.rows == [3]
    assert notice(result, "numbering_row_ignored").row == 2


def test_sep_line_multiline_cells_and_line_endings(parser):
    # Excel's "sep=;" hint, a header cell broken with Alt+Enter, a note over two lines, old-Mac CR line ends.
    text = 'sep=;\n"Năm";"Số tuyển\nsinh";Mã tỉnh;Ghi chú\n2020;5;VN;"dòng một\ndòng hai"\n2021;6;VN;x\n'
    for newline in ("\n", "\r\n", "\r"):
        result = read_file(text.replace("\n", newline).encode(), "m.csv", ENROL)
        assert result.delimiter == ";"
        # Lone CRs (old Mac) are line ends everywhere, so the header's line break reads as "\n".
        assert result.columns["value"] == "Số tuyển" + ("\n" if newline == "\r" else newline) + "sinh"
        assert result.rows == [4, 6]
        assert result.table.note.tolist()[1] == "x"


# ---------------------------------------------------------------------------------------------- wide


def test_wide_table_csv(parser):
    text = (
        "Tỉnh,Trình độ,2019,Năm 2020,2021 ,Nguồn,Loại số liệu\n"
        "Hà Nội,Cao đẳng,100,110,,s,actual\n"
        'VN,total,"2.330.000","2.280.000","2.300.000",s,estimate\n'
    )
    result = read_file(text.encode(), "w.csv", ENROL)
    assert list(result.table.columns) == ["year", "province_code", "level", "value", "source", "value_type"]
    assert result.table.year.tolist() == ["2019", "2020", "2019", "2020", "2021"]
    assert result.table.value.tolist() == ["100", "110", "2.330.000", "2.280.000", "2.300.000"]
    assert result.table.province_code.tolist() == ["Hà Nội", "Hà Nội", "VN", "VN", "VN"]
    assert result.rows == [2, 2, 3, 3, 3]
    assert result.cell_columns["value"] == ["2019", "Năm 2020", "2019", "Năm 2020", "2021 "]
    assert result.cell_columns["year"] == result.cell_columns["value"]
    assert (result.decimal, result.thousands) == (",", ".")
    wide = notice(result, "wide_table")
    assert_bilingual(wide, "2019–2021", "w.csv")


def test_wide_table_maps_to_the_first_measure_of_graduates():
    text = "Mã tỉnh,Trình độ,Năm 2018,Năm 2019\nVN,total,2100000,2200000\n"
    result = read_file(text.encode(), "g.csv", GRAD)
    assert result.table.graduates.tolist() == ["2100000", "2200000"]
    assert result.cell_columns["graduates"] == ["Năm 2018", "Năm 2019"]


def test_year_columns_are_not_melted_when_the_measure_is_there():
    text = "Mã tỉnh,Số tuyển sinh,2019,2020\nVN,5,1,2\n"
    result = read_file(text.encode(), "g.csv", ENROL)
    assert result.cell_columns == {} and "year" not in result.table
    assert_bilingual(notice(result, "unknown_columns"), "2019", "2020")


# ---------------------------------------------------------------------------------------------- XLSX


def xlsx_bytes(build) -> bytes:
    wb = Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_sheet(ws, frame: pd.DataFrame, *, text_numbers: bool = False, style: str = "plain") -> None:
    """A report as analysts lay it out: merged title, unit line, blank, header on row 4, notes below."""
    ws["A1"] = "BÁO CÁO TUYỂN SINH GIÁO DỤC NGHỀ NGHIỆP"
    ws.merge_cells("A1:G1")
    ws["A2"] = "Đơn vị: người"
    ws.append([])
    ws.append([VI_HEADERS[c] for c in frame.columns])
    for _, row in frame.iterrows():
        cells = list(row)
        cells[0] = cells[0] if text_numbers else int(cells[0])
        cells[3] = fmt_number(cells[3], style) if text_numbers else int(cells[3])
        ws.append(cells)
        if not text_numbers:
            ws.cell(ws.max_row, 4).number_format = "#,##0"
    ws.append([])
    ws.append(["Nguồn: Tổng cục Giáo dục nghề nghiệp"])
    ws.append(["Ghi chú: số liệu tỉnh là minh họa"])


@pytest.mark.parametrize(
    ("text_numbers", "style", "decided"),
    [
        (False, "plain", (".", "")),
        (True, "vi", (",", ".")),
        (True, "en", (".", ",")),
    ],
)
def test_xlsx_report(text_numbers, style, decided):
    frame = enrolment_sample()
    data = xlsx_bytes(lambda wb: report_sheet(wb.active, frame, text_numbers=text_numbers, style=style))
    result = read_file(data, "baocao.xlsx", ENROL)
    assert result.sheet == "Sheet" and result.encoding is None and result.delimiter is None
    assert (result.decimal, result.thousands) == decided
    assert result.rows == list(range(5, 5 + len(frame)))
    got = result.table.copy()
    got["value"] = [undo_style(v, result.decimal, result.thousands) for v in got.value]
    pd.testing.assert_frame_equal(got, frame, check_dtype=False)
    assert result.columns["province_code"] == "Tỉnh, thành phố"
    assert_bilingual(notice(result, "title_rows_ignored"), "1–2")
    last = 4 + len(frame)
    assert_bilingual(notice(result, "notes_rows_ignored"), f"{last + 2}–{last + 3}", "Nguồn")


def test_xlsx_real_numbers_follow_the_files_decimal_style():
    def build(wb):
        ws = wb.active
        ws.append(["Năm", "Mã tỉnh", "Tỷ lệ (%)", "Nguồn"])
        ws.append([2020, "VN", 24.1, "a"])  # a real number
        ws.append([2020.0, "01", "33,5", "b"])  # text in the Vietnamese style
        ws.append([2020, "02", 0.157, "c"])  # a percent-formatted cell: the user sees 15.7%
        ws.cell(4, 3).number_format = "0.0%"
        ws.append([2020, "04", 1 / 3, "d"])

    result = read_file(xlsx_bytes(build), "r.xlsx", CERT)
    assert result.decimal == ","
    assert result.table.share.tolist() == ["24,1", "33,5", "15,7", "0,333333333333333"]
    assert result.table.year.tolist() == ["2020"] * 4


def test_xlsx_sheet_choice():
    def build(wb):
        wb.active.title = "Hướng dẫn"
        wb.active.append(["Điền số liệu vào trang Dữ liệu"])
        ws = wb.create_sheet("Dữ liệu")
        ws.append(["Năm", "Mã tỉnh", "Số tuyển sinh"])
        ws.append([2020, "VN", 5])
        ws.append([])
        ws.append([2021, "VN", 6])

    data = xlsx_bytes(build)
    assert sheet_names(data) == ["Hướng dẫn", "Dữ liệu"]
    result = read_file(data, "s.xlsx", ENROL)
    assert result.sheet == "Dữ liệu" and result.rows == [2, 4]
    assert_bilingual(notice(result, "sheet_chosen"), "Dữ liệu", "Hướng dẫn")
    assert read_file(data, "s.xlsx", ENROL, sheet="Dữ liệu").table.value.tolist() == ["5", "6"]
    with pytest.raises(ReadError) as err:
        read_file(data, "s.xlsx", ENROL, sheet="Sheet9")
    assert err.value.problem.code == "sheet_not_found"
    assert_bilingual(err.value.problem, "Sheet9", "Dữ liệu")
    with pytest.raises(ReadError) as err:
        read_file(data, "s.xlsx", ENROL, sheet="Hướng dẫn")
    assert err.value.problem.code == "no_header"


def test_xlsx_wide_table():
    def build(wb):
        ws = wb.active
        ws["A1"] = "TUYỂN SINH THEO NĂM"
        ws.merge_cells("A1:E1")
        ws.append(["Tỉnh", "Trình độ", 2019, "Năm 2020", "Year 2021"])
        ws.append(["Hà Nội", "Cao đẳng", 100, None, 120])
        ws.append(["VN", "Tổng số", 2330000, 2280000, "2.300.000"])

    result = read_file(xlsx_bytes(build), "w.xlsx", ENROL)
    assert result.rows == [3, 3, 4, 4, 4]
    assert result.table.year.tolist() == ["2019", "2021", "2019", "2020", "2021"]
    assert result.table.value.tolist() == ["100", "120", "2330000", "2280000", "2.300.000"]
    assert result.cell_columns["value"] == ["2019", "Year 2021", "2019", "Năm 2020", "Year 2021"]
    assert (result.decimal, result.thousands) == (",", ".")
    assert notice(result, "wide_table").row == 2


def test_xlsx_ragged_and_too_many_columns():
    def build(wb):
        ws = wb.active
        ws.append(["Năm", "Mã tỉnh", "Số tuyển sinh"])
        ws.append([2020, "VN", 5, "lạc chỗ"])
        ws.append([2021, "VN", 6])

    result = read_file(xlsx_bytes(build), "r.xlsx", ENROL)
    ragged = notice(result, "ragged_row")
    assert ragged.severity == ERROR and ragged.row == 2
    assert result.table.value.tolist() == ["5", "6"]

    def wide(wb):
        ws = wb.active
        ws.append(["Năm", "Mã tỉnh", "Số tuyển sinh"])
        ws.cell(2, 300).value = "x"

    with pytest.raises(ReadError) as err:
        read_file(xlsx_bytes(wide), "c.xlsx", ENROL)
    assert err.value.problem.code == "too_many_columns" and err.value.problem.row == 2


# ------------------------------------------------------------------------------------------ bad inputs


def test_empty_files():
    for data, name in [
        (b"", "e.csv"),
        (b"\xef\xbb\xbf", "e.csv"),
        (b" ,,;\r\n\r\n,,\n", "e.csv"),
        (xlsx_bytes(lambda wb: None), "e.xlsx"),
    ]:
        with pytest.raises(ReadError) as err:
            read_file(data, name, ENROL)
        assert err.value.problem.code == "empty_file", name
        assert_bilingual(err.value.problem, name)


def test_binary_garbage():
    rng = random.Random(20210101)
    for size in (64, 4096):
        data = bytes(rng.randrange(256) for _ in range(size))
        with pytest.raises(ReadError) as err:
            read_file(data, "rac.csv", ENROL)
        assert err.value.problem.code == "not_a_table"
    with pytest.raises(ReadError) as err:  # decodable, but full of control characters
        read_file(b"year,value\n" + bytes(range(1, 9)) * 50, "ctl.csv", ENROL)
    assert err.value.problem.code == "not_a_table"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "baocao.xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "baocao.xlsx"),  # encrypted or renamed old workbook
        ("<html><table><tr><td>Năm</td></tr></table></html>".encode(), "export.xls"),
        (b"%PDF-1.4", "baocao.pdf"),
    ],
)
def test_unsupported_formats(data, name):
    with pytest.raises(ReadError) as err:
        read_file(data, name, ENROL)
    assert err.value.problem.code == "unsupported_format"
    assert ".xlsx" in err.value.problem.message_vi and ".xlsx" in err.value.problem.message_en


def test_unterminated_quote(parser):
    body = "".join(f"2020,VN,total,{i},s,actual,ok\n" for i in range(8))
    header = "year,province_code,level,value,source,value_type,note\n"
    mid = header + body + '2020,VN,total,9,"s mở,actual,\n' + body.replace("ok", '"ok"')
    end = header + body + '2020,VN,total,9,s,actual,"mở mà không đóng\n'
    # The stray quote closes at the next row's first quote: the record comes out of the wrong width.
    partial = header + body + '2020,VN,total,9,"s mở,actual,\n2020,01,total,3,"s2",actual,\n' + body
    # ... or at a quote that ends a cell: well-formed CSV, but the record is wider than the others.
    wider = header + body + '2020,VN,total,9,"s mở,actual,\n2020,01,total,3,s2",actual,ghi chú,\n' + body
    for text, row, column in [(mid, 10, "source"), (end, 10, "note"), (partial, 10, "source"), (wider, 10, "source")]:
        with pytest.raises(ReadError) as err:
            read_file(text.encode(), "q.csv", ENROL)
        p = err.value.problem
        assert (p.code, p.row, p.column) == ("unterminated_quote", row, column)
        assert_bilingual(p, "q.csv", str(row))


def test_unterminated_quote_over_the_cell_limit():
    text = 'year,province_code,note\n2020,VN,"' + "x\n" * 100 + "2020,VN,y\n"
    with pytest.raises(ReadError) as err:
        read_file(text.encode(), "q.csv", ENROL, limits=Limits(max_cell_chars=50))
    assert (err.value.problem.code, err.value.problem.row) == ("unterminated_quote", 2)


def test_ragged_rows_are_reported_and_reading_goes_on(parser):
    text = (
        "year,province_code,level,value,source,value_type,note\n"
        "2020,VN,total,2280000,s,actual,\n"
        "2020,01,total,40,635,s,illustrative,\n"  # an unquoted thousands comma
        "2020,02,total,5,s,actual\n"  # one cell short: padded
        "2020,04,total,7,s,actual,,,,x\n"
    )
    result = read_file(text.encode(), "r.csv", ENROL)
    ragged = [p for p in result.notices if p.code == "ragged_row"]
    assert [(p.row, p.severity, p.value, p.expected) for p in ragged] == [(3, ERROR, "8", "7"), (5, ERROR, "10", "7")]
    assert_bilingual(ragged[0], "r.csv", "3", "8", "7")
    assert result.rows == [2, 3, 4, 5]
    assert result.table.value.tolist() == ["2280000", "40", "5", "7"]
    assert result.table.note.tolist() == ["", "illustrative", "", ""]


def test_trailing_separator_on_every_data_line_is_not_ragged():
    text = "year,province_code,value\n2020,VN,5,\n2021,VN,6,\n"
    result = read_file(text.encode(), "t.csv", ENROL)
    assert not [p for p in result.notices if p.code == "ragged_row"]
    assert result.table.value.tolist() == ["5", "6"]


def test_too_large_is_checked_before_any_work(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr(csv_table, "decode", boom)
    monkeypatch.setattr(xlsx, "check_zip", boom)
    for name in ("big.csv", "big.xlsx"):
        with pytest.raises(ReadError) as err:
            read_file(b"x" * 2000, name, ENROL, limits=Limits(max_bytes=1000))
        assert err.value.problem.code == "too_large"
        assert_bilingual(err.value.problem, name)


def test_row_column_and_cell_limits(parser):
    rows = "".join(f"2020,VN,{i}\n" for i in range(20))
    with pytest.raises(ReadError) as err:
        read_file(("year,province_code,value\n" + rows).encode(), "r.csv", ENROL, limits=Limits(max_rows=10))
    assert err.value.problem.code == "too_many_rows"
    assert (
        read_file(("year,province_code,value\n" + rows).encode(), "r.csv", ENROL, limits=Limits(max_rows=20)).rows[-1]
        == 21
    )
    with pytest.raises(ReadError) as err:
        read_file(b"year,province_code,value,a,b,c\n2020,VN,1,2,3,4\n", "c.csv", ENROL, limits=Limits(max_columns=5))
    assert (err.value.problem.code, err.value.problem.row) == ("too_many_columns", 1)
    long_note = "x" * 60
    with pytest.raises(ReadError) as err:
        read_file(
            f"year,province_code,note\n2020,VN,a\n2020,VN,{long_note}\n".encode(),
            "l.csv",
            ENROL,
            limits=Limits(max_cell_chars=50),
        )
    assert (err.value.problem.code, err.value.problem.row) == ("cell_too_long", 3)
    # A line over the limit made of short cells is refused before parsing (memory stays bounded).
    short_cells = ",".join(["1"] * 40)
    with pytest.raises(ReadError) as err:
        read_file(
            f"year,province_code,note\n2020,VN,a\n{short_cells}\n".encode(),
            "l.csv",
            ENROL,
            limits=Limits(max_cell_chars=50),
        )
    assert (err.value.problem.code, err.value.problem.row) == ("cell_too_long", 3)
    # A quoted cell over several short lines is still one cell.
    many_lines = "\n".join(["yy"] * 30)
    with pytest.raises(ReadError) as err:
        read_file(
            f'year,province_code,note\n2020,VN,"{many_lines}"\n'.encode(),
            "l.csv",
            ENROL,
            limits=Limits(max_cell_chars=50),
        )
    assert (err.value.problem.code, err.value.problem.row) == ("cell_too_long", 2)


def test_csv_field_limit_is_restored():
    before = csv.field_size_limit()
    read_file(b"year,province_code\n2020,VN\n", "a.csv", ENROL, limits=Limits(max_cell_chars=77))
    assert csv.field_size_limit() == before


def _bomb(path_or_buf, member_size: int, level: int = 1) -> None:
    """A zip whose sheet XML inflates to member_size bytes of repeated text, written streaming."""
    chunk = b"<row><c><v>0</v></c></row>" * 40000
    with zipfile.ZipFile(path_or_buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            written = 0
            while written < member_size:
                part = chunk[: member_size - written]
                member.write(part)
                written += len(part)


def test_xlsx_bomb_is_refused_from_the_zip_directory(tmp_path, monkeypatch):
    class Never:
        @staticmethod
        def from_filelike(*args, **kwargs):
            raise AssertionError("calamine opened a zip bomb")

    monkeypatch.setattr(xlsx, "CalamineWorkbook", Never)
    path = tmp_path / "bomb.xlsx"
    _bomb(path, 500 * 1024 * 1024)  # 500 MB of sheet XML, over the default 400 MB limit
    data = path.read_bytes()
    assert len(data) < 4 * 1024 * 1024
    with pytest.raises(ReadError) as err:
        read_file(data, "bomb.xlsx", ENROL)
    assert err.value.problem.code == "xlsx_bomb"
    assert_bilingual(err.value.problem, "bomb.xlsx")
    with pytest.raises(ReadError):
        sheet_names(data)
    # Small enough in total, but inflating far beyond the ratio limit.
    buf = io.BytesIO()
    _bomb(buf, 8 * 1024 * 1024, level=9)  # about 400 times
    with pytest.raises(ReadError) as err:
        read_file(buf.getvalue(), "ratio.xlsx", ENROL)
    assert err.value.problem.code == "xlsx_bomb"
    with pytest.raises(ReadError) as err:
        read_file(
            buf.getvalue(),
            "ratio.xlsx",
            ENROL,
            limits=Limits(max_xlsx_ratio=10**6, max_xlsx_uncompressed=4 * 1024 * 1024),
        )
    assert err.value.problem.code == "xlsx_bomb"


def test_absurd_sheet_dimension_is_refused():
    data = xlsx_bytes(lambda wb: wb.active.append(["Năm", "Mã tỉnh", "Số tuyển sinh"]))
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<dimension ref="A1:C1"\s*/>', b'<dimension ref="A1:XFD99999999"/>', body)
                assert b"XFD99999999" in body
            zf.writestr(info, body)
    with pytest.raises(ReadError) as err:
        read_file(out.getvalue(), "dim.xlsx", ENROL)
    assert err.value.problem.code == "xlsx_bomb"


def _sparse_sheet(far_cell: str, *, quote: str = '"', sep: str = " ") -> bytes:
    """A workbook whose one sheet holds a header row and a single cell far away: a few bytes that would make
    calamine allocate the whole rectangle between them."""
    data = xlsx_bytes(lambda wb: wb.active.append(["Năm", "Mã tỉnh", "Số tuyển sinh"]))
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    row = int(re.sub(r"[A-Z]", "", far_cell))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                far = (
                    f"<row{sep}r={quote}{row}{quote}><c{sep}r = {quote}{far_cell}{quote}><v>1</v></c></row>"
                ).encode()
                body = body.replace(b"</sheetData>", far + b"</sheetData>")
                body = re.sub(rb"<dimension [^>]*/>", b"", body)  # no declared size to give it away
                assert far_cell.encode() in body
            zf.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("far_cell", "quote", "sep"),
    [
        ("XFD1048576", '"', " "),  # the far corner of an Excel sheet: 550 GB for calamine
        ("ZZ900000", "'", "\n"),  # 18 GB, written with single quotes and a line break before the attribute
        ("Z999999", '"', " "),  # within column Z and row 999,999: 800 MB for two cells
    ],
)
def test_sparse_sheet_spanning_an_absurd_rectangle_is_refused(far_cell, quote, sep):
    """Checked in a child process with a 3 GB address-space limit: without the check calamine aborts it."""
    data = _sparse_sheet(far_cell, quote=quote, sep=sep)
    assert len(data) < 10_000
    code = (
        "import sys\nfrom kpis.reading import read_file\nfrom kpis.problems import ReadError\n"
        "from kpis.schema import load_package\n"
        "try:\n    read_file(sys.stdin.buffer.read(), 'sparse.xlsx', load_package()['enrolment'])\n"
        "except ReadError as e:\n    print(e.problem.code)\nelse:\n    print('read')\n"
    )
    limit = 3 * 1024**3
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        input=data,
        capture_output=True,
        timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert done.stdout.decode().strip() == "xlsx_bomb"


def test_sparse_but_legitimate_sheet_is_read():
    """A wide sheet (columns beyond Z) with a far note still reads: the exact scan clears it."""

    def build(wb):
        ws = wb.active
        ws.append(["Tỉnh", "Trình độ"] + list(range(1990, 2026)))  # 38 columns: through AL
        ws.append(["Hà Nội", "Cao đẳng"] + [100] * 36)
        ws.cell(60, 1).value = "Nguồn: Tổng cục Giáo dục nghề nghiệp"

    result = read_file(xlsx_bytes(build), "wide.xlsx", ENROL)
    assert len(result.table) == 36 and result.rows == [2] * 36


def test_corrupt_xlsx():
    data = xlsx_bytes(lambda wb: wb.active.append(["Năm", "Mã tỉnh"]))
    for broken, name in [(data[: len(data) // 2], "half.xlsx"), (b"PK\x03\x04" + b"\x00" * 100, "pk.xlsx")]:
        with pytest.raises(ReadError) as err:
            read_file(broken, name, ENROL)
        assert err.value.problem.code == "xlsx_invalid"
        assert_bilingual(err.value.problem, name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:  # a zip, but not a workbook (e.g. a renamed .docx)
        zf.writestr("word/document.xml", "<w/>")
    with pytest.raises(ReadError) as err:
        read_file(buf.getvalue(), "doc.xlsx", ENROL)
    assert err.value.problem.code == "xlsx_invalid"


# ----------------------------------------------------------------------------------------- bulk path


def test_bulk_path_reads_a_large_regular_file(monkeypatch):
    """200,000 regular rows go through pyarrow, never the careful parser (speed is measured in benchmarks/)."""

    def never(*args, **kwargs):
        raise AssertionError("a large regular file fell back to the careful parser")

    monkeypatch.setattr(csv_table, "_csv_careful", never)
    levels = ["college", "intermediate", "elementary_other", "total"]
    lines = ["STT;Năm;Mã tỉnh;Trình độ;Số tuyển sinh;Nguồn;Loại số liệu;Ghi chú"]
    lines += [
        f"{i};{2014 + i % 12};{i % 96:02d};{levels[i % 4]};{(i * 7919) % 999_999:_}".replace("_", ".")
        + ";https://gdnn.gov.vn/r;actual;"
        for i in range(200_000)
    ]
    data = ("\r\n".join(lines) + "\r\n").encode()
    result = read_file(data, "big.csv", ENROL)
    assert len(result.table) == 200_000 and result.rows[-1] == 200_001
    assert (result.decimal, result.thousands) == (",", ".")
