"""Issue 10, class 11: the reader exposes the file's header cells and what each matched; the store remembers the
analyst's mapping per dataset and file layout (the header signature)."""

from __future__ import annotations

import pytest

from kpis import metadata
from kpis.column_maps import column_map, signature
from kpis.reading import read_file
from kpis.schema import load_package

SCHEMAS = load_package()
LABOUR = SCHEMAS["certified_labour"]
# A header the schema does not know ("LĐ có CMKT (%)"), and a first header cell holding a comma.
UNKNOWN = 'Năm,"Tỉnh, thành phố",LĐ có CMKT (%),Nguồn,Loại số liệu\n2024,Hà Nội,"53,9",GSO,actual\n'.encode()
HEADER = ("Năm", "Tỉnh, thành phố", "LĐ có CMKT (%)", "Nguồn", "Loại số liệu")


def test_the_read_result_has_the_header_cells_and_the_field_each_matched():
    read = read_file(UNKNOWN, "labour.csv", LABOUR)
    assert read.header == HEADER  # one cell "Tỉnh, thành phố", not two
    assert read.header_fields == ("year", "province_code", "", "source", "value_type")
    assert read.year_columns == ()


def test_a_wide_table_names_its_year_columns():
    text = "Tỉnh,2019,2020,Nguồn,Loại số liệu\nHà Nội,50,51,GSO,actual\n"
    read = read_file(text.encode(), "wide.csv", LABOUR)
    assert read.header == ("Tỉnh", "2019", "2020", "Nguồn", "Loại số liệu")
    assert read.year_columns == (1, 2)
    assert read.header_fields[0] == "province_code" and read.header_fields[1:3] == ("", "")


def test_the_choices_become_the_cli_map_and_the_column_is_read():
    read = read_file(UNKNOWN, "labour.csv", LABOUR)
    chosen = ("year", "province_code", "share", "source", "value_type")
    pairs = column_map(read.header, read.header_fields, chosen)
    assert pairs == (("LĐ có CMKT (%)", "share"),)
    mapped = read_file(UNKNOWN, "labour.csv", metadata.mapped_schema(LABOUR, pairs))
    assert mapped.table["share"].tolist() == ["53,9"]
    assert mapped.header_fields[2] == "share"


def test_the_signature_is_the_normalised_header_in_order_with_diacritics():
    assert signature(HEADER) == signature(("năm ", "TỈNH,  thành phố", "lđ có cmkt (%)", "NGUỒN", "loại số liệu"))
    assert signature(HEADER) != signature(HEADER[::-1])
    assert signature(("Nam", "Tỉnh")) != signature(("Năm", "Tỉnh"))  # male is not year
    # cells are kept apart: a comma inside a cell is not a cell boundary
    assert signature(("Tỉnh, thành phố",)) != signature(("Tỉnh", "thành phố"))


def test_the_store_remembers_a_mapping_per_dataset_and_layout(store):
    assert store.column_map("certified_labour", HEADER) is None
    chosen = ("year", "province_code", "share", "source", "")
    store.save_column_map("certified_labour", HEADER, chosen, user="lan")
    assert store.column_map("certified_labour", HEADER) == chosen
    assert store.column_map("certified_labour", [h.upper() for h in HEADER]) == chosen  # the same layout
    assert store.column_map("population", HEADER) is None  # per dataset
    assert store.column_map("certified_labour", HEADER[:4]) is None  # another layout
    changed = ("year", "province_code", "share", "source", "value_type")
    store.save_column_map("certified_labour", HEADER, changed, user="lan")  # a second save replaces the first
    assert store.column_map("certified_labour", HEADER) == changed


def test_a_mapping_must_name_a_field_per_header_cell(store):
    with pytest.raises(ValueError, match="5 header cells but 2 fields"):
        store.save_column_map("certified_labour", HEADER, ("year", "share"), user="lan")
