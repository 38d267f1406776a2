"""Issue 10, classes 3 and 15: tables of two dimensions in the statistics office's layouts (tests/realfiles/LAYOUTS.md).

Class 3: a year and a measure (or a key value) in each column header, in one header row ("Total 2000",
"2019 College") or two (measures over years, years over measures, the upper cells followed by ' ' fillers).
Class 15: indicators as rows ("Số giáo viên - Nam (Nghìn người)"), years as columns: the whole country's figures.
Each fixture is small and written as the office writes it, in Vietnamese and in English where it publishes both.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kpis.metadata import mapped_schema
from kpis.problems import ReadError
from kpis.reading import read_file
from kpis.schema import load_package

SCHEMAS = load_package()


def vi_csv(lines: list[str]) -> bytes:
    """A Vietnamese PX-Web export: UTF-8 with BOM, LF, ';', text quoted, numbers bare."""
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def en_csv(lines: list[str]) -> bytes:
    """An English PX-Web export: UTF-8 with BOM, CRLF, ',', text quoted, numbers bare."""
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def rows(result, *fields: str) -> list[tuple]:
    t = result.table
    return [tuple(t[f].iloc[i] for f in fields) for i in range(len(t))]


def codes(result) -> set[str]:
    return {p.code for p in result.notices}


POPULATION_MAPPED = mapped_schema(SCHEMAS["population"], (("Tổng số", "population"),))


# -------------------------------------------------------------------------------- class 3: two header rows


def test_two_header_rows_measures_over_years_read_as_measure_year_columns():
    data = vi_csv(
        [
            (
                '"Dân số trung bình phân theo địa phương, giới tính và thành thị nông thôn by Tỉnh, thành phố, '
                'Dân số trung bình and Năm"'
            ),
            "",
            '" ";"Tổng số";" ";"Nam";" ";"Nông thôn";" "',
            '" ";"2018";"Sơ bộ 2019";"2018";"Sơ bộ 2019";"2018";"Sơ bộ 2019"',
            '"Hà Nội";7914.5;8093.9;3920.3;4012.7;4009.6;4093.6',
            '"Hà Tây";..;..;..;..;..;..',
            "",
            '"Ghi chú: Từ năm 2008 tới nay, số liệu thành phố Hà Nội bao gồm cả tỉnh Hà Tây."',
        ]
    )
    result = read_file(data, "dan_so.csv", POPULATION_MAPPED)
    assert rows(result, "year", "province_code", "population", "rural_population", "value_type") == [
        ("2018", "Hà Nội", "7914.5", "4009.6", ""),
        ("2019", "Hà Nội", "8093.9", "4093.6", "preliminary"),
    ]
    # 'Nam' (male) is a measure of the file, not 'Năm' (year): left out with one notice naming it.
    unused = next(p for p in result.notices if p.code == "measures_not_used")
    assert "'Nam'" in unused.message_en and "«Nam»" in unused.message_vi
    assert {"two_way_table", "notes_rows_ignored", "not_available"} <= codes(result)
    assert next(p for p in result.notices if p.code == "two_way_table").row == 3  # the upper header row


@pytest.mark.parametrize(
    ("title", "measures", "unit", "expected_unit"),
    [
        (
            "Diện tích, dân số và mật độ dân số phân theo địa phương chia theo Địa phương, Năm và Chỉ tiêu",
            ["Diện tích(Km2)", "Dân số trung bình (Nghìn người)"],
            "thousand",
            "thousand",
        ),
        (
            "Area, population and population density by province by Cities, provincies, Year and Items",
            ["Area (Km2(*)", "Average population (Thous. pers.)"],
            "thousand",
            "thousand",
        ),
    ],
    ids=["vi", "en"],
)
def test_two_header_rows_years_over_measures_with_the_unit_in_the_measure(title, measures, unit, expected_unit):
    a, b = measures
    data = vi_csv(
        [
            f'"{title}"',
            "",
            '" ";"2018";" ";"2019 (*)";" "',
            f'" ";"{a}";"{b}";"{a}";"{b}"',
            '"Hà Nội";3358.6;7520.7;3358.6;8093.9',
            '"Vĩnh Phúc";1235.2;1092.4;1235.9;1154.8',
        ]
    )
    result = read_file(data, "dien_tich.csv", SCHEMAS["population"])
    # '2019 (*)' is 2019 with a footnote mark, not preliminary; the area is not a field of the table.
    assert rows(result, "year", "province_code", "population") == [
        ("2018", "Hà Nội", "7520.7"),
        ("2019", "Hà Nội", "8093.9"),
        ("2018", "Vĩnh Phúc", "1092.4"),
        ("2019", "Vĩnh Phúc", "1154.8"),
    ]
    assert "value_type" not in result.table
    assert result.unit == expected_unit  # the upload converts thousands of persons to persons
    assert "measures_not_used" in codes(result)


def test_two_header_rows_in_an_xlsx_sheet():
    wb = Workbook()
    ws = wb.active
    ws.append(["Dân số trung bình phân theo địa phương by Tỉnh, thành phố, Dân số trung bình and Năm"])
    ws.append([])
    ws.append([" ", "Tổng số", " ", "Nông thôn", " "])
    ws.append([" ", "2018", "Sơ bộ 2019", "2018", "Sơ bộ 2019"])
    ws.append(["Hà Nội", 7914.5, 8093.9, 4009.6, 4093.6])
    buf = io.BytesIO()
    wb.save(buf)
    result = read_file(buf.getvalue(), "dan_so.xlsx", POPULATION_MAPPED)
    assert rows(result, "year", "population", "rural_population", "value_type") == [
        ("2018", "7914.5", "4009.6", ""),
        ("2019", "8093.9", "4093.6", "preliminary"),
    ]
    assert result.rows == [5, 5]


def test_two_header_rows_whose_labels_name_nothing_of_the_schema_are_no_header():
    data = vi_csv(
        [
            '"Dân số phân theo địa phương"',
            "",
            '" ";"Nam";" ";"Nữ";" "',
            '" ";"2018";"2019";"2018";"2019"',
            '"Hà Nội";1;2;3;4',
        ]
    )
    with pytest.raises(ReadError) as err:
        read_file(data, "export.csv", SCHEMAS["rural_training"])
    assert err.value.problem.code == "no_header"


# --------------------------------------------------------------------- class 3: one row, year and measure


def test_one_header_row_of_measure_year_cells_reads_each_measure_into_its_field():
    schema = mapped_schema(SCHEMAS["population"], (("Total", "population"), ("Rural", "rural_population")))
    data = en_csv(
        [
            '"Average population by province, sex and residence by Cities, provincies, Average population and Year"',
            "",
            (
                '"Cities, provincies","Total 2024","Total Prel. 2025","Male 2024","Male Prel. 2025","Rural 2024",'
                '"Rural Prel. 2025"'
            ),
            '"Ha Noi",8717.63,8857.53,4336.19,4406.51,4436.79,4622.68',
            '"Thai  Nguyen",1360.10,..,680.00,..,900.20,..',
        ]
    )
    result = read_file(data, "E0203-07.csv", schema)
    assert rows(result, "year", "province_code", "population", "rural_population", "value_type") == [
        ("2024", "Ha Noi", "8717.63", "4436.79", ""),
        ("2025", "Ha Noi", "8857.53", "4622.68", "preliminary"),
        ("2024", "Thai  Nguyen", "1360.10", "900.20", ""),
    ]
    unused = next(p for p in result.notices if p.code == "measures_not_used")
    assert "'Male'" in unused.message_en and unused.message_en.count("'Male'") == 1


def test_one_header_row_of_year_measure_cells_with_the_unit_in_the_header():
    data = en_csv(
        [
            '"Area, population and population density by province by Cities, provincies, Year and Items"',
            "",
            (
                '"Cities, provincies","2024 Area (Km2(*)","2024 Average population (Thous. pers.)",'
                '"2024 Population density (Person/km2)"'
            ),
            '"Ha Noi",3359.84,8717.63,2594.66',
        ]
    )
    result = read_file(data, "E0201.csv", SCHEMAS["population"])
    assert rows(result, "year", "province_code", "population") == [("2024", "Ha Noi", "8717.63")]
    assert result.unit == "thousand"


@pytest.mark.parametrize(
    ("levels", "first_cell"),
    [
        (["Total", "College", "Elementary and other"], "Cities, provinces"),
        (["Tổng số", "Cao đẳng", "Sơ cấp và đào tạo khác"], "Tỉnh, thành phố"),
    ],
    ids=["en", "vi"],
)
def test_year_and_level_in_each_header_cell_read_the_level_as_a_key(levels, first_cell):
    total, college, elementary = levels
    header = [first_cell, f"2019 {total}", f"2019 {college}", f"Prel. 2021 {total}", f"Prel. 2021 {elementary}"]
    data = en_csv(
        [
            '"Number of new enrolments in vocational education by province(*) by Cities, provinces, Year and Level"',
            "",
            ",".join(f'"{h}"' for h in header),
            '"Ha Noi",265000,62000,231900,-',
        ]
    )
    result = read_file(data, "E1309.csv", SCHEMAS["enrolment"])
    assert rows(result, "year", "province_code", "level", "value", "value_type") == [
        ("2019", "Ha Noi", "total", "265000", ""),
        ("2019", "Ha Noi", "college", "62000", ""),
        ("2021", "Ha Noi", "total", "231900", "preliminary"),
    ]


def test_levels_as_rows_under_years_over_measures_are_the_whole_countrys():
    data = vi_csv(
        [
            '"Học sinh, sinh viên tốt nghiệp giáo dục nghề nghiệp by Trình độ, Năm and Chỉ tiêu"',
            "",
            '" ";"2018";" ";"Sơ bộ 2019";" "',
            '" ";"Số tốt nghiệp (Người)";"Tỷ lệ có việc làm (%)";"Số tốt nghiệp (Người)";"Tỷ lệ có việc làm (%)"',
            '"TỔNG SỐ";2100000;85,0;2200000;86,0',
            '"Cao đẳng";190000;87,0;198000;x',
        ]
    )
    result = read_file(data, "tot_nghiep.csv", SCHEMAS["graduates"])
    assert rows(result, "year", "province_code", "level", "graduates", "employment_rate", "value_type") == [
        ("2018", "VN", "TỔNG SỐ", "2100000", "85,0", ""),
        ("2019", "VN", "TỔNG SỐ", "2200000", "86,0", "preliminary"),
        ("2018", "VN", "Cao đẳng", "190000", "87,0", ""),
        ("2019", "VN", "Cao đẳng", "198000", "", "preliminary"),
    ]
    assert result.decimal == "," and result.unit == "unit"
    assert "national_table" in codes(result)


# ---------------------------------------------------------------------------- class 15: indicators as rows

VET_VI = [
    '"Giáo dục nghề nghiệp(*) chia theo Chỉ tiêu và Năm"',
    "",
    '" ";"2018";"Sơ bộ 2019"',
    '"Số cơ sở giáo dục nghề nghiệp (Cơ sở)";2957.0;3024.0',
    '"Số cơ sở giáo dục nghề nghiệp  - Công lập (Cơ sở)";1299.0;1441.0',
    '"Số cơ sở giáo dục nghề nghiệp- Ngoài công lập (Cơ sở)";1658.0;1583.0',
    '"Số giáo viên (Nghìn người)";86.9;84.3',
    '"Số giáo viên - Nam (Nghìn người)";56.2;53.6',
    '"Số giáo viên - Nữ (Nghìn người)";30.7;30.7',
    '"Số học sinh, sinh viên tốt nghiệp (Nghìn người)";2100.0;2200.0',
    "",
    '"(*) Không bao gồm số liệu của các trường trung cấp chuyên nghiệp "',
    '"và cao đẳng do Bộ Giáo dục và Đào tạo quản lý."',
]
VET_EN = [
    '"Vocational education and training(*) by Items and Year"',
    "",
    '" ","2018","Prel. 2019"',
    '"Institutions (Institutions)",2957.0,3024.0',
    '"Institutions - Public (Institutions)",1299.0,1441.0',
    '"Institutions - Non-public (Institutions)",1658.0,1583.0',
    '"Teachers (Thous. pers.)",86.9,84.3',
    '"Teachers - Male (Thous. pers.)",56.2,53.6',
    '"Teachers - Female (Thous. pers.)",30.7,30.7',
    '"Graduates of vocational education (Thous. pers.)",2100.0,2200.0',
]


@pytest.mark.parametrize("lines", [VET_VI, VET_EN], ids=["vi", "en"])
def test_indicators_as_rows_read_into_the_dataset_chosen_as_the_whole_countrys(lines):
    data = vi_csv(lines) if lines is VET_VI else en_csv(lines)
    teachers = read_file(data, "gdnn.csv", SCHEMAS["teachers"])
    assert rows(teachers, "year", "province_code", "ownership", "sex", "teachers", "value_type") == [
        ("2018", "VN", "total", "total", "86.9", ""),
        ("2019", "VN", "total", "total", "84.3", "preliminary"),
        ("2018", "VN", "total", "male", "56.2", ""),  # 'Nam' is male here, not 'Năm'
        ("2019", "VN", "total", "male", "53.6", "preliminary"),
        ("2018", "VN", "total", "female", "30.7", ""),
        ("2019", "VN", "total", "female", "30.7", "preliminary"),
    ]
    assert teachers.unit == "thousand"  # '(Nghìn người)': the upload stores persons (x 1,000)
    assert teachers.rows == [7, 7, 8, 8, 9, 9]
    not_used = next(p for p in teachers.notices if p.code == "indicator_rows_not_used")
    assert not_used.row == 4 and "4–6, 10" in not_used.message_en
    institutions = read_file(data, "gdnn.csv", SCHEMAS["institutions"])
    assert rows(institutions, "year", "province_code", "ownership", "institutions") == [
        ("2018", "VN", "total", "2957.0"),
        ("2019", "VN", "total", "3024.0"),
        ("2018", "VN", "public", "1299.0"),
        ("2019", "VN", "public", "1441.0"),
        ("2018", "VN", "non_public", "1658.0"),
        ("2019", "VN", "non_public", "1583.0"),
    ]
    assert institutions.unit == ""  # institutions are no count of persons: nothing to convert


def test_an_indicator_row_is_mapped_by_its_label_like_a_header():
    lines = VET_VI[:3] + ['"Giảng viên và giáo viên (Nghìn người)";86.9;84.3']
    schema = mapped_schema(SCHEMAS["teachers"], (("Giảng viên và giáo viên (Nghìn người)", "teachers"),))
    result = read_file(vi_csv(lines), "gdnn.csv", schema)
    assert rows(result, "year", "ownership", "sex", "teachers") == [
        ("2018", "total", "total", "86.9"),
        ("2019", "total", "total", "84.3"),
    ]


def test_indicators_as_rows_that_name_no_field_of_the_schema_are_no_header():
    with pytest.raises(ReadError) as err:
        read_file(vi_csv(VET_VI), "gdnn.csv", SCHEMAS["rural_training"])
    assert err.value.problem.code == "no_header"
