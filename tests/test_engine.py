"""Table-driven tests of the KPI engine: attainment, status, progress, levels, and the published checks."""

import pandas as pd
import pytest

from kpis import engine
from kpis.engine import Target
from kpis.registry import load_registry
from kpis.schema import load_package

CURRENT = 2026


def target(kind, value, high=None, base=None, year=2020):
    return Target(
        indicator_id="x",
        year=year,
        province_code="VN",
        target_type=kind,
        value=value,
        value_high=high,
        baseline_year=base,
    )


@pytest.mark.parametrize(
    ("kind", "value", "high", "actual", "sign", "base_value", "expected"),
    [
        ("at_least", 100, None, 110, 1, None, 1.10),
        ("at_least", 100, None, 90, 1, None, 0.90),
        ("at_most", 100, None, 80, -1, None, 1.25),  # lower is better: beating the target gives > 1
        ("at_most", 100, None, 125, -1, None, 0.80),
        ("range", 35, 40, 38, 1, None, 38 / 35),  # inside the band: met
        ("range", 35, 40, 28, 1, None, 0.80),
        ("range", 90, 95, 100, -1, None, 0.95),  # rank band 90–95, actual 100
        ("improve_by", 5, None, 102, -1, 115, 2.6),  # up 13 places against at least 5
        ("improve_by", 20, 25, 110, -1, 115, 0.25),
        ("improve_by", 5, None, 120, -1, 115, -1.0),  # fell 5 places
        ("at_least", 100, None, None, 1, None, None),  # no data: no attainment
        ("improve_by", 5, None, 102, -1, None, None),  # no baseline: no attainment
    ],
)
def test_attainment(kind, value, high, actual, sign, base_value, expected):
    got = engine.attainment(target(kind, value, high), actual, sign, base_value)
    assert got == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("y0", "t0", "yi", "ti", "yt", "tt", "sign", "expected"),
    [
        (100, 2020, 121, 2022, 150, 2030, 1, "on_track"),  # 10%/yr against ~5.2%/yr needed
        (100, 2020, 106.7, 2022, 150, 2030, 1, "acceleration_needed"),  # 3.3%/yr against 4.14%/yr: R ≈ 0.79
        (100, 2020, 101, 2022, 150, 2030, 1, "limited_progress"),
        (100, 2020, 95, 2022, 150, 2030, 1, "deterioration"),
        (100, 2020, 160, 2022, 150, 2030, 1, "achieved"),
        (115, 2018, 102, 2019, 90, 2021, -1, "on_track"),  # rank falls faster than needed
        (115, 2018, 114, 2019, 90, 2021, -1, "limited_progress"),
        (115, 2018, 120, 2019, 90, 2021, -1, "deterioration"),
        (100, 2020, 110, 2020, 150, 2030, 1, "insufficient_data"),  # no point after the baseline
    ],
)
def test_progress_status(y0, t0, yi, ti, yt, tt, sign, expected):
    status, _ = engine.progress(y0, t0, yi, ti, yt, tt, sign)
    assert status == expected


def test_progress_thresholds_are_open_sdg():
    assert (engine.ON_TRACK, engine.ACCELERATION) == (0.95, 0.60)


def _obs(values: dict[int, float], value_type: str = "actual") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(values),
            "province_code": "VN",
            "value": list(values.values()),
            "value_type": value_type,
            "source": "s",
            "basis": "published",
            "level_used": "",
        }
    )


@pytest.mark.parametrize(
    ("values", "tg", "year", "expected"),
    [
        ({2019: 110, 2020: 120}, target("at_least", 100, year=2020), 2020, "achieved"),
        ({2019: 110, 2020: 90}, target("at_least", 100, year=2020), 2020, "not_achieved"),
        ({2019: 110}, target("at_least", 100, year=2021), 2021, "insufficient_data"),  # past year, no data
        ({2019: 110, 2020: 120}, None, 2020, "no_target"),
        ({2020: 100, 2024: 120}, target("at_least", 130, base=2020, year=2030), 2030, "on_track"),
        ({2020: 100, 2024: 101}, target("at_least", 130, base=2020, year=2030), 2030, "limited_progress"),
        ({2020: 100, 2024: 140}, target("at_least", 130, base=2020, year=2030), 2030, "achieved"),
        ({2020: 100}, target("at_least", 130, base=2020, year=2030), 2030, "insufficient_data"),
    ],
)
def test_status_higher_is_better(values, tg, year, expected):
    ind = load_registry().get("enrolment_total")
    kpi = engine.evaluate(ind, _obs(values), [tg] if tg else [], year, CURRENT)
    assert kpi.status == expected


