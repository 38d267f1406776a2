"""The engine's status of a target this year or ahead is Open SDG's released progress measure, case for case.

The reference is a port of the released code (tests/reference/open_sdg_progress.py, sdg-build commit 139fede7).
Each generated case is run through `engine.evaluate` as the product runs it (the target's own year looked at, or
an earlier year for the outlook, with today at or before the target year) and through the reference on the values
known in the year looked at; the two must agree on every case. Then the differences the old engine had, each as a
named example, and the shipped data.
"""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from kpis import engine
from kpis.engine import Target
from kpis.registry import load_registry
from tests.reference import open_sdg_progress as ref

SEED = 20251011
CASES = 400
STATUSES = {"achieved", "on_track", "acceleration_needed", "limited_progress", "deterioration", "insufficient_data"}


def _indicator(direction: str):
    return load_registry().get("enrolment_total" if direction == "higher" else "vocational_training_quality_rank")


def _obs(points) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [int(y) for y, _ in points],
            "province_code": "VN",
            "value": [float(v) for _, v in points],
            "value_type": "actual",
            "source": "s",
            "basis": "published",
            "level_used": "",
        }
    )


def _target(kind, value, year, high=None, base=None) -> Target:
    return Target("x", year, "VN", kind, float(value), None if high is None else float(high), base)


def _series(rng: random.Random) -> list[tuple[int, float]]:
    """2 to 10 points, consecutive years or with gaps, rising, falling, flat or noisy; some zeros and round values."""
    n = rng.randint(2, 10)
    start = rng.randint(2010, 2022)
    years = sorted(rng.sample(range(start, start + n + rng.choice([0, 0, 2, 5])), n))
    v = rng.choice([0.0, 1.0, 7.0, 60.0, 100.0, 531_642.0, 2_280_000.0, rng.uniform(0.5, 5_000.0)])
    shape = rng.choice(["rising", "falling", "flat", "noisy"])
    rate = rng.uniform(0.002, 0.12)
    values = []
    for _ in years:
        values.append(v)
        if shape == "rising":
            v = v * (1 + rate) + (1 if v == 0 else 0)
        elif shape == "falling":
            v = v * (1 - rate)
        elif shape == "noisy":
            v = max(0.0, v * (1 + rng.uniform(-0.15, 0.15)))
    if rng.random() < 0.4:
        values = [float(round(x)) for x in values]
    if rng.random() < 0.08:
        values[-1] = 0.0
    if rng.random() < 0.08:
        values[0] = 0.0
    return list(zip(years, values, strict=True))


def _case(rng: random.Random) -> dict:
    points = _series(rng)
    years, values = [y for y, _ in points], [v for _, v in points]
    last = years[-1]
    direction = rng.choice(["higher", "lower"])
    kind = rng.choice(["at_least", "at_most", "range"])
    # The target: a value of the series (met exactly, or no growth required from the base), a multiple of one, zero,
    # or a step beyond the latest value in the better direction, which the observed trend may or may not reach.
    anchor = rng.choice(values)
    step = rng.choice([1.02, 1.05, 1.1, 1.2, 1.4, 1.8])
    ahead = values[-1] * (step if direction == "higher" else 1 / step)
    near = anchor * rng.choice([0.5, 0.9, 0.97, 1.03, 1.1, 1.5, 2.0, 4.0])
    value = rng.choice([0.0, anchor, anchor, near, ahead, ahead, ahead])
    high = None
    if kind == "range":
        width = rng.choice([0.0, 0.05, 0.2]) * max(value, 1.0)
        if direction == "lower" and rng.random() < 0.5:
            value, high = value - width, value  # the edge aimed at (hi) on the chosen value
        else:
            high = value + width
    # The target year: mostly after the latest value; also on it, inside the data (later values not yet known in
    # the target's year) and before the first value.
    target_year = rng.choice([last + rng.randint(1, 10)] * 4 + [last, rng.choice(years), years[0] - rng.randint(1, 3)])
    base_year = rng.choice(
        [
            None,
            None,
            None,
            rng.choice(years),  # a year with a value
            rng.choice(years),
            rng.randint(years[0], last),  # maybe a gap year: the first value after it
            years[0] - rng.randint(1, 4),  # before the data
            last + rng.randint(1, 3),  # beyond the latest value
            target_year + rng.randint(1, 3),  # beyond the target
        ]
    )
    # An earlier year looked at, for the outlook: any year before the target's, often the latest value's.
    earlier = rng.randint(min(years[0] - 1, target_year - 1), target_year - 1)
    return {
        "points": points,
        "direction": direction,
        "kind": kind,
        "value": value,
        "high": high,
        "target_year": target_year,
        "base_year": base_year,
        "current_year": rng.randint(target_year - 6, target_year),
        "as_of": rng.choice([earlier, min(last, target_year - 1)]),
    }


