"""Tổng quan / Overview: every indicator against its target for a year, grouped by the 2021 plan's tasks."""

import streamlit as st

from app_pages import shared
from kpis import charts
from kpis.cards import attainment_rows, card, kpi_frame, status_counts
from kpis.events import facts_without_value
from kpis.i18n import t

LATEST = "latest"
lang = shared.lang()
reg = shared.registry()
by_id = {i.id: i for i in reg.indicators}
shared.page_header("page_overview", lang)

picker, _ = st.columns([1, 3])
# By default the latest picture: each indicator at its latest year with data. A chosen year shows that year.
choice = shared.url_choice(
    t("year", lang),
    [LATEST, *shared.kpi_years()],
    "year",
    LATEST,
    format_func=lambda y: t("latest", lang) if y == LATEST else str(y),
    container=picker,
)
year = None if choice == LATEST else choice
shared.briefing_downloads(year, lang)
kpis = shared.kpis(year)
frames = shared.frames()
cards = {k.indicator: card(k, by_id[k.indicator], lang, facts_without_value(by_id[k.indicator], frames)) for k in kpis}
if any(k.illustrative for k in kpis):
    shared.illustrative_flag(lang)
with st.container(horizontal=True):
    st.markdown(f"**{t('summary_latest', lang) if year is None else t('summary', lang, year=year)}**")
    for status, n in status_counts(list(cards.values())).items():
        shared.status_badge(status, lang, label_prefix=f"{n} ")

measured = attainment_rows(kpis, by_id, lang)
if measured:
    title = t("attainment_title_latest", lang) if year is None else f"{t('attainment_title', lang)} {year}"
    shared.plotly(charts.attainment_chart(measured, lang, title), "overview-attainment", year)
elif year is not None:
    st.caption(t("no_target_this_year", lang, year=year))

for task in reg.tasks:
    indicators = reg.for_task(task.number)
    st.markdown(f"## {t('task', lang, n=task.number)}. {task.name(lang)}")
    if not indicators:
        st.caption(t("no_indicator_yet", lang))
    for col, ind in shared.grid(indicators, 3):
        with col:
            shared.kpi_card(cards[ind.id], lang)
    st.divider()

st.header(t("kpi_table", lang), divider="gray")
st.dataframe(kpi_frame(kpis, by_id, lang), hide_index=True, width="stretch")
shared.method_expander(lang)