@pytest.mark.parametrize(
    ("values", "tg", "year", "expected"),
    [
        ({2018: 115, 2019: 102}, target("improve_by", 5, base=2018, year=2019), 2019, "achieved"),
        ({2018: 115, 2019: 113}, target("improve_by", 5, base=2018, year=2019), 2019, "not_achieved"),
        ({2018: 115, 2019: 102}, target("improve_by", 20, 25, base=2018, year=2021), 2021, "insufficient_data"),
        ({2019: 102}, target("improve_by", 5, base=2018, year=2019), 2019, "insufficient_data"),  # no baseline value
        ({2019: 90}, target("at_most", 95, year=2019), 2019, "achieved"),
        ({2019: 100}, target("range", 90, 95, year=2019), 2019, "not_achieved"),
    ],
)
def test_status_lower_is_better(values, tg, year, expected):
    ind = load_registry().get("vocational_training_quality_rank")
    assert engine.evaluate(ind, _obs(values), [tg], year, CURRENT).status == expected


@pytest.mark.parametrize(
    ("values", "tg", "expected"),
    [
        # "Up 20 places on 2018", due 2030: the level is the 2018 rank moved 20 places (115 -> 95).
        ({2018: 115, 2022: 100}, target("improve_by", 20, base=2018, year=2030), "on_track"),
        ({2018: 115, 2022: 95}, target("improve_by", 20, base=2018, year=2030), "achieved"),
        # No 2018 value: the level is unknown (the first value after 2018 would be another target).
        ({2019: 115, 2022: 95}, target("improve_by", 20, base=2018, year=2030), "insufficient_data"),
    ],
)
def test_improve_by_ahead_aims_at_the_baseline_years_value_moved_n(values, tg, expected):
    ind = load_registry().get("vocational_training_quality_rank")
    kpi = engine.evaluate(ind, _obs(values), [tg], tg.year, CURRENT)
    assert kpi.status == expected


def test_a_target_due_this_year_follows_the_published_measure_not_attainment():
    # Due this year, the value just short of the target: attainment rounds to 1 (within 1e-9), the measure is exact.
    ind = load_registry().get("enrolment_total")
    tg = target("at_least", 100, base=2020, year=CURRENT)
    kpi = engine.evaluate(ind, _obs({2020: 90, CURRENT: 100 - 1e-8}), [tg], CURRENT, CURRENT)
    assert kpi.attainment == pytest.approx(1) and kpi.status == "on_track"
    past = engine.evaluate(ind, _obs({2020: 90, CURRENT: 100 - 1e-8}), [tg], CURRENT, CURRENT + 1)
    assert past.status == "achieved"  # a past year keeps our rule: attainment


def test_delta_of_a_rate_is_in_points_not_percent():
    ind = load_registry().get("certified_labour_share")
    kpi = engine.evaluate(ind, _obs({2019: 23.1, 2020: 24.1}), [], 2020, CURRENT)
    assert kpi.delta == pytest.approx(1.0)  # 1 percentage point, not 4.3%
    assert kpi.previous_year == 2019


def test_projection_follows_observed_growth_to_target_year():
    proj = engine.projection(_obs({2020: 100.0, 2022: 121.0}), 2020, 2024)
    assert list(proj["year"]) == [2022, 2023, 2024]
    assert proj["value"].iloc[-1] == pytest.approx(146.41)


# -- levels: a total is never counted twice -----------------------------------------------------


def _enrolment(rows):
    return pd.DataFrame(
        [
            {
                "year": y,
                "province_code": p,
                "level": lv,
                "value": v,
                "source": f"src-{lv}",
                "value_type": vt,
                "note": "",
            }
            for y, p, lv, v, vt in rows
        ]
    )


@pytest.mark.parametrize(
    ("rows", "level", "expected", "basis"),
    [
        (
            [
                (2020, "VN", "total", 100, "actual"),
                (2020, "VN", "college_intermediate", 30, "actual"),
                (2020, "VN", "elementary_other", 70, "actual"),
            ],
            "total",
            100,
            "published_total",
        ),
        (
            [(2020, "VN", "college_intermediate", 30, "actual"), (2020, "VN", "elementary_other", 70, "actual")],
            "total",
            100,
            "sum_of_levels",
        ),
        (
            [
                (2020, "VN", "college", 10, "actual"),
                (2020, "VN", "intermediate", 20, "actual"),
                (2020, "VN", "college_intermediate", 30, "actual"),
                (2020, "VN", "elementary_other", 70, "actual"),
            ],
            "total",
            100,
            "sum_of_levels",
        ),  # college_intermediate and its parts: once
        (
            [(2020, "VN", "college", 10, "actual"), (2020, "VN", "intermediate", 20, "actual")],
            "college_intermediate",
            30,
            "sum_of_levels",
        ),
        ([(2020, "VN", "college_intermediate", 30, "actual")], "total", None, None),  # incomplete: no total
    ],
)
def test_level_totals(rows, level, expected, basis):
    ind = load_registry().get("enrolment_total")
    frames = {"enrolment": _enrolment(rows)}
    obs = engine._level_values(frames["enrolment"], "value", level)
    if expected is None:
        assert obs.empty
    else:
        assert obs["value"].tolist() == [expected]
        assert obs["basis"].tolist() == [basis]
    assert ind.measure.level == "total"


