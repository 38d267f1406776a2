"""The shipped data package conforms to its declared schemas, keys and foreign keys."""

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from kpis import engine
from kpis.schema import load_package, read_shipped

SCHEMAS = load_package()
ROOT = Path(__file__).resolve().parents[1]


def test_package_is_not_empty():
    assert {
        "enrolment",
        "graduates",
        "rural_training",
        "quality_ranking",
        "certified_labour",
        "targets",
        "provinces",
        "areas",
        "population",
        "institutions",
        "teachers",
        "plan_measures",
    } <= set(SCHEMAS)


@pytest.mark.parametrize("schema", SCHEMAS.values(), ids=lambda s: s.name)
def test_csv_conforms_to_schema(schema):
    raw = pd.read_csv(schema.path, dtype=str, keep_default_na=False)
    assert list(raw.columns) == schema.names, "columns and their order follow the schema"
    frame = read_shipped(schema)
    assert len(frame) > 0
    for f in schema.fields:
        col = frame[f.name]
        present = col[col.notna() & (col != "")]
        if f.required:
            assert len(present) == len(frame), f"{f.name} is required"
        if f.enum:
            assert set(present) <= set(f.enum), f"{f.name}: {set(present) - set(f.enum)}"
        if f.pattern:
            bad = [v for v in present if not re.fullmatch(f.pattern, str(v))]
            assert not bad, f"{f.name}: {bad[:3]}"
        if f.minimum is not None:
            assert (present.astype(float) >= f.minimum).all(), f.name
        if f.maximum is not None:
            assert (present.astype(float) <= f.maximum).all(), f.name
    assert not frame.duplicated(list(schema.primary_key)).any(), "primary key is unique"


@pytest.mark.parametrize("schema", [s for s in SCHEMAS.values() if s.foreign_keys], ids=lambda s: s.name)
def test_province_codes_exist(schema):
    assert all(fk["reference"] == {"resource": "areas", "fields": "code"} for fk in schema.foreign_keys)
    codes = set(read_shipped(SCHEMAS["areas"])["code"])
    used = set(read_shipped(schema)["province_code"])
    assert used <= codes


def test_areas_are_the_country_and_every_province_code_as_built():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_data

    provinces = read_shipped(SCHEMAS["provinces"])
    areas = read_shipped(SCHEMAS["areas"])
    assert list(areas["code"]) == ["VN", *sorted(set(provinces["code"]))]
    assert list(areas["area_type"]) == ["country"] + ["province"] * (len(areas) - 1)
    on_34 = provinces[provinces["vintage"] == 34].set_index("code")["name_vi"]
    assert areas.set_index("code").loc[on_34.index, "name_vi"].equals(on_34)  # named as on the latest list
    built = build_data.build_areas(pd.read_csv(SCHEMAS["provinces"].path, dtype=str, keep_default_na=False))
    assert built.to_csv(index=False, lineterminator="\n") == SCHEMAS["areas"].path.read_text(encoding="utf-8")


def test_every_row_has_a_source_and_value_type():
    names = ("enrolment", "graduates", "rural_training", "quality_ranking", "certified_labour", "targets")
    for name in (*names, "institutions", "teachers", "plan_measures"):
        frame = read_shipped(SCHEMAS[name])
        assert (frame["source"].str.len() > 0).all(), name
        assert frame["value_type"].isin(engine.VALUE_TYPES).all(), name


def test_province_lists_match_the_reform():
    provinces = read_shipped(SCHEMAS["provinces"])
    assert (provinces["vintage"] == 63).sum() == 63
    assert (provinces["vintage"] == 34).sum() == 34
    old = provinces[provinces["vintage"] == 63]
    new_codes = set(provinces.loc[provinces["vintage"] == 34, "code"])
    assert set(old["successor_code"]) == new_codes


def test_population_2019_sums_to_the_census():
    pop = read_shipped(SCHEMAS["population"])
    assert pop[(pop["year"] == 2019) & (pop["vintage"] == 63)]["population"].sum() == 96_208_984


def test_geo_files_and_attribution_are_shipped():
    geo = SCHEMAS["enrolment"].path.parent / "geo"
    assert (geo / "PROVENANCE.md").read_text(encoding="utf-8").count("CC BY-SA 4.0") >= 1
    for n in (63, 34):
        assert (geo / f"vn_provinces_{n}.geojson").stat().st_size > 100_000
