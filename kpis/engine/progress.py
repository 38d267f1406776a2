"""Open SDG's released progress measure (the verdict on a target not yet due) and projections."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kpis.engine.targets import Target, target_level

# Open SDG's released progress measure, followed by `progress` and `_judge_ahead`.
PROGRESS_SOURCE = "open-sdg/sdg-build sdg/ProgressMeasure.py @ 139fede74ba534d2ed8b9eee4cd878b41f54cb67"
DEFAULT_BASE_YEAR = 2015  # the 2030 Agenda's first year: the base year unless the target names one
ZERO_SUBSTITUTE = 0.001  # a zero target or base value, which the exponential model cannot take
# Its thresholds on R = s x d x observed growth / |required growth| ...
ON_TRACK, ACCELERATION = 0.95, 0.60
# ... applied through its score from -5 to 5, with its published (rounded) constants: from R = 0.60 up,
# 7.1429 R - 4.2857 capped at 5; below, 4.1667 R - 2.5 floored at -5. Quarters of the score are the categories.
SCORE_UPPER, SCORE_LOWER = (7.1429, 4.2857), (4.1667, 2.5)


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


def _value_at(s: pd.DataFrame, year: int) -> dict | None:
    hit = s[s["year"] == year]
    return None if hit.empty else hit.iloc[0].to_dict()


def _judge_ahead(target: Target, s: pd.DataFrame, sign: int, as_of: int) -> tuple[str, float | None]:
    """Open SDG's verdict on a target not yet due, from the values known in `as_of` (the year looked at).

    The base year is the target's baseline year, else 2015; without a value in it, the first year with a value
    after it (none: insufficient data, where the released code stops with an error, before any check of the
    target). The latest value is the last one up to `as_of`. The target value is `target_level`.
    """
    known = s[s["year"] <= as_of].sort_values("year")
    if known.empty:
        return "insufficient_data", None
    t0 = target.baseline_year if target.baseline_year is not None else DEFAULT_BASE_YEAR
    if not (known["year"] == t0).any():
        after = known[known["year"] > t0]
        if after.empty:
            return "insufficient_data", None
        t0 = int(after["year"].iloc[0])
    base = float(known.loc[known["year"] == t0, "value"].iloc[0])
    named = _value_at(known, target.baseline_year) if target.baseline_year is not None else None
    level = target_level(target, sign, None if named is None else float(named["value"]))
    if level is None:
        return "insufficient_data", None
    latest = known.iloc[-1]
    return progress(base, t0, float(latest["value"]), int(latest["year"]), level, target.year, sign)
