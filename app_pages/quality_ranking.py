"""Chất lượng đào tạo nghề / Quality ranking: WEF rank by edition against Resolution 02/NQ-CP, score, skills."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.cards import target_text
from kpis.i18n import fmt_value, status_label, t

lang = shared.lang()
reg = shared.registry()
data = shared.frames()
shared.page_header("page_quality", lang)
st.info(t("wef_note", lang), icon=":material/info:")

ind = reg.get("vocational_training_quality_rank")
ranking = data["quality_ranking"]
own = ranking[ranking["indicator"] == "vocational_training"]
targets = engine.targets_for(data["targets"], ind.id)
shared.plotly(charts.rank_chart(own, targets, ind, lang, until_year=max(tg.year for tg in targets)))

st.subheader(t("nq02_targets", lang), divider="gray")
obs = shared.observations(ind.id)
for tg in targets:
    kpi = engine.evaluate(ind, obs, targets, tg.year, shared.current_year())
    with st.container(border=True):
        st.markdown(f"**{tg.year}** · {target_text(tg, ind, lang, kpi.target_value)} · {tg.source_document}")
        actual = fmt_value(kpi.actual, ind.unit, lang) if kpi.actual is not None else t("no_edition_text", lang)
        st.caption(f"{t('actual', lang)}: {actual}")
        shared.status_badge(kpi.status, lang)
st.caption(t("status_legend_rank", lang, status=status_label("insufficient_data", lang)))

st.subheader(t("score_and_related", lang), divider="gray")
shared.plotly(charts.score_chart(own, lang, reg.get("vocational_training_quality_score").name(lang)))
shared.plotly(charts.related_ranks_chart(ranking[ranking["indicator"] != "vocational_training"], lang))
shared.method_expander(lang)
