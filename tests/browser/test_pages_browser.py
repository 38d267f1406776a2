"""Every page in both languages, in a real Chromium: no Streamlit exception, no JS error, no empty chart."""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Download, Page
from playwright.sync_api import Error as PlaywrightError

from app_pages import PAGES, PageSpec

# Keep every browser case in this one file: `make test` runs xdist with --dist loadfile, so one worker takes
# them all and the run starts one app server and one Chromium.
pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
URL = {p.module: p.url_path for p in PAGES}
LANGS = ["vi", "en"]
OVERVIEW_TITLE = {"vi": "Tổng quan", "en": "Overview"}

# The app is idle once its script run is over and connected, no "running" status widget shows, and no
# element still waits for its lazily loaded code (Streamlit draws a skeleton in its place until then).
APP_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED') return false;
  const skeletons = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]';
  if (document.querySelector(skeletons)) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !status || !status.checkVisibility();
}"""
RUN_TIMEOUT_S = 60.0
DRAW_TIMEOUT_S = 15.0
# Marks that plotly draws for a trace: SVG groups for most types, the heatmap's image, a map's WebGL canvas.
DRAWN_MARKS = "g.trace, .heatmaplayer image, .choroplethlayer path, canvas.maplibregl-canvas"
# Empty string when the chart is drawn, else why not. Plotly hides a trace without data (visible=false),
# so a figure with no trace or only empty traces has no visible trace at all.
CHART_PROBLEM_JS = f"""el => {{
  const gd = el.querySelector('.js-plotly-plot');
  if (!gd) return 'no .js-plotly-plot element';
  const shown = (gd._fullData || []).filter(t => t.visible === true);
  if (!shown.length) return 'empty chart: no trace with data (' + (gd.data || []).length + ' traces in the figure)';
  if (!gd.querySelector({DRAWN_MARKS!r})) return 'traces ' + shown.map(t => t.type) + ' have no drawn marks';
  return '';
}}"""


def wait_for_app(page: Page) -> None:
    """Wait until the app is idle and stays so: one run can trigger another (query params, session state)."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        remaining_ms = max(1.0, deadline - time.monotonic()) * 1000
        page.wait_for_function(APP_IDLE_JS, timeout=remaining_ms, polling=100)
        page.wait_for_timeout(400)
        if page.evaluate(APP_IDLE_JS):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"app still running after {RUN_TIMEOUT_S:.0f} s")


def chart_problem(chart) -> str:
    """Why a stPlotlyChart element is not drawn, polled until it is or the draw timeout passes."""
    deadline = time.monotonic() + DRAW_TIMEOUT_S
    while True:
        problem = chart.evaluate(CHART_PROBLEM_JS)
        if not problem or time.monotonic() > deadline:
            return problem
        time.sleep(0.25)


def full_page_screenshot(page: Page, path: Path) -> None:
    """Screenshot of the whole page: Streamlit scrolls inside stMain, so grow the viewport to its height."""
    path.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.documentElement.scrollHeight; }"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), 16000)})
    page.wait_for_timeout(300)  # let plotly charts settle after the resize
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)


