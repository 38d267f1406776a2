"""Hồ sơ tỉnh / Province scorecard (/province?code=XX): every indicator of one province, ranked, against the
national value and its own target, with its trend. The code comes from the URL and is checked against the lists."""

import streamlit as st

from app_pages import shared
from kpis import boundaries, charts, engine, province_maps, scorecard
from kpis.i18n import t

lang = shared.lang()
reg = shared.registry()
data = shared.frames()
shared.page_header("page_province", lang)

lists = {v: scorecard.places(data["provinces"], v) for v in scorecard.VINTAGES}
labels = {"": t("sc_pick", lang)}
for vintage, by_code in lists.items():
    for code, place in by_code.items():
        labels.setdefault(code, f"{place.name(lang)} ({code})")
code = shared.url_choice(t("sc_pick", lang), list(labels), "code", "", format_func=labels.get)

if not code:
    st.info(t("sc_pick_hint", lang), icon=":material/touch_app:")
    ind = reg.get("enrolment_total")
    obs = shared.observations(ind.id)
    year = engine.province_years(obs)[-1]
    table = engine.province_table(ind, obs, year, data["provinces"], data["population"])
    shared.flag_if_illustrative(table, lang)
    st.caption(t("sc_map_hint", lang))
    geo = boundaries.load(engine.vintage_of(year))
    fig = province_maps.clickable(charts.province_map(table, geo, ind, lang), geo, table, lang)
    shared.province_chart(fig, "province_map", lambda p: province_maps.code_of_point(fig, p), year, f"map-{ind.id}")
    st.stop()

years = scorecard.years(reg.indicators, shared.observations_of, code)
if not years:
    st.info(t("sc_no_values", lang))
    st.stop()
year = shared.year_picker("year", list(years), scorecard.default_year(years, shared.current_year()))
vintage = engine.vintage_of(year)
place = lists[vintage].get(code)
st.header(place.name(lang) if place else labels[code], divider="gray")
notes = [t(f"sc_list_{vintage}", lang)]
if place and place.predecessors and place.predecessors != (code,):
    names = ", ".join(f"{lists[63][c].name(lang)} ({c})" for c in place.predecessors if c in lists[63])
    notes.append(t("sc_formed_from", lang, names=names))
if place and place.successor and vintage == 63 and place.successor in lists[34]:
    notes.append(t("sc_became", lang, name=lists[34][place.successor].name(lang)))
st.caption(" ".join(notes))
shared.briefing_downloads(year, lang, code)  # the province's briefing for the meeting: PDF and Excel

lines = shared.scorecard_lines(code, year)
table = scorecard.frame(lines, {i.id: i for i in reg.indicators}, lang)
illustrative = [ln for ln in lines if ln.illustrative]
if illustrative and len(illustrative) < len(lines):  # some lines real (the office's tables), some generated
    st.warning(t("illustrative_some_lines", lang, n=len(illustrative), of=len(lines)), icon=":material/science:")
elif illustrative:
    shared.illustrative_flag(lang)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={t("sc_trend", lang): st.column_config.LineChartColumn(t("sc_trend", lang), width="small")},
)
st.caption(t("sc_trend_note", lang))
if any(ln.value_type == "inferred" for ln in lines):  # values carried onto the 34 without counts
    st.caption(t("vintage_method_population_weighted", lang))