def _reference(case: dict, as_of: int, level: str = "indicator") -> str:
    known = [(y, v) for y, v in case["points"] if y <= as_of]
    if not known:
        return "insufficient_data"  # no data frame at all: the released code has no status
    return ref.category(
        known,
        case["direction"],
        case["value"],
        case["target_year"],
        case["kind"],
        case["high"],
        case["base_year"],
        level=level,
    )


def _generated():
    rng = random.Random(SEED)
    return [_case(rng) for _ in range(CASES)]


GENERATED = _generated()


def _engine_status(case: dict):
    tg = _target(case["kind"], case["value"], case["target_year"], case["high"], case["base_year"])
    kpi = engine.evaluate(
        _indicator(case["direction"]), _obs(case["points"]), [tg], case["target_year"], case["current_year"]
    )
    return kpi.status


def _engine_outlook(case: dict):
    tg = _target(case["kind"], case["value"], case["target_year"], case["high"], case["base_year"])
    kpi = engine.evaluate(
        _indicator(case["direction"]), _obs(case["points"]), [tg], case["as_of"], case["current_year"]
    )
    assert kpi.next_target is tg
    return kpi.outlook, kpi.outlook_ratio


def _released_ratio(case: dict) -> float:
    """The released progress value R on the values known in the year looked at."""
    known = [(y, v) for y, v in case["points"] if y <= case["as_of"]]
    frame = pd.DataFrame({"Year": pd.Series([y for y, _ in known], dtype="int64"), "Value": [v for _, v in known]})
    target = ref.released_target(case["kind"], case["value"], case["high"], case["direction"])
    config = ref.config_for(case["direction"], target, case["target_year"], case["base_year"])
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return ref.SeriesProgress(frame, config).progress_value


def test_status_agrees_with_the_released_measure_on_every_generated_case():
    mismatches, seen = [], Counter()
    for i, case in enumerate(GENERATED):
        expected = _reference(case, case["target_year"])
        got = _engine_status(case)
        seen[expected] += 1
        if got != expected:
            mismatches.append((i, got, expected, case))
    assert not mismatches, f"{len(mismatches)} of {len(GENERATED)} differ, first: {mismatches[:3]}"
    assert len(GENERATED) >= 300
    assert set(seen) == STATUSES and min(seen.values()) >= 10, seen  # every category, often


def test_outlook_agrees_with_the_released_measure_on_every_generated_case():
    mismatches, seen, ratios = [], Counter(), 0
    for i, case in enumerate(GENERATED):
        expected = _reference(case, case["as_of"])
        got, ratio = _engine_outlook(case)
        seen[expected] += 1
        if got != expected:
            mismatches.append((i, got, expected, case))
            continue
        if ratio is not None:  # the same R, to the last bit
            assert ratio == _released_ratio(case), i
            ratios += 1
    assert not mismatches, f"{len(mismatches)} of {len(GENERATED)} differ, first: {mismatches[:3]}"
    assert set(seen) == STATUSES and ratios >= 100, (seen, ratios)


# -- the differences the old engine had, one example each ---------------------------------------------------------

CURRENT = 2026


def _status(direction, points, tg, year=None, current=CURRENT):
    kpi = engine.evaluate(_indicator(direction), _obs(points), [tg], tg.year if year is None else year, current)
    return kpi if year is not None else kpi.status


def _both(direction, points, tg) -> tuple[str, str]:
    """(engine status, reference category) of a target ahead, on the same values."""
    expected = ref.category(points, direction, tg.value, tg.year, tg.target_type, tg.value_high, tg.baseline_year)
    return _status(direction, points, tg), expected


def test_issue_example_a_fall_from_above_the_target_is_deterioration_not_on_track():
    # Higher is better, 60 -> 55 over 2015-2020, target 58 by 2030: both growth rates are negative, so the old
    # CAGR_obs / CAGR_req was +7.6 (on track) for a series moving away from its target.
    points = [(2015, 60), (2016, 59), (2017, 58), (2018, 57), (2019, 56), (2020, 55)]
    tg = _target("at_least", 58, 2030)
    assert _both("higher", points, tg) == ("deterioration", "deterioration")
    outlook = _status("higher", points, tg, year=2020)
    assert outlook.outlook == "deterioration"
    observed, required = (55 / 60) ** (1 / 5) - 1, (58 / 60) ** (1 / 15) - 1
    assert observed / required == pytest.approx(7.6, abs=0.05)  # the old, sign-less ratio
    assert outlook.outlook_ratio == pytest.approx(-7.6, abs=0.05)  # R = d x CAGR_obs / |CAGR_req|


