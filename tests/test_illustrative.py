"""Checks of the illustrative province rows: flagged, summing to the national figures, deterministic."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "scripts"))

import build_data  # after the sys.path insert above
import illustrative
import real_data

from kpis.schema import load_package

DATASETS = ["enrolment", "graduates", "rural_training", "certified_labour", "targets"]
# Shipped with their generated province rows: the datasets no real table replaces (certified_labour is E02.55).
GENERATED = [name for name in DATASETS if name not in {f.dataset for f in real_data.REAL_FILES}]
DTYPES = {"province_code": str, "code": str, "successor_code": str, "predecessor_codes": str}


def read(name: str) -> pd.DataFrame:
    """One shipped CSV with codes kept as strings."""
    return pd.read_csv(DATA / f"{name}.csv", dtype=DTYPES)


def split(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(national rows, province rows) of a shipped dataset, both non-empty."""
    frame = read(name)
    national, prov = frame[frame["province_code"] == "VN"], frame[frame["province_code"] != "VN"]
    assert not national.empty and not prov.empty, name
    return national, prov


def inputs() -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The generator's inputs, rebuilt from the national rows of the shipped CSVs."""
    national = {name: split(name)[0].reset_index(drop=True) for name in DATASETS}
    return national, read("provinces"), read("population")


def year_population(year: int) -> pd.Series:
    """Population by code for the vintage in force in `year`, from the nearest year available."""
    pop = read("population")
    pop = pop[pop["vintage"] == (63 if year <= 2024 else 34)]
    nearest = min(pop["year"].unique(), key=lambda y: (abs(y - year), y))
    return pop[pop["year"] == nearest].set_index("province_code")["population"]


def test_some_datasets_still_ship_generated_rows():
    assert GENERATED and "certified_labour" not in GENERATED  # guard: the walks below are not empty


@pytest.mark.parametrize("name", GENERATED)
def test_flags_and_order(name):
    frame = read(name)
    national, prov = split(name)
    assert (prov["value_type"] == "illustrative").all()
    assert (national["value_type"] != "illustrative").all()
    assert prov["source"].str.startswith("illustrative: scripts/illustrative.py (seed ").all()
    # National rows come first, then only province rows.
    assert (frame["province_code"].iloc[: len(national)] == "VN").all()
    assert prov.index.min() == len(national)


def test_enrolment_sums_exactly():
    national, prov = split("enrolment")
    sums = prov.groupby(["year", "level"])["value"].sum()
    assert not sums.empty
    for (year, level), total in sums.items():
        nat = national[(national["year"] == year) & (national["level"] == level)]["value"]
        assert len(nat) == 1 and total == nat.iloc[0], (year, level)
    # A year has either a province total or province levels, never both (the engine sums levels).
    for year, levels in prov.groupby("year")["level"]:
        assert set(levels) == {"total"} or "total" not in set(levels), year
        assert prov[prov["year"] == year].groupby("level").size().nunique() == 1


def test_graduates_and_employed():
    national, prov = split("graduates")
    assert (prov["employed"].dropna() <= prov.loc[prov["employed"].notna(), "graduates"]).all()
    assert prov["employment_rate"].isna().all()
    groups = prov.groupby(["year", "level"])
    assert len(groups) > 0
    checked = 0
    for (year, level), rows in groups:
        nat = national[(national["year"] == year) & (national["level"] == level)].iloc[0]
        assert rows["graduates"].sum() == nat["graduates"]
        if pd.notna(nat["employment_rate"]):
            assert rows["employed"].sum() == round(nat["graduates"] * nat["employment_rate"] / 100)
            checked += 1
    assert checked > 0


def test_rural_training_sums():
    national, prov = split("rural_training")
    assert (prov["employed_after"] <= prov["trained"]).all()
    for year, rows in prov.groupby("year"):
        nat = national[national["year"] == year].iloc[0]
        assert rows["trained"].sum() == nat["trained"]
        assert rows["employed_after"].sum() == nat["employed_after"]


def test_certified_shares():
    """The generator's shares (the shipped ones are the office's E02.55 table, tests/test_real_data.py)."""
    frame = illustrative.add_illustrative(*inputs(), seed=illustrative.SEED)["certified_labour"]
    national, prov = frame[frame["province_code"] == "VN"], frame[frame["province_code"] != "VN"]
    assert prov["share"].between(0, 100).all()
    for year, rows in prov.groupby("year"):
        pop = year_population(year)
        assert set(rows["province_code"]) == set(pop.index), year
        mean = np.average(rows["share"], weights=pop.loc[rows["province_code"]])
        nat = national.loc[national["year"] == year, "share"].iloc[0]
        assert abs(mean - nat) <= 0.1, (year, mean, nat)
    assert 2025 in set(prov["year"]) and (prov["year"] == 2025).sum() == 34


def test_targets_allocate_the_plan():
    national, prov = split("targets")
    assert (prov["source_document"] == "Illustrative provincial allocation of the national plan").all()
    assert prov["baseline_year"].isna().all()
    for (indicator, year), rows in prov.groupby(["indicator_id", "year"]):
        nat = national[(national["indicator_id"] == indicator) & (national["year"] == year)].iloc[0]
        assert rows["value"].sum() == nat["value"]
        assert (rows["target_type"] == nat["target_type"]).all()


def test_shipped_rows_match_the_generator():
    full = illustrative.add_illustrative(*inputs(), seed=illustrative.SEED)
    schemas = load_package()
    for name in GENERATED:
        shipped = build_data.as_shipped(full[name], schemas[name])
        assert shipped.to_csv(index=False, lineterminator="\n") == (DATA / f"{name}.csv").read_text(), name


def test_deterministic_and_seed_sensitive():
    national, provinces, population = inputs()
    first = illustrative.add_illustrative(national, provinces, population, seed=illustrative.SEED)
    again = illustrative.add_illustrative(national, provinces, population, seed=illustrative.SEED)
    other = illustrative.add_illustrative(national, provinces, population, seed=illustrative.SEED + 1)
    for name in DATASETS:
        assert not first[name].empty
        pd.testing.assert_frame_equal(first[name], again[name])
        pd.testing.assert_frame_equal(first[name].iloc[: len(national[name])], national[name], check_dtype=False)
    assert not first["enrolment"]["value"].equals(other["enrolment"]["value"])
    assert not first["certified_labour"]["share"].equals(other["certified_labour"]["share"])


def test_merged_provinces_and_range_targets():
    national, provinces, population = inputs()
    extra = national["enrolment"].iloc[:1].assign(year=2025, level="total", value=2_600_000)
    national["enrolment"] = pd.concat([national["enrolment"], extra], ignore_index=True)
    full = illustrative.add_illustrative(national, provinces, population)
    enrol = full["enrolment"][(full["enrolment"]["year"] == 2025) & (full["enrolment"]["province_code"] != "VN")]
    assert len(enrol) == 34 and enrol["value"].sum() == 2_600_000
    targets = full["targets"]
    rows = targets[(targets["year"] == 2025) & (targets["province_code"] != "VN")]
    assert len(rows) == 34 and rows["value"].sum() == 2_500_000 and rows["value_high"].sum() == 2_700_000
    assert (rows["value"] <= rows["value_high"]).all()


def test_split_total_respects_caps():
    cap = np.array([5, 100, 100, 3])
    out = illustrative.split_total(150, [10.0, 1.0, 1.0, 10.0], cap=cap)
    assert out.sum() == 150 and (out <= cap).all() and list(out[[0, 3]]) == [5, 3]
    assert illustrative.split_total(10, [1, 1, 1]).tolist() == [4, 3, 3]
