"""Tỉnh, thành / Provinces: any indicator by province for a year, ranked, by region, per 10,000 inhabitants."""

import streamlit as st

from app_pages import shared
from kpis import boundaries, charts, engine, province_maps, scorecard
from kpis.i18n import t
from kpis.tables import markdown_frame, name_column, province_frame, region_frame

lang = shared.lang()
reg = shared.registry()
data = shared.frames()
shared.page_header("page_provinces", lang)

with_provinces = [i for i in reg.indicators if engine.province_years(shared.observations(i.id))]
if not with_provinces:
    st.info(t("no_province_data", lang))
    st.stop()
names = {i.id: i.name(lang) for i in with_provinces}
left, mid, right = st.columns([3, 1, 2])
indicator_id = shared.url_choice(
    t("indicator", lang), list(names), "indicator", next(iter(names)), format_func=names.get, container=left
)
ind = reg.get(indicator_id)
# Every year on the list it was published on (63) and, for years published on the 63, also carried onto the 34.
on_list = {v: shared.observations_on(ind.id, v) for v in engine.VINTAGES}
years_on = {v: engine.province_years(obs) for v, obs in on_list.items()}
years = sorted(set(years_on[63]) | set(years_on[34]))
year = shared.year_picker("year", years, years[-1], container=mid)
metrics = ["value", "per_10k"] if ind.per_capita else ["value"]
metric = shared.url_choice(
    t("measure", lang),
    metrics,
    "measure",
    "value",
    widget="radio",
    container=right,
    horizontal=True,
    format_func=lambda m: t("per_10k", lang) if m == "per_10k" else t("total_value", lang),
)
views = [v for v in engine.VINTAGES if year in years_on[v]]
published_on = engine.published_lists(ind, data, year)  # 2025 may have come on the 63 (the office's preliminary)
published = published_on[0] if len(published_on) == 1 else engine.vintage_of(year)
list_label, list_name = t("vintage_view", lang), lambda v: t(f"vintage_{v}", lang)
if len(views) == len(engine.VINTAGES):
    vintage = shared.url_choice(
        list_label, list(engine.VINTAGES), "vintage", published, widget="radio", horizontal=True, format_func=list_name
    )
else:  # one list only: shown, not offered, and said why (a year on the 34 cannot be split back)
    vintage = views[0]
    st.radio(
        list_label,
        list(engine.VINTAGES),
        index=engine.VINTAGES.index(vintage),
        horizontal=True,
        format_func=list_name,
        disabled=True,
        key=f"provinces_vintage_fixed_{vintage}",
    )
    st.caption(t(f"vintage_only_{vintage}", lang, year=year))
obs = on_list[vintage]

population = shared.population_on(vintage)
table = engine.province_table(ind, obs, year, data["provinces"], population, vintage=vintage)
shared.flag_if_illustrative(table, lang)
judged = vintage == published  # province targets are set on the list in force in their year: judged there only
carried = engine.carried_methods(table)  # how values were carried onto this list (none: as published)
st.caption(t("vintage_carried", lang, year=year) if carried else t("vintage_note", lang, n=vintage))

statuses = {} if not judged else province_maps.province_statuses(ind, obs, data["targets"], year, shared.current_year())
map_col, side_col = st.columns([1, 1])
geo = boundaries.load(vintage)
code_of_name = dict(zip(table[name_column(lang)], table["province_code"], strict=True))
bars = charts.province_bar_chart(table, ind, lang, metric=metric, title=f"{ind.name(lang)}, {year}")
bars_name = f"bars-{ind.id}-{metric}-{vintage}"
# The lighter chart is sent first: the browser starts loading the charts' code as soon as one arrives.
if not statuses:
    with side_col:
        shared.province_chart(bars, "provinces_bars", lambda p: code_of_name.get(p.get("y")), year, bars_name)
with map_col:
    fig = province_maps.clickable(charts.province_map(table, geo, ind, lang, metric=metric), geo, table, lang)
    shared.province_chart(
        fig, "provinces_map", lambda p: province_maps.code_of_point(fig, p), year, f"map-{ind.id}-{metric}-{vintage}"
    )
if statuses:  # provinces have their own targets this year: the map that judges beside the values, bars below
    with side_col:
        status_fig = province_maps.clickable(
            province_maps.status_map(statuses, geo, table, ind, lang), geo, table, lang
        )
        shared.province_chart(
            status_fig,
            "provinces_status_map",
            lambda p: province_maps.code_of_point(status_fig, p),
            year,
            f"status-map-{ind.id}-{vintage}",
        )
    shared.province_chart(bars, "provinces_bars", lambda p: code_of_name.get(p.get("y")), year, bars_name)
for method in carried:
    st.caption(t(f"vintage_method_{method}", lang))
if not judged and not engine.province_targets(data["targets"], ind.id, year).empty:
    st.caption(t("vintage_targets", lang, year=year, n=published))
st.caption(t("sc_map_hint", lang))

st.header(t("by_region", lang), divider="gray")
# Six rows: a plain table, drawn with the page.
st.table(markdown_frame(region_frame(table, ind, metric, lang)), hide_index=True)

st.header(t("province_table", lang), divider="gray")
ranked = province_frame(table, ind, lang)
# A carried year is not on the province page's list for that code: its link opens the province's own years.
link_year = year if judged else None
links = [scorecard.page_link(c, link_year, lang) for c in table["province_code"]]
# A plain table, each name a link to its scorecard: the data grid's code cost a new visitor 0.3-0.5 s of the
# page's load (benchmarks/pageload.py), and every row shows and prints.
st.table(markdown_frame(ranked, links={t("province", lang): links}, unbroken=(t("region", lang),)), hide_index=True)