def test_sum_of_levels_takes_the_least_certain_value_type():
    obs = engine._level_values(
        _enrolment(
            [(2019, "VN", "college_intermediate", 580, "inferred"), (2019, "VN", "elementary_other", 1750, "estimate")]
        ),
        "value",
        "total",
    )
    assert obs["value_type"].tolist() == ["inferred"]


# -- the published checks, on the shipped data -------------------------------------------------


def _kpi(shipped, indicator_id, year):
    ind = load_registry().get(indicator_id)
    return engine.evaluate(
        ind, engine.observations(ind, shipped), engine.targets_for(shipped["targets"], ind.id), year, CURRENT
    )


def test_published_enrolment_2020(shipped):
    kpi = _kpi(shipped, "enrolment_total", 2020)
    assert kpi.actual == 2_280_000
    assert round(kpi.attainment * 100, 1) == 100.9
    assert kpi.status == "achieved"
    assert kpi.value_type == "actual"


def test_published_elementary_2020(shipped):
    kpi = _kpi(shipped, "enrolment_elementary_other", 2020)
    assert kpi.actual == 1_700_000
    assert round(kpi.attainment * 100, 1) == 101.2


def test_published_quality_rank_2019(shipped):
    kpi = _kpi(shipped, "vocational_training_quality_rank", 2019)
    assert kpi.actual == 102
    assert kpi.target.target_type == "improve_by" and kpi.target.baseline_year == 2018
    assert kpi.target_value == 110
    assert kpi.status == "achieved"


def test_quality_rank_2021_has_no_data_so_no_verdict(shipped):
    kpi = _kpi(shipped, "vocational_training_quality_rank", 2021)
    assert kpi.actual is None
    assert kpi.status == "insufficient_data"


def test_national_values_are_never_illustrative(shipped):
    for ind in load_registry().indicators:
        national = engine.series(engine.observations(ind, shipped))
        assert not national.empty or engine.targets_for(shipped["targets"], ind.id), ind.id
        assert (national["value_type"] != "illustrative").all(), ind.id


def test_province_table_ranks_and_per_capita(shipped):
    ind = load_registry().get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    assert len(table) == 63
    assert table["value"].sum() == 2_280_000  # provinces add up to the published total
    assert table["rank"].tolist() == list(range(1, 64))
    assert table["value"].is_monotonic_decreasing
    assert table["per_10k"].notna().all()
    assert set(table["value_type"]) == {"illustrative"}


def test_default_year_is_latest_with_target_and_value(shipped):
    assert engine.default_year(load_registry().indicators, shipped, CURRENT) == 2025


# -- summed reads: a detail table summed per level and source gives the same observations -------------


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        ("enrolment", "value"),  # every indicator sums `value` per level
        ("graduates", None),  # a ratio with a published rate: rates are never summed
        ("rural_training", None),  # no level column: rows are taken as published
        ("quality_ranking", None),  # a filtered value
        ("targets", None),  # no indicator reads it
    ],
)
def test_summed_column(dataset, expected):
    schema = load_package()[dataset]
    assert engine.summed_column(load_registry().indicators, dataset, schema.names) == expected


def _summed(frame):
    """What Store.read_sums returns: `value` summed per SUM_KEYS, groups in the order of their first row."""
    rows = frame[frame["value"].notna()]
    return rows.groupby(engine.SUM_KEYS, sort=False, as_index=False)["value"].sum().reset_index(drop=True)


def test_repeated_rows_summed_beforehand_give_the_same_observations(shipped):
    rows = []
    for i in range(60):  # repeats of every key, with several sources and value types crossing each other
        for lv in ("total", "college", "intermediate", "college_intermediate", "elementary_other"):
            rows.append(
                (
                    2018 + i % 3,
                    ["VN", "01", "79"][i % 2 + (i % 7 == 0)],
                    lv,
                    10 * i + len(lv),
                    ["actual", "estimate", "inferred", "bogus"][i % 4],
                    f"src-{i % 5}",
                )
            )
    raw = pd.DataFrame(rows, columns=["year", "province_code", "level", "value", "value_type", "source"])
    raw.loc[7, "value"] = None
    raw = raw.assign(note="", value=raw["value"].astype("Int64"))
    for ind in load_registry().indicators:
        if ind.measure.dataset == "enrolment":
            a = engine.observations(ind, {**shipped, "enrolment": raw})
            b = engine.observations(ind, {**shipped, "enrolment": _summed(raw)})
            assert len(a) > 0
            pd.testing.assert_frame_equal(a, b)


def test_cached_observations_give_the_same_years(shipped):
    reg = load_registry()
    cache = {ind.id: engine.observations(ind, shipped) for ind in reg.indicators}
    observe = lambda ind: cache[ind.id]
    assert engine.years_with_data(reg.indicators, shipped, observe) == engine.years_with_data(reg.indicators, shipped)
    assert engine.default_year(reg.indicators, shipped, CURRENT, observe) == 2025