def test_lower_is_better_uses_d_minus_one():
    # A rank falling from 115 toward 90: both rates negative, d = -1 makes R positive.
    tg = _target("at_most", 90, 2030, base=2018)
    assert _both("lower", [(2018, 115), (2022, 100)], tg) == ("on_track", "on_track")
    assert _both("lower", [(2018, 115), (2022, 120)], tg) == ("deterioration", "deterioration")


def test_default_base_year_is_2015_not_the_first_value():
    # From 2015 (100) the growth to 110 is 1.9%/yr against 4.7% required: limited progress. The old engine started
    # from 2010 (50): 8.2%/yr, on track.
    tg = _target("at_least", 200, 2030)
    assert _both("higher", [(2010, 50), (2015, 100), (2020, 110)], tg) == ("limited_progress", "limited_progress")


def test_without_a_value_in_2015_the_base_is_the_first_value_after_it():
    tg = _target("at_least", 200, 2030)
    got = _status("higher", [(2012, 10), (2016, 100), (2020, 121)], tg, year=2020)
    assert got.outlook == "on_track" and got.outlook_ratio == pytest.approx(
        ((121 / 100) ** (1 / 4) - 1) / ((200 / 100) ** (1 / 14) - 1)
    )


def test_a_named_baseline_year_is_the_base():
    tg = _target("at_least", 200, 2030, base=2010)
    assert _both("higher", [(2010, 50), (2015, 100), (2020, 110)], tg) == ("on_track", "on_track")


def test_a_target_met_by_the_latest_value_is_achieved_even_with_one_value():
    assert _both("higher", [(2020, 140)], _target("at_least", 130, 2030)) == ("achieved", "achieved")
    assert _both("higher", [(2020, 120)], _target("at_least", 130, 2030)) == ("insufficient_data",) * 2


def test_no_value_from_the_base_year_on_is_insufficient_data_even_if_met():
    # Values only before 2015: the released build stops (no base value) before it checks the target.
    assert _both("higher", [(2012, 100), (2014, 200)], _target("at_least", 150, 2030)) == ("insufficient_data",) * 2
    assert (
        _both("higher", [(2016, 100), (2018, 200)], _target("at_least", 150, 2030, base=2019))
        == ("insufficient_data",) * 2
    )


def test_a_zero_base_value_counts_as_0_001():
    # 0.001 -> 5 in five years against 0.001 -> 10 in fifteen: R = 5.3, on track. The old engine refused.
    assert _both("higher", [(2015, 0), (2020, 5)], _target("at_least", 10, 2030)) == ("on_track", "on_track")


def test_a_zero_target_counts_as_0_001():
    # Lower is better toward 0 (0.001): 10 -> 4 is 16.7%/yr down against 45.9%/yr needed, R = 0.36.
    assert _both("lower", [(2015, 10), (2020, 4)], _target("at_most", 0, 2030)) == ("limited_progress",) * 2
    assert _both("lower", [(2015, 10), (2020, 0)], _target("at_most", 0, 2030)) == ("achieved",) * 2
    # Higher is better, "at least 0": 0.001 is not reached by a latest value of 0.
    assert _both("higher", [(2015, 3), (2020, 0)], _target("at_least", 0, 2030)) == ("deterioration",) * 2


def test_a_latest_value_of_zero_is_judged():
    assert _both("higher", [(2015, 60), (2020, 0)], _target("at_least", 80, 2030)) == ("deterioration",) * 2


def test_no_growth_required_divides_by_zero_as_the_released_code_does():
    # Target = base value: CAGR_required = 0. Moving away gives R = -inf: deterioration.
    assert _both("higher", [(2015, 100), (2020, 90)], _target("at_least", 100, 2030)) == ("deterioration",) * 2
    # None required (to the last bit) and none observed: 0 / 0, no score, no assessment.
    y0 = 100.0
    y_target = math.nextafter(y0, math.inf)  # (y_target / y0) ** (1 / 15) rounds to exactly 1.0
    assert engine.progress(y0, 2015, y0, 2020, y_target, 2030, 1) == ("insufficient_data", None)
    assert ref.category([(2015, y0), (2020, y0)], "higher", y_target, 2030) == "insufficient_data"


