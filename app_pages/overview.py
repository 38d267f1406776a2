"""Tổng quan / Overview: every indicator against its target for a year, grouped by the 2021 plan's tasks."""

import streamlit as st

from app_pages import shared
from kpis import engine
from kpis.cards import card, kpi_frame
from kpis.i18n import t

lang = shared.lang()
reg = shared.registry()
shared.page_header("page_overview", lang)

headline = shared.observations(reg.indicators[0].id)
year = shared.year_picker("ov_year", shared.kpi_years(), engine.default_year(headline, shared.current_year()))
results = {k.indicator: k for k in shared.kpis(year)}
if any(k.illustrative for k in results.values()):
    shared.illustrative_flag(lang)

for task in reg.tasks:
    st.subheader(f"{t('task', lang, n=task.number)}. {task.name(lang)}", divider="gray")
    indicators = reg.for_task(task.number)
    if not indicators:
        st.caption(t("no_indicator_yet", lang))
        continue
    for start in range(0, len(indicators), 3):
        columns = st.columns(3)
        for col, ind in zip(columns, indicators[start:start + 3], strict=False):
            with col:
                shared.kpi_card(card(results[ind.id], ind, lang), lang)

st.subheader(t("kpi_table", lang), divider="gray")
table = kpi_frame(list(results.values()), {i.id: i for i in reg.indicators}, lang)
st.dataframe(table, hide_index=True, width="stretch")
shared.method_expander(lang)
