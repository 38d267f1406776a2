"""Observations: every value of an indicator by year and place, never counting a total twice."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kpis.levels import LevelTree, level_tree
from kpis.registry import Indicator, Measure

NATIONAL = "VN"
VALUE_TYPES = ("actual", "preliminary", "estimate", "inferred", "illustrative")  # most to least certain
OBS_COLUMNS = ["year", "province_code", "value", "value_type", "source", "basis", "level_used"]
# What `_level_values` reads besides the value: rows that agree on these may be summed beforehand.
SUM_KEYS = ["year", "province_code", "level", "value_type", "source"]
REFORM_YEAR = 2025  # Resolution 202/2025/QH15: 34 provinces from 1 July 2025
LIST_COLUMN = "vintage"  # the province list a row is on, in the datasets that keep it
# The province lists since 1997, oldest first, each with the years of data published on it: the 61 until 2003;
# the 64 from 1 January 2004 (Resolution 22/2003/QH11 split Lai Châu, Đắk Lắk and Cần Thơ); the 63 from 2008
# (Resolution 15/2008/QH12 merged Hà Tây into Hà Nội on 1 August 2008: the office's 2008 tables are on the 63); the
# 34 from 1 July 2025, the transition year 2025 holding figures on either. data/provinces.csv holds each list.
LIST_YEARS = {61: (None, 2003), 64: (2004, 2007), 63: (2008, REFORM_YEAR), 34: (REFORM_YEAR, None)}
LISTS = tuple(LIST_YEARS)


def vintage_of(year: int) -> int:
    """The province list in force for a year's data: the 61 until 2003, the 64 in 2004-2007, the 63 until 2024, the
    34 from 2025."""
    if year >= REFORM_YEAR:
        return 34
    return next(v for v, (_, last) in LIST_YEARS.items() if last is None or year <= last)


def row_vintages(frame: pd.DataFrame) -> pd.Series:
    """The province list each row is on: its `vintage` column where the dataset has one, else the year's list."""
    by_year = frame["year"].astype(int).map(vintage_of)
    if LIST_COLUMN not in frame.columns:
        return by_year
    return pd.to_numeric(frame[LIST_COLUMN], errors="coerce").fillna(by_year).astype(int)


