"""The briefing's HTML printed to an A4 PDF by Debian's headless Chromium through Playwright.

Chromium embeds (subsets of) the fonts it draws with; the document asks for DejaVu Sans, which covers
Vietnamese. Page numbers are Chromium's own footer. Parsing plotly.js is most of a print's time, so one
browser page that has loaded it is kept for the process (on a thread of its own: Playwright's sync API
belongs to the thread that started it) and each briefing replaces only its body."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path

from kpis.briefing.document import CSS, RENDER_JS, Html, _plotly_js
from kpis.i18n import t

CHROMIUM = os.environ.get("KPIS_CHROMIUM", "/usr/bin/chromium")
READY_TIMEOUT_MS = 60_000
SHELL_JS = """([css, body, title, lang, render]) => {
  document.documentElement.lang = lang;
  document.title = title;
  document.getElementById('briefing-style').textContent = css;
  document.body.innerHTML = body;
  window.briefingReady = false;
  (0, eval)(render);
}"""


class PdfUnavailable(RuntimeError):
    """No browser to print with."""


def footer(lang: str) -> str:
    return (
        '<div style="font-size:8pt;width:100%;text-align:center;font-family:DejaVu Sans,sans-serif;">'
        f'{t("brief_page", lang)} <span class="pageNumber"></span> {t("brief_of", lang)} '
        '<span class="totalPages"></span></div>'
    )


def _shell() -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style id='briefing-style'></style><script>{_plotly_js()}</script></head><body></body></html>"


class _Printer:
    """One Chromium page with plotly.js loaded, serving print jobs in order."""

    def __init__(self) -> None:
        self.jobs: queue.Queue = queue.Queue()
        threading.Thread(target=self._run, name="briefing-printer", daemon=True).start()

    def _run(self) -> None:
        from playwright.sync_api import Error, sync_playwright

        with sync_playwright() as pw:
            browser = page = None
            while True:
                doc, done = self.jobs.get()
                try:
                    if browser is None or not browser.is_connected() or page.is_closed():
                        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                        page = browser.new_page()
                        page.emulate_media(media="print")
                        page.set_content(_shell(), wait_until="load")
                    done.put((True, self._print(page, doc)))
                except Error as exc:  # the caller gets it; the next job starts a fresh browser
                    if browser is not None:
                        browser.close()
                    browser = None
                    done.put((False, exc))

    @staticmethod
    def _print(page, doc: Html) -> bytes:
        page.evaluate(SHELL_JS, [CSS, doc.body, doc.title, doc.lang, RENDER_JS])
        page.wait_for_function("window.briefingReady === true", timeout=READY_TIMEOUT_MS)
        return page.pdf(
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<div></div>",
            footer_template=footer(doc.lang),
            margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        )

    def print(self, doc: Html) -> bytes:
        done: queue.Queue = queue.Queue(maxsize=1)
        self.jobs.put((doc, done))
        ok, value = done.get()
        if not ok:
            raise value
        return value


_printer: _Printer | None = None
_lock = threading.Lock()


def html_to_pdf(doc: Html) -> bytes:
    """Print the briefing's HTML (its charts drawn by its own script) to PDF bytes."""
    global _printer
    if not Path(CHROMIUM).exists():
        raise PdfUnavailable(t("brief_pdf_unavailable", doc.lang, why=CHROMIUM))
    with _lock:
        if _printer is None:
            _printer = _Printer()
    return _printer.print(doc)
