"""Chart builders, checked through their figure JSON."""

import pytest

from kpis import charts, engine
from kpis.registry import load_registry

REG = load_registry()


def _trend(shipped, indicator_id, lang="vi"):
    ind = REG.get(indicator_id)
    national = engine.series(engine.observations(ind, shipped))
    targets = engine.targets_for(shipped["targets"], ind.id)
    return charts.trend_chart(ind, national, targets, lang, projection=engine.trend_projection(national, targets, 2026))


@pytest.mark.parametrize(("lang", "separators"), [("vi", ",."), ("en", ".,")])
def test_locale_separators_and_integer_years(shipped, lang, separators):
    fig = _trend(shipped, "enrolment_total", lang)
    assert fig.layout.separators == separators
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis.dtick in (1, 2)
    assert fig.layout.yaxis.tickformat == ",.0f"


def test_trend_has_target_projection_units_and_source(shipped):
    fig = _trend(shipped, "enrolment_total", "en")
    names = [tr.name for tr in fig.data]
    assert names == ["Actual", "Projection from trend", "Target"]
    projection = fig.data[1]
    assert projection.line.dash == "dash" and max(projection.x) == 2030
    assert "(persons)" in fig.layout.yaxis.title.text
    assert any("Source:" in a.text and "gdnn.gov.vn" in a.text for a in fig.layout.annotations)


def test_range_targets_are_bands(shipped):
    fig = _trend(shipped, "enrolment_total", "en")
    target = fig.data[-1]
    years = list(target.x)
    i = years.index(2025)
    assert target.y[i] - target.error_y.arrayminus[i] == pytest.approx(2_500_000)
    assert target.y[i] + target.error_y.array[i] == pytest.approx(2_700_000)


def test_rank_chart_is_inverted_with_target_and_missing_editions(shipped):
    ind = REG.get("vocational_training_quality_rank")
    ranking = shipped["quality_ranking"]
    own = ranking[ranking["indicator"] == "vocational_training"]
    fig = charts.rank_chart(own, engine.targets_for(shipped["targets"], ind.id), ind, "vi", until_year=2021)
    lo, hi = fig.layout.yaxis.range
    assert lo > hi == 1  # 1 at the top
    assert [s.x0 for s in fig.layout.shapes] == [2020 - 0.45, 2021 - 0.45]  # years with no edition
    texts = [a.text for a in fig.layout.annotations]
    assert texts.count("Không có<br>ấn phẩm") == 2
    target = fig.data[-1]
    assert list(target.x) == [2019, 2021]
    i = 1
    assert (target.y[i] - target.error_y.arrayminus[i], target.y[i] + target.error_y.array[i]) == (90, 95)


def test_province_charts_flag_illustrative_data(shipped):
    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    fig = charts.province_bar_chart(table, ind, "vi")
    assert "Số liệu minh họa" in fig.layout.title.text
    assert sum(len(tr.y) for tr in fig.data if tr.type == "bar") == 63


def test_map_uses_the_province_codes(shipped):
    import json

    from kpis import DATA_DIR

    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    geo = json.loads((DATA_DIR / "geo" / "vn_provinces_63.geojson").read_text(encoding="utf-8"))
    fig = charts.province_map(table, geo, ind, "en")
    shapes = [tr for tr in fig.data if tr.fill == "toself"]
    assert sorted(tr.name for tr in shapes) == sorted(f["id"] for f in geo["features"])
    assert all(tr.fillcolor != "#eeeeee" for tr in shapes)  # every province has a value
    assert "Ha Noi: " in next(tr.text for tr in shapes if tr.name == "01")
    assert fig.data[-1].marker.showscale  # the colour scale is shown


def test_source_domains_are_short_and_distinct():
    assert charts.source_domains(["https://www.a.vn/x | https://b.vn/y", "https://a.vn/z"]) == "a.vn, b.vn"
