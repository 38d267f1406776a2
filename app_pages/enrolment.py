"""Tuyển sinh / Enrolment: trend by level against annual targets, level mix, provinces ranked."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.i18n import t

lang = shared.lang()
data = shared.frames()
headline, *levels = shared.registry().on_topic("enrolment")
shared.page_header("page_enrolment", lang)

st.header(t("enrolment_trend", lang), divider="gray")
shared.trend(headline, lang)
for col, ind in shared.grid(levels, 2):
    with col:
        shared.trend(ind, lang)

st.header(t("level_mix_title", lang), divider="gray")
shared.plotly(charts.level_mix_chart(data[headline.measure.dataset], lang), "enrolment-levels")

st.header(t("provinces_ranked", lang), divider="gray")
obs = shared.observations(headline.id)
years = engine.province_years(obs)
if not years:
    st.info(t("no_province_data", lang))
    st.stop()
picker, _ = st.columns([1, 3])
year = shared.year_picker("year", years, years[-1], container=picker)
table = engine.province_table(headline, obs, year, data["provinces"], data["population"])
targets = engine.province_targets(data["targets"], headline.id, year)
shared.flag_if_illustrative(table, lang)
shared.plotly(
    charts.province_bar_chart(table, headline, lang, targets=targets, title=f"{headline.name(lang)}, {year}"),
    "enrolment-provinces",
    year,
)
