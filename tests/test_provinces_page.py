"""The Provinces page's two province lists through AppTest: the 63 as published, history carried onto the 34."""

import html
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpis.i18n import t
from kpis.tables import markdown_frame
from tests.helpers import page_opener


@pytest.fixture
def app(read_only_db_url, monkeypatch):
    return page_opener("provinces", read_only_db_url, monkeypatch)


def _list_picker(at: AppTest, lang: str):
    return next(r for r in at.radio if r.label == t("vintage_view", lang))


def _province_rows(at: AppTest) -> int:
    return len(at.table[-1].value)  # the province table, the page's last table


def _map_shapes(at: AppTest) -> set[str]:
    """The province codes drawn as shapes on the value map (the page's first chart)."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {tr["name"] for tr in spec["data"] if tr.get("fill") == "toself"}


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_toggle_carries_a_63_era_year_onto_the_34(app, lang):
    at = app(lang, indicator="enrolment_total", year="2019")
    picker = _list_picker(at, lang)
    assert picker.value == 63 and not picker.disabled
    assert list(picker.options) == [t("vintage_63", lang), t("vintage_34", lang)]
    assert _province_rows(at) == 63 and len(_map_shapes(at)) == 63
    assert len(at.get("plotly_chart")) == 3  # values, status against the provinces' 2019 targets, bars

    picker.set_value(34).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["vintage"] in (["34"], "34")  # kept in the URL like the page's other choices
    assert _province_rows(at) == 34
    shapes = _map_shapes(at)
    assert len(shapes) == 34 and "79" in shapes and "77" not in shapes  # Bà Rịa - Vũng Tàu is in HCMC now
    captions = _captions(at)
    assert t("vintage_method_sum_of_predecessors", lang) in captions
    assert t("vintage_carried", lang, year=2019) in captions
    # The 2019 targets were set for the 63: no status map on the 34, and the page says where it is.
    assert len(at.get("plotly_chart")) == 2
    assert t("vintage_targets", lang, year=2019, n=63) in captions


def test_the_34_view_sums_the_predecessors_shown_on_the_63(app):
    def values(at: AppTest) -> dict[str, int]:
        table = at.table[-1].value
        return {
            c: int(v.replace(",", "")) for c, v in zip(table[t("code", "en")], table[t("value", "en")], strict=True)
        }

    at = app("en", indicator="enrolment_total", year="2019")
    on_63 = values(at)
    _list_picker(at, "en").set_value(34).run()
    on_34 = values(at)
    assert on_34["79"] == on_63["74"] + on_63["77"] + on_63["79"]  # Hồ Chí Minh City: with Bình Dương, BR-VT
    assert on_34["01"] == on_63["01"]  # Hà Nội: unchanged
    assert sum(on_34.values()) == sum(on_63.values())


@pytest.mark.parametrize("bad", ["99", "64", "<script>alert(1)</script>", "34 OR 1=1", ""])
def test_an_untrusted_list_in_the_url_falls_back_to_the_published_one(app, bad):
    at = app("vi", indicator="enrolment_total", year="2019", vintage=bad)
    assert _list_picker(at, "vi").value == 63
    assert _province_rows(at) == 63


def test_a_year_published_on_the_34_only_shows_the_34_and_says_so(db_url, monkeypatch):
    import pandas as pd

    from kpis.schema import load_package, read_shipped
    from kpis.store import open_store

    store = open_store(db_url)
    frame = store.read("certified_labour")
    provinces = read_shipped(load_package()["provinces"])
    codes = provinces.loc[provinces["vintage"] == 34, "code"]
    later = pd.DataFrame({"year": 2026, "province_code": codes, "vintage": 34, "share": 30.0, "source": "test"})
    later = later.assign(value_type="actual", note="")
    store.publish("certified_labour", pd.concat([frame, later], ignore_index=True), user="analyst")
    at = page_opener("provinces", db_url, monkeypatch)(
        "en", indicator="certified_labour_share", year="2026", vintage="63"
    )
    picker = _list_picker(at, "en")
    assert picker.value == 34 and picker.disabled
    assert _province_rows(at) == 34 and len(_map_shapes(at)) == 34
    assert t("vintage_only_34", "en", year=2026) in _captions(at)


def test_the_office_s_2025_on_the_63_opens_on_the_63_and_is_carried_onto_the_34(app):
    at = app("en", indicator="certified_labour_share", year="2025")
    picker = _list_picker(at, "en")
    assert picker.value == 63 and not picker.disabled  # the list the office published 2025 on
    assert _province_rows(at) == 63 and len(_map_shapes(at)) == 63
    today = app("en", indicator="certified_labour_share", year="2025", vintage="34")
    assert _province_rows(today) == 34
    assert t("vintage_method_population_weighted", "en") in _captions(today)


def test_a_rate_without_counts_is_weighted_by_population_and_marked_inferred(app):
    at = app("en", indicator="certified_labour_share", year="2019", vintage="34")
    assert _province_rows(at) == 34
    assert t("vintage_method_population_weighted", "en") in _captions(at)
    assert set(at.table[-1].value[t("value_type", "en")]) <= {"inferred", "illustrative"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_province_name_in_the_table_links_to_its_scorecard(app, lang):
    at = app(lang, indicator="enrolment_total", year="2019")
    table = at.table[-1].value
    code, name = table[t("code", lang)].iloc[0], table[t("province", lang)].iloc[0]
    query = f"code={code}&year=2019" + ("" if lang == "vi" else "&lang=en")
    assert re.fullmatch(rf"\[[^\]]+\]\(province\?{re.escape(query)}\)", name), name
    # The figures before the region, and a region's name on one line: a phone scrolls the table sideways.
    assert list(table.columns).index(t("value", lang)) < list(table.columns).index(t("region", lang))
    assert all(" " not in region for region in table[t("region", lang)]), table
    # On the 34, a carried 2019 is not on the province page's list: the link opens the province's own years.
    _list_picker(at, lang).set_value(34).run()
    assert all("year=" not in cell for cell in at.table[-1].value[t("province", lang)])


HOSTILE = [
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "*bold* _it_ `code` ~~gone~~ # heading",
    ":red[coloured] :material/home: $x^2$ | a | b |",
    "\\[escaped\\] ![img](http://example.com/x.png)",
    "Bà Rịa - Vũng Tàu 1,234.5",
]


def test_a_table_cell_shows_its_text_as_written_never_as_markdown():
    """st.table renders cells as Markdown: data (a province name, a source) must show as written."""
    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark").enable("table").enable("strikethrough").renderInline

    def as_written(text: str) -> str:  # the text itself, only HTML-escaped, as CommonMark renders plain text
        return html.escape(text, quote=True).replace("&#x27;", "'")

    frame = markdown_frame(pd.DataFrame({"text": HOSTILE}), links={})
    for original, cell in zip(HOSTILE, frame["text"], strict=True):
        assert render(cell) == as_written(original), cell
    linked = markdown_frame(pd.DataFrame({"text": HOSTILE}), links={"text": ["province?code=01"] * len(HOSTILE)})
    for original, cell in zip(HOSTILE, linked["text"], strict=True):
        assert render(cell) == f'<a href="province?code=01">{as_written(original)}</a>', cell
