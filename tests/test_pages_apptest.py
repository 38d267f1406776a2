"""Every page, in both languages, through Streamlit's AppTest, starting from dashboard.py."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import PAGES
from kpis.i18n import t
from kpis.registry import load_registry
from tests.helpers import chart_notes, serve_store

ENTRY = str(Path(__file__).resolve().parents[1] / "dashboard.py")

BY_NAME = {p.module: p for p in PAGES}
# Pages a visitor sees (the update page asks for a sign-in first: tests/test_update_page.py).
PUBLIC = [p.module for p in PAGES if p.module != "update_data"]


@pytest.fixture
def app(read_only_db_url, monkeypatch):
    serve_store(read_only_db_url, monkeypatch)

    def make(page: str, lang: str, **params) -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=120)
        if lang != "vi":
            at.query_params["lang"] = lang
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if BY_NAME[page].url_path:
            at.switch_page(BY_NAME[page].script)
            at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return make


def _badges(at: AppTest) -> list[str]:
    """Badge labels (st.badge renders as Markdown ':colour-badge[:material/icon: label]')."""
    return [
        m.group(1)
        for e in at.markdown
        for m in re.finditer(r":\w+-badge\[(?::material/\w+: )?([^\]]*)\]", str(e.value))
    ]


def _text(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]
    parts += (
        [e.value for e in at.header]
        + [e.value for e in at.subheader]
        + [e.value for e in at.info]
        + [e.value for e in at.warning]
    )
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PUBLIC)
def test_page_renders(app, page, lang):
    at = app(page, lang)
    assert at.title[0].value == t(BY_NAME[page].title_key, lang)
    if BY_NAME[page].charts:
        assert len(at.get("plotly_chart")) >= 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_cards_for_2020(app, lang):
    at = app("overview", lang, year="2020")
    assert at.selectbox[0].value == 2020
    metrics = {m.label: m.value for m in at.metric}
    name = "Tuyển sinh GDNN (tổng số)" if lang == "vi" else "VET enrolment (total)"
    assert metrics[name] == ("2.280.000 · 2020" if lang == "vi" else "2,280,000 · 2020")
    text = _text(at)
    assert ("Mức đạt: 100,9%" if lang == "vi" else "Attainment: 100.9%") in text
    assert ("Đạt" if lang == "vi" else "Achieved") in _badges(at)
    no_indicator = "Chưa có chỉ số đo lường" if lang == "vi" else "No measurable indicator"
    assert text.count(no_indicator) == 0  # every task has an indicator (issue 11 part 3)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_default_overview_leads_with_the_latest_value_of_every_indicator(app, lang):
    """No year in the URL: every card with any data shows its latest value and year, never "no data"."""
    at = app("overview", lang)
    assert at.selectbox[0].value == "latest"
    metrics = {m.label: m.value for m in at.metric}
    reg = load_registry()
    assert set(metrics) == {i.name(lang) for i in reg.indicators}
    targets_only = {"upper_secondary_graduates_into_college_share", "secondary_graduates_into_vet_share"}
    targets_only |= {"teachers_trained_digital_skills_share", "institutions_digitalised_training_share"}
    targets_only |= {"institutions_it_infrastructure_share"}
    for ind in reg.indicators:
        value = metrics[ind.name(lang)]
        if ind.id in targets_only:  # published targets, no published result: the card shows its targets
            assert value == "–", value
            continue
        figure, year = value.split(" · ")
        assert figure != "–" and 2009 <= int(year) <= 2026, value
    assert t("no_data", lang) not in metrics.values()
    enrolment = reg.get("enrolment_total").name(lang)
    assert metrics[enrolment].endswith(" · 2024")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_shows_the_plan_measures(app, lang):
    """Tasks 2, 3, 5, 6, 7: new indicators under their tasks; a fact without a number and target-only cards as text."""
    at = app("overview", lang)
    metrics = {m.label: m.value for m in at.metric}
    reg = load_registry()
    assert metrics[reg.get("vet_teachers").name(lang)] == ("84.300 · 2019" if lang == "vi" else "84,300 · 2019")
    assert metrics[reg.get("worldskills_medals").name(lang)] == "1 · 2024"
    assert metrics[reg.get("asean_skills_medals").name(lang)] == "20 · 2018"
    text = _text(at)
    assert ("2025: Việt Nam không tham dự" if lang == "vi" else "2025: Vietnam did not take part") in text
    assert f"{t('target_short', lang)} 2030: ≥ 100%" in text
    assert t("no_result_yet", lang) in text


def test_overview_shows_every_task(app):
    text = _text(app("overview", "en"))
    for n in range(1, 9):
        assert f"Task {n}." in text


def test_untrusted_query_parameters_are_ignored(app, reliability):
    at = app("overview", "fr", year="<script>alert(1)</script>")
    assert at.title[0].value == "Tổng quan"
    assert at.selectbox[0].value == "latest"  # the default (the latest picture), not the injected text
    reliability.record("attack_injection", 2, "unknown language and a script as the year in the URL")


def test_changing_the_year_updates_the_url(app):
    at = app("overview", "en")
    at.selectbox[0].set_value(2019).run()
    assert at.query_params["year"] == ["2019"] or at.query_params["year"] == "2019"
    assert not at.exception


def test_quality_page_states_no_edition_and_verdicts(app):
    at = app("quality_ranking", "en")
    assert _badges(at) == ["Achieved", "Insufficient data"]
    assert "no edition" in _text(at)


def test_provinces_page_flags_illustrative_and_shows_attribution(app):
    at = app("provinces", "vi")
    assert any("MINH HỌA" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 2  # map and ranking
    assert ["CC BY-SA 4.0" in n for n in chart_notes(at)] == [True, False]  # the map credits its boundaries


def test_provinces_page_any_indicator_per_10k(app):
    at = app("provinces", "en", indicator="rural_trained", measure="per_10k")
    assert at.selectbox[0].value == "rural_trained"
    assert not at.exception


def test_data_page_lists_datasets_with_versions_and_downloads(app):
    at = app("data_sources", "en")
    summary = at.dataframe[0].value
    assert {"enrolment", "targets", "provinces"} <= set(summary["Dataset"])
    assert set(summary["Version"]) == {1}
    assert (summary["Rows"] > 0).all()
    assert len(at.get("download_button")) == len(summary) >= 8  # one CSV download per dataset listed


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_chart_offers_png_and_svg_without_a_rerun(app, lang):
    at = app("enrolment", lang)
    charts = at.get("plotly_chart")
    buttons = [b.proto for b in at.get("download_button") if b.proto.id and "chart_" in b.proto.id]
    assert charts and len(buttons) == 2 * len(charts)
    assert sorted({b.label for b in buttons}) == [t("chart_download_png", lang), t("chart_download_svg", lang)]
    assert all(b.ignore_rerun for b in buttons)  # on_click="ignore": a click does not rerun the page
    assert all(b.deferred_file_id for b in buttons)  # the image is made when clicked, not on every run
