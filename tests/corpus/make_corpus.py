"""Generate the upload corpus: real-looking analyst files made from the shipped data, good and broken.

    python tests/corpus/make_corpus.py

rewrites tests/corpus/files/, tests/corpus/expected/ and tests/corpus/manifest.json (or, with --out DIR,
the same three under DIR: tests/test_corpus.py uses that to check the committed corpus is current).
The output is deterministic: running it twice gives identical bytes (seeded randomness; XLSX files get
fixed created/modified properties and are re-zipped with fixed member timestamps, so they are committed
like the CSVs). Only the decompression bomb is not committed: the test builds it.

- files/      the files as an analyst would upload them (encodings, separators, number styles,
              title and notes blocks, names instead of codes, wide tables, XLSX reports), and broken ones.
- expected/   for each good file, the canonical rows it represents ("clean" in the manifest), in the
              data package's own CSV form (read back with kpis.schema.read_shipped): a selection of
              the shipped data (e.g. enrolment 2019-2020, VN + 63 provinces), except the wide table's,
              whose source and value type are one per province and level for both years.
- manifest.json  one entry per file:
    good: {"file", "dataset", "kind": "good", "clean", "sheet", "about"}
    bad:  {"file", "dataset", "kind": "bad", "expect": [{"code", "row", "column"}], "sheet", "about"}
          optional "limits" (kpis.problems.Limits fields for that check) and "generated": true
          (the file is not committed; tests/test_corpus.py builds it in a temporary directory).

Rows are as the user sees them: the physical line in a CSV (header on line 1, first data row on
line 2, shifted by a title block) and the sheet row in XLSX. Columns are the header as written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kpis import DATA_DIR
from kpis.schema import TableSchema, load_package, read_shipped
from tests.helpers import cp1258

FILES = HERE / "files"
EXPECTED = HERE / "expected"
MANIFEST = HERE / "manifest.json"
FIXED_TIME = dt.datetime(2021, 1, 15, 8, 30, 0)
SEED = 20210101
BOMB_FILE = "b28_xlsx_bomb.xlsx"

SCHEMAS = load_package()

# Headers as analysts write them.
VI = {  # the schemas' Vietnamese titles, plus "Tỉnh, thành phố" where the column holds names
    name: {f.name: f.title("vi") for f in schema.fields} for name, schema in SCHEMAS.items()
}
EN = {name: {f.name: f.title("en") for f in schema.fields} for name, schema in SCHEMAS.items()}
PROVINCE_NAME_HEADER = "Tỉnh, thành phố"
LEVEL_VI = {
    "college_intermediate": "Cao đẳng và trung cấp",
    "elementary_other": "Sơ cấp và khác",
    "total": "Tổng số",
    "college": "Cao đẳng",
    "intermediate": "Trung cấp",
}


# -- the shipped data ------------------------------------------------------------------------------


def shipped(name: str) -> pd.DataFrame:
    """A dataset as shipped; for certified_labour the generator's province rows (the shipped table is the office's
    E02.55, whose 2025 is on the 63 list), so the corpus keeps a 2025 on the 34 provinces."""
    if name == "certified_labour":
        return generated_certified_labour()
    return read_shipped(SCHEMAS[name])


@cache
def generated_certified_labour() -> pd.DataFrame:
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_data
    import illustrative

    national = {n: read_shipped(SCHEMAS[n], DATA_DIR / f"{n}.csv") for n in illustrative_datasets()}
    national = {n: f[f["province_code"] == "VN"].reset_index(drop=True) for n, f in national.items()}
    raw = {n: f.astype(object).where(f.notna(), None) for n, f in national.items()}
    full = illustrative.add_illustrative(
        raw, read_shipped(SCHEMAS["provinces"]), read_shipped(SCHEMAS["population"]), seed=illustrative.SEED
    )
    frame = build_data.as_shipped(full["certified_labour"], SCHEMAS["certified_labour"])
    return SCHEMAS["certified_labour"].coerce(frame.astype(object).where(frame.notna(), None))


def illustrative_datasets() -> tuple[str, ...]:
    return ("enrolment", "graduates", "rural_training", "certified_labour", "targets")


def file_columns(schema: TableSchema) -> list[str]:
    """The columns of a file as analysts write it: the schema's fields but a row's province list (`vintage`), which
    the product finds from the year and the names."""
    return [n for n in schema.names if n != "vintage"]


PROVINCES = shipped("provinces")
NAME_VI = {(r.code, int(r.vintage)): r.name_vi for r in PROVINCES.itertuples()}
NAME_EN = {(r.code, int(r.vintage)): r.name_en for r in PROVINCES.itertuples()}


def vintage(year: int) -> int:
    return 34 if year >= 2025 else 63


def name_vi(code: str, year: int) -> str:
    return "Toàn quốc" if code == "VN" else NAME_VI[(code, vintage(year))]


def name_en(code: str, year: int) -> str:
    return "Viet Nam" if code == "VN" else NAME_EN[(code, vintage(year))]


def select(name: str, **where) -> pd.DataFrame:
    frame = shipped(name)
    for col, values in where.items():
        frame = frame[frame[col].isin(values)]
    return frame.reset_index(drop=True)


# -- text of cells ---------------------------------------------------------------------------------


def fmt_value(value, ftype: str, *, decimal: str = ".", thousands: str = "") -> str:
    """A canonical value as text in a number style ('' for missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if ftype == "integer":
        return f"{int(value):,}".replace(",", thousands)
    if ftype == "number":
        v = float(value)
        whole, _, frac = repr(abs(v)).partition(".")
        assert "e" not in frac, v
        text = f"{int(whole):,}".replace(",", thousands) + (decimal + frac if frac not in ("", "0") else "")
        return ("-" if v < 0 else "") + text
    return str(value)


def text_rows(
    frame: pd.DataFrame,
    schema: TableSchema,
    columns: list[str],
    *,
    decimal: str = ".",
    thousands: str = "",
    year_fields: tuple[str, ...] = ("year", "baseline_year"),
) -> list[list[str]]:
    types = {f.name: f.type for f in schema.fields}
    out = []
    for rec in frame.to_dict("records"):
        row = []
        for col in columns:
            # Years never carry thousands separators (nobody writes 2.020).
            sep = "" if col in year_fields else thousands
            row.append(fmt_value(rec[col], types[col], decimal=decimal, thousands=sep))
        out.append(row)
    return out


# -- encodings -------------------------------------------------------------------------------------


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16":  # Excel "Unicode text": UTF-16 LE with BOM
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-8-nfd":  # macOS: decomposed Vietnamese
        return unicodedata.normalize("NFD", text).encode("utf-8")
    if encoding == "cp1258":
        return cp1258(text)
    if encoding == "cp1252":
        return text.encode("cp1252")
    raise ValueError(encoding)


# -- file builders ---------------------------------------------------------------------------------


@dataclass
class CsvFile:
    """A delimited text file: optional title block above the header, notes block below the rows."""

    header: list[str]
    rows: list[list[str]]
    sep: str = ","
    encoding: str = "utf-8"
    eol: str = "\r\n"
    pre: list[list[str]] = field(default_factory=list)
    post: list[list[str]] = field(default_factory=list)
    pad: bool = False  # Excel pads title and notes lines with separators to the table's width

    def line_of(self, i: int) -> int:
        """The physical line of data row i (0-based)."""
        return len(self.pre) + 2 + i

    def col(self, j: int) -> str:
        return self.header[j]

    def text(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=self.sep, lineterminator=self.eol, quoting=csv.QUOTE_MINIMAL)
        width = len(self.header)
        for line in self.pre:
            writer.writerow(line + [""] * (width - len(line)) if self.pad else line)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        for line in self.post:
            writer.writerow(line + [""] * (width - len(line)) if self.pad else line)
        return buf.getvalue()

    def bytes(self) -> bytes:
        return encode(self.text(), self.encoding)


def stable_zip(data: bytes) -> bytes:
    """The same zip with fixed member timestamps and attributes, so the bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 0
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_TIME.isoformat().encode() + b"Z", content
                )
            dst.writestr(member, content)
    return out.getvalue()


@dataclass
class XlsxReport:
    """A workbook as a province office sends it: merged title, unit line, header on row 4, notes below."""

    header: list[str]
    rows: list[list]
    title: list[str] = field(default_factory=list)  # lines above the header (row 1 merged title, ...)
    notes: list[str] = field(default_factory=list)  # lines after a blank row below the table
    sheet_title: str = "Báo cáo"
    number_format: str | None = "#,##0"
    extra_sheet: bool = True

    @property
    def header_row(self) -> int:
        return len(self.title) + 2 if self.title else 1  # a blank row between the title block and the header

    def row_of(self, i: int) -> int:
        return self.header_row + 1 + i

    def col(self, j: int) -> str:
        return self.header[j]

    def bytes(self) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = self.sheet_title
        width = len(self.header)
        for n, line in enumerate(self.title, start=1):
            ws.cell(row=n, column=1, value=line)
            ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
            ws.cell(row=n, column=1).alignment = Alignment(horizontal="center")
            if n == 1:
                ws.cell(row=n, column=1).font = Font(bold=True, size=14)
        hr = self.header_row
        for j, head in enumerate(self.header, start=1):
            cell = ws.cell(row=hr, column=j, value=head)
            cell.font = Font(bold=True)
        for i, row in enumerate(self.rows):
            for j, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=hr + 1 + i, column=j, value=value)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and self.number_format:
                    if isinstance(value, int) and abs(value) >= 10_000:  # years stay plain
                        cell.number_format = self.number_format
                    elif isinstance(value, float):
                        cell.number_format = "0.0"
                elif isinstance(value, str) and value[:1].isdigit():
                    cell.number_format = "@"  # a number stored as text, as Excel marks it
        last = hr + len(self.rows)
        for k, note in enumerate(self.notes):
            ws.cell(row=last + 2 + k, column=1, value=note)
        if self.extra_sheet:
            guide = wb.create_sheet("Hướng dẫn")
            guide["A1"] = "Mỗi dòng một số liệu; tỉnh ghi tên hoặc mã; số người ghi số nguyên."
        props = wb.properties
        props.creator = "Sở Lao động - Thương binh và Xã hội"
        props.lastModifiedBy = "Sở Lao động - Thương binh và Xã hội"
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        buf = io.BytesIO()
        wb.save(buf)
        return stable_zip(buf.getvalue())


def xlsx_cells(rows: list[list[str]], columns: list[str], schema: TableSchema) -> list[list]:
    """Text cells as real numbers where the column is numeric (what Excel stores for typed numbers)."""
    types = {f.name: f.type for f in schema.fields}
    out = []
    for row in rows:
        cells = []
        for col, text in zip(columns, row, strict=True):
            kind = types.get(col)
            if text == "" or kind not in ("integer", "number"):
                cells.append(text)
                continue
            try:
                cells.append(int(text) if kind == "integer" else float(text))
            except ValueError:
                cells.append(text)
        out.append(cells)
    return out


# -- the corpus ------------------------------------------------------------------------------------


class Corpus:
    def __init__(self):
        self.entries: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.expected: dict[str, bytes] = {}

    def clean(self, name: str, dataset: str, frame: pd.DataFrame) -> str:
        canonical = SCHEMAS[dataset].coerce(frame)
        text = canonical.to_csv(index=False, lineterminator="\n")
        data = text.encode("utf-8")
        assert self.expected.get(name, data) == data, name
        self.expected[name] = data
        return name

    def good(self, file: str, dataset: str, clean: str, data: bytes, about: str, sheet: str | None = None) -> None:
        self._add(
            file,
            data,
            {"file": file, "dataset": dataset, "kind": "good", "clean": clean, "sheet": sheet, "about": about},
        )

    def bad(
        self,
        file: str,
        dataset: str,
        data: bytes | None,
        expect: list[tuple],
        about: str,
        sheet: str | None = None,
        **extra,
    ) -> None:
        entry = {
            "file": file,
            "dataset": dataset,
            "kind": "bad",
            "expect": [{"code": c, "row": r, "column": col} for c, r, col in expect],
            "sheet": sheet,
            "about": about,
            **extra,
        }
        self._add(file, data, entry)

    def _add(self, file: str, data: bytes | None, entry: dict) -> None:
        assert file not in {e["file"] for e in self.entries}, file
        self.entries.append(entry)
        if data is not None:
            self.files[file] = data

    def write(self, out: Path) -> None:
        files, expected = out / FILES.name, out / EXPECTED.name
        for folder in (files, expected):
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
        for name, data in sorted(self.files.items()):
            (files / name).write_bytes(data)
        for name, data in sorted(self.expected.items()):
            (expected / f"{name}.csv").write_bytes(data)
        entries = sorted(self.entries, key=lambda e: e["file"])
        (out / MANIFEST.name).write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def enrolment_frames() -> dict[str, pd.DataFrame]:
    both = select("enrolment", year=[2019, 2020])
    only_2020 = select("enrolment", year=[2020])
    # The wide form: one row per province and level, one column per year; the descriptive columns
    # are the same for both years, so the canonical rows take one source and value type per row.
    wide = both.copy()
    national = wide["province_code"] == "VN"
    wide.loc[national, "source"] = "http://en.gdnn.gov.vn/infomation/news/gdvt-news/2021/2/297.aspx"
    wide.loc[national, "value_type"] = "actual"
    wide.loc[~national, "source"] = "illustrative: scripts/illustrative.py (seed 20210101)"
    wide.loc[~national, "value_type"] = "illustrative"
    wide["note"] = ""
    return {"both": both, "2020": only_2020, "wide": wide}


def build_good(c: Corpus) -> None:
    enr = SCHEMAS["enrolment"]
    cols = file_columns(enr)
    frames = enrolment_frames()
    both, y2020, wide = frames["both"], frames["2020"], frames["wide"]
    clean_both = c.clean("enrolment_2019_2020", "enrolment", both)
    clean_2020 = c.clean("enrolment_2020", "enrolment", y2020)
    clean_wide = c.clean("enrolment_wide_2019_2020", "enrolment", wide)

    # 1. the clean form: UTF-8, ',', field names, codes
    f = CsvFile(cols, text_rows(both, enr, cols), eol="\n")
    c.good(
        "g01_enrolment_clean.csv",
        "enrolment",
        clean_both,
        f.bytes(),
        "UTF-8, comma, canonical field names, province codes (the clean form)",
    )
    # 2. UTF-8 with BOM, English titles, CRLF
    f = CsvFile([EN["enrolment"][n] for n in cols], text_rows(both, enr, cols), encoding="utf-8-sig")
    c.good("g02_enrolment_utf8_bom.csv", "enrolment", clean_both, f.bytes(), "UTF-8 with BOM, English headers, CRLF")
    # 3. Excel "Unicode text": UTF-16 LE with BOM, tab-separated, Vietnamese headers
    f = CsvFile([VI["enrolment"][n] for n in cols], text_rows(both, enr, cols), sep="\t", encoding="utf-16")
    c.good(
        "g03_enrolment_utf16_tab.txt",
        "enrolment",
        clean_both,
        f.bytes(),
        "UTF-16 LE with BOM, tab-separated (Excel 'Unicode text'), Vietnamese headers",
    )
    # 4. Vietnamese Excel: Windows-1258, ';', dot thousands, Vietnamese headers, province names
    rows = text_rows(both, enr, cols, decimal=",", thousands=".")
    variants = {
        (2019, "VN"): "Toàn quốc",
        (2020, "VN"): "Cả nước",
        (2019, "79"): "TP. Hồ Chí Minh",
        (2020, "79"): "Thành phố Hồ Chí Minh",
        (2019, "46"): "Tỉnh Thừa Thiên Huế",
        (2020, "01"): "Thành phố Hà Nội",
    }
    for row in rows:
        year, code = int(row[0]), row[1]
        row[1] = variants.get((year, code), name_vi(code, year))
    header = [VI["enrolment"][n] for n in cols]
    header[1] = PROVINCE_NAME_HEADER
    f = CsvFile(header, rows, sep=";", encoding="cp1258")
    c.good(
        "g04_enrolment_cp1258_names.csv",
        "enrolment",
        clean_both,
        f.bytes(),
        "Windows-1258, semicolon, 1.234.567 thousands, Vietnamese headers, province names with variants "
        "(Toàn quốc, Cả nước, TP. Hồ Chí Minh, Thành phố Hồ Chí Minh, Tỉnh Thừa Thiên Huế)",
    )

    # 5. Windows-1252, English headers, ASCII names, quoted 1,234 thousands (rural training 2014)
    rur = SCHEMAS["rural_training"]
    rural = select("rural_training", year=[2014])
    clean_rural = c.clean("rural_training_2014", "rural_training", rural)
    rcols = file_columns(rur)
    rows = text_rows(rural, rur, rcols, thousands=",")
    for row in rows:
        row[1] = name_en(row[1], int(row[0]))
    header = [EN["rural_training"][n] for n in rcols]
    header[1] = "Province"
    f = CsvFile(header, rows, encoding="cp1252")
    assert b"Ha Noi" in f.bytes() and b"Thua Thien Hue" in f.bytes()
    c.good(
        "g05_rural_training_cp1252_ascii_names.csv",
        "rural_training",
        clean_rural,
        f.bytes(),
        'Windows-1252, comma, quoted "24,806" thousands, English headers, ASCII province names',
    )

    # 6. macOS: NFD-decomposed Vietnamese headers, names and notes (graduates 2018)
    gra = SCHEMAS["graduates"]
    g2018 = select("graduates", year=[2018])
    clean_g2018 = c.clean("graduates_2018", "graduates", g2018)
    gcols = file_columns(gra)
    rows = text_rows(g2018, gra, gcols)
    for row in rows:
        row[1] = name_vi(row[1], int(row[0]))
    header = [VI["graduates"][n] for n in gcols]
    header[1] = PROVINCE_NAME_HEADER
    f = CsvFile(header, rows, encoding="utf-8-nfd", eol="\n")
    assert unicodedata.normalize("NFC", f.bytes().decode("utf-8")) != f.bytes().decode("utf-8")
    c.good(
        "g06_graduates_nfd_macos.csv",
        "graduates",
        clean_g2018,
        f.bytes(),
        "UTF-8 NFD (macOS decomposed Vietnamese) headers, province names and notes, LF",
    )

    # 7. headers without diacritics, UPPER case
    ascii_head = {
        "year": "NAM",
        "province_code": "MA TINH",
        "level": "TRINH DO",
        "value": "SO TUYEN SINH",
        "source": "NGUON",
        "value_type": "LOAI SO LIEU",
        "note": "GHI CHU",
    }
    f = CsvFile([ascii_head[n] for n in cols], text_rows(y2020, enr, cols))
    c.good(
        "g07_enrolment_upper_ascii_headers.csv",
        "enrolment",
        clean_2020,
        f.bytes(),
        "headers without diacritics, in upper case",
    )

    # 8. shuffled column order, shuffled rows, an extra unknown column (STT = row number)
    rng = random.Random(SEED)
    order = cols[:]
    rng.shuffle(order)
    rows = text_rows(y2020, enr, order)
    rng.shuffle(rows)
    header = ["STT"] + [VI["enrolment"][n] for n in order]
    rows = [[str(i)] + row for i, row in enumerate(rows, start=1)]
    f = CsvFile(header, rows)
    c.good(
        "g08_enrolment_shuffled_extra_column.csv",
        "enrolment",
        clean_2020,
        f.bytes(),
        f"shuffled columns ({', '.join(order)}) and rows, an extra unknown column 'STT'",
    )

    # 9. levels as Vietnamese labels
    rows = text_rows(y2020, enr, cols)
    for row in rows:
        row[2] = LEVEL_VI[row[2]]
    f = CsvFile([VI["enrolment"][n] for n in cols], rows, encoding="utf-8-sig")
    c.good(
        "g09_enrolment_level_labels_vi.csv",
        "enrolment",
        clean_2020,
        f.bytes(),
        "levels as Vietnamese labels (Cao đẳng và trung cấp, Sơ cấp và khác, Tổng số)",
    )

    # 10. a title block above, a notes block below (Excel pads the lines with separators)
    f = CsvFile(
        [VI["enrolment"][n] for n in cols],
        text_rows(y2020, enr, cols),
        encoding="utf-8-sig",
        pre=[["BÁO CÁO TUYỂN SINH NĂM 2020"], ["Đơn vị: người"], []],
        post=[
            [],
            ["Nguồn: Tổng cục Giáo dục nghề nghiệp, báo cáo tổng kết năm 2020"],
            ["Ghi chú: số liệu các tỉnh là số minh họa"],
        ],
        pad=True,
    )
    c.good(
        "g10_enrolment_title_notes.csv",
        "enrolment",
        clean_2020,
        f.bytes(),
        "a title block (title, unit, blank line) above the header and a notes block below, padded with commas",
    )

    # 11-12. XLSX reports: merged title, header on row 4, notes; numbers as text / real numbers
    title = ["BÁO CÁO TUYỂN SINH GIÁO DỤC NGHỀ NGHIỆP NĂM 2020", "Đơn vị: người"]
    notes = ["Nguồn: Tổng cục Giáo dục nghề nghiệp", "Ghi chú: số liệu các tỉnh là số minh họa"]
    header = [VI["enrolment"][n] for n in cols]
    x = XlsxReport(header, text_rows(y2020, enr, cols), title=title, notes=notes, sheet_title="Tuyển sinh 2020")
    assert x.header_row == 4
    c.good(
        "g11_enrolment_report_text_numbers.xlsx",
        "enrolment",
        clean_2020,
        x.bytes(),
        "XLSX: merged title, header on row 4, notes below, numbers stored as text",
    )
    x = XlsxReport(
        header,
        xlsx_cells(text_rows(y2020, enr, cols), cols, enr),
        title=title,
        notes=notes,
        sheet_title="Tuyển sinh 2020",
    )
    c.good(
        "g12_enrolment_report_real_numbers.xlsx",
        "enrolment",
        clean_2020,
        x.bytes(),
        "XLSX: merged title, header on row 4, notes below, real numbers formatted #,##0",
    )

    # 13-14. wide tables: one column per year ("2019", "Năm 2020")
    wide_header, wide_rows = wide_table(wide)
    f = CsvFile(wide_header, wide_rows, encoding="utf-8-sig")
    c.good(
        "g13_enrolment_wide.csv",
        "enrolment",
        clean_wide,
        f.bytes(),
        "wide table: one value column per year, headed '2019' and 'Năm 2020'",
    )
    wide_cells = [[int(v) if j in (2, 3) else v for j, v in enumerate(r)] for r in wide_rows]
    x = XlsxReport(
        wide_header,
        wide_cells,
        title=["TUYỂN SINH GDNN 2019–2020", "Đơn vị: người"],
        notes=notes,
        sheet_title="Tuyển sinh",
    )
    c.good(
        "g14_enrolment_wide.xlsx",
        "enrolment",
        clean_wide,
        x.bytes(),
        "wide XLSX: title block, one value column per year ('2019', 'Năm 2020')",
    )

    # 15. certified labour 2025: the 34 provinces after the reform, Vietnamese style
    cer = SCHEMAS["certified_labour"]
    ccols = file_columns(cer)
    c2025 = select("certified_labour", year=[2025])
    assert len(c2025) == 35
    clean_c2025 = c.clean("certified_labour_2025", "certified_labour", c2025)
    rows = text_rows(c2025, cer, ccols, decimal=",", thousands=".")
    for row in rows:
        row[1] = {"VN": "Cả nước", "79": "Thành phố Hồ Chí Minh"}.get(row[1], name_vi(row[1], 2025))
    header = [VI["certified_labour"][n] for n in ccols]
    header[1] = PROVINCE_NAME_HEADER
    f = CsvFile(header, rows, sep=";", encoding="cp1258")
    c.good(
        "g15_certified_labour_2025_34_provinces.csv",
        "certified_labour",
        clean_c2025,
        f.bytes(),
        "2025 by the 34 provinces (names such as Huế), Windows-1258, semicolon, decimal comma (37,3)",
    )
    # 16. certified labour 2020 as XLSX with real decimals, English headers, no title block
    c2020 = select("certified_labour", year=[2020])
    clean_c2020 = c.clean("certified_labour_2020", "certified_labour", c2020)
    x = XlsxReport(
        [EN["certified_labour"][n] for n in ccols],
        xlsx_cells(text_rows(c2020, cer, ccols), ccols, cer),
        sheet_title="2020",
        extra_sheet=False,
    )
    c.good(
        "g16_certified_labour_2020.xlsx",
        "certified_labour",
        clean_c2020,
        x.bytes(),
        "XLSX without a title block, English headers, real decimal numbers",
    )

    # 17. graduates 2019: Vietnamese headers, codes (province totals)
    g2019 = select("graduates", year=[2019])
    clean_g2019 = c.clean("graduates_2019", "graduates", g2019)
    f = CsvFile([VI["graduates"][n] for n in gcols], text_rows(g2019, gra, gcols), encoding="utf-8-sig")
    c.good("g17_graduates_2019.csv", "graduates", clean_g2019, f.bytes(), "Vietnamese headers, province codes")

    # 18. quality ranking: Vietnamese Excel style, ';' and decimal comma (44,0)
    qua = SCHEMAS["quality_ranking"]
    qcols = file_columns(qua)
    ranking = select("quality_ranking")
    clean_q = c.clean("quality_ranking_all", "quality_ranking", ranking)
    f = CsvFile(
        [VI["quality_ranking"][n] for n in qcols],
        text_rows(ranking, qua, qcols, decimal=","),
        sep=";",
        encoding="utf-8-sig",
    )
    c.good(
        "g18_quality_ranking_vi.csv",
        "quality_ranking",
        clean_q,
        f.bytes(),
        "semicolon, decimal comma scores (44,0), Vietnamese headers",
    )

    # 19. targets: the published (non-illustrative) rows, English headers, some levels empty
    tar = SCHEMAS["targets"]
    tcols = file_columns(tar)
    targets = select("targets", value_type=["actual", "estimate", "inferred"])
    clean_t = c.clean("targets_published", "targets", targets)
    f = CsvFile([EN["targets"][n] for n in tcols], text_rows(targets, tar, tcols))
    c.good(
        "g19_targets_published.csv",
        "targets",
        clean_t,
        f.bytes(),
        "targets: English headers, empty levels, ranges with an upper bound",
    )

    # 20. rural training 2014 as an XLSX report with Vietnamese names and a title
    rows = text_rows(rural, rur, rcols)
    for row in rows:
        row[1] = name_vi(row[1], 2014)
    header = [VI["rural_training"][n] for n in rcols]
    header[1] = PROVINCE_NAME_HEADER
    x = XlsxReport(
        header,
        xlsx_cells(rows, rcols, rur),
        title=["ĐÀO TẠO NGHỀ CHO LAO ĐỘNG NÔNG THÔN NĂM 2014", "Đơn vị: người"],
        notes=["Nguồn: Bộ Lao động - Thương binh và Xã hội"],
        sheet_title="LĐNT 2014",
    )
    c.good(
        "g20_rural_training_2014_report.xlsx",
        "rural_training",
        clean_rural,
        x.bytes(),
        "XLSX report: title, Vietnamese province names, real numbers",
    )


def wide_table(wide: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    header = [
        VI["enrolment"]["province_code"],
        VI["enrolment"]["level"],
        "2019",
        "Năm 2020",
        VI["enrolment"]["source"],
        VI["enrolment"]["value_type"],
    ]
    rows = []
    by_year = {y: part.set_index(["province_code", "level"]) for y, part in wide.groupby("year")}
    keys = list(dict.fromkeys(zip(wide["province_code"], wide["level"], strict=True)))
    for code, level in keys:
        a, b = by_year[2019].loc[(code, level)], by_year[2020].loc[(code, level)]
        assert a["source"] == b["source"] and a["value_type"] == b["value_type"]
        rows.append([code, level, str(int(a["value"])), str(int(b["value"])), a["source"], a["value_type"]])
    return header, rows


# -- broken files ----------------------------------------------------------------------------------

BASE_CODES = ["VN", "01", "79", "46", "48", "31"]


def base_enrolment() -> pd.DataFrame:
    """A small, valid enrolment report for 2020: the nation and five provinces, every level."""
    return select("enrolment", year=[2020], province_code=BASE_CODES)


def build_bad(c: Corpus) -> None:
    enr = SCHEMAS["enrolment"]
    cols = file_columns(enr)
    base = base_enrolment()
    assert len(base) == 13
    ix = {(r.province_code, r.level): i for i, r in enumerate(base.itertuples())}
    canon = text_rows(base, enr, cols)
    vi_head = [VI["enrolment"][n] for n in cols]
    J = {n: j for j, n in enumerate(cols)}

    def plain(rows=None, header=None, **kw) -> CsvFile:
        return CsvFile(header or cols[:], [r[:] for r in (canon if rows is None else rows)], **kw)

    def one(
        file: str, about: str, field_name: str, key: tuple, value: str, code: str, *, header=None, dataset="enrolment"
    ) -> None:
        f = plain(header=header)
        i = ix[key]
        f.rows[i][J[field_name]] = value
        c.bad(file, dataset, f.bytes(), [(code, f.line_of(i), f.col(J[field_name]))], about)

    # columns
    f = CsvFile(
        [h for h in vi_head if h != VI["enrolment"]["value"]],
        [[v for j, v in enumerate(r) if j != J["value"]] for r in canon],
    )
    c.bad(
        "b01_missing_column.csv",
        "enrolment",
        f.bytes(),
        [("missing_column", None, None)],
        "the required value column is missing",
    )
    header = vi_head[:]
    header[J["value"]] = "Số lượng"
    header[J["level"]] = "Bậc học"
    f = plain(header=header)
    c.bad(
        "b02_unknown_required_columns.csv",
        "enrolment",
        f.bytes(),
        [("missing_column", None, None), ("missing_column", None, None)],
        "two required columns under headers nobody knows ('Số lượng', 'Bậc học')",
    )

    # cells, one problem per file
    one(
        "b03_type.csv",
        "a count that is not a number",
        "value",
        ("01", "college_intermediate"),
        "khoảng 40 nghìn",
        "type",
        header=vi_head,
    )
    one("b04_not_integer.csv", "a count with a fraction", "value", ("79", "elementary_other"), "1234.5", "not_integer")
    one("b05_negative.csv", "a negative count", "value", ("46", "college_intermediate"), "-150", "negative")
    one(
        "b07_year_range_past.csv",
        "a year before 2000",
        "year",
        ("48", "elementary_other"),
        "1999",
        "year_range",
        header=vi_head,
    )
    one(
        "b08_year_range_future.csv",
        "results for a year after the current one (2031)",
        "year",
        ("31", "college_intermediate"),
        "2031",
        "year_range",
    )
    one(
        "b12_required_province.csv",
        "an empty province cell (a key)",
        "province_code",
        ("48", "college_intermediate"),
        "",
        "required",
        header=vi_head,
    )
    one("b13_required_level.csv", "an empty level cell (a key)", "level", ("01", "elementary_other"), "", "required")
    one(
        "b16_enum_level.csv",
        "an unknown level 'Tiến sĩ'",
        "level",
        ("79", "college_intermediate"),
        "Tiến sĩ",
        "enum",
        header=vi_head,
    )

    # rate outside 0-100 (certified labour share)
    cer = SCHEMAS["certified_labour"]
    ccols = file_columns(cer)
    c2020 = select("certified_labour", year=[2020], province_code=BASE_CODES)
    rows = text_rows(c2020, cer, ccols)
    rows[2][2] = "112.5"
    f = CsvFile(ccols, rows)
    c.bad(
        "b06_rate_range.csv",
        "certified_labour",
        f.bytes(),
        [("rate_range", f.line_of(2), "share")],
        "a share of 112.5%",
    )

    # duplicate key: the same province and level twice
    f = plain()
    dup_of = ix[("48", "elementary_other")]
    f.rows.append(f.rows[dup_of][:])
    c.bad(
        "b09_duplicate_key.csv",
        "enrolment",
        f.bytes(),
        [("duplicate_key", f.line_of(len(f.rows) - 1), "level")],
        "a row repeated at the end",
    )

    # totals smaller than their parts
    f = plain()
    i = ix[("VN", "total")]
    f.rows[i][J["value"]] = "1000000"
    c.bad(
        "b10_total_less_than_levels.csv",
        "enrolment",
        f.bytes(),
        [("total_less_than_levels", f.line_of(i), "value")],
        "the national total (1,000,000) is smaller than its levels (580,000 + 1,700,000)",
    )
    f = plain()
    i = ix[("VN", "elementary_other")]
    f.rows[i][J["value"]] = "1000"
    c.bad(
        "b11_total_less_than_provinces.csv",
        "enrolment",
        f.bytes(),
        [("total_less_than_provinces", f.line_of(i), "value")],
        "the national elementary figure (1,000) is smaller than the provinces' sum",
    )

    # provinces
    rows = [r[:] for r in canon]
    for r in rows:
        r[1] = name_vi(r[1], 2020)
    i = ix[("01", "college_intermediate")]
    rows[i][1] = "Hà Nôi Mới"
    header = vi_head[:]
    header[1] = PROVINCE_NAME_HEADER
    f = CsvFile(header, rows)
    c.bad(
        "b14_unknown_province.csv",
        "enrolment",
        f.bytes(),
        [("unknown_province", f.line_of(i), PROVINCE_NAME_HEADER)],
        "a province name that does not exist ('Hà Nôi Mới')",
    )
    c2025 = select("certified_labour", year=[2025], province_code=["VN", "01", "08", "46", "79"])
    c2025["year"] = 2026
    rows = text_rows(c2025, cer, ccols, decimal=",")
    for r in rows:
        r[1] = name_vi(r[1], 2026)
    rows.append(["2026", "Hà Giang", "18,4", rows[-1][3], "illustrative", ""])
    header = [VI["certified_labour"][n] for n in ccols]
    header[1] = PROVINCE_NAME_HEADER
    f = CsvFile(header, rows, sep=";", encoding="utf-8-sig")
    c.bad(
        "b15_province_vintage.csv",
        "certified_labour",
        f.bytes(),
        [("province_vintage", f.line_of(len(rows) - 1), PROVINCE_NAME_HEADER)],
        "a 63-era province (Hà Giang, merged into Tuyên Quang) in a 2026 row",
    )

    # business rules
    gra = SCHEMAS["graduates"]
    gcols = file_columns(gra)
    g = select("graduates", year=[2018], province_code=BASE_CODES)
    rows = text_rows(g, gra, gcols)
    k = next(n for n, r in enumerate(rows) if r[1] == "79" and r[2] == "college_intermediate")
    rows[k][gcols.index("employed")] = str(int(rows[k][gcols.index("graduates")]) + 500)
    f = CsvFile(gcols, rows)
    c.bad(
        "b17_not_greater.csv",
        "graduates",
        f.bytes(),
        [("not_greater", f.line_of(k), "employed")],
        "more employed than graduates",
    )
    rows = text_rows(g, gra, gcols)
    k = next(n for n, r in enumerate(rows) if r[1] == "46" and r[2] == "elementary_other")
    rows[k][gcols.index("graduates")] = ""
    f = CsvFile([VI["graduates"][n] for n in gcols], rows)
    c.bad(
        "b35_any_of.csv",
        "graduates",
        f.bytes(),
        [("any_of", f.line_of(k), None)],
        "neither graduates nor an employment rate",
    )
    rows = text_rows(g, gra, gcols, decimal=",", thousands=".")
    k = next(n for n, r in enumerate(rows) if r[1] == "VN" and r[2] == "college_intermediate")
    rows[k][gcols.index("employment_rate")] = "105,5"
    header = [VI["graduates"][n] for n in gcols]
    f = CsvFile(header, rows, sep=";", encoding="cp1258")
    c.bad(
        "b34_rate_range_vi.csv",
        "graduates",
        f.bytes(),
        [("rate_range", f.line_of(k), VI["graduates"]["employment_rate"])],
        "an employment rate of 105,5% in a Windows-1258, semicolon, decimal-comma file",
    )

    tar = SCHEMAS["targets"]
    tcols = file_columns(tar)
    targets = select("targets", value_type=["actual", "inferred"], year=[2019, 2020, 2025, 2030])
    rows = text_rows(targets, tar, tcols)
    k = 1
    rows[k][0] = "enrolment_doctorate"
    f = CsvFile(tcols, rows)
    c.bad(
        "b18_unknown_indicator.csv",
        "targets",
        f.bytes(),
        [("unknown_indicator", f.line_of(k), "indicator_id")],
        "a target for an indicator the registry does not have",
    )
    rows = text_rows(targets, tar, tcols)
    k = next(n for n, r in enumerate(rows) if r[4] == "range")
    rows[k][tcols.index("value_high")] = ""
    f = CsvFile([EN["targets"][n] for n in tcols], rows)
    c.bad(
        "b36_required_if.csv",
        "targets",
        f.bytes(),
        [("required_if", f.line_of(k), EN["targets"]["value_high"])],
        "a range target without its upper bound",
    )

    qua = SCHEMAS["quality_ranking"]
    qcols = file_columns(qua)
    rows = text_rows(select("quality_ranking"), qua, qcols)
    rows[0][1] = "Vocational Training"
    f = CsvFile(qcols, rows)
    c.bad(
        "b19_pattern.csv",
        "quality_ranking",
        f.bytes(),
        [("pattern", f.line_of(0), "indicator")],
        "an indicator code written as a title ('Vocational Training')",
    )

    # files that are not tables
    c.bad("b20_empty_file.csv", "enrolment", b"", [("empty_file", None, None)], "zero bytes")
    rng = random.Random(SEED)
    c.bad(
        "b21_not_a_table.csv",
        "enrolment",
        rng.randbytes(4096),
        [("not_a_table", None, None)],
        "4 KB of seeded random bytes named .csv",
    )
    c.bad(
        "b22_header_only.csv",
        "enrolment",
        plain(rows=[]).bytes(),
        [("no_rows", None, None)],
        "a header and no data rows",
    )
    text = plain().text().split("\r\n")
    i = ix[("31", "elementary_other")]
    line = i + 2
    value = int(canon[i][J["value"]])
    text[line - 1] = text[line - 1].replace(f",{value},", f",{value:,},")  # an unquoted 12,345
    c.bad(
        "b23_ragged_row.csv",
        "enrolment",
        "\r\n".join(text).encode(),
        [("ragged_row", line, None)],
        "a row with one field too many (an unquoted thousands comma)",
    )
    text = plain().text().split("\r\n")
    i = ix[("46", "elementary_other")]
    line = i + 2
    text[line - 1] = text[line - 1].replace('of 2020",illustrative', "of 2020,illustrative", 1)  # closing quote lost
    assert text[line - 1].count('"') % 2 == 1
    c.bad(
        "b24_unterminated_quote.csv",
        "enrolment",
        "\r\n".join(text).encode(),
        [("unterminated_quote", line, None)],
        "a quote opened and never closed",
    )
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(random.Random(SEED + 1).randbytes(2040))
    c.bad(
        "b25_legacy_excel.xls",
        "enrolment",
        ole,
        [("unsupported_format", None, None)],
        "an Excel 97-2003 .xls workbook (OLE2)",
    )

    # size limits: the test checks these with a small Limits, so the files stay small here
    frames = enrolment_frames()
    y2020 = frames["2020"]
    report = XlsxReport(
        vi_head,
        xlsx_cells(text_rows(y2020, enr, cols), cols, enr),
        title=["BÁO CÁO TUYỂN SINH NĂM 2020", "Đơn vị: người"],
        sheet_title="Tuyển sinh 2020",
    )
    c.bad(
        "b26_too_large.xlsx",
        "enrolment",
        report.bytes(),
        [("too_large", None, None)],
        "a valid report checked with max_bytes=1000",
        limits={"max_bytes": 1000},
    )
    c.bad(
        "b27_too_large.csv",
        "enrolment",
        plain().bytes(),
        [("too_large", None, None)],
        "a valid file checked with max_bytes=1000",
        limits={"max_bytes": 1000},
    )
    c.bad(
        BOMB_FILE,
        "enrolment",
        None,
        [("xlsx_bomb", None, None)],
        "a zip whose sheet XML inflates over 200x (built by the test into a temporary folder)",
        generated=True,
    )
    small = XlsxReport(vi_head, xlsx_cells(canon, cols, enr), sheet_title="Tuyển sinh").bytes()
    c.bad(
        "b29_xlsx_invalid.xlsx",
        "enrolment",
        small[: len(small) // 2],
        [("xlsx_invalid", None, None)],
        "an XLSX cut in half (a broken download)",
    )

    # several problems at once, reported together
    def several(rows: list[list[str]], bad_int: str, bad_neg: str) -> list[tuple[int, str, str]]:
        """Break the base rows in seven ways; return (row index, field, code) of each problem."""
        marks = []
        i = ix[("01", "college_intermediate")]
        rows[i][J["value"]] = bad_int
        marks.append((i, "value", "type"))
        i = ix[("01", "elementary_other")]
        rows[i][J["value"]] = bad_neg
        marks.append((i, "value", "negative"))
        i = ix[("79", "college_intermediate")]
        rows[i][J["level"]] = "Tiến sĩ"
        marks.append((i, "level", "enum"))
        i = ix[("79", "elementary_other")]
        rows[i][J["province_code"]] = "Hà Nôi Mới"
        marks.append((i, "province_code", "unknown_province"))
        i = ix[("46", "college_intermediate")]
        rows[i][J["year"]] = "1999"
        marks.append((i, "year", "year_range"))
        i = ix[("48", "college_intermediate")]
        rows[i][J["province_code"]] = ""
        marks.append((i, "province_code", "required"))
        rows.append(rows[ix[("31", "elementary_other")]][:])
        marks.append((len(rows) - 1, "level", "duplicate_key"))
        return marks

    f = plain()
    marks = several(f.rows, "40k", "-20")
    c.bad(
        "b30_several.csv",
        "enrolment",
        f.bytes(),
        [(code, f.line_of(i), f.col(J[n])) for i, n, code in marks],
        "seven problems in one file: type, negative, enum, unknown province, year, empty key, duplicate",
    )
    # the same in the Vietnamese form: cp1258, ';', 1.234,5, names, title block
    rows = text_rows(base, enr, cols, decimal=",", thousands=".")
    for r in rows:
        r[1] = name_vi(r[1], 2020)
    marks = several(rows, "40 nghìn", "-1.200")
    i = ix[("31", "college_intermediate")]
    rows[i][J["value"]] = "1.234,5"
    marks.append((i, "value", "not_integer"))
    header = vi_head[:]
    header[1] = PROVINCE_NAME_HEADER
    f = CsvFile(
        header,
        rows,
        sep=";",
        encoding="cp1258",
        pre=[["BÁO CÁO TUYỂN SINH NĂM 2020"], ["Đơn vị: người"], []],
        post=[[], ["Ghi chú: số liệu minh họa"]],
        pad=True,
    )
    c.bad(
        "b31_several_vi_cp1258.csv",
        "enrolment",
        f.bytes(),
        [(code, f.line_of(i), f.col(J[n])) for i, n, code in marks],
        "b30's problems in a Vietnamese file (Windows-1258, ';', 1.234,5, names, title block: data from line 5)"
        " plus a fraction '1.234,5'",
    )
    cells = xlsx_cells(canon, cols, enr)
    marks = several(cells, "không rõ", -20)
    i = ix[("VN", "total")]
    cells[i][J["year"]] = 2031
    marks.append((i, "year", "year_range"))
    x = XlsxReport(
        vi_head,
        cells,
        title=["BÁO CÁO TUYỂN SINH NĂM 2020", "Đơn vị: người"],
        notes=["Nguồn: Sở LĐ-TB&XH"],
        sheet_title="Tuyển sinh 2020",
    )
    c.bad(
        "b32_several_report.xlsx",
        "enrolment",
        x.bytes(),
        [(code, x.row_of(i), x.col(J[n])) for i, n, code in marks],
        "b30's problems in an XLSX report (header on row 4, data from row 5) plus a year 2031",
    )

    # a wide table: the column is the year column as written
    wide = frames["wide"]
    wide = wide[wide["province_code"].isin(BASE_CODES)]
    header, rows = wide_table(wide)
    k1 = next(n for n, r in enumerate(rows) if r[0] == "01" and r[1] == "elementary_other")
    k2 = next(n for n, r in enumerate(rows) if r[0] == "79" and r[1] == "college_intermediate")
    rows[k1][2] = "-5"
    rows[k2][3] = "n/a"
    f = CsvFile(header, rows)
    c.bad(
        "b33_wide_bad_cells.csv",
        "enrolment",
        f.bytes(),
        [("negative", f.line_of(k1), "2019"), ("type", f.line_of(k2), "Năm 2020")],
        "a wide table with a negative 2019 cell and a text 'Năm 2020' cell",
    )

    # the same kind of problem in other layouts
    f = plain(header=vi_head, encoding="utf-16", sep="\t")
    i = ix[("48", "elementary_other")]
    f.rows[i][J["value"]] = "-7"
    c.bad(
        "b37_negative_utf16_tab.txt",
        "enrolment",
        f.bytes(),
        [("negative", f.line_of(i), VI["enrolment"]["value"])],
        "a negative count in a UTF-16 tab-separated file",
    )
    f = plain(
        header=vi_head,
        encoding="utf-8-sig",
        pre=[["BÁO CÁO TUYỂN SINH NĂM 2020"], ["Đơn vị: người"], []],
        post=[[], ["Nguồn: Sở LĐ-TB&XH"]],
        pad=True,
    )
    i = ix[("46", "elementary_other")]
    f.rows[i][J["value"]] = "-1"
    c.bad(
        "b38_negative_title_block.csv",
        "enrolment",
        f.bytes(),
        [("negative", f.line_of(i), VI["enrolment"]["value"])],
        "a negative count below a three-line title block (line numbers shift by three)",
    )
    # keys that cannot be compared: unknown or empty key cells next to other problems of the key check
    f = plain(header=vi_head)
    i1, i2 = ix[("01", "college_intermediate")], ix[("01", "elementary_other")]
    f.rows[i1][J["level"]] = f.rows[i2][J["level"]] = "Tiến sĩ"
    c.bad(
        "b40_unknown_level_twice.csv",
        "enrolment",
        f.bytes(),
        [("enum", f.line_of(i1), VI["enrolment"]["level"]), ("enum", f.line_of(i2), VI["enrolment"]["level"])],
        "the same unknown level on two rows of one province (both unresolved keys)",
    )
    f = plain()
    i = ix[("46", "college_intermediate")]
    f.rows[i][J["province_code"]] = ""
    f.rows.append(f.rows[ix[("01", "college_intermediate")]][:])
    c.bad(
        "b41_empty_key_and_duplicate.csv",
        "enrolment",
        f.bytes(),
        [("required", f.line_of(i), "province_code"), ("duplicate_key", f.line_of(len(f.rows) - 1), "level")],
        "an empty province cell in one row and a repeated row elsewhere",
    )
    header = [h for h in vi_head if h != VI["enrolment"]["level"]]
    cells = [[v for j, v in enumerate(r) if j != J["level"]] for r in xlsx_cells(canon, cols, enr)]
    x = XlsxReport(header, cells, title=["BÁO CÁO TUYỂN SINH NĂM 2020", "Đơn vị: người"], sheet_title="Tuyển sinh")
    c.bad(
        "b39_missing_column_report.xlsx",
        "enrolment",
        x.bytes(),
        [("missing_column", None, None)],
        "an XLSX report without the level column",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder for files/, expected/ and manifest.json (default: tests/corpus)"
    )
    args = parser.parse_args(argv)
    c = Corpus()
    build_good(c)
    build_bad(c)
    c.write(args.out)
    total = sum(len(d) for d in c.files.values()) + sum(len(d) for d in c.expected.values())
    good = sum(e["kind"] == "good" for e in c.entries)
    print(f"{good} good, {len(c.entries) - good} bad files; {total / 1024:.0f} KB written under {args.out}")


if __name__ == "__main__":
    main()
