"""Tổng quan / Overview: every indicator against its target for a year, grouped by the 2021 plan's tasks."""

import streamlit as st

from app_pages import shared
from kpis import charts
from kpis.cards import card, kpi_frame, status_counts
from kpis.i18n import t

lang = shared.lang()
reg = shared.registry()
shared.page_header("page_overview", lang)

picker, _ = st.columns([1, 3])
year = shared.year_picker("year", shared.kpi_years(), shared.default_year(), container=picker)
results = {k.indicator: k for k in shared.kpis(year)}
if any(k.illustrative for k in results.values()):
    shared.illustrative_flag(lang)
with st.container(horizontal=True):
    st.markdown(f"**{t('summary', lang, year=year)}**")
    for status, n in status_counts(list(results.values())).items():
        shared.status_badge(status, lang, label_prefix=f"{n} ")

measured = [
    (reg.get(k.indicator).name(lang), k.attainment, k.status) for k in results.values() if k.attainment is not None
]
if measured:
    shared.plotly(charts.attainment_chart(measured, lang, year))
else:
    st.caption(t("no_target_this_year", lang, year=year))

for task in reg.tasks:
    indicators = reg.for_task(task.number)
    st.markdown(f"##### {t('task', lang, n=task.number)}. {task.name(lang)}")
    if not indicators:
        st.caption(t("no_indicator_yet", lang))
        st.divider()
        continue
    for start in range(0, len(indicators), 3):
        columns = st.columns(3)
        for col, ind in zip(columns, indicators[start : start + 3], strict=False):
            with col:
                shared.kpi_card(card(results[ind.id], ind, lang), lang)
    st.divider()

st.subheader(t("kpi_table", lang), divider="gray")
table = kpi_frame(list(results.values()), {i.id: i for i in reg.indicators}, lang)
st.dataframe(table, hide_index=True, width="stretch")
shared.method_expander(lang)
