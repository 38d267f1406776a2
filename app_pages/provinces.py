"""Tỉnh, thành / Provinces: any indicator by province for a year, ranked, by region, per 10,000 inhabitants."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.i18n import t
from kpis.tables import province_frame, region_frame

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
obs = shared.observations(ind.id)
years = engine.province_years(obs)
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

table = engine.province_table(ind, obs, year, data["provinces"], data["population"])
shared.flag_if_illustrative(table, lang)
vintage = engine.vintage_of(year)
st.caption(t("vintage_note", lang, n=vintage))

map_col, bar_col = st.columns([1, 1])
with map_col:
    shared.plotly(charts.province_map(table, shared.geojson(vintage), ind, lang, metric=metric))
    st.caption(shared.GEO_ATTRIBUTION[lang])
with bar_col:
    shared.plotly(charts.province_bar_chart(table, ind, lang, metric=metric, title=f"{ind.name(lang)}, {year}"))

st.header(t("by_region", lang), divider="gray")
st.dataframe(region_frame(table, ind, metric, lang), hide_index=True, width="stretch")

st.header(t("province_table", lang), divider="gray")
st.dataframe(province_frame(table, ind, lang), hide_index=True, width="stretch")
