"""Issue 10, the reader's classes: tables in the statistics office's export layouts (see tests/realfiles/LAYOUTS.md).

Each fixture is small and written in the office's layout, in English and Vietnamese where the office publishes
both: a quoted title row, a blank row, then the header whose first cell labels the rows.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kpis.problems import ReadError
from kpis.reading import read_file
from kpis.schema import load_package

SCHEMAS = load_package()
RURAL = SCHEMAS["rural_training"]


def office_csv(title: str, first_cell: str, rows: list[list[str]], sep: str = ",") -> bytes:
    """A PX-Web CSV export: UTF-8 with BOM, every text quoted, a title row and a blank row above the header."""
    lines = [f'"{title}"', "", sep.join(f'"{c}"' for c in [first_cell, "2019", "2020"])]
    lines += [sep.join([f'"{r[0]}"', *r[1:]]) for r in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def triples(result) -> list[tuple[int, str, str, str]]:
    t = result.table
    return list(zip(result.rows, t.province_code, t.year, t.trained, strict=True))


ROWS_EN = [["Ha Noi", "8100", "7200"], ["Hai Phong", "3050", "2900"]]
ROWS_VI = [["Hà Nội", "8100", "7200"], ["Hải Phòng", "3050", "2900"]]
EXPECTED_EN = [(4, "Ha Noi", "2019", "8100"), (4, "Ha Noi", "2020", "7200"), (5, "Hai Phong", "2019", "3050"),
               (5, "Hai Phong", "2020", "2900")]  # fmt: skip
EXPECTED_VI = [(r, {"Ha Noi": "Hà Nội", "Hai Phong": "Hải Phòng"}[p], y, v) for r, p, y, v in EXPECTED_EN]


@pytest.mark.parametrize(
    ("title", "first_cell", "rows", "expected", "sep"),
    [
        ("Rural workers trained by Cities, provincies and Year", "Cities, provincies", ROWS_EN, EXPECTED_EN, ","),
        ("Rural workers trained by Cities, provinces and Year", "Cities, provinces", ROWS_EN, EXPECTED_EN, ","),
        ("Số lao động nông thôn được đào tạo nghề chia theo Tỉnh, thành phố và Năm", "Tỉnh, thành phố", ROWS_VI,
         EXPECTED_VI, ";"),
        ("Số lao động nông thôn được đào tạo nghề chia theo Địa phương và Năm", "Địa phương", ROWS_VI, EXPECTED_VI, ";"),
        ("Rural workers trained by Cities, provincies and Year", " ", ROWS_EN, EXPECTED_EN, ","),
        ("Số lao động nông thôn được đào tạo nghề chia theo Tỉnh, thành phố và Năm", "", ROWS_VI, EXPECTED_VI, ";"),
    ],
    ids=["cities-provincies", "cities-provinces", "tinh-thanh-pho", "dia-phuong", "single-space", "empty"],
)  # fmt: skip
def test_class1_office_layout_title_blank_row_and_row_label_header(title, first_cell, rows, expected, sep):
    result = read_file(office_csv(title, first_cell, rows, sep), "export.csv", RURAL)
    assert triples(result) == expected
    titles = [p for p in result.notices if p.code == "title_rows_ignored"]
    assert len(titles) == 1 and titles[0].row == 1
    assert "row 3" in titles[0].message_en and "dòng 3" in titles[0].message_vi


def test_class1_office_layout_in_xlsx_with_a_single_space_above_the_row_labels():
    wb = Workbook()
    ws = wb.active
    ws.append(["Số lao động nông thôn được đào tạo nghề phân theo địa phương"])
    ws.append([])
    ws.append([" ", "2019", "2020"])
    ws.append(["Ha Noi", 8100, 7200])
    ws.append(["Hai Phong", 3050, 2900])
    buf = io.BytesIO()
    wb.save(buf)
    result = read_file(buf.getvalue(), "export.xlsx", RURAL)
    assert triples(result) == EXPECTED_EN


@pytest.mark.parametrize(
    "text",
    [
        '"Rural workers trained by Cities, provincies and Sex"\r\n\r\n" ","Total","Male"\r\n"Ha Noi",1,2\r\n',
        '"Rural workers trained by Year"\r\n\r\n" ","2019","2020"\r\n"Ha Noi",1,2\r\n',
        '" ","2019","2020"\r\n"Ha Noi",1,2\r\n',
        # indicators as rows (the office's national tables): the title says the rows are indicators, not places
        '"Giáo dục nghề nghiệp(*) chia theo Chỉ tiêu và Năm"\r\n\r\n" ";"2018";"2019"\r\n"Số cơ sở (Cơ sở)";1;2\r\n',
        # "tính" (computed) is not "Tỉnh" (province): words are compared with their diacritics
        '"Số liệu tính theo Năm"\r\n\r\n" ";"2018";"2019"\r\n"Hà Nội";1;2\r\n',
        # two header rows (class 3) whose measures name nothing of the table: not a header (tests/test_reading_two_way)
        (
            '"Dân số phân theo địa phương"\r\n\r\n" ";"Nam";" ";"Nữ";" "\r\n" ";"2018";"2019";"2018";"2019"\r\n'
            '"Hà Nội";1;2;3;4\r\n'
        ),
        (
            '"Dân số phân theo địa phương"\r\n\r\n" ";"2018";" ";"2019";" "\r\n" ";"Nam";"Nữ";"Nam";"Nữ"\r\n'
            '"Hà Nội";1;2;3;4\r\n'
        ),
    ],
    ids=[
        "no-years",
        "title-names-no-places",
        "no-title",
        "indicators-as-rows",
        "diacritics",
        "measures-over-years",
        "years-over-measures",
    ],
)
def test_class1_a_blank_first_cell_is_the_place_column_only_under_years_and_a_title_naming_places(text):
    with pytest.raises(ReadError) as err:
        read_file(("\ufeff" + text).encode(), "export.csv", RURAL)
    assert err.value.problem.code == "no_header"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_class1_no_header_points_at_the_header_like_row_not_the_title(kind):
    rows = [["Number of trainees by Region and Sex"], [], ["Region", "Male", "Female"], ["North", "1", "2"]]
    if kind == "csv":
        data = "\r\n".join(",".join(f'"{c}"' for c in r) for r in rows).encode()
    else:
        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    with pytest.raises(ReadError) as err:
        read_file(data, f"export.{kind}", RURAL)
    p = err.value.problem
    assert p.code == "no_header" and p.row == 3
    assert "(row 3)" in p.message_en and "Region Male Female" in p.message_en
    assert "(dòng 3)" in p.message_vi


# ------------------------------------------------------------------------------- class 4: missing markers


@pytest.mark.parametrize("marker", ["..", "…", "-", "x", ""])
def test_class4_missing_markers_in_a_wide_table_are_not_available(marker):
    rows = [["Hà Nội", "8100", marker], ["Hải Phòng", marker, "2900"]]
    data = office_csv("Số lao động nông thôn được đào tạo nghề chia theo Tỉnh, thành phố và Năm", "Tỉnh, thành phố",
                      rows, ";")  # fmt: skip
    result = read_file(data, "export.csv", RURAL)
    assert triples(result) == [(4, "Hà Nội", "2019", "8100"), (5, "Hải Phòng", "2020", "2900")]
    notices = [p for p in result.notices if p.code == "not_available"]
    if marker:
        assert len(notices) == 1 and notices[0].row == 4 and "rows 4–5" in notices[0].message_en
    else:
        assert not notices  # an empty cell needs no notice


def test_class4_markers_in_a_long_table_are_read_as_empty_cells():
    text = "Năm;Mã tỉnh;Số được đào tạo\n2019;01;..\n2020;01;…\n2021;01;-\n2022;01;x\n2023;01;1200\n"
    result = read_file(text.encode(), "long.csv", RURAL)
    assert result.table.trained.tolist() == ["", "", "", "", "1200"]
    (notice,) = [p for p in result.notices if p.code == "not_available"]
    assert "4 cells" in notice.message_en and "2–5" in notice.message_en


def test_class4_a_marker_in_a_key_column_is_left_to_validation():
    """Only measure cells can be 'not available': a year or province written as '..' stays as written."""
    text = "Năm;Mã tỉnh;Số được đào tạo\n..;01;5\n"
    result = read_file(text.encode(), "long.csv", RURAL)
    assert result.table.year.tolist() == [".."]
    assert not [p for p in result.notices if p.code == "not_available"]


def test_class4_a_long_table_with_codes_and_names_reads_its_markers():
    text = "Năm;Mã tỉnh;Tên tỉnh;Số được đào tạo\n2019;01;Hà Nội;..\n2020;01;Hà Nội;1200\n"
    result = read_file(text.encode(), "long.csv", RURAL)
    assert result.table.trained.tolist() == ["", "1200"]


# ------------------------------------------------------------------------------- class 2: years as the office writes them


def office_years_csv(years: list[str], rows: list[list[str]]) -> bytes:
    title = "Rural workers trained by Cities, provincies and Year"
    lines = [f'"{title}"', "", ",".join(f'"{c}"' for c in ["Cities, provincies", *years])]
    lines += [",".join([f'"{r[0]}"', *r[1:]]) for r in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.mark.parametrize(
    ("headers", "years", "preliminary"),
    [
        (["2024", "Prel. 2025"], ["2024", "2025"], [False, True]),
        (["2018", "Sơ bộ 2019"], ["2018", "2019"], [False, True]),
        (["2019 (*)", "2020"], ["2019", "2020"], [False, False]),
        (["2000", "2001(1)"], ["2000", "2001"], [False, False]),
        (["Total 1995", "Total 1996"], ["1995", "1996"], [False, False]),
    ],
    ids=["prel", "so-bo", "footnote-star", "footnote-number", "total"],
)
def test_class2_years_as_the_office_writes_them_are_read_as_their_year(headers, years, preliminary):
    result = read_file(office_years_csv(headers, [["Ha Noi", "8100", "7200"]]), "export.csv", RURAL)
    assert list(result.table.year) == years and list(result.table.trained) == ["8100", "7200"]
    if any(preliminary):
        # The preliminary year is kept (never dropped with only a warning), its cells typed 'preliminary'.
        assert list(result.table.value_type) == ["preliminary" if p else "" for p in preliminary]
    else:
        assert "value_type" not in result.table


def test_class2_a_value_type_the_row_states_wins_over_the_preliminary_header():
    data = office_years_csv(["Value type", "2024", "Prel. 2025"], [["Ha Noi", "estimate", "8100", "7200"]])
    result = read_file(data, "export.csv", RURAL)
    assert list(result.table.value_type) == ["estimate", "estimate"]


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("Dân số trung bình phân theo địa phương (Nghìn người) chia theo Tỉnh, thành phố và Năm", "thousand"),
        ("Average population by province (Thous. pers.) by Cities, provincies and Year", "thousand"),
        ("Dân số trung bình phân theo địa phương (Người) chia theo Tỉnh, thành phố và Năm", "unit"),
        ("Mật độ dân số (Người/km2) chia theo Tỉnh, thành phố và Năm", ""),  # a ratio, no count unit
        ("Average population by province by Cities, provincies and Year", ""),
    ],
)
def test_a_one_measure_wide_table_takes_the_unit_its_title_states(title, unit):
    """Class 5: '(Nghìn người)' in the title of a table of one measure by year is the unit of its counts."""
    data = office_csv(title, "Tỉnh, thành phố", [["Hà Nội", "8246.5", "8330.8"]])
    result = read_file(data, "dan_so.csv", SCHEMAS["population"])
    assert result.table["population"].tolist() == ["8246.5", "8330.8"]
    assert result.unit == unit
