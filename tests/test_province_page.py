"""The province page (/province?code=XX) through AppTest: a valid code, untrusted ones, both languages."""

import pytest

from kpis.i18n import t
from tests.helpers import chart_notes, page_opener


@pytest.fixture
def app(read_only_db_url, monkeypatch):
    return page_opener("province", read_only_db_url, monkeypatch)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_valid_code_shows_its_scorecard(app, lang):
    at = app(lang, code="01", year="2020")
    assert at.title[0].value == t("page_province", lang)
    assert at.header[0].value == ("Hà Nội" if lang == "vi" else "Ha Noi")
    table = at.dataframe[0].value
    row = table[
        table[t("indicator", lang)] == ("Tuyển sinh GDNN (tổng số)" if lang == "vi" else "VET enrolment (total)")
    ]
    assert row[t("value", lang)].iloc[0] == ("240.511" if lang == "vi" else "240,511")
    assert row[t("sc_national", lang)].iloc[0] == ("2.280.000" if lang == "vi" else "2,280,000")
    assert row[t("sc_rank", lang)].iloc[0] == ("1/63" if lang == "vi" else "1 of 63")
    assert row[t("sc_status", lang)].iloc[0] == "✔ " + ("Đạt" if lang == "vi" else "Achieved")
    assert any("MINH HỌA" in w.value or "ILLUSTRATIVE" in w.value.upper() for w in at.warning)


def test_a_merged_province_names_its_predecessors(app):
    at = app("en", code="79", year="2025")
    captions = " ".join(c.value for c in at.caption)
    assert "On the list of 34 provinces" in captions
    assert "Formed from: Ba Ria - Vung Tau (77)" in captions or "(77)" in captions
    assert "(74)" in captions and "(79)" in captions


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("code", ["XX", "<script>alert(1)</script>", "1", "VN"])
def test_an_untrusted_code_is_ignored_with_the_picker(app, lang, code):
    at = app(lang, code=code)
    assert at.selectbox[0].value == ""  # nothing chosen: the picker and the clickable map
    assert not at.header and not at.dataframe
    assert len(at.get("plotly_chart")) == 1
    assert "CC BY-SA 4.0" in chart_notes(at)[0]  # the boundaries' credit under the map, in its images too


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_provinces_page_draws_the_status_map_where_provinces_have_targets(app_provinces, lang):
    at = app_provinces(lang, indicator="enrolment_total", year="2019")
    assert len(at.get("plotly_chart")) == 3  # value map, status map, bars
    assert ["CC BY-SA 4.0" in n for n in chart_notes(at)] == [True, True, False]  # under every map, not the bars
    at = app_provinces(lang, indicator="enrolment_total", year="2024")
    assert len(at.get("plotly_chart")) == 2  # no province target in 2024: no status map


@pytest.fixture
def app_provinces(read_only_db_url, monkeypatch):
    return page_opener("provinces", read_only_db_url, monkeypatch)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_province_page_offers_the_province_s_briefing(app, lang):
    at = app(lang, code="01", year="2020")
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("brief_download_pdf", lang) in labels and t("brief_download_xlsx", lang) in labels


def test_a_scorecard_with_real_and_generated_lines_says_which_are_illustrative(app):
    """The labour share is the office's E02.55 table, enrolment generated: the flag counts the generated lines."""
    at = app("en", code="01", year="2020")
    table = at.dataframe[0].value
    types = list(table[t("value_type", "en")])
    generated = sum(v == "illustrative" for v in types)
    assert 0 < generated < len(types)
    flags = [w.value for w in at.warning if "ILLUSTRATIVE" in w.value]
    assert flags == [t("illustrative_some_lines", "en", n=generated, of=len(types))]