@pytest.fixture(scope="module")
def browser_context(browser) -> Iterator[BrowserContext]:
    """One context for all pages: its HTTP cache spares every page another download of the app's JS bundles."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield ctx
    ctx.close()


# Where each click of the page landed: on the marked button, or on what a late layout shift put under the mouse.
CLICK_TRACE_JS = """button => {
  if (!window.__kpisClicks) {
    window.__kpisClicks = [];
    document.addEventListener('click', e => window.__kpisClicks.push(
      e.target.closest('[data-kpis-target]') ? 'button' : (e.target.closest('[data-testid]') || e.target).dataset.testid || e.target.tagName
    ), true);
  }
  document.querySelectorAll('[data-kpis-target]').forEach(el => delete el.dataset.kpisTarget);
  button.dataset.kpisTarget = '1';
  window.__kpisClicks = [];
}"""
CLICK_LANDED_S = 3.0
CLICK_TRIES = 3


def download_by_click(page: Page, button, timeout_s: float = RUN_TIMEOUT_S * 2) -> Download:
    """The file a click on `button` downloads.

    Playwright checks what is under the mouse before it clicks, but a chart or table drawn just then can move
    the button away: such a click (seen landing elsewhere) is tried again, at most CLICK_TRIES times. A click
    that reached the button and brought no file fails, with what the page showed.
    """
    downloads: list[Download] = []

    def collect(download: Download) -> None:
        downloads.append(download)

    page.on("download", collect)
    try:
        for _ in range(CLICK_TRIES):
            button.evaluate(CLICK_TRACE_JS)
            button.click()
            started = time.monotonic()
            while not downloads and time.monotonic() - started < CLICK_LANDED_S:
                page.wait_for_timeout(100)
            clicks = page.evaluate("window.__kpisClicks")
            if downloads or "button" in clicks:
                break
            warnings.warn(f"the click landed on {clicks}, not the button: clicking again", stacklevel=2)
        while not downloads and time.monotonic() - started < timeout_s:
            page.wait_for_timeout(100)
        if not downloads:
            errors = page.get_by_test_id("stDownloadButtonError").all_inner_texts()
            pytest.fail(f"no download {timeout_s:.0f} s after a click that landed on {clicks}; button errors: {errors}")
        return downloads[0]
    finally:
        page.remove_listener("download", collect)


@contextmanager
def open_app(context: BrowserContext, url: str) -> Iterator[tuple[Page, list[str]]]:
    """A new page (so a new Streamlit session) at `url` once the app is idle, with its uncaught JS errors."""
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda err: page_errors.append(str(err)))
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=RUN_TIMEOUT_S * 1000)
        wait_for_app(page)
        yield page, page_errors
    finally:
        page.close()


def nav_text(page: Page) -> str:
    """The sidebar navigation's text."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.count() == 1, "no sidebar navigation"
    return nav.inner_text()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_renders(browser_context: BrowserContext, app_server: str, spec: PageSpec, lang: str, reliability) -> None:
    """The page runs without exception or JS error, has a title, the nav is translated, every chart is drawn."""
    name = f"{spec.name}-{lang}"
    with open_app(browser_context, f"{app_server}/{spec.url_path}?lang={lang}") as (page, page_errors):
        try:
            exceptions = page.locator('[data-testid="stException"]')
            assert exceptions.count() == 0, "Streamlit exception:\n" + "\n---\n".join(exceptions.all_inner_texts())

            titles = [text.strip() for text in page.locator('[data-testid="stMain"] h1').all_inner_texts()]
            assert any(titles), "no h1 title in the main area"
            assert OVERVIEW_TITLE[lang] in nav_text(page), f"nav lacks {OVERVIEW_TITLE[lang]!r}: {nav_text(page)!r}"

            charts = page.locator('[data-testid="stPlotlyChart"]')
            count = charts.count()
            if spec.charts:
                assert count > 0, "no plotly chart"
            problems = []
            for i in range(count):
                chart = charts.nth(i)
                chart.scroll_into_view_if_needed()
                if problem := chart_problem(chart):
                    problems.append(f"chart {i + 1}/{count}: {problem}")
            assert not problems, "; ".join(problems)
            assert not page_errors, f"uncaught JS errors: {page_errors}"
            reliability.record("browser", 1, "a page in Chromium: no exception, no JS error, every chart drawn")
        finally:
            # Also (above all) when the page fails: the picture shows a human what went wrong.
            try:
                full_page_screenshot(page, SCREENSHOTS / f"{name}.png")
            except PlaywrightError as err:  # never hide the test's own failure behind this one
                warnings.warn(f"no screenshot of {name}: {err}", stacklevel=1)


def test_vietnamese_is_default(browser_context: BrowserContext, app_server: str) -> None:
    """Without ?lang the app speaks Vietnamese."""
    with open_app(browser_context, f"{app_server}/") as (page, page_errors):
        assert OVERVIEW_TITLE["vi"] in nav_text(page)
        assert not page_errors, f"uncaught JS errors: {page_errors}"


