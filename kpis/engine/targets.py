"""Targets: the target rows, the value each one asks for, and attainment against it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kpis.engine.observations import NATIONAL


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
    return targets_by_indicator(targets[targets["indicator_id"] == indicator_id], province).get(indicator_id, [])


def targets_by_indicator(targets: pd.DataFrame, province: str = NATIONAL) -> dict[str, list[Target]]:
    """Every indicator's targets for one province (or the nation), by year: one pass over the target rows."""
    rows = targets[targets["province_code"] == province].sort_values(["indicator_id", "year"], kind="stable")
    out: dict[str, list[Target]] = {}
    for r in rows.to_dict("records"):
        out.setdefault(r["indicator_id"], []).append(target_from_row(r))
    return out


def target_level(target: Target, sign: int, baseline_value: float | None = None) -> float | None:
    """The value the indicator must reach to meet the target.

    at_least / at_most: the value. range [lo, hi]: the band's edge on the side the series must cross to enter it,
    its worse edge: lo where higher is better, hi where lower is better. Reaching that edge meets the target
    (`attainment` >= 1, going beyond the band on the better side still counts) and it is the target value the
    progress method aims at. improve_by N: the baseline year's value moved N in the better direction.
    """
    if target.target_type == "improve_by":
        return None if baseline_value is None else baseline_value + sign * target.value
    if target.target_type == "range" and target.value_high is not None:
        return target.value if sign > 0 else target.value_high
    return target.value


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


def attainment(target: Target, actual: float | None, sign: int, baseline_value: float | None = None) -> float | None:
    """Attainment as a ratio (1.0 = exactly on target; above 1.0 = better than the target).

    at_least: actual / target; at_most: target / actual; range: against `target_level` (actual / lo where higher
    is better, hi / actual where lower is better); improve_by: the change in the better direction / N.
    """
    if actual is None or pd.isna(actual):
        return None
    if target.target_type == "improve_by":
        if baseline_value is None or target.value == 0:
            return None
        return (actual - baseline_value) * sign / target.value
    level = target_level(target, sign)
    if target.target_type == "at_most" or (target.target_type == "range" and sign < 0):
        return None if actual == 0 else level / actual
    return None if level == 0 else actual / level


def province_targets(targets: pd.DataFrame, indicator_id: str, year: int) -> pd.DataFrame:
    """The target rows one year sets for provinces (not the national one) of an indicator."""
    rows = targets[(targets["indicator_id"] == indicator_id) & (targets["year"] == year)]
    return rows[rows["province_code"] != NATIONAL]