def on_year_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a dataset on their year's province list, national rows all kept. In the transition year a
    dataset may also hold the year on the other list (the office's preliminary 2025 figures on the 63): a code names
    another area there (91: Kiên Giang on the 63, An Giang on the 34), so those rows are read only through
    `observations_on` with their list, never as the year's."""
    if LIST_COLUMN not in frame.columns or "province_code" not in frame.columns or frame.empty:
        return frame
    off = (row_vintages(frame) != frame["year"].astype(int).map(vintage_of)) & (frame["province_code"] != NATIONAL)
    return frame[~off] if off.any() else frame


def worst_value_type(types) -> str:
    """The least certain of several value types (actual < preliminary < estimate < inferred < illustrative)."""
    ranks = [VALUE_TYPES.index(value_type) for value_type in types if value_type in VALUE_TYPES]
    return VALUE_TYPES[max(ranks)] if ranks else "actual"


def _with_province(frame: pd.DataFrame) -> pd.DataFrame:
    if "province_code" in frame.columns:
        return frame
    return frame.assign(province_code=NATIONAL)


def _rank(types: pd.Series) -> pd.Series:
    """Each value type's position in VALUE_TYPES (0 for an unknown one), by one vectorised look-up."""
    return pd.Series(np.maximum(pd.Index(VALUE_TYPES).get_indexer(types), 0).astype(int), index=types.index)


def _level_values(frame: pd.DataFrame, column: str, level: str, tree: LevelTree | None = None) -> pd.DataFrame:
    """Values of `column` at `level` per (year, province), never counting a total twice.

    A level is its published value where there is one, else the sum of its parts in the level hierarchy
    (kpis/levels.py) when every part has a value (itself published or summed in turn): the total is the published
    total, else college_intermediate (published, else college + intermediate) + elementary_other.
    """
    tree = tree or level_tree()
    rows = frame[frame[column].notna()]
    if rows.empty:
        return pd.DataFrame(columns=OBS_COLUMNS)
    rows = rows.assign(_rank=_rank(rows["value_type"]), _v=rows[column].astype(float))
    keys = ["year", "province_code"]
    # One pass over the rows per (year, province, level), then a column per level.
    per_level = rows.groupby([*keys, "level"]).agg(_v=("_v", "sum"), _rank=("_rank", "max"), source=("source", "first"))
    published = per_level["_v"].unstack("level")
    type_rank = per_level["_rank"].unstack("level")
    places = published.index

    def resolved(lv: str) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(value, value-type rank, whether published) of level `lv` at every place."""
        own = published[lv] if lv in published else pd.Series(np.nan, index=places)
        own_rank = type_rank[lv].fillna(0) if lv in type_rank else pd.Series(0, index=places)
        is_published = own.notna()
        parts = [resolved(child) for child in tree.children(lv)]
        if not parts:
            return own, own_rank, is_published
        complete = np.logical_and.reduce([value.notna() for value, _, _ in parts])
        parts_sum = sum(value for value, _, _ in parts).where(complete)
        parts_rank = np.maximum.reduce([rank for _, rank, _ in parts])
        return own.where(is_published, parts_sum), own_rank.where(is_published, parts_rank), is_published

    value, value_rank, is_published = resolved(level)
    out = pd.DataFrame(index=places)
    out["value"] = value
    out["value_type"] = [VALUE_TYPES[int(r)] for r in value_rank]
    out["basis"] = np.where(is_published, "published_total" if level == tree.root else "published", "sum_of_levels")
    # Sources: a published value cites its own row; a sum cites the rows below the total of that place, each
    # distinct source once in order of first appearance (repeats dropped, then one join per place).
    level_sources = per_level["source"].unstack("level")
    own_source = level_sources[level].reindex(places) if level in level_sources else pd.Series(None, index=places)
    below_total = rows.loc[rows["level"] != tree.root, [*keys, "source"]].drop_duplicates()
    summed_sources = below_total.groupby(keys)["source"].agg(" | ".join)
    out["source"] = own_source.where(out["basis"] != "sum_of_levels", summed_sources.reindex(places))
    out["level_used"] = level
    out = out[out["value"].notna()].reset_index()
    return out[OBS_COLUMNS]


def _plain_values(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = frame[frame[column].notna()]
    return pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "province_code": rows["province_code"],
            "value": rows[column].astype(float),
            "value_type": rows["value_type"],
            "source": rows["source"],
            "basis": "published",
            "level_used": "",
        }
    ).reset_index(drop=True)


def _values(frame: pd.DataFrame, column: str, level: str) -> pd.DataFrame:
    if level and "level" in frame.columns:
        return _level_values(frame, column, level)
    return _plain_values(frame, column)


def summed_column(indicators, dataset: str, columns) -> str | None:
    """The one column of `dataset` that every indicator on it sums per level, else None.

    Such a dataset may be read with that column already summed over the rows that repeat SUM_KEYS, in the
    order of their first row (Store.read_sums): `_level_values` sums, ranks and cites exactly as over the
    rows themselves, from a few thousand rows instead of a million.
    """
    used = [ind.measure for ind in indicators if ind.measure.dataset == dataset]
    if not used or not set(SUM_KEYS) <= set(columns):
        return None
    if any(m.kind != "sum" or not m.level or m.filter for m in used) or len({m.column for m in used}) != 1:
        return None
    return used[0].column


def _national_from_provinces(obs: pd.DataFrame, how: str) -> pd.DataFrame:
    """National rows summed from provinces for years without a published national figure."""
    prov = obs[obs["province_code"] != NATIONAL]
    have = set(obs.loc[obs["province_code"] == NATIONAL, "year"])
    prov = prov[~prov["year"].isin(have)]
    if prov.empty or how != "sum":
        return obs
    agg = (
        prov.groupby("year")
        .agg(
            value=("value", "sum"),
            value_type=("value_type", worst_value_type),
            source=("source", "first"),
            level_used=("level_used", "first"),
        )
        .reset_index()
    )
    agg["province_code"], agg["basis"] = NATIONAL, "sum_of_provinces"
    return pd.concat([obs, agg[OBS_COLUMNS]], ignore_index=True)


def _ratio(frame: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """100 * numerator / denominator by preferred level, else the published rate at that level."""
    parts = []
    for rank, level in enumerate(m.levels or ("",)):
        num = _national_from_provinces(_values(frame, m.numerator, level), "sum")
        den = _national_from_provinces(_values(frame, m.denominator, level), "sum")
        both = num.merge(den, on=["year", "province_code"], suffixes=("_n", "_d"))
        both = both[both["value_d"] > 0]
        ratio = pd.DataFrame(
            {
                "year": both["year"],
                "province_code": both["province_code"],
                "value": 100.0 * both["value_n"] / both["value_d"],
                "value_type": [
                    worst_value_type(p) for p in zip(both["value_type_n"], both["value_type_d"], strict=True)
                ],
                "source": both["source_n"],
                "basis": np.where(both["basis_n"] == "sum_of_provinces", "sum_of_provinces", "ratio"),
                "level_used": level,
            }
        )
        # Within a level: counts of that place, then its published rate, then provinces summed.
        ratio["_prio"] = np.where(ratio["basis"] == "sum_of_provinces", 2, 0)
        if m.published:
            sel = frame[frame["level"] == level] if level else frame
            pub = _plain_values(sel, m.published).assign(level_used=level, _prio=1)
            ratio = pd.concat([ratio, pub], ignore_index=True)
        parts.append(ratio.assign(_pref=rank))
    out = pd.concat(parts, ignore_index=True).sort_values(["year", "province_code", "_pref", "_prio"])
    out = out.drop_duplicates(["year", "province_code"], keep="first")
    return out[OBS_COLUMNS].reset_index(drop=True)


def observations(indicator: Indicator, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every value of an indicator: one row per (year, province_code), national rows as `VN`, each year's provinces
    on that year's list.

    `basis` says how a value was obtained: published, published_total, sum_of_levels,
    sum_of_provinces or ratio. Where a dataset holds a year on another list than the year's (the office's 2025 on
    the 63), its provinces are carried onto the year's list as `observations_on` does (`frames` holding
    `provinces` and `population`), never read as if their codes were the year's: 91 is Kiên Giang on the 63 and
    An Giang on the 34.
    """
    dataset = indicator.measure.dataset
    on_list = on_year_lists(frames[dataset])
    base = observations_as_given(indicator, {**frames, dataset: on_list})
    if len(on_list) == len(frames[dataset]) or "provinces" not in frames:
        return base
    from kpis.engine.vintages import observations_on  # the carrying builds on this module

    # Only the years from the reform are carried (each year's values stand alone): not the whole history again.
    late_rows = frames[dataset][frames[dataset]["year"].astype(int) >= REFORM_YEAR]
    today = observations_on(
        indicator, {**frames, dataset: late_rows}, frames["provinces"], 34, frames.get("population")
    )
    late = today[(today["year"] >= REFORM_YEAR) & (today["province_code"] != NATIONAL)]
    kept = base[(base["year"] < REFORM_YEAR) | (base["province_code"] == NATIONAL)]
    out = pd.concat([kept, late], ignore_index=True).astype({"year": int, "value": float})
    return out.sort_values(["province_code", "year"]).reset_index(drop=True)


def observations_as_given(indicator: Indicator, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The values of the rows given, whatever their list (the caller keeps to one list per year)."""
    m = indicator.measure
    frame = _with_province(frames[m.dataset])
    for key, wanted in m.filter:
        frame = frame[frame[key] == wanted]
    if m.kind == "ratio":
        obs = _ratio(frame, m)
    else:
        obs = _values(frame, m.column, m.level)
        if indicator.aggregation == "sum":
            obs = _national_from_provinces(obs, "sum")
    obs = obs.astype({"year": int, "value": float})
    return obs.sort_values(["province_code", "year"]).reset_index(drop=True)


def series(obs: pd.DataFrame, province: str = NATIONAL) -> pd.DataFrame:
    """One province's (or the nation's) values by year."""
    return obs[obs["province_code"] == province].sort_values("year").reset_index(drop=True)


# -- targets, attainment and status -------------------------------------------------------------


def is_illustrative(frame: pd.DataFrame) -> bool:
    """Whether any row of an observations or province table is illustrative (generated, not official)."""
    return bool((frame["value_type"] == "illustrative").any()) if "value_type" in frame else False


def measure_rows(indicator: Indicator, frames: Mapping[str, pd.DataFrame], others: bool = False) -> pd.DataFrame:
    """The rows of its dataset that an indicator's measure reads (its filter applied); `others`: every other row."""
    frame = frames[indicator.measure.dataset]
    keep = pd.Series(True, index=frame.index)
    for key, wanted in indicator.measure.filter:
        keep &= frame[key] == wanted
    return frame[~keep if others else keep]
