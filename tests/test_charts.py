"""Chart builders, checked through their figure JSON."""

import pandas as pd
import pytest

from kpis import boundaries, charts, engine
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
    names = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert names == ["Actual", "Projection from trend", "Target band", "Target"]
    projection = fig.data[1]
    assert projection.line.dash == "dash" and max(projection.x) == 2030
    assert fig.layout.yaxis.title.text == "persons"  # the unit; the title names the indicator
    assert any("Source:" in a.text and "gdnn.gov.vn" in a.text for a in fig.layout.annotations)


def _bands(fig) -> dict[int, tuple[float, float]]:
    """{year: (low, high)} of the shaded target bands of a figure."""
    out = {}
    for tr in fig.data:
        if tr.legendgroup == "target_band":
            assert tr.fill == "toself"
            out[round((min(tr.x) + max(tr.x)) / 2)] = (min(tr.y), max(tr.y))
    return out


def test_range_targets_are_bands(shipped):
    fig = _trend(shipped, "enrolment_total", "en")
    assert _bands(fig)[2025] == (pytest.approx(2_500_000), pytest.approx(2_700_000))
    assert [tr.name for tr in fig.data if tr.legendgroup == "target_band" and tr.showlegend] == ["Target band"]
    target = fig.data[-1]
    # The dash stands on the edge that counts as met: the low edge where higher is better.
    assert target.y[list(target.x).index(2025)] == pytest.approx(2_500_000)


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
    # 2018 = 115, "up 20 to 25 places" by 2021: the band 90–95, met at 95 (a rank: lower is better).
    assert _bands(fig) == {2021: (90, 95)}
    assert list(target.y) == [110, 95]


def test_province_charts_flag_illustrative_data(shipped):
    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    fig = charts.province_bar_chart(table, ind, "vi")
    assert "Số liệu minh họa" in fig.layout.title.text
    assert sum(len(tr.y) for tr in fig.data if tr.type == "bar") == 63


def test_map_uses_the_province_codes(shipped):
    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    geo = boundaries.load(63)
    fig = charts.province_map(table, geo, ind, "en")
    shapes = [tr for tr in fig.data if tr.fill == "toself"]
    assert sorted(tr.name for tr in shapes) == sorted(geo.codes)
    assert all(tr.fillcolor != "#eeeeee" for tr in shapes)  # every province has a value
    assert "Ha Noi: " in next(tr.text for tr in shapes if tr.name == "01")
    assert fig.data[-1].marker.showscale  # the colour scale is shown
    # Latitudes framed on the country (a chart's y axis starts at 0: a third of the map would be the sea below 8°N),
    # and the scale in the sea north-east of the land, so the map keeps a phone's whole width.
    assert fig.layout.yaxis.rangemode == "normal" and fig.layout.yaxis.scaleanchor == "x"
    bar = fig.data[-1].marker.colorbar
    assert (bar.x, bar.xanchor, bar.y, bar.yanchor) == (1, "right", 1, "top") and bar.len <= 0.3


def test_source_domains_are_short_and_distinct():
    assert charts.source_domains(["https://www.a.vn/x | https://b.vn/y", "https://a.vn/z"]) == "a.vn, b.vn"


def test_province_range_targets_are_bands_with_the_dash_on_the_met_edge(shipped):
    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    targets = shipped["targets"].head(0).copy()
    row = {c: None for c in targets.columns}
    row.update(indicator_id=ind.id, year=2020, province_code="01", level="total", target_type="range", value=1000.0,
               value_high=1500.0, source_document="x", source="x", value_type="actual")  # fmt: skip
    targets = pd.DataFrame([row]).astype(shipped["targets"].dtypes.to_dict())
    fig = charts.province_bar_chart(table, ind, "en", targets=targets)
    band = next(tr for tr in fig.data if tr.name == "Target band")
    assert (list(band.base), list(band.x)) == ([1000.0], [500.0])
    dash = next(tr for tr in fig.data if tr.name == "Target")
    assert list(dash.x) == [1000.0]


def test_every_shown_chart_has_the_modebar_then_the_title_then_the_legend(shipped):
    """The modebar (top right, MODEBAR_PX high) never covers a title: the title starts below it, and the top margin
    grows by as much; a top legend hangs from under the title, so its rows (one an item on a phone) cover no title."""
    import plotly.graph_objects as go

    assert charts.PLOTLY_CONFIG["displaylogo"] is False
    trend = _trend(shipped, "enrolment_total", "vi")
    plain = go.Figure(layout={"title": {"text": "t"}, "margin": {"t": 50}, "height": 400})
    for fig in (trend, plain):
        before_margin = fig.layout.margin.t
        before_pad = fig.layout.title.pad.t if fig.layout.title.yref == "container" else None
        charts.screen_layout(fig)
        title = fig.layout.title
        assert (title.y, title.yref, title.yanchor) == (1, "container", "top")
        assert title.pad.t >= charts.MODEBAR_PX + 12
        assert fig.layout.margin.t == before_margin + charts.MODEBAR_PX
        if before_pad is not None:
            assert title.pad.t == before_pad + charts.MODEBAR_PX
    legend = trend.layout.legend
    assert (legend.yref, legend.yanchor, legend.orientation) == ("container", "top", "h")
    below_title = (1 - legend.y) * trend.layout.height
    assert below_title >= trend.layout.title.pad.t + 22  # under the title's line, not over it
