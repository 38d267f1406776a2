"""The briefing's files (PDF, XLSX), cached per (scope, year, language, data versions): a second leader's
download of the same briefing is served from memory. The one entry point of the CLI and the pages.

A PDF: the browser is started first (in the background, kpis.briefing.browser), then the content computed (from
the indicators' observations at the data versions, kept for the next briefing on the same data), each chart handed
to the browser's chart pages as soon as it is built (drawn as SVG in parallel with the rest of the content), and the
HTML printed."""

from __future__ import annotations

import threading
from collections import OrderedDict

from kpis import engine
from kpis.briefing import browser, content, document, images, pdf, workbook
from kpis.frames import indicator_frames
from kpis.i18n import t
from kpis.registry import load_registry
from kpis.store import Store

FORMATS = ("pdf", "xlsx")
MIME = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
CACHE_SIZE = 32
DATA_VERSIONS_KEPT = 2
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_data: OrderedDict[tuple, tuple] = OrderedDict()
_lock = threading.Lock()


def clear_caches() -> None:
    """Forget every made file, the kept observations and the drawn charts (benchmarks measure a first briefing)."""
    with _lock:
        _cache.clear()
        _data.clear()
    images.clear_cache()


def _frames_and_observe(store: Store, reg, versions: dict[str, int]):
    """The indicators' frames and an observations cache at `versions`, kept for the next briefing on that data."""
    key = (store.url, tuple(sorted(versions.items())))
    with _lock:
        if key in _data:
            _data.move_to_end(key)
            return _data[key]
    frames = indicator_frames(store, reg.indicators, versions)
    seen: dict[str, object] = {}
    seen_lock = threading.Lock()

    def observe(ind):
        with seen_lock:
            if ind.id not in seen:
                seen[ind.id] = engine.observations(ind, frames)
            return seen[ind.id]

    with _lock:
        _data[key] = (frames, observe)
        while len(_data) > DATA_VERSIONS_KEPT:
            _data.popitem(last=False)
    return frames, observe


def _print(b: content.Briefing, drawing: list) -> bytes:
    """The briefing printed, its charts (futures of kpis.briefing.images, drawn meanwhile) set in as they come."""
    charts = [future.result()[0].decode("utf-8") for future in drawing]
    return pdf.html_to_pdf(document.html_document(b, charts))


def check_year(store: Store, year: int, lang: str) -> None:
    """A year the data knows, else a BriefingError listing the years there are."""
    reg = load_registry()
    years = engine.years_with_data(reg.indicators, indicator_frames(store, reg.indicators))
    if year not in years:
        raise content.BriefingError(t("brief_no_year", lang, year=year, years=", ".join(map(str, years))))


def make(store: Store, year: int, lang: str, fmt: str, province: str = engine.NATIONAL) -> bytes:
    """The briefing file in `fmt` ('pdf' or 'xlsx') for the store's active versions, from the cache if made."""
    if fmt not in FORMATS:
        raise content.BriefingError(t("brief_bad_out", lang))
    versions = store.active_versions()
    key = (store.url, province, year, lang, fmt, tuple(sorted(versions.items())))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    drawing: list = []
    draw = None
    if fmt == "pdf":
        if not browser.available():
            raise pdf.PdfUnavailable(t("brief_pdf_unavailable", lang, why=browser.CHROMIUM))
        browser.warm_up()  # Chromium starts while the content is computed

        def draw(fig) -> None:  # each chart drawn while the next is built
            drawing.append(images.submit([document.print_spec(fig)], "svg", lang))

    reg = load_registry()
    frames, observe = _frames_and_observe(store, reg, versions)
    b = content.build(
        store, year, lang, province, registry=reg, versions=versions, frames=frames, observe=observe, on_figure=draw
    )
    data = _print(b, drawing) if fmt == "pdf" else workbook.briefing_workbook(b, reg)
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def file_name(year: int, lang: str, fmt: str, province: str = engine.NATIONAL) -> str:
    scope = "national" if province == engine.NATIONAL else f"province-{province}"
    return f"gdnn-briefing-{scope}-{year}-{lang}.{fmt}"
