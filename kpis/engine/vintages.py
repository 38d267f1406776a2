"""History on another province list: an indicator's provincial values carried onto today's 34 provinces."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kpis.engine.observations import (
    NATIONAL,
    OBS_COLUMNS,
    _values,
    measure_rows,
    observations,
    observations_as_given,
    on_year_lists,
    row_vintages,
    worst_value_type,
)
from kpis.registry import Indicator

VINTAGES = (63, 34)  # the lists a view is offered on, with boundaries (engine.LISTS: every list since 1997)
# How a value on the 34 was obtained from the provinces that formed it (the `basis` of the row).
SUM_OF_PREDECESSORS = "sum_of_predecessors"  # counts: the predecessors' values added up
RATIO_OF_PREDECESSORS = "ratio_of_predecessors"  # rates: summed numerator over summed denominator
POPULATION_WEIGHTED = "population_weighted"  # rates without counts: weighted by population, `inferred`


def successors(provinces: pd.DataFrame) -> dict[str, str]:
    """Each province code of the 63 list -> the code of the province of the 34 it became part of."""
    old = provinces[provinces["vintage"] == 63]
    return dict(zip(old["code"], old["successor_code"], strict=True))


def predecessors(provinces: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each province code of the 34 list -> the codes of the 63 list it was formed from."""
    new = provinces[provinces["vintage"] == 34]
    return {
        code: tuple(str(parts).split()) if isinstance(parts, str) and parts.strip() else (code,)
        for code, parts in zip(new["code"], new["predecessor_codes"], strict=True)
    }


def with_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each provincial row's province list in `vintage` (kept where given, else its year's list);
    the national row is on no list (one national figure per year). For datasets that keep a row's list."""
    lists = row_vintages(frame).astype("Int64")
    return frame.assign(vintage=lists.where(frame["province_code"] != NATIONAL))


def published_lists(indicator: Indicator, frames: Mapping[str, pd.DataFrame], year: int) -> tuple[int, ...]:
    """The province lists (of 63, 34) on which the indicator's dataset holds provincial rows for `year`: one list
    for most years, possibly both for the transition year 2025."""
    frame = measure_rows(indicator, frames)
    if "province_code" not in frame.columns or frame.empty:
        return ()
    rows = frame[(frame["year"].astype(int) == year) & (frame["province_code"] != NATIONAL)]
    lists = set(row_vintages(rows)) if len(rows) else set()
    return tuple(v for v in VINTAGES if v in lists)


