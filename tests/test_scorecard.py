"""A province's scorecard against hand computations, on small observation tables whose answers are plain."""

import pandas as pd
import pytest

from kpis import engine, scorecard
from kpis.registry import load_registry

REG = load_registry()
COUNT = REG.get("enrolment_total")  # a count: higher is better, per 10,000 inhabitants
RANK = REG.get("vocational_training_quality_rank")  # lower is better


def _obs(rows) -> pd.DataFrame:
    """Observations from (year, code, value) rows, every one illustrative from one source."""
    frame = pd.DataFrame(rows, columns=["year", "province_code", "value"])
    return frame.assign(value_type="illustrative", source="test", basis="published", level_used="")


def _targets(rows) -> pd.DataFrame:
    """Target rows from (indicator, year, code, type, value)."""
    frame = pd.DataFrame(rows, columns=["indicator_id", "year", "province_code", "target_type", "value"])
    return frame.assign(value_high=None, baseline_year=None, source_document="plan", value_type="actual", source="")


OBS = {
    COUNT.id: _obs(
        [
            (2018, "VN", 500),
            (2018, "01", 80),
            (2018, "02", 250),
            (2018, "04", 170),
            (2019, "VN", 600),
            (2019, "01", 100),
            (2019, "02", 300),
            (2019, "04", 200),
            # The 34-province list: code 08 is Tuyên Quang formed from 02 and 08, another area than 08 of 2019.
            (2019, "08", 40),
            (2025, "VN", 700),
            (2025, "08", 350),
            (2025, "01", 300),
        ]
    ),
    RANK.id: _obs([(2019, "01", 5), (2019, "02", 1), (2019, "04", 3)]),
}
TARGETS = _targets(
    [
        (COUNT.id, 2019, "01", "at_least", 90),  # met: 100 / 90
        (COUNT.id, 2019, "02", "at_least", 400),  # missed: 300 / 400
        (COUNT.id, 2019, "VN", "at_least", 1000),  # national: never on a province's line
    ]
)
POPULATION = pd.DataFrame(
    {
        "year": [2019, 2019, 2019, 2024],
        "province_code": ["01", "02", "04", "01"],
        "vintage": [63, 63, 63, 63],
        "population": [50_000, 1_000_000, 400_000, 60_000],
    }
)


@pytest.fixture(scope="module")
def frames(shipped):
    return {"targets": TARGETS, "provinces": shipped["provinces"], "population": POPULATION}


def observe(ind):
    return OBS.get(ind.id, _obs([]))


def _line(frames, code, year, indicator) -> scorecard.Line:
    lines = {ln.indicator: ln for ln in scorecard.scorecard(REG.indicators, observe, frames, code, year, 2026)}
    return lines[indicator.id]


@pytest.mark.parametrize(
    ("code", "value", "rank", "per_10k", "target", "attainment", "status"),
    [
        ("01", 100, 3, 100 / 50_000 * 10_000, 90, 100 / 90, "achieved"),
        ("02", 300, 1, 300 / 1_000_000 * 10_000, 400, 300 / 400, "not_achieved"),
        ("04", 200, 2, 200 / 400_000 * 10_000, None, None, "no_target"),
    ],
)
def test_a_count_against_hand_computation(frames, code, value, rank, per_10k, target, attainment, status):
    ln = _line(frames, code, 2019, COUNT)
    assert (ln.value, ln.rank, ln.ranked, ln.national) == (value, rank, 4, 600)
    assert ln.per_10k == pytest.approx(per_10k)
    assert ln.target_value == target
    assert ln.attainment == (None if attainment is None else pytest.approx(attainment))
    assert ln.status == status
    assert ln.value_type == "illustrative" and ln.illustrative


@pytest.mark.parametrize(("code", "rank"), [("02", 1), ("04", 2), ("01", 3)])
def test_lower_is_better_ranks_the_smallest_first(frames, code, rank):
    ln = _line(frames, code, 2019, RANK)
    assert (ln.rank, ln.ranked, ln.per_10k, ln.national) == (rank, 3, None, None)


def test_the_trend_stays_on_the_list_of_the_year_looked_at(frames):
    """Code 08 names another area after the reform: the 2019 value is not part of the 2025 province's trend."""
    assert _line(frames, "08", 2025, COUNT).trend == ((2025, 350.0),)
    assert _line(frames, "08", 2019, COUNT).trend == ((2019, 40.0),)
    assert _line(frames, "01", 2019, COUNT).trend == ((2018, 80.0), (2019, 100.0))
    assert _line(frames, "01", 2025, COUNT).rank == 2 and _line(frames, "01", 2025, COUNT).ranked == 2


def test_a_year_without_a_value_has_an_empty_line(frames):
    ln = _line(frames, "04", 2025, COUNT)
    assert (ln.value, ln.rank, ln.ranked, ln.status, ln.trend) == (None, None, 2, "no_target", ())
    assert ln.national == 700


