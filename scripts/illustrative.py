"""Deterministic ILLUSTRATIVE province rows, split from the published national figures (see data/ILLUSTRATIVE.md)."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

SEED = 20210101
PROPENSITY_SIGMA = 0.25  # spread of a province's fixed identity
NOISE_SIGMA = 0.05  # year-to-year wobble around that identity
TARGET_SIGMA = 0.04  # how far a provincial plan departs from its enrolment share
CENSUS_YEAR = 2019  # the only year with rural population
CERTIFIED_FROM = 2018  # first year of the GSO certified-labour share
LAST_63_YEAR = 2024  # the 34 units apply from 1 July 2025
SPLIT_LEVELS = ("college", "intermediate")


def _source(seed: int, year: int) -> str:
    """The source text of a generated row."""
    return f"illustrative: scripts/illustrative.py (seed {seed}), scaled to the national figure of {year}"


def _rng(seed: int, *key) -> np.random.Generator:
    """Generator for one (dataset, year, level) key, so adding a year does not reshuffle the others."""
    words = [k if isinstance(k, int) else zlib.crc32(str(k).encode()) for k in key]
    return np.random.default_rng([seed, *words])


def split_total(total: int, weights, cap=None) -> np.ndarray:
    """Split an integer total in proportion to weights by the largest-remainder method, never above cap."""
    w = np.asarray(weights, dtype=float)
    cap = np.full(len(w), np.inf) if cap is None else np.asarray(cap, dtype=float)
    quota, free = np.zeros(len(w)), np.ones(len(w), dtype=bool)
    # Water-filling: a unit whose share would pass its cap is fixed at the cap and the rest re-split.
    while free.any():
        quota[free] = (total - quota[~free].sum()) * w[free] / w[free].sum()
        over = free & (quota > cap)
        if not over.any():
            break
        quota[over], free = cap[over], free & ~over
    out = np.floor(quota + 1e-9).astype(np.int64)
    frac = np.where(out >= cap, -1.0, quota - out)  # a capped unit cannot take an extra one
    out[np.argsort(-frac, kind="stable")[: int(total) - int(out.sum())]] += 1
    assert out.sum() == total and (out <= cap).all(), "largest-remainder split failed"
    return out


def _units(provinces: pd.DataFrame, population: pd.DataFrame, seed: int) -> dict[int, pd.DataFrame]:
    """Per vintage: census population, rural population, urban share and fixed propensity, indexed by code."""
    census = population[(population["year"] == CENSUS_YEAR) & (population["vintage"] == 63)]
    census = census.set_index("province_code")[["population", "rural_population"]].astype(float).sort_index()
    census.columns = ["census", "rural"]
    # One draw per old province, in code order; a merged unit inherits the population-weighted mean.
    census["propensity"] = np.random.default_rng(seed).lognormal(0.0, PROPENSITY_SIGMA, len(census))
    rows = []
    for r in provinces[provinces["vintage"].astype(int) == 34].sort_values("code").to_dict("records"):
        part = census.loc[str(r["predecessor_codes"]).split()]
        rows.append(
            {
                "province_code": r["code"],
                "census": part["census"].sum(),
                "rural": part["rural"].sum(),
                "propensity": np.average(part["propensity"], weights=part["census"]),
            }
        )
    units = {63: census, 34: pd.DataFrame(rows).set_index("province_code")}
    for frame in units.values():
        frame["urban"] = 1.0 - frame["rural"] / frame["census"]
    return units


def _year_units(units: dict, population: pd.DataFrame, year: int) -> pd.DataFrame:
    """Units in force in `year` with the population of that year, or of the nearest year of that vintage."""
    vintage = 63 if year <= LAST_63_YEAR else 34
    pop = population[population["vintage"] == vintage]
    nearest = min(pop["year"].unique(), key=lambda y: (abs(int(y) - year), y))
    out = units[vintage].copy()
    out["pop"] = pop[pop["year"] == nearest].set_index("province_code")["population"].astype(float)
    return out


def finest_levels(levels) -> list[str]:
    """The most detailed national levels that partition the total, or ["total"] when they do not."""
    levels = set(levels)
    if set(SPLIT_LEVELS) <= levels:
        upper = list(SPLIT_LEVELS)
    else:
        upper = ["college_intermediate"] if "college_intermediate" in levels else []
    lower = ["elementary_other"] if "elementary_other" in levels else []
    # Levels that do not cover the whole total would leave part of it unallocated: fall back to the total.
    if "total" in levels and not (upper and lower):
        return ["total"]
    return upper + lower


def _noise(seed: int, n: int, *key) -> np.ndarray:
    """Per-province lognormal factors near 1 for one key."""
    return _rng(seed, *key).lognormal(0.0, NOISE_SIGMA, n)


def _employed_graduates(nat: pd.Series) -> int | None:
    """National employed graduates: round(graduates x published rate / 100), if a rate is published."""
    if pd.isna(nat["employment_rate"]):
        return None
    return round(float(nat["graduates"]) * float(nat["employment_rate"]) / 100)


def _employed_rural(nat: pd.Series) -> int | None:
    """National rural trainees employed afterwards, as published."""
    return None if pd.isna(nat["employed_after"]) else int(nat["employed_after"])


def _counts(
    national: pd.DataFrame, units, population, seed, name, count, employed=None, rural=False
) -> list[pd.DataFrame]:
    """Province rows splitting `count` of each finest national level by population x propensity x noise."""
    have = national.dropna(subset=[count])
    if "level" not in have.columns:
        have = have.assign(level="total")
    rows = []
    for year, group in have.groupby("year", sort=True):
        year = int(year)
        u = _year_units(units, population, year)
        # Rural training follows the rural population (2019 census share, carried to the year's population).
        base = u["rural"] * u["pop"] / u["census"] if rural else u["pop"]
        by_level = group.set_index("level")
        for level in finest_levels(by_level.index):
            nat = by_level.loc[level]
            values = split_total(int(nat[count]), base * u["propensity"] * _noise(seed, len(u), name, year, level))
            row = {"year": year, "province_code": list(u.index), "level": level, count: values}
            target = employed[1](nat) if employed else None
            if target is not None:
                rate = target / float(nat[count])
                wish = np.minimum(values * rate * _noise(seed, len(u), name, "employed", year, level), values)
                row[employed[0]] = split_total(target, wish, cap=values)
            rows.append(pd.DataFrame({**row, "source": _source(seed, year)}))
    return rows


def _certified(national: pd.DataFrame, units, population, seed) -> list[pd.DataFrame]:
    """Shares tilted by urbanisation and propensity, rescaled to the national population-weighted mean."""
    rows = []
    for nat in national.dropna(subset=["share"]).sort_values("year").to_dict("records"):
        year = int(nat["year"])
        if year < CERTIFIED_FROM:  # earlier points come from other series and stay national-only
            continue
        u = _year_units(units, population, year)
        ref_urban = np.average(u["urban"], weights=u["census"])
        factor = (0.5 + 0.5 * u["urban"] / ref_urban) * np.sqrt(u["propensity"])
        factor = factor * _noise(seed, len(u), "certified_labour", year)
        for _ in range(20):  # clipping to 0..100 moves the mean; a few rescales settle it
            share = np.clip(factor * float(nat["share"]) * u["pop"].sum() / (factor * u["pop"]).sum(), 0, 100)
            if abs(np.average(share, weights=u["pop"]) - float(nat["share"])) < 0.01:
                break
            factor = share / float(nat["share"])
        rows.append(
            pd.DataFrame(
                {
                    "year": year,
                    "province_code": list(u.index),
                    "share": np.round(share, 1),
                    "source": _source(seed, year),
                }
            )
        )
    return rows


def _targets(national: pd.DataFrame, enrolment: pd.DataFrame, seed: int) -> list[pd.DataFrame]:
    """Provincial plans: the national enrolment target split by enrolment share x a factor near 1."""
    rows = []
    plans = national[(national["indicator_id"] == "enrolment_total") & (national["province_code"] == "VN")]
    for nat in plans.sort_values("year").to_dict("records"):
        year = int(nat["year"])
        enrolled = enrolment[enrolment["year"] == year].groupby("province_code")["value"].sum().astype(float)
        if enrolled.empty:
            continue
        weights = enrolled * _rng(seed, "targets", year).lognormal(0.0, TARGET_SIGMA, len(enrolled))
        row = {
            "indicator_id": nat["indicator_id"],
            "year": year,
            "province_code": list(enrolled.index),
            "level": "total",
            "target_type": nat["target_type"],
            "value": split_total(int(nat["value"]), weights),
            "value_high": pd.NA,
            "source_document": "Illustrative provincial allocation of the national plan",
            "source": _source(seed, year),
        }
        if pd.notna(nat["value_high"]):
            # Same weights for both ends keep each province's range in order.
            row["value_high"] = np.maximum(split_total(int(nat["value_high"]), weights), row["value"])
        rows.append(pd.DataFrame(row))
    return rows


def _finish(national: pd.DataFrame, parts: list[pd.DataFrame], keys: list[str], ints: list[str]) -> pd.DataFrame:
    """National rows first and unchanged, then the province rows sorted by keys, in the national columns."""
    prov = _stack(parts, national.columns).assign(value_type="illustrative", note="")
    prov = prov.reindex(columns=national.columns).sort_values(keys, kind="stable", ignore_index=True)
    ints = {c: "Int64" for c in ints}
    return pd.concat([national.astype(ints), prov.astype(ints)], ignore_index=True)


def _stack(parts: list[pd.DataFrame], columns) -> pd.DataFrame:
    """Concatenate generated parts, or an empty frame with the given columns."""
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(columns))


def _integral(series: pd.Series) -> bool:
    """Whether every non-empty value is a whole number."""
    values = pd.to_numeric(series).dropna()
    return bool((values == values.round()).all())


def add_illustrative(
    national: dict[str, pd.DataFrame], provinces: pd.DataFrame, population: pd.DataFrame, seed: int = SEED
) -> dict[str, pd.DataFrame]:
    """Return each national frame followed by its illustrative province rows."""
    population = population.assign(year=population["year"].astype(int), vintage=population["vintage"].astype(int))
    units = _units(provinces, population, seed)
    enrol = _counts(national["enrolment"], units, population, seed, "enrolment", "value")
    grads = _counts(
        national["graduates"],
        units,
        population,
        seed,
        "graduates",
        "graduates",
        employed=("employed", _employed_graduates),
    )
    rural = _counts(
        national["rural_training"],
        units,
        population,
        seed,
        "rural_training",
        "trained",
        employed=("employed_after", _employed_rural),
        rural=True,
    )
    enrol_rows = _stack(enrol, ["year", "province_code", "value"])
    targets = national["targets"]
    # value_high holds whole numbers; Int64 keeps "2700000" from being written as "2700000.0".
    target_ints = ["value", "value_high", "baseline_year"] if _integral(targets["value_high"]) else ["baseline_year"]
    return {
        "enrolment": _finish(national["enrolment"], enrol, ["year", "province_code", "level"], ["value"]),
        "graduates": _finish(
            national["graduates"], grads, ["year", "province_code", "level"], ["graduates", "employed"]
        ),
        "rural_training": _finish(
            national["rural_training"], rural, ["year", "province_code"], ["trained", "employed_after"]
        ),
        "certified_labour": _finish(
            national["certified_labour"],
            _certified(national["certified_labour"], units, population, seed),
            ["year", "province_code"],
            [],
        ),
        "targets": _finish(
            targets,
            _targets(targets, enrol_rows, seed),
            ["year", "province_code", "level", "indicator_id"],
            target_ints,
        ),
    }