def test_data_page_downloads_the_stored_rows(browser_context: BrowserContext, app_server: str, app_db_url: str) -> None:
    """The Data & sources page counts rows in SQL; its download reads and writes the rows when clicked."""
    from kpis.export import to_csv_bytes
    from kpis.store import open_store

    with open_app(browser_context, f"{app_server}/{URL['data_sources']}?lang=en") as (page, page_errors):
        expander = page.get_by_test_id("stExpander").filter(has_text="VET enrolment · enrolment")
        expander.get_by_text("VET enrolment · enrolment").click()
        button = expander.get_by_role("button", name="Download CSV")
        button.wait_for(state="visible")  # the expander drawn open, its button live, before the click
        wait_for_app(page)
        download = download_by_click(page, button)
        assert download.suggested_filename.startswith("enrolment_v")
        got = Path(download.path()).read_bytes()
        assert not page_errors, f"uncaught JS errors: {page_errors}"
    assert got == to_csv_bytes(open_store(app_db_url).read("enrolment"))


def test_overview_downloads_the_briefing(browser_context: BrowserContext, app_server: str) -> None:
    """The overview's briefing buttons give the PDF and the Excel of the year shown, made when clicked."""
    import io

    import openpyxl

    with open_app(browser_context, f"{app_server}/?lang=en&year=2024") as (page, page_errors):
        got = {}
        for fmt, label in (("pdf", "Download the briefing (PDF)"), ("xlsx", "Download the briefing's data (Excel)")):
            download = download_by_click(page, page.get_by_role("button", name=label))
            assert download.suggested_filename == f"gdnn-briefing-national-2024-en.{fmt}"
            got[fmt] = Path(download.path()).read_bytes()
        assert not page_errors, f"uncaught JS errors: {page_errors}"
    assert got["pdf"].startswith(b"%PDF") and len(got["pdf"]) > 20_000
    book = openpyxl.load_workbook(io.BytesIO(got["xlsx"]))
    assert book.sheetnames == ["Data", "Metadata"]


def test_a_chart_downloads_as_svg_and_png_with_its_title_and_source(browser_context: BrowserContext, app_server: str):
    """Every chart's PNG and SVG buttons give the whole figure (title and source note in it), made when clicked."""
    with open_app(browser_context, f"{app_server}/{URL['enrolment']}?lang=en") as (page, page_errors):
        got = {}
        for fmt in ("svg", "png"):
            download = download_by_click(page, page.get_by_role("button", name=fmt.upper()).first)
            got[fmt] = (download.suggested_filename, Path(download.path()).read_bytes())
        assert not page_errors, f"uncaught JS errors: {page_errors}"
    name, svg = got["svg"]
    assert re.fullmatch(r"gdnn-chart-trend-enrolment_total-\d{4}\.svg", name), name
    text = svg.decode("utf-8")
    assert text.startswith("<svg") and "VET enrolment" in text and "Source:" in text
    name, png = got["png"]
    assert name.endswith(".png") and png.startswith(b"\x89PNG\r\n\x1a\n")