def test_only_indicators_with_provincial_values_have_lines(frames):
    lines = scorecard.scorecard(REG.indicators, observe, frames, "01", 2019, 2026)
    assert [ln.indicator for ln in lines] == [COUNT.id, RANK.id]


def test_years_and_default_year():
    assert scorecard.years(REG.indicators, observe, "08") == {2019: 1, 2025: 1}
    assert scorecard.years(REG.indicators, observe, "01") == {2018: 1, 2019: 2, 2025: 1}
    assert scorecard.years(REG.indicators, observe, "99") == {}
    assert scorecard.default_year({2019: 2, 2025: 1}, 2026) == 2019  # the fullest picture, not the latest year
    assert scorecard.default_year({2019: 1, 2025: 1}, 2026) == 2025  # of equals, the latest
    assert scorecard.default_year({2019: 1, 2025: 3}, 2020) == 2019  # nothing ahead of now
    assert scorecard.default_year({2030: 1}, 2026) == 2030
    assert scorecard.default_year({}, 2026) is None


def test_places_name_predecessors_and_successors(shipped):
    new = scorecard.places(shipped["provinces"], 34)
    old = scorecard.places(shipped["provinces"], 63)
    assert len(new) == 34 and len(old) == 63
    assert new["79"].predecessors == ("74", "77", "79") and new["79"].name("en") == "Ho Chi Minh"
    assert new["01"].predecessors == ("01",)
    assert old["02"].successor == "08" and old["02"].predecessors == ()


def test_the_json_form_rounds_and_names_the_target(frames):
    d = _line(frames, "01", 2019, COUNT).as_dict()
    assert d["attainment"] == round(100 / 90, 6) and d["target_type"] == "at_least" and d["target"] == 90
    assert d["trend"] == [[2018, 80.0], [2019, 100.0]]
    assert set(engine.STATUSES) >= {d["status"]}


def test_the_status_map_judges_each_province_against_its_own_target(frames):
    from kpis import boundaries, province_maps

    statuses = province_maps.province_statuses(COUNT, OBS[COUNT.id], TARGETS, 2019, 2026)
    assert statuses == {"01": "achieved", "02": "not_achieved"}  # 100 >= 90; 300 < 400; VN is no province
    table = pd.DataFrame(
        {
            "province_code": ["01", "02"],
            "name_en": ["Ha Noi", "Ha Giang"],
            "value_type": ["actual", "actual"],
            "source": ["https://example.vn/a", "https://example.vn/b"],
        }
    )
    triangle = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1]]]}
    geo = boundaries.from_geojson(
        {"features": [{"id": c, "properties": {}, "geometry": triangle} for c in ("01", "02", "04")]}, 63
    )
    fig = province_maps.status_map(statuses, geo, table, COUNT, "en")
    legend = [tr.name for tr in fig.data if tr.showlegend]
    assert legend == ["Achieved (1)", "Not achieved (1)", "No target"]  # text in the legend, not colour alone
    assert fig.data[1].fillpattern.shape == "x"  # and a pattern
    notes = [a.text for a in fig.layout.annotations]
    assert any("Hoang Sa" in n for n in notes) and any("Truong Sa" in n for n in notes)
    assert any("example.vn" in n for n in notes) and any("CC BY-SA" in n for n in notes)  # source and credit inside
    assert "Illustrative" not in fig.layout.title.text
    flagged = province_maps.status_map(statuses, geo, table.assign(value_type="illustrative"), COUNT, "en")
    assert "Illustrative" in flagged.layout.title.text  # generated values flagged on the status map too


def test_a_province_of_the_34_has_the_history_of_the_old_provinces_that_formed_it(shipped):
    """Issue 12: on the 34, a merged province's trend is carried from its predecessors (here Ho Chi Minh City of
    2025 = Ho Chi Minh City + Binh Duong + Ba Ria - Vung Tau), never the old code's own series."""
    from kpis import engine

    labour = next(i for i in REG.indicators if i.measure.dataset == "certified_labour")
    lines = scorecard.scorecard(
        REG.indicators, lambda ind: engine.observations(ind, shipped), shipped, "79", 2025, 2026
    )
    trend = dict(next(ln for ln in lines if ln.indicator == labour.id).trend)
    carried = engine.observations_on(labour, shipped, shipped["provinces"], 34, shipped["population"])
    expected = carried[carried["province_code"] == "79"].set_index("year")["value"].to_dict()
    assert trend == expected and min(trend) <= 2015 and 2025 in trend
    own = engine.observations(labour, shipped).query("province_code == '79' and year == 2019")["value"].item()
    assert trend[2019] != own  # the sum of three old provinces, weighted by their population, not the old HCM
