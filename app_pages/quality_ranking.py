"""Chất lượng đào tạo nghề / Quality ranking: WEF rank by edition against Resolution 02/NQ-CP, score, skills."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.cards import target_lines
from kpis.i18n import status_label, t

lang = shared.lang()
data = shared.frames()
indicators = shared.registry().on_topic("quality_ranking")
rank = next(i for i in indicators if i.unit == "rank")
score = next(i for i in indicators if i.unit == "score")
shared.page_header("page_quality", lang)
st.info(t("wef_note", lang), icon=":material/info:")

editions = engine.measure_rows(rank, data)
targets = engine.targets_for(data["targets"], rank.id)
shared.plotly(
    charts.rank_chart(editions, targets, rank, lang, until_year=max(tg.year for tg in targets)), "quality-rank"
)

st.header(t("nq02_targets", lang), divider="gray")
for kpi in engine.target_verdicts(rank, shared.observations(rank.id), targets, shared.current_year()):
    heading, actual = target_lines(kpi, rank, lang)
    with st.container(border=True):
        st.markdown(heading)
        st.caption(actual)
        shared.status_badge(kpi.status, lang)
st.caption(t("status_legend_rank", lang, status=status_label("insufficient_data", lang)))

st.header(t("score_and_related", lang), divider="gray")
shared.plotly(charts.score_chart(editions, lang, score.name(lang)), "quality-score")
shared.plotly(charts.related_ranks_chart(engine.measure_rows(rank, data, others=True), lang), "quality-related")
shared.method_expander(lang)
