"""The KPI of an indicator for a year and place: actual against target, status, delta and outlook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from kpis.engine.observations import NATIONAL, observations, series
from kpis.engine.progress import _judge_ahead, _value_at
from kpis.engine.targets import Target, attainment, target_level, targets_by_indicator
from kpis.registry import Indicator

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
        target = self.target
        return {
            "indicator": self.indicator,
            "year": self.year,
            "province_code": self.province_code,
            "actual": self.actual,
            "target": self.target_value,
            "target_type": target.target_type if target else None,
            "target_value": target.value if target else None,
            "target_value_high": target.value_high if target else None,
            "baseline_year": target.baseline_year if target else None,
            "target_source": target.source_document if target else None,
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
    target = next((tg for tg in targets if tg.year == year), None)
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
    nxt = next((tg for tg in targets if tg.year > year and tg.year >= current_year), None)
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
    targets: Mapping[str, list[Target]] | None = None,
) -> list[Kpi]:
    """The KPI of every indicator for one year and place; `year=None`: each at its latest year with a value (one
    without any, published targets only, at its next target's year, else its last target's; else the current year).
    `observe`: a cache of `observations`, as below; `targets`: the place's targets by indicator, if the caller has
    them (`targets_by_indicator`)."""
    observe = observe or (lambda ind: observations(ind, frames))
    targets = targets if targets is not None else targets_by_indicator(frames["targets"], province)
    out = []
    for ind in indicators:
        obs = observe(ind)
        own = targets.get(ind.id, [])
        at = year if year is not None else (latest_year(obs, current_year, province) or _target_year(own, current_year))
        out.append(evaluate(ind, obs, own, at, current_year, province))
    return out


def target_verdicts(indicator: Indicator, obs: pd.DataFrame, targets: list[Target], current_year: int) -> list[Kpi]:
    """The KPI of each target year of an indicator (its value, attainment and status for that target)."""
    return [evaluate(indicator, obs, targets, tg.year, current_year) for tg in targets]


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