def test_the_direction_decides_what_meets_a_target_ahead():
    # The released code knows a direction and one value: for a lower-is-better indicator a value at or below it
    # meets it, whatever the target's type says.
    assert _both("lower", [(2015, 100), (2020, 80)], _target("at_least", 90, 2030)) == ("achieved",) * 2


def test_a_band_aims_at_its_edge_on_the_side_the_series_must_cross():
    # Higher is better, 35-40%: 35 is the edge; lower is better (a rank) 90-95: 95 is the edge.
    band = _target("range", 35, 2030, high=40, base=2020)
    assert _both("higher", [(2020, 24.1), (2025, 29.0)], band) == ("on_track", "on_track")
    assert _both("higher", [(2020, 24.1), (2025, 35.0)], band) == ("achieved", "achieved")
    assert _both("higher", [(2020, 24.1), (2025, 45.0)], band) == ("achieved", "achieved")  # beyond, better side
    rank = _target("range", 90, 2030, high=95, base=2018)
    assert _both("lower", [(2018, 115), (2022, 95)], rank) == ("achieved", "achieved")
    assert engine.target_level(rank, -1) == 95 and engine.target_level(band, 1) == 35
    assert engine.attainment(rank, 95, -1) == 1 and engine.attainment(band, 35, 1) == 1


def _released_score(r: float):
    s = ref.SeriesProgress.__new__(ref.SeriesProgress)
    s.target_achieved, s.progress_value, s.method = False, r, 2
    s.progress_thresholds = {"high": 0.95, "med": 0.6, "low": 0}
    return s.get_score()


@pytest.mark.parametrize(
    ("r", "expected"),
    [
        (math.inf, "on_track"),
        (1.5, "on_track"),
        (0.95, "on_track"),
        (0.949993, "on_track"),  # the published score constants put the edge at R = 0.9499923
        (0.949992, "acceleration_needed"),
        (0.6, "acceleration_needed"),
        (0.599996, "acceleration_needed"),  # and this one at R = 0.5999952
        (0.599995, "limited_progress"),
        (0.0, "limited_progress"),
        (-1e-300, "limited_progress"),  # 4.1667 R - 2.5 rounds to -2.5
        (-1e-6, "deterioration"),
        (-math.inf, "deterioration"),
    ],
)
def test_ratio_to_category_is_the_published_score(r, expected):
    assert engine.progress_category(r) == expected
    assert ref.STATUS[ref.get_progress_status_from_score(_released_score(r))] == expected


def test_nan_ratio_has_no_category():
    assert engine.progress_category(math.nan) is None and _released_score(math.nan) is None


# -- the shipped data ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("base", [None, 2020])
def test_shipped_college_intermediate_after_its_fall_is_not_on_track_for_560000(shipped, base):
    # 531,642 (2016) / 580,000 (2019-2020) -> 430,000 (2024). From 2020 both rates are negative: the old engine said
    # on track (R = +20.6) after a 26% fall.
    ind = load_registry().get("enrolment_college_intermediate")
    obs = engine.observations(ind, shipped)
    goal = _target("at_least", 560_000, 2030, base=base)
    targets = [*engine.targets_for(shipped["targets"], ind.id), goal]
    kpi = engine.evaluate(ind, obs, targets, 2030, CURRENT)
    assert kpi.status != "on_track"
    assert kpi.status == "deterioration"
    known = list(zip(engine.series(obs)["year"], engine.series(obs)["value"], strict=True))
    assert ref.category(known, "higher", 560_000, 2030, base_year=base) == "deterioration"
    latest = engine.evaluate(ind, obs, targets, 2024, CURRENT)
    assert latest.next_target == goal and latest.outlook == "deterioration" and latest.outlook_ratio < 0


def test_the_series_label_differs_from_the_published_one_only_in_the_rounding_bands():
    # The engine follows the indicator status Open SDG publishes (its score); the series' own label uses the
    # thresholds on R directly. They part only between the rounded edges and the thresholds.
    thresholds = {"high": 0.95, "med": 0.6, "low": 0}
    assert ref.get_progress_status(0.949993, thresholds) == "moderate_progress"
    assert ref.get_progress_status(0.599996, thresholds) == "limited_progress"
    for r in (1.2, 0.95, 0.9499, 0.6, 0.5999, 0.0, -0.3):
        published = ref.get_progress_status_from_score(_released_score(r))
        assert ref.get_progress_status(r, thresholds) == published, r
