"""Đào tạo nghề cho lao động nông thôn / Rural training: trained and employed after training, by province."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.i18n import t

lang = shared.lang()
data = shared.frames()
indicators = shared.registry().on_topic("rural_training")
shared.page_header("page_rural", lang)
st.caption(t("rural_intro", lang))

for col, ind in shared.grid(indicators, 2):
    with col:
        shared.trend(ind, lang)

st.header(t("by_province", lang), divider="gray")
years = engine.province_years(shared.observations(indicators[0].id))
if not years:
    st.info(t("no_province_data", lang))
    st.stop()
picker, _ = st.columns([1, 3])
year = shared.year_picker("year", years, years[-1], container=picker)
shared.illustrative_flag(lang)
for col, ind in shared.grid(indicators, 2):
    # Counts compare across provinces per 10,000 inhabitants; rates as they are.
    metric = "per_10k" if ind.per_capita else "value"
    table = engine.province_table(ind, shared.observations(ind.id), year, data["provinces"], data["population"])
    title = f"{ind.name(lang)}, {year}" + (f" ({t('per_10k', lang).lower()})" if metric == "per_10k" else "")
    with col:
        if table.empty:
            st.info(t("no_data_year", lang, year=year))
        else:
            shared.plotly(
                charts.province_bar_chart(table, ind, lang, metric=metric, title=title),
                f"rural-{ind.id}-{metric}",
                year,
            )
