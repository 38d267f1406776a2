"""The briefing's files (PDF, XLSX), cached per (scope, year, language, data versions): a second leader's
download of the same briefing is served from memory. The one entry point of the CLI and the pages."""

from __future__ import annotations

import threading
from collections import OrderedDict

from kpis import engine
from kpis.briefing import content, document, pdf, workbook
from kpis.frames import indicator_frames
from kpis.i18n import t
from kpis.registry import load_registry
from kpis.store import Store

FORMATS = ("pdf", "xlsx")
MIME = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
CACHE_SIZE = 32
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


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
    key = (province, year, lang, fmt, tuple(sorted(versions.items())))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    reg = load_registry()
    b = content.build(store, year, lang, province, registry=reg, versions=versions)
    data = pdf.html_to_pdf(document.html_document(b)) if fmt == "pdf" else workbook.briefing_workbook(b, reg)
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def file_name(year: int, lang: str, fmt: str, province: str = engine.NATIONAL) -> str:
    scope = "national" if province == engine.NATIONAL else f"province-{province}"
    return f"gdnn-briefing-{scope}-{year}-{lang}.{fmt}"
