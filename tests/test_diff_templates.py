"""The preview of a change, and the templates analysts fill in."""

import io

import openpyxl
import pandas as pd

from kpis.diff import compare
from kpis.schema import load_package, read_shipped
from kpis.templates import header, template_bytes

SCHEMA = load_package()["certified_labour"]


def test_compare_finds_added_changed_removed():
    old = read_shipped(SCHEMA)
    new = old.copy()
    national_2020 = (new["year"] == 2020) & (new["province_code"] == "VN")
    before = f"{new.loc[national_2020, 'share'].item():g}"
    new.loc[national_2020, "share"] = 24.5
    new = new[~((new["year"] == 2018) & (new["province_code"] == "01"))]
    extra = new[new["province_code"] == "VN"].head(1).assign(year=2026, share=31.0)
    new = pd.concat([new, extra], ignore_index=True)
    diff = compare(SCHEMA, old, new)
    assert len(diff.added) == 1 and diff.added["year"].tolist() == [2026]
    assert len(diff.removed) == 1 and diff.removed["province_code"].tolist() == ["01"]
    assert diff.changed[["year", "province_code", "column", "old", "new"]].values.tolist() == [
        [2020, "VN", "share", before, "24.5"]
    ]
    assert diff.unchanged == len(old) - 2
    assert diff.years == [2018, 2020, 2026] and diff.provinces == ["01", "VN"]


def test_compare_of_identical_versions_is_empty():
    old = read_shipped(SCHEMA)
    assert compare(SCHEMA, old, old.copy()).empty


def test_csv_template_has_the_headers_in_the_language():
    data = template_bytes(SCHEMA, "csv", "vi", read_shipped(SCHEMA))
    assert data.startswith(b"\xef\xbb\xbf")
    first = data.decode("utf-8-sig").splitlines()[0]
    assert first.split(",") == header(SCHEMA, "vi")
    assert first.startswith("Năm,Mã tỉnh,Tỷ lệ (%)")


def test_xlsx_template_has_data_and_instructions_sheets():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(SCHEMA, "xlsx", "en", read_shipped(SCHEMA))))
    assert wb.sheetnames == ["Data", "Instructions"]
    data = wb["Data"]
    assert [c.value for c in data[1]] == header(SCHEMA, "en")
    assert data.max_row == 4  # header + 3 example rows, national first
    assert data.cell(row=2, column=2).value == "VN"
    guide = [r for r in wb["Instructions"].iter_rows(values_only=True)]
    assert any(row and row[1] == "share" for row in guide)
