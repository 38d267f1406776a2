"""Đào tạo nghề cho lao động nông thôn / Rural training: trained and employed after training, by province."""

import streamlit as st

from app_pages import shared
from kpis import charts, engine
from kpis.i18n import t

lang = shared.lang()
reg = shared.registry()
data = shared.frames()
shared.page_header("page_rural", lang)
st.caption(t("rural_intro", lang))

left, right = st.columns(2)
for col, indicator_id in zip((left, right), ("rural_trained", "rural_employment_rate"), strict=True):
    ind = reg.get(indicator_id)
    national = engine.series(shared.observations(indicator_id))
    targets = engine.targets_for(data["targets"], indicator_id)
    with col:
        shared.plotly(
            charts.trend_chart(
                ind,
                national,
                targets,
                lang,
                projection=engine.trend_projection(national, targets, shared.current_year()),
            )
        )

st.subheader(t("by_province", lang), divider="gray")
obs = shared.observations("rural_trained")
province_years = sorted(set(obs.loc[obs["province_code"] != engine.NATIONAL, "year"]))
if not province_years:
    st.info(t("no_province_data", lang))
    st.stop()
picker, _ = st.columns([1, 3])
year = shared.year_picker("year", province_years, province_years[-1], container=picker)
shared.illustrative_flag(lang)
left, right = st.columns(2)
for col, indicator_id, metric in ((left, "rural_trained", "per_10k"), (right, "rural_employment_rate", "value")):
    ind = reg.get(indicator_id)
    table = engine.province_table(ind, shared.observations(indicator_id), year, data["provinces"], data["population"])
    title = f"{ind.name(lang)}, {year}" + (f" ({t('per_10k', lang).lower()})" if metric == "per_10k" else "")
    with col:
        if table.empty:
            st.info(t("no_data_year", lang, year=year))
        else:
            shared.plotly(charts.province_bar_chart(table, ind, lang, metric=metric, title=title))
