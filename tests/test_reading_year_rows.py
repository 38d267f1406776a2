"""Issue 10: years as rows under a group row, the office's national tables ("chia theo Cách tính, Năm và Phân tổ").

The header names breakdowns after blank cells; a group row holds the measure group and its unit alone in the first
column; each year is a row, its year in the second column ("Sơ bộ 2019", "Prel. 2019"). Vietnamese and English.
"""

from __future__ import annotations

import pytest

from kpis.metadata import mapped_schema
from kpis.problems import ReadError
from kpis.reading import read_file
from kpis.schema import load_package

CERT = load_package()["certified_labour"]

VI = [
    '"Tỷ lệ lao động đã qua đào tạo có bằng, chứng chỉ chia theo Cách tính, Năm và Phân tổ"',
    "",
    '" ";" ";"Tổng số";"Nam";"Nữ"',
    '"Tỷ lệ (%)"',
    '" ";"2017";21.6;23.9;19.1',
    '" ";"2018";22.0;24.3;19.5',
    '" ";"Sơ bộ 2019";22.8;25.1;20.3',
    "",
    '"(*) Số liệu điều chỉnh theo kết quả Tổng điều tra dân số và nhà ở 01/4/2019."',
]
EN = [
    '"Percentage of trained labour force by Method, Year and Breakdown"',
    "",
    '" "," ","Total","Male","Female"',
    '"Rate (%)"',
    '" ","2017",21.6,23.9,19.1',
    '" ","2018",22.0,24.3,19.5',
    '" ","Prel. 2019",22.8,25.1,20.3',
]


@pytest.mark.parametrize(("lines", "total"), [(VI, "Tổng số"), (EN, "Total")], ids=["vi", "en"])
def test_years_as_rows_read_as_the_whole_country_s_years(lines, total):
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    result = read_file(data, "ty_le.csv", mapped_schema(CERT, ((total, "share"),)))
    t = result.table
    assert t["year"].tolist() == ["2017", "2018", "2019"]
    assert t["share"].tolist() == ["21.6", "22.0", "22.8"]
    assert t["province_code"].tolist() == ["VN"] * 3
    assert t["value_type"].tolist() == ["", "", "preliminary"]
    assert result.rows == [5, 6, 7]  # the group row (4) is layout, not data
    codes = {p.code for p in result.notices}
    assert {"group_rows_ignored", "national_table", "unknown_columns"} <= codes
    (group,) = [p for p in result.notices if p.code == "group_rows_ignored"]
    assert group.row == 4 and "(%)" in group.message_en and "dòng nhóm" in group.message_vi
    # 'Nam' (male) is not the year: the header writes diacritics, so the years come from the rows.
    assert "duplicate_column" not in codes


def test_a_header_naming_no_field_beside_years_as_rows_is_still_no_header():
    """Without the analyst's map, 'Tổng số' names no field of the table: the reader does not guess."""
    data = ("\ufeff" + "\n".join(VI) + "\n").encode("utf-8")
    with pytest.raises(ReadError):
        read_file(data, "ty_le.csv", CERT)
