"""Real tables shipped in place of generated rows (scripts/real_data.py): how they replace rows, and what the
shipped certified_labour holds once the product's reader reads the statistics office's E02.55 file."""

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import real_data

from kpis.schema import load_package, read_shipped

REF = ROOT.parent / "shared" / "reference"


def _rows(rows):
    return pd.DataFrame(
        [
            {"year": y, "province_code": p, "share": v, "source": s, "value_type": vt, "note": ""}
            for y, p, v, s, vt in rows
        ]
    )


def test_real_rows_replace_generated_ones_and_the_rest_stays_flagged(monkeypatch):
    generated = _rows(
        [
            (2019, "VN", 23.1, "press", "actual"),
            (2025, "VN", 29.0, "press", "estimate"),
            (2019, "01", 40.0, "gen", "illustrative"),
            (2019, "02", 10.0, "gen", "illustrative"),
            (2025, "01", 50.0, "gen", "illustrative"),  # a 2025 row on the 34-province list
            (2025, "04", 20.0, "gen", "illustrative"),
            (2030, "01", 55.0, "gen", "illustrative"),  # a year the real file does not cover
        ]
    )
    real = _rows(
        [
            (2019, "VN", 22.8, "E02.55", "actual"),
            (2019, "01", 48.1, "E02.55", "actual"),
            (2025, "01", 54.89, "E02.55", "preliminary"),
        ]
    )
    monkeypatch.setattr(real_data, "read_real", lambda entry, ref: real)
    out = real_data.with_real_rows(generated, "certified_labour", REF)
    got = list(out[["year", "province_code", "share", "value_type"]].itertuples(index=False, name=None))
    assert got == [
        (2019, "VN", 22.8, "actual"),
        (2025, "VN", 29.0, "estimate"),  # no real national 2025 here: the published row stays
        (2019, "01", 48.1, "actual"),
        (2025, "01", 54.89, "preliminary"),
        (2030, "01", 55.0, "illustrative"),
    ]


def test_an_unreadable_real_file_keeps_the_generated_rows_or_fails_when_strict(monkeypatch):
    generated = _rows([(2019, "01", 40.0, "gen", "illustrative")])

    def unreadable(entry, ref):
        raise real_data.NotReadable("no header row")

    monkeypatch.setattr(real_data, "read_real", unreadable)
    kept = real_data.with_real_rows(generated, "certified_labour", REF)
    assert kept.drop(columns="vintage").equals(generated) and kept["vintage"].tolist() == [63]  # with its list
    with pytest.raises(real_data.NotReadable, match="no header row"):
        real_data.with_real_rows(generated, "certified_labour", REF, strict=True)


def test_every_real_file_is_shared_and_feeds_an_uploadable_dataset():
    assert real_data.REAL_FILES  # guard: the walk is not empty
    for entry in real_data.REAL_FILES:
        assert (REF / entry.path).is_file(), entry.path
        assert entry.dataset in load_package() and entry.source and entry.value_type == "actual"


def test_the_shipped_certified_labour_is_the_office_table_where_it_exists():
    frame = read_shipped(load_package()["certified_labour"])
    real = frame[frame["source"] == real_data.REAL_FILES[0].source]
    per_year = real.groupby("year")["province_code"].nunique()
    assert list(per_year.index) == list(range(2008, 2026)) and (per_year == 64).all()  # 63 provinces + VN
    assert set(real.loc[real["year"] < 2025, "value_type"]) == {"actual"}
    assert set(real.loc[real["year"] == 2025, "value_type"]) == {"preliminary"}
    assert real.query("year == 2024 and province_code == '01'")["share"].item() == 53.90
    assert real.query("year == 2025 and province_code == 'VN'")["share"].item() == 29.34
    provincial = real[real["province_code"] != "VN"]
    assert set(provincial.loc[provincial["year"] == 2025, "vintage"]) == {63}  # the office's 2025 is on the 63
    assert real.loc[real["province_code"] == "VN", "vintage"].isna().all()  # the national row is on no list
    years = set(real["year"])
    assert not ((frame["value_type"] == "illustrative") & frame["year"].isin(years)).any()
