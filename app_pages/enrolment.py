"""Tuyển sinh / Enrolment: trend by level against annual targets, level mix, provinces ranked."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.i18n import t

lang = shared.lang()
reg = shared.registry()
data = shared.frames()
shared.page_header("page_enrolment", lang)


def trend(indicator_id: str) -> None:
    ind = reg.get(indicator_id)
    national = engine.series(shared.observations(indicator_id))
    targets = engine.targets_for(data["targets"], indicator_id)
    shared.plotly(
        charts.trend_chart(
            ind, national, targets, lang, projection=engine.trend_projection(national, targets, shared.current_year())
        )
    )


st.subheader(t("enrolment_trend", lang), divider="gray")
trend("enrolment_total")
left, right = st.columns(2)
with left:
    trend("enrolment_college_intermediate")
with right:
    trend("enrolment_elementary_other")

st.subheader(t("level_mix_title", lang), divider="gray")
shared.plotly(charts.level_mix_chart(data["enrolment"], lang))

st.subheader(t("provinces_ranked", lang), divider="gray")
ind = reg.get("enrolment_total")
obs = shared.observations(ind.id)
province_years = sorted(set(obs.loc[obs["province_code"] != engine.NATIONAL, "year"]))
if province_years:
    picker, _ = st.columns([1, 3])
    year = shared.year_picker("year", province_years, province_years[-1], container=picker)
    table = engine.province_table(ind, obs, year, data["provinces"], data["population"])
    targets = data["targets"]
    year_targets = targets[
        (targets["indicator_id"] == ind.id) & (targets["year"] == year) & (targets["province_code"] != engine.NATIONAL)
    ]
    if (table["value_type"] == "illustrative").any():
        shared.illustrative_flag(lang)
    shared.plotly(charts.province_bar_chart(table, ind, lang, targets=year_targets, title=f"{ind.name(lang)}, {year}"))
else:
    st.info(t("no_province_data", lang))
