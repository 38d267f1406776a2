"""Tỉnh, thành / Provinces: any indicator by province for a year, ranked, by region, per 10,000 inhabitants."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.i18n import fmt_number, fmt_value, region_label, t, value_type_label

lang = shared.lang()
reg = shared.registry()
data = shared.frames()
shared.page_header("page_provinces", lang)

with_provinces = [i for i in reg.indicators if (shared.observations(i.id)["province_code"] != engine.NATIONAL).any()]
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
years = sorted(set(obs.loc[obs["province_code"] != engine.NATIONAL, "year"]))
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
if (table["value_type"] == "illustrative").any():
    shared.illustrative_flag(lang)
vintage = engine.vintage_of(year)
st.caption(t("vintage_note", lang, n=vintage))

map_col, bar_col = st.columns([1, 1])
with map_col:
    shared.plotly(charts.province_map(table, shared.geojson(vintage), ind, lang, metric=metric))
    st.caption(shared.GEO_ATTRIBUTION[lang])
with bar_col:
    shared.plotly(charts.province_bar_chart(table, ind, lang, metric=metric, title=f"{ind.name(lang)}, {year}"))

st.subheader(t("by_region", lang), divider="gray")
regions = engine.region_summary(table, ind, metric)
regions = regions.assign(
    region=regions["region"].map(lambda r: region_label(r, lang)),
    value=regions["value"].map(
        lambda v: fmt_value(v, ind.unit if metric == "value" else "", lang, ind.decimals if metric == "value" else 1)
    ),
)
regions.columns = [
    t("region", lang),
    t("province_count", lang),
    t(f"region_{engine.region_statistic(ind, metric)}", lang),
]
st.dataframe(regions, hide_index=True, width="stretch")

st.subheader(t("province_table", lang), divider="gray")
name_col = "name_vi" if lang == "vi" else "name_en"
view = table.assign(
    region=table["region"].map(lambda r: region_label(r, lang)),
    value=table["value"].map(lambda v: fmt_value(v, ind.unit, lang, ind.decimals)),
    per_10k=table["per_10k"].map(lambda v: fmt_number(v, lang, 1)),
    value_type=table["value_type"].map(lambda v: value_type_label(v, lang)),
)[["rank", name_col, "province_code", "region", "value", "per_10k", "value_type"]]
view.columns = [
    t("rank", lang),
    t("province", lang),
    t("code", lang),
    t("region", lang),
    t("value", lang),
    t("per_10k", lang),
    t("value_type", lang),
]
st.dataframe(view if ind.per_capita else view.drop(columns=t("per_10k", lang)), hide_index=True, width="stretch")
