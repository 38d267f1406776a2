"""Pure KPI arithmetic: observations, attainment, status, deltas and projections. No I/O, no Streamlit.

Definitions (shown to users by the Data & sources page and the README):

- Attainment is a ratio; 1.0 means exactly on target and above 1.0 always means better than the
  target, whatever the direction:
  at_least: actual / target.  at_most: target / actual (for a rank, lower is better).
  range [lo, hi]: the value enters the band from its worse side: actual / lo where higher is
  better, hi / actual where lower is better; going beyond the band on the better side still counts.
  improve_by N against baseline b: the change in the better direction divided by N,
  ((actual - b) * sign) / N.
- Status of a year with a target: `achieved` / `not_achieved` when the target year is past and its
  data is in; `insufficient_data` when the year is past and there is no data for it (never a
  judgement); for the current or a future target year, Open SDG's released progress measure
  (open-sdg/sdg-build, sdg/ProgressMeasure.py at commit 139fede74ba534d2ed8b9eee4cd878b41f54cb67, the
  version Open SDG 2.4 documents), followed exactly on the values known in the year looked at:
  `achieved` once the latest value meets the target (even a single value), else R = s x d x
  CAGR_observed / |CAGR_required| from the base year (the target's baseline year, else 2015; the
  first year with data after it when it has none) and R's category (`on_track`,
  `acceleration_needed`, `limited_progress`, `deterioration`); `insufficient_data` without two years
  from the base. A zero target or base value counts as 0.001. `no_target` otherwise. Tested against a
  port of the released code: tests/reference/open_sdg_progress.py.
- Delta against the previous year with data: a difference in the indicator's unit, so a rate moves
  in percentage points, never in percent of a percent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpis.levels import LevelTree, level_tree
from kpis.registry import Indicator, Measure

NATIONAL = "VN"
VALUE_TYPES = ("actual", "estimate", "inferred", "illustrative")
STATUSES = (
    "achieved",
    "not_achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "insufficient_data",
    "no_target",
)
# Open SDG's released progress measure, followed by `progress` and `_judge_ahead`.
PROGRESS_SOURCE = "open-sdg/sdg-build sdg/ProgressMeasure.py @ 139fede74ba534d2ed8b9eee4cd878b41f54cb67"
DEFAULT_BASE_YEAR = 2015  # the 2030 Agenda's first year: the base year unless the target names one
ZERO_SUBSTITUTE = 0.001  # a zero target or base value, which the exponential model cannot take
# Its thresholds on R = s x d x observed growth / |required growth| ...
ON_TRACK, ACCELERATION = 0.95, 0.60
# ... applied through its score from -5 to 5, with its published (rounded) constants: from R = 0.60 up,
# 7.1429 R - 4.2857 capped at 5; below, 4.1667 R - 2.5 floored at -5. Quarters of the score are the categories.
SCORE_UPPER, SCORE_LOWER = (7.1429, 4.2857), (4.1667, 2.5)
REFORM_YEAR = 2025  # Resolution 202/2025/QH15: 34 provinces from 1 July 2025
OBS_COLUMNS = ["year", "province_code", "value", "value_type", "source", "basis", "level_used"]
# What `_level_values` reads besides the value: rows that agree on these may be summed beforehand.
SUM_KEYS = ["year", "province_code", "level", "value_type", "source"]


def worst_value_type(types) -> str:
    """The least certain of several value types (actual < estimate < inferred < illustrative)."""
    ranks = [VALUE_TYPES.index(t) for t in types if t in VALUE_TYPES]
    return VALUE_TYPES[max(ranks)] if ranks else "actual"


# -- observations ------------------------------------------------------------------------------


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
    """Every value of an indicator: one row per (year, province_code), national rows as `VN`.

    `basis` says how a value was obtained: published, published_total, sum_of_levels,
    sum_of_provinces or ratio.
    """
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


@dataclass(frozen=True)
class Target:
    """One target row."""

    indicator_id: str
    year: int
    province_code: str
    target_type: str
    value: float
    value_high: float | None = None
    baseline_year: int | None = None
    source_document: str = ""
    value_type: str = "actual"
    source: str = ""


def target_from_row(r: Mapping) -> Target:
    """A target from one row of the targets dataset."""
    return Target(
        indicator_id=r["indicator_id"],
        year=int(r["year"]),
        province_code=r["province_code"],
        target_type=r["target_type"],
        value=float(r["value"]),
        value_high=None if pd.isna(r["value_high"]) else float(r["value_high"]),
        baseline_year=None if pd.isna(r["baseline_year"]) else int(r["baseline_year"]),
        source_document=r["source_document"],
        value_type=r["value_type"],
        source=r["source"],
    )


def targets_for(targets: pd.DataFrame, indicator_id: str, province: str = NATIONAL) -> list[Target]:
    """The targets of one indicator for one province (or the nation), by year."""
    rows = targets[(targets["indicator_id"] == indicator_id) & (targets["province_code"] == province)]
    return [target_from_row(r) for r in rows.sort_values("year").to_dict("records")]


def target_level(t: Target, sign: int, baseline_value: float | None = None) -> float | None:
    """The value the indicator must reach to meet the target.

    at_least / at_most: the value. range [lo, hi]: the band's edge on the side the series must cross to enter it,
    its worse edge: lo where higher is better, hi where lower is better. Reaching that edge meets the target
    (`attainment` >= 1, going beyond the band on the better side still counts) and it is the target value the
    progress method aims at. improve_by N: the baseline year's value moved N in the better direction.
    """
    if t.target_type == "improve_by":
        return None if baseline_value is None else baseline_value + sign * t.value
    if t.target_type == "range" and t.value_high is not None:
        return t.value if sign > 0 else t.value_high
    return t.value


def target_band(target: Target, sign: int, baseline_value: float | None = None) -> tuple[float, float] | None:
    """(low, high) of a target published as a band ("2.5 to 2.7 million", "up 20 to 25 places"), else None.

    range: [value, value_high]. improve_by N to M: the baseline year's value moved N and M in the better
    direction (for a rank, 115 up 20 to 25 places is the band 90–95)."""
    if target.value_high is None:
        return None
    if target.target_type == "range":
        return min(target.value, target.value_high), max(target.value, target.value_high)
    if target.target_type == "improve_by" and baseline_value is not None:
        edges = (baseline_value + sign * target.value, baseline_value + sign * target.value_high)
        return min(edges), max(edges)
    return None


def attainment(t: Target, actual: float | None, sign: int, baseline_value: float | None = None) -> float | None:
    """Attainment as a ratio (1.0 = exactly on target; above 1.0 = better than the target).

    at_least: actual / target; at_most: target / actual; range: against `target_level` (actual / lo where higher
    is better, hi / actual where lower is better); improve_by: the change in the better direction / N.
    """
    if actual is None or pd.isna(actual):
        return None
    if t.target_type == "improve_by":
        if baseline_value is None or t.value == 0:
            return None
        return (actual - baseline_value) * sign / t.value
    level = target_level(t, sign)
    if t.target_type == "at_most" or (t.target_type == "range" and sign < 0):
        return None if actual == 0 else level / actual
    return None if level == 0 else actual / level


def _growth(value: float, base: float, year: float, base_year: float) -> float:
    """Compound annual growth rate from (base_year, base) to (year, value), as the released code computes it."""
    return ((value / base) ** (1 / (year - base_year))) - 1


def progress_category(r: float) -> str | None:
    """Open SDG's category for a ratio R of a target not achieved, through its score (None for a NaN R).

    The score quarters: [2.5, 5] on track, [0, 2.5) acceleration needed, [-2.5, 0) limited progress, [-5, -2.5)
    deterioration; that is R >= 0.95 / 0.60 / 0, the published constants placing the two upper edges at
    R = 0.9499923 and 0.5999952. R = +inf (no growth required, some observed in the right direction) is on track,
    -inf deterioration; NaN (none required, none observed) has no score, so no category.
    """
    if r >= ACCELERATION:
        score = min(SCORE_UPPER[0] * r - SCORE_UPPER[1], 5)
    elif r < ACCELERATION:
        score = max(SCORE_LOWER[0] * r - SCORE_LOWER[1], -5)
    else:
        return None
    if score >= 2.5:
        return "on_track"
    if score >= 0:
        return "acceleration_needed"
    if score >= -2.5:
        return "limited_progress"
    return "deterioration"


def progress(
    y0: float, t0: int, yi: float, ti: int, y_target: float, t_target: int, sign: int
) -> tuple[str, float | None]:
    """Open SDG's verdict from the base (t0, y0) and the latest value (ti, yi) toward y_target in t_target.

    The released SeriesProgress (PROGRESS_SOURCE), step by step: a zero target counts as 0.001; the target is
    achieved first, by the latest value alone (yi >= target where higher is better, <= where lower is better),
    even with one value; then fewer than two years from the base is insufficient data; a zero base counts as
    0.001; a base and a latest value on opposite sides of zero cannot be judged; else
    R = s x d x CAGR_observed / |CAGR_required| (s: the base value's sign, d = `sign`: +1 higher is better, -1
    lower) and its `progress_category`. Returns (status, R).
    """
    if y_target == 0:
        y_target = ZERO_SUBSTITUTE
    if (sign < 0 and yi <= y_target) or (sign > 0 and yi >= y_target):
        return "achieved", None
    if ti - t0 < 1:
        return "insufficient_data", None
    base_sign = -1 if y0 < 0 else 1
    if y0 == 0:
        y0 = ZERO_SUBSTITUTE
    if (y0 > 0 and yi < 0) or (y0 < 0 and yi > 0):
        return "insufficient_data", None
    # Where the released code fails (a target across zero from the base: a complex growth rate; no years from the
    # base to the target) it publishes nothing. Neither happens with values and targets >= 0 and a target year at
    # or after the values judged, as `_judge_ahead` gives.
    if y_target / y0 < 0 or t_target == t0:
        return "insufficient_data", None
    observed = base_sign * sign * _growth(yi, y0, ti, t0)
    required = abs(_growth(y_target, y0, t_target, t0))
    if required == 0:  # the released division by zero, in numpy: +-inf, or NaN for 0 / 0
        r = math.nan if observed == 0 else math.copysign(math.inf, observed)
    else:
        r = observed / required
    status = progress_category(r)
    return ("insufficient_data", None) if status is None else (status, r)


def projection(values: pd.DataFrame, t0: int, to_year: int) -> pd.DataFrame:
    """Values projected from the latest year to `to_year` at the growth observed since `t0` (CAGR)."""
    s = values[values["year"] >= t0].sort_values("year")
    if len(s) < 2 or to_year <= int(s["year"].iloc[-1]):
        return pd.DataFrame(columns=["year", "value"])
    y0, yi = float(s["value"].iloc[0]), float(s["value"].iloc[-1])
    first, last = int(s["year"].iloc[0]), int(s["year"].iloc[-1])
    if y0 <= 0 or yi <= 0:
        return pd.DataFrame(columns=["year", "value"])
    rate = (yi / y0) ** (1 / (last - first)) - 1
    years = np.arange(last, to_year + 1)
    return pd.DataFrame({"year": years, "value": yi * (1 + rate) ** (years - last)})


def trend_projection(values: pd.DataFrame, targets: list[Target], current_year: int) -> pd.DataFrame:
    """The projection toward the first target still ahead (from its baseline, else from the first value)."""
    ahead = [tg for tg in targets if tg.year >= current_year]
    if not ahead or values.empty:
        return pd.DataFrame(columns=["year", "value"])
    tg = ahead[0]
    t0 = tg.baseline_year if tg.baseline_year is not None else int(values["year"].min())
    return projection(values, t0, tg.year)


@dataclass(frozen=True)
class Kpi:
    """One indicator for one year and place: actual against target, status, delta, outlook."""

    indicator: str
    year: int
    province_code: str
    actual: float | None
    value_type: str | None
    basis: str | None
    level_used: str | None
    source: str | None
    target: Target | None
    target_value: float | None
    attainment: float | None
    status: str
    previous_year: int | None
    previous_value: float | None
    delta: float | None
    next_target: Target | None = None
    outlook: str | None = None
    outlook_ratio: float | None = None
    trend: tuple[tuple[int, float], ...] = field(default=())

    @property
    def illustrative(self) -> bool:
        return self.value_type == "illustrative" or (
            self.target is not None and self.target.value_type == "illustrative"
        )

    def as_dict(self) -> dict:
        """The JSON form used by the CLI."""
        t = self.target
        return {
            "indicator": self.indicator,
            "year": self.year,
            "province_code": self.province_code,
            "actual": self.actual,
            "target": self.target_value,
            "target_type": t.target_type if t else None,
            "target_value": t.value if t else None,
            "target_value_high": t.value_high if t else None,
            "baseline_year": t.baseline_year if t else None,
            "target_source": t.source_document if t else None,
            "attainment": None if self.attainment is None else round(self.attainment, 6),
            "status": self.status,
            "value_type": self.value_type,
            "basis": self.basis,
            "level_used": self.level_used or None,
            "source": self.source,
            "previous_year": self.previous_year,
            "delta": None if self.delta is None else round(self.delta, 6),
            "next_target_year": self.next_target.year if self.next_target else None,
            "outlook": self.outlook,
        }


def _value_at(s: pd.DataFrame, year: int) -> dict | None:
    hit = s[s["year"] == year]
    return None if hit.empty else hit.iloc[0].to_dict()


def _judge_ahead(t: Target, s: pd.DataFrame, sign: int, as_of: int) -> tuple[str, float | None]:
    """Open SDG's verdict on a target not yet due, from the values known in `as_of` (the year looked at).

    The base year is the target's baseline year, else 2015; without a value in it, the first year with a value
    after it (none: insufficient data, where the released code stops with an error, before any check of the
    target). The latest value is the last one up to `as_of`. The target value is `target_level`.
    """
    known = s[s["year"] <= as_of].sort_values("year")
    if known.empty:
        return "insufficient_data", None
    t0 = t.baseline_year if t.baseline_year is not None else DEFAULT_BASE_YEAR
    if not (known["year"] == t0).any():
        after = known[known["year"] > t0]
        if after.empty:
            return "insufficient_data", None
        t0 = int(after["year"].iloc[0])
    base = float(known.loc[known["year"] == t0, "value"].iloc[0])
    named = _value_at(known, t.baseline_year) if t.baseline_year is not None else None
    level = target_level(t, sign, None if named is None else float(named["value"]))
    if level is None:
        return "insufficient_data", None
    latest = known.iloc[-1]
    return progress(base, t0, float(latest["value"]), int(latest["year"]), level, t.year, sign)


def evaluate(
    indicator: Indicator,
    obs: pd.DataFrame,
    targets: list[Target],
    year: int,
    current_year: int,
    province: str = NATIONAL,
) -> Kpi:
    """The KPI of one indicator for one year and place."""
    s = series(obs, province)
    sign = indicator.sign
    row = _value_at(s, year)
    actual = None if row is None else float(row["value"])
    prev = s[s["year"] < year]
    prev_row = None if prev.empty else prev.iloc[-1].to_dict()
    delta = None if (row is None or prev_row is None) else actual - float(prev_row["value"])
    target = next((t for t in targets if t.year == year), None)
    status, target_value, att = "no_target", None, None
    if target is not None:
        base = _value_at(s, target.baseline_year) if target.baseline_year is not None else None
        base_value = None if base is None else float(base["value"])
        target_value = target_level(target, sign, base_value)
        att = attainment(target, actual, sign, base_value)
        if year < current_year:
            if actual is None or (target.target_type == "improve_by" and base_value is None):
                status = "insufficient_data"
            else:
                status = "achieved" if att is not None and att >= 1 - 1e-9 else "not_achieved"
        else:  # this year or ahead: Open SDG's measure, its own `achieved` included
            status, _ = _judge_ahead(target, s, sign, year)
    # The outlook looks at the next target still ahead of today (past ones have their own verdict).
    nxt = next((t for t in targets if t.year > year and t.year >= current_year), None)
    outlook, ratio = (None, None)
    if nxt is not None:
        outlook, ratio = _judge_ahead(nxt, s, sign, year)
    trend = tuple((int(y), float(v)) for y, v in zip(s["year"], s["value"], strict=True) if y <= year)
    return Kpi(
        indicator=indicator.id,
        year=year,
        province_code=province,
        actual=actual,
        value_type=None if row is None else row["value_type"],
        basis=None if row is None else row["basis"],
        level_used=None if row is None else row["level_used"],
        source=None if row is None else row["source"],
        target=target,
        target_value=target_value,
        attainment=att,
        status=status,
        previous_year=None if prev_row is None else int(prev_row["year"]),
        previous_value=None if prev_row is None else float(prev_row["value"]),
        delta=delta,
        next_target=nxt,
        outlook=outlook,
        outlook_ratio=ratio,
        trend=trend,
    )


def latest_year(obs: pd.DataFrame, current_year: int, province: str = NATIONAL) -> int | None:
    """The latest year up to `current_year` with a value for the place, or None."""
    years = series(obs, province)["year"]
    years = years[years <= current_year]
    return int(years.max()) if len(years) else None


def _target_year(targets: list[Target], current_year: int) -> int:
    """The year an indicator without any value is shown at: its next target, else its last one, else this year."""
    ahead = [tg.year for tg in targets if tg.year >= current_year]
    past = [tg.year for tg in targets if tg.year < current_year]
    return min(ahead) if ahead else max(past, default=current_year)


def kpi_table(
    indicators,
    frames: Mapping[str, pd.DataFrame],
    year: int | None,
    current_year: int,
    province: str = NATIONAL,
    observe: Callable[[Indicator], pd.DataFrame] | None = None,
) -> list[Kpi]:
    """The KPI of every indicator for one year and place; `year=None`: each at its latest year with a value (one
    without any, published targets only, at its next target's year, else its last target's; else the current year). `observe`: a cache of `observations`, as below."""
    observe = observe or (lambda ind: observations(ind, frames))
    targets = frames["targets"]
    out = []
    for ind in indicators:
        obs = observe(ind)
        own = targets_for(targets, ind.id, province)
        at = year if year is not None else (latest_year(obs, current_year, province) or _target_year(own, current_year))
        out.append(evaluate(ind, obs, own, at, current_year, province))
    return out


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


def target_verdicts(indicator: Indicator, obs: pd.DataFrame, targets: list[Target], current_year: int) -> list[Kpi]:
    """The KPI of each target year of an indicator (its value, attainment and status for that target)."""
    return [evaluate(indicator, obs, targets, tg.year, current_year) for tg in targets]


def province_years(obs: pd.DataFrame) -> list[int]:
    """The years in which an indicator has values for provinces (not only the national one)."""
    return sorted({int(y) for y in obs.loc[obs["province_code"] != NATIONAL, "year"]})


def province_targets(targets: pd.DataFrame, indicator_id: str, year: int) -> pd.DataFrame:
    """The target rows one year sets for provinces (not the national one) of an indicator."""
    rows = targets[(targets["indicator_id"] == indicator_id) & (targets["year"] == year)]
    return rows[rows["province_code"] != NATIONAL]


def years_with_data(
    indicators, frames: Mapping[str, pd.DataFrame], observe: Callable[[Indicator], pd.DataFrame] | None = None
) -> list[int]:
    """Every year in which some indicator has a national value or a target.

    `observe` gives an indicator's observations (a cache of `observations`; by default computed here).
    """
    observe = observe or (lambda ind: observations(ind, frames))
    years = set(frames["targets"]["year"].astype(int))
    for ind in indicators:
        years |= set(series(observe(ind))["year"])
    return sorted(years)


def default_year(
    indicators,
    frames: Mapping[str, pd.DataFrame],
    current_year: int,
    observe: Callable[[Indicator], pd.DataFrame] | None = None,
) -> int:
    """The latest year up to now in which some indicator has both a national target and a value."""
    observe = observe or (lambda ind: observations(ind, frames))
    targets = frames["targets"]
    best = None
    for ind in indicators:
        target_years = set(
            targets.loc[(targets["indicator_id"] == ind.id) & (targets["province_code"] == NATIONAL), "year"].astype(
                int
            )
        )
        hits = [int(y) for y in series(observe(ind))["year"] if y in target_years and y <= current_year]
        if hits:
            best = max(hits + ([best] if best else []))
    return best or current_year


def vintage_of(year: int) -> int:
    """The province list in force for a year's data: the 63 until 2024, the 34 from 2025."""
    return 34 if year >= REFORM_YEAR else 63


