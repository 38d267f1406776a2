"""Helpers shared by the tests and the fixture generators (importable as `tests.helpers`)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

# The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook above, dot below).
TONE_MARKS = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a letter precomposed where the code page has it, else its
    precomposed base letter (with circumflex, breve or horn) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


_CACHES_FILLED_FOR: list[str | None] = [None]  # the store Streamlit's caches in this process may hold data of


def serve_store(db_url: str, monkeypatch) -> None:
    """Point the app under AppTest at the store `db_url`. Streamlit's caches are emptied when they may hold another
    store's data (a cached store of an earlier test points at another file); page tests that share one store keep
    them, as a server does between visitors."""
    import streamlit as st

    monkeypatch.setenv("KPIS_DB_URL", db_url)
    if _CACHES_FILLED_FOR[0] != db_url:
        st.cache_resource.clear()
        st.cache_data.clear()
        _CACHES_FILLED_FOR[0] = db_url


def page_opener(module: str, db_url: str, monkeypatch):
    """A function opening the page `module` (app_pages.PAGES) through the entry point in AppTest, on the store
    `db_url`, with the query parameters given: the fixture of the page tests."""
    from streamlit.testing.v1 import AppTest

    from app_pages import PAGES

    entry = str(Path(__file__).resolve().parents[1] / "dashboard.py")
    page = next(p for p in PAGES if p.module == module)
    serve_store(db_url, monkeypatch)

    def make(lang: str, **params) -> AppTest:
        at = AppTest.from_file(entry, default_timeout=120)
        at.query_params["lang"] = lang
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(page.script)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return make


def chart_notes(at) -> list[str]:
    """Per chart of an AppTest page, the text of the notes under its plot (its source, a map's boundary credit)."""
    import json

    from kpis.charts.common import SOURCE_NOTE

    out = []
    for chart in at.get("plotly_chart"):
        notes = json.loads(chart.proto.spec)["layout"].get("annotations", [])
        out.append(" ".join(a["text"].replace("<br>", " ") for a in notes if a.get("name") == SOURCE_NOTE))
    return out