def _complete(obs: pd.DataFrame, succ: Mapping[str, str], pred: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rows of 63-list observations whose (year, successor) has a value for every predecessor, with `successor`."""
    obs = obs[obs["province_code"] != NATIONAL].assign(successor=lambda f: f["province_code"].map(succ))
    obs = obs[obs["successor"].notna()]
    present = obs.groupby(["year", "successor"])["province_code"].transform("nunique")
    wanted = obs["successor"].map(lambda code: len(pred.get(code, ())))
    return obs[present == wanted]


def _summed(obs: pd.DataFrame, basis: str) -> pd.DataFrame:
    """One row per (year, successor): the sum of `value`, the least certain type, each source once."""
    out = (
        obs.groupby(["year", "successor"], sort=True)
        .agg(
            value=("value", "sum"),
            value_type=("value_type", worst_value_type),
            source=("source", lambda s: " | ".join(dict.fromkeys(str(x) for x in s if pd.notna(x)))),
            level_used=("level_used", "first"),
        )
        .reset_index()
        .rename(columns={"successor": "province_code"})
    )
    return out.assign(basis=basis)[OBS_COLUMNS]


def _ratio_of_counts(indicator: Indicator, old: pd.DataFrame, succ, pred) -> pd.DataFrame:
    """Rates recomputed on the 34 from numerator and denominator summed over complete predecessors."""
    m = indicator.measure
    parts = []
    for rank, level in enumerate(m.levels or ("",)):
        num = _complete(_values(old, m.numerator, level), succ, pred)
        den = _complete(_values(old, m.denominator, level), succ, pred)
        if num.empty or den.empty:
            continue
        both = _summed(num, RATIO_OF_PREDECESSORS).merge(
            _summed(den, RATIO_OF_PREDECESSORS), on=["year", "province_code"], suffixes=("_n", "_d")
        )
        both = both[both["value_d"] > 0]
        parts.append(
            pd.DataFrame(
                {
                    "year": both["year"],
                    "province_code": both["province_code"],
                    "value": 100.0 * both["value_n"] / both["value_d"],
                    "value_type": [
                        worst_value_type(p) for p in zip(both["value_type_n"], both["value_type_d"], strict=True)
                    ],
                    "source": both["source_n"],
                    "basis": RATIO_OF_PREDECESSORS,
                    "level_used": level,
                    "_pref": rank,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=OBS_COLUMNS)
    out = pd.concat(parts, ignore_index=True).sort_values(["year", "province_code", "_pref"])
    return out.drop_duplicates(["year", "province_code"])[OBS_COLUMNS]


def _nearest_population(pop: pd.DataFrame, obs: pd.DataFrame) -> np.ndarray:
    """Each observation's province population in the nearest year (the earlier of two as near; NaN without one)."""
    own = pop[["province_code", "year", "population"]].assign(year=pop["year"].astype(int))
    own = own.drop_duplicates(["province_code", "year"], keep="first").rename(columns={"year": "_py"})
    keys = pd.DataFrame({"year": obs["year"].astype(int).to_numpy(), "province_code": obs["province_code"].to_numpy()})
    both = keys.reset_index(names="_i").merge(own, on="province_code", how="left")
    both["_d"] = (both["_py"] - both["year"]).abs()
    nearest = both.sort_values(["_i", "_d", "_py"], kind="stable").drop_duplicates("_i")
    return nearest.set_index("_i")["population"].reindex(range(len(keys))).astype(float).to_numpy()


def _population_weighted(obs: pd.DataFrame, population: pd.DataFrame | None, succ, pred) -> pd.DataFrame:
    """Rates without counts: the predecessors' values weighted by their population (nearest year), `inferred`."""
    if population is None or population.empty:
        return pd.DataFrame(columns=OBS_COLUMNS)
    pop = population[population["vintage"].astype(int) == 63]
    obs = _complete(obs, succ, pred)
    if obs.empty or pop.empty:
        return pd.DataFrame(columns=OBS_COLUMNS)
    obs = obs.assign(_w=_nearest_population(pop, obs))
    weighed = obs["_w"].notna().groupby([obs["year"], obs["successor"]]).transform("all")
    obs = obs[weighed.astype(bool)].assign(value=lambda f: f["value"] * f["_w"])
    if obs.empty:
        return pd.DataFrame(columns=OBS_COLUMNS)
    totals = obs.groupby(["year", "successor"])["_w"].sum().rename("_total").reset_index()
    out = _summed(obs, POPULATION_WEIGHTED).merge(
        totals.rename(columns={"successor": "province_code"}), on=["year", "province_code"]
    )
    out["value"] = out["value"] / out["_total"]
    out["value_type"] = [worst_value_type((t, "inferred")) for t in out["value_type"]]
    return out[OBS_COLUMNS]


def observations_on(
    indicator: Indicator,
    frames: Mapping[str, pd.DataFrame],
    provinces: pd.DataFrame,
    vintage: int | None = None,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """An indicator's observations with every provincial value on the list `vintage` (None: as published).

    On the 34: a year published on the 63 is carried onto the 34, counts summed over the old provinces that form
    each new one, rates recomputed from their summed numerator and denominator where the measure has both, else
    weighted by population and `inferred` (the `basis` names the method: sum_of_predecessors,
    ratio_of_predecessors, population_weighted). A new province gets a value only where every predecessor has one.
    Rows published on the 34 are kept as they are; in a year holding both lists (2025) a province published on the
    34 is never counted again from its predecessors. National rows are the published (or summed) ones, unchanged.
    On the 63: the years published on the 63 only (a year published on the 34 cannot be split back).
    """
    if vintage is None:
        return observations(indicator, frames)
    full = observations_as_given(
        indicator, {**frames, indicator.measure.dataset: on_year_lists(frames[indicator.measure.dataset])}
    )
    if vintage not in VINTAGES:
        raise ValueError(f"vintage must be one of {VINTAGES}, not {vintage!r}")
    m = indicator.measure
    frame = frames[m.dataset]
    national = full[full["province_code"] == NATIONAL]
    if "province_code" not in frame.columns or frame.empty:
        return full
    on_old = (row_vintages(frame) == 63) & (frame["province_code"] != NATIONAL)
    provincial = frame["province_code"] != NATIONAL

    def observed(rows: pd.DataFrame) -> pd.DataFrame:
        obs = observations_as_given(indicator, {**frames, m.dataset: rows})
        return obs[obs["province_code"] != NATIONAL]

    if vintage == 63:
        kept = observed(frame[on_old])
        return _ordered(pd.concat([kept, national], ignore_index=True))
    succ, pred = successors(provinces), predecessors(provinces)
    direct = observed(frame[provincial & ~on_old])
    old = frame[on_old]
    for key, wanted in m.filter:
        old = old[old[key] == wanted]
    if m.kind == "ratio":
        carried = _ratio_of_counts(indicator, old, succ, pred)
        rates = observed(frame[on_old])
        missing = _not_in(rates.assign(successor=rates["province_code"].map(succ)), carried)
        weighted = _population_weighted(missing.drop(columns="successor"), population, succ, pred)
        carried = pd.concat([carried, weighted], ignore_index=True)
    elif indicator.aggregation == "sum":
        carried = _summed(_complete(observed(frame[on_old]), succ, pred), SUM_OF_PREDECESSORS)
    else:
        carried = _population_weighted(observed(frame[on_old]), population, succ, pred)
    carried = _not_in(carried.assign(successor=carried["province_code"]), direct).drop(columns="successor")
    return _ordered(pd.concat([direct, carried, national], ignore_index=True))


def population_on(population: pd.DataFrame, provinces: pd.DataFrame, vintage: int) -> pd.DataFrame:
    """The population rows on the list `vintage`; on the 34, a year counted on the 63 only is carried onto the 34
    (the predecessors' populations added up, where every predecessor has one), so that a 63-era year's values
    per 10,000 on the 34 use that year's population, not the nearest year counted on the 34."""
    if vintage not in VINTAGES:
        raise ValueError(f"vintage must be one of {VINTAGES}, not {vintage!r}")
    rows = population[population["vintage"].astype(int) == vintage]
    if vintage == 63:
        return rows.reset_index(drop=True)
    succ, pred = successors(provinces), predecessors(provinces)
    old = population[population["vintage"].astype(int) == 63].assign(successor=lambda f: f["province_code"].map(succ))
    old = old[old["successor"].notna()]
    present = old.groupby(["year", "successor"])["province_code"].transform("nunique")
    old = old[present == old["successor"].map(lambda code: len(pred.get(code, ())))]
    counted = set(zip(rows["year"].astype(int), rows["province_code"], strict=True))
    old = old[[(int(y), c) not in counted for y, c in zip(old["year"], old["successor"], strict=True)]]
    carried = (
        old.groupby(["year", "successor"], sort=True)["population"]
        .sum()
        .reset_index()
        .rename(columns={"successor": "province_code"})
        .assign(vintage=vintage, value_type="inferred")
    )
    return pd.concat([rows, carried], ignore_index=True)


def carried_methods(obs: pd.DataFrame) -> list[str]:
    """The methods (`basis`) by which rows of `obs` were carried onto another list, in a fixed order: what the
    page names under a chart of them."""
    found = set(obs["basis"]) if "basis" in obs.columns else set()
    return [b for b in (SUM_OF_PREDECESSORS, RATIO_OF_PREDECESSORS, POPULATION_WEIGHTED) if b in found]


def _not_in(rows: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """`rows` whose (year, successor) has no row in `other` (by year and province_code)."""
    have = set(zip(other["year"].astype(int), other["province_code"], strict=True))
    keep = [(int(y), c) not in have for y, c in zip(rows["year"], rows["successor"], strict=True)]
    return rows[np.asarray(keep, dtype=bool)] if len(rows) else rows


def _ordered(obs: pd.DataFrame) -> pd.DataFrame:
    obs = obs[OBS_COLUMNS].astype({"year": int, "value": float})
    return obs.sort_values(["province_code", "year"]).reset_index(drop=True)