def province_table(
    indicator: Indicator, obs: pd.DataFrame, year: int, provinces: pd.DataFrame, population: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Provinces' values for one year, ranked best first, with names, region and per-10,000 values."""
    rows = obs[(obs["year"] == year) & (obs["province_code"] != NATIONAL)].copy()
    if rows.empty:
        return rows.assign(rank=[], name_vi=[], name_en=[], region=[], per_10k=[])
    vintage = vintage_of(year)
    names = provinces[provinces["vintage"] == vintage][["code", "name_vi", "name_en", "region"]]
    rows = rows.merge(names, left_on="province_code", right_on="code", how="left").drop(columns="code")
    rows["per_10k"] = np.nan
    if population is not None and indicator.per_capita:
        pop = population[population["vintage"] == vintage]
        nearest = pop.assign(_d=(pop["year"].astype(int) - year).abs()).sort_values(["_d", "year"])
        pop = nearest.drop_duplicates("province_code").set_index("province_code")["population"].astype(float)
        rows["per_10k"] = rows["value"] / rows["province_code"].map(pop) * 10_000
    rows = rows.sort_values("value", ascending=indicator.direction == "lower").reset_index(drop=True)
    rows["rank"] = np.arange(1, len(rows) + 1)
    return rows


def region_summary(table: pd.DataFrame, indicator: Indicator, metric: str = "value") -> pd.DataFrame:
    """Per region: number of provinces and their total (counts) or median (rates, ranks, per-10,000 values)."""
    if table.empty:
        return pd.DataFrame(columns=["region", "provinces", "value"])
    how = region_statistic(indicator, metric)
    out = table.groupby("region").agg(provinces=("province_code", "size"), value=(metric, how)).reset_index()
    return out.sort_values("value", ascending=indicator.direction == "lower").reset_index(drop=True)


def region_statistic(indicator: Indicator, metric: str = "value") -> str:
    """Counts add up across a region's provinces; rates and per-10,000 values are summarised by the median."""
    return "sum" if indicator.aggregation == "sum" and metric == "value" else "median"