def test_analyst_uploads_a_file_end_to_end(
    browser_context: BrowserContext, app_server: str, app_db_url: str, tmp_path: Path, reliability
) -> None:
    """Sign in, upload a Vietnamese-Excel CSV, see the preview, publish, and see the overview change."""
    from kpis import auth
    from kpis.store import open_store

    auth.add_user(open_store(app_db_url), "lan", "correct horse battery")
    upload = tmp_path / "lao_dong_2026.csv"
    # Vietnamese Excel form, with hostile text in a cell: it must be shown as text, never run.
    upload.write_bytes(
        "Năm;Tỉnh, thành phố;Tỷ lệ (%);Nguồn;Loại số liệu;Ghi chú\r\n"
        '2026;Toàn quốc;31,7;GSO;actual;<img src=x onerror="window.pwned=1"><script>window.pwned=2'
        "</script>\r\n".encode("utf-8-sig")
    )
    with open_app(browser_context, f"{app_server}/{URL['update_data']}?lang=en") as (page, page_errors):
        page.get_by_role("textbox", name="User name").fill("lan")
        page.get_by_role("textbox", name="Password").fill("correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        wait_for_app(page)
        page.get_by_text("Dataset").first.wait_for()
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Workers with a degree or certificate").click()
        wait_for_app(page)
        page.locator('input[type="file"]').set_input_files(str(upload))
        page.get_by_text("The file is valid: 1 rows.").wait_for(timeout=RUN_TIMEOUT_S * 1000)
        page.get_by_label("Note for the new version").fill('2026 survey <img src=x onerror="window.pwned=3">')
        page.get_by_role("button", name="Publish as a new version").click()
        page.get_by_text("Version 2 is published").wait_for(timeout=RUN_TIMEOUT_S * 1000)
        page.get_by_role("tab", name="Version history").click()
        # The history tab's own dataset picker (the upload tab, now hidden, holds the mapping step's pickers).
        page.locator('[role="tabpanel"]:visible [data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Workers with a degree or certificate").click()
        wait_for_app(page)
        assert page.evaluate("() => window.pwned") is None, "hostile text ran as script"
        assert not page_errors, f"uncaught JS errors: {page_errors}"
        full_page_screenshot(page, SCREENSHOTS / "update-published-en.png")
    with open_app(browser_context, f"{app_server}/?lang=en&year=2026") as (page, _):
        card = page.locator('[data-testid="stMetric"]', has_text="31.7%")
        assert card.count() == 1, "the overview does not show the published figure"
    reliability.record(
        "browser",
        3,
        "sign in, upload a file with <img onerror> and <script> in a cell and the note, "
        "publish: no script ran, no JS error, the overview shows the figure",
    )


def test_the_office_table_e02_55_imports_as_published_through_the_upload_page(
    browser_context: BrowserContext, tmp_path: Path
) -> None:
    """Issue 10: the statistics office's E02.55 file, bytes as published, uploaded through the page with only what
    the file does not say (its source, its value type): every stored cell is the file's."""
    import csv

    import pandas as pd
    from conftest import running_app

    from kpis import auth
    from kpis.store import open_store

    root = Path(__file__).resolve().parents[2]
    real = (
        root.parent
        / "shared"
        / "reference"
        / "real-files"
        / "gso_E02.55_trained_labour_share_by_province_2008_2025.csv"
    )
    expected_csv = root / "tests" / "realfiles" / "expected" / "real_gso_E02.55_trained_labour_share.csv"
    url = f"sqlite:///{tmp_path / 'e0255.sqlite'}"
    store = open_store(url)
    auth.add_user(store, "lan", "correct horse battery")
    shipped = store.read("certified_labour")
    store.publish("certified_labour", shipped.head(0), user="lan", note="empty before the office's table")
    source = "NSO PX-Web E02.55"
    with (
        running_app(url, "e0255") as base,
        open_app(browser_context, f"{base}/{URL['update_data']}?lang=en") as (
            page,
            page_errors,
        ),
    ):
        page.get_by_role("textbox", name="User name").fill("lan")
        page.get_by_role("textbox", name="Password").fill("correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        wait_for_app(page)
        page.get_by_text("Dataset").first.wait_for()
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Workers with a degree or certificate").click()
        wait_for_app(page)
        page.locator('input[type="file"]').set_input_files(str(real))
        page.get_by_text("About the whole file").wait_for(timeout=RUN_TIMEOUT_S * 1000)
        page.get_by_label("Source (for the whole file)").fill(source)
        page.get_by_label("Source (for the whole file)").press("Enter")
        wait_for_app(page)
        page.locator('[data-testid="stSelectbox"]', has_text="Value type (for the whole file)").click()
        page.get_by_role("option", name="actual", exact=True).click()
        page.get_by_text("The file is valid: 1,152 rows.").wait_for(timeout=RUN_TIMEOUT_S * 1000)
        page.get_by_role("button", name="Publish as a new version").click()
        page.get_by_text(re.compile(r"Version \d+ is published")).wait_for(timeout=RUN_TIMEOUT_S * 1000)
        assert not page_errors, f"uncaught JS errors: {page_errors}"
        full_page_screenshot(page, SCREENSHOTS / "update-e0255-en.png")
    stored = store.read("certified_labour")
    got = {
        (int(r.year), r.province_code, None if pd.isna(r.vintage) else int(r.vintage)): (
            round(float(r.share), 4),
            r.value_type,
        )
        for r in stored.itertuples()
    }
    with expected_csv.open(encoding="utf-8") as f:
        want = {
            (int(r["year"]), r["province_code"], int(r["vintage"]) if r["vintage"] else None): (
                round(float(r["value"]), 4),
                r["value_type"],
            )
            for r in csv.DictReader(f)
            if r["status"] == "stored"
        }
    assert got == want and len(got) == 1152
    assert set(stored["source"]) == {source}


def test_two_app_servers_on_one_postgresql_stay_consistent(browser_context: BrowserContext, pg_server) -> None:
    """A version published through one server is what the other shows on its next run (caches follow it)."""
    from conftest import running_app

    from kpis.store import open_store

    url = pg_server.new_database()
    store = open_store(url)
    seeded = store.read("certified_labour").query("year == 2025 and province_code == 'VN'")["share"].item()
    with running_app(url, "pg-a") as first, running_app(url, "pg-b") as second:
        for base in (first, second):  # both servers warm their caches on the seeded version
            with open_app(browser_context, f"{base}/?lang=en&year=2025") as (page, _):
                assert page.locator('[data-testid="stMetric"]', has_text=f"{seeded:.1f}%").count() == 1
        frame = store.read("certified_labour")
        frame.loc[(frame["year"] == 2025) & (frame["province_code"] == "VN"), "share"] = 29.4
        store.publish("certified_labour", frame, user="analyst", note="through a third process")
        for base in (second, first):
            with open_app(browser_context, f"{base}/?lang=en&year=2025") as (page, page_errors):
                assert page.locator('[data-testid="stMetric"]', has_text="29.4%").count() == 1, base
                assert not page_errors


# Hà Nội's dot on the map (lon, lat: boundaries.load(63).label_points["01"]).
HA_NOI = (105.7288, 20.9964)
LONLAT_TO_PAGE_JS = """(el, [lon, lat]) => {
  const gd = el.querySelector('.js-plotly-plot');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  return [box.left + xa._offset + xa.l2p(lon), box.top + ya._offset + ya.l2p(lat)];
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_a_click_on_the_map_opens_the_province_page(
    browser_context: BrowserContext, app_server: str, lang: str
) -> None:
    """On the province page without a code, a click on Hà Nội on the map lands on Hà Nội's scorecard."""
    with open_app(browser_context, f"{app_server}/{URL['province']}?lang={lang}") as (page, page_errors):
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        assert not chart_problem(chart)
        x, y = chart.evaluate(LONLAT_TO_PAGE_JS, list(HA_NOI))
        page.mouse.click(x, y)
        page.wait_for_url("**code=01**", timeout=RUN_TIMEOUT_S * 1000)
        wait_for_app(page)
        full_page_screenshot(page, SCREENSHOTS / f"province-01-{lang}.png")
        exceptions = page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0, "Streamlit exception:\n" + "\n---\n".join(exceptions.all_inner_texts())
        page.get_by_role("heading", name="Hà Nội" if lang == "vi" else "Ha Noi").wait_for()
        assert page.locator('[data-testid="stDataFrame"]').count() == 1
        assert not page_errors, f"uncaught JS errors: {page_errors}"
        page.set_viewport_size({"width": 390, "height": 844})  # a shared link opened on a phone
        wait_for_app(page)
        full_page_screenshot(page, SCREENSHOTS / f"province-01-{lang}-390.png")


@pytest.mark.parametrize("lang", LANGS)
def test_card_sparklines_are_images_named_by_their_trend(browser_context: BrowserContext, app_server: str, lang: str):
    """Every card's sparkline is an image a screen reader names: 'Trend 2014–2024: from … to …'."""
    word = {"vi": r"Xu hướng \d{4}–\d{4}: từ .+ đến .+", "en": r"Trend \d{4}–\d{4}: from .+ to .+"}[lang]
    with open_app(browser_context, f"{app_server}/?lang={lang}") as (page, page_errors):
        drawn = page.locator("svg.kpi-sparkline")
        named = page.get_by_role("img", name=re.compile(f"^{word}$"))
        assert drawn.count() >= 5
        assert named.count() == drawn.count()
        assert not page_errors, f"uncaught JS errors: {page_errors}"


def test_the_provinces_page_switches_to_the_34_from_the_keyboard(browser_context: BrowserContext, app_server: str):
    """The province list is a radio group: arrow keys move it to the 34, the URL keeps it, the map has 34 shapes."""
    url = f"{app_server}/{URL['provinces']}?lang=en&indicator=enrolment_total&year=2019"
    with open_app(browser_context, url) as (page, page_errors):
        group = page.get_by_role("radiogroup", name="Province list")
        group.get_by_role("radio", name="63 provinces (before 1 July 2025)").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**vintage=34**", timeout=RUN_TIMEOUT_S * 1000)
        wait_for_app(page)
        assert group.get_by_role("radio", name="34 provinces (from 1 July 2025)").is_checked()
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        assert not chart_problem(chart)
        shapes = chart.evaluate(
            "el => el.querySelector('.js-plotly-plot')._fullData.filter(t => t.fill === 'toself').length"
        )
        assert shapes == 34
        assert not page_errors, f"uncaught JS errors: {page_errors}"


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1, fetch_axe.sh
AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n')[1])}));
}"""


# Rules still violated, each as (page name, rule id) with its reason; the test fails on any other. None today: the
# cards' sparklines, once Streamlit's unnamed Vega SVGs (svg-img-alt), are our own named SVGs (kpis.charts.sparkline).
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def axe_source() -> str:
    """The vendored axe-core, checked against its pinned sha256 (tests/browser/vendor/fetch_axe.sh)."""
    import hashlib

    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE} is not axe-core 4.14.1: run fetch_axe.sh"
    return data.decode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_has_no_accessibility_violation(
    browser_context: BrowserContext, app_server: str, spec: PageSpec, lang: str, axe_source: str
) -> None:
    """axe-core (WCAG 2 A/AA rules and best practices) finds no violation on the drawn page."""
    with open_app(browser_context, f"{app_server}/{spec.url_path}?lang={lang}") as (page, _):
        charts = page.locator('[data-testid="stPlotlyChart"]')
        for i in range(charts.count()):  # every chart drawn, so that axe sees what a reader sees
            charts.nth(i).scroll_into_view_if_needed()
            assert not chart_problem(charts.nth(i))
        page.add_script_tag(content=axe_source)
        violations = [v for v in page.evaluate(AXE_RUN_JS) if (spec.name, v["id"]) not in KNOWN_VIOLATIONS]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)
    assert not violations, f"{len(violations)} accessibility rules violated:\n{report}"


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_fits_a_phone(browser, app_server: str, spec: PageSpec, lang: str) -> None:
    """At 390 × 844 the page does not scroll sideways (wide tables scroll inside themselves); screenshot kept."""
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        with open_app(ctx, f"{app_server}/{spec.url_path}?lang={lang}") as (page, page_errors):
            try:
                widest = page.evaluate(
                    "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                    " return Math.max(document.documentElement.scrollWidth, m ? m.scrollWidth : 0); }"
                )
                assert widest <= PHONE["width"], f"the page is {widest} px wide on a {PHONE['width']} px phone"
                assert not page_errors, f"uncaught JS errors: {page_errors}"
            finally:
                full_page_screenshot(page, SCREENSHOTS / "phone" / f"{spec.name}-{lang}.png")
    finally:
        ctx.close()
