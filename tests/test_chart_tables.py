"""Every chart's text alternative: the figure's data as a table, each value a reader sees, in the user's language."""

from kpis import boundaries, charts, engine
from kpis.registry import load_registry

REG = load_registry()


def test_trend_table_lists_every_actual_value_and_target(shipped):
    ind = REG.get("enrolment_total")
    national = engine.series(engine.observations(ind, shipped))
    targets = engine.targets_for(shipped["targets"], ind.id)
    fig = charts.trend_chart(ind, national, targets, "en")
    table = charts.figure_table(fig, "en")
    assert list(table.columns) == ["Series", "Item", "Value"]
    actual = table[table["Series"] == "Actual"]
    assert list(actual["Item"]) == [str(y) for y in national["year"]]
    assert list(actual["Value"]) == list(national["value"])
    assert (table["Series"] == "Target").sum() == len([tg for tg in targets if tg.year])
    assert charts.figure_title(fig) == ind.name("en")


def test_bar_table_reads_provinces_not_coordinates(shipped):
    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    out = charts.figure_table(charts.province_bar_chart(table, ind, "vi"), "vi")
    assert list(out.columns) == ["Chuỗi số liệu", "Mục", "Giá trị"]
    assert set(out["Mục"]) == set(table["name_vi"])  # horizontal bars: the item is the province


def test_map_table_has_one_row_per_province_with_its_label(shipped):
    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    geo = boundaries.load(63)
    out = charts.figure_table(charts.province_map(table, geo, ind, "en"), "en")
    assert len(out) == len(geo.codes)  # no row for the colour bar's placeholder, none per ring point
    assert any(item.startswith("Ha Noi: ") for item in out["Item"])
