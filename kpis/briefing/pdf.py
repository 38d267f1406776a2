"""The briefing's HTML printed to an A4 PDF by Debian's headless Chromium through Playwright.

Chromium embeds (subsets of) the fonts it draws with; the document asks for DejaVu Sans, which covers
Vietnamese. Page numbers are Chromium's own footer."""

from __future__ import annotations

import os
from pathlib import Path

from kpis.i18n import t

CHROMIUM = os.environ.get("KPIS_CHROMIUM", "/usr/bin/chromium")
READY_TIMEOUT_MS = 60_000


class PdfUnavailable(RuntimeError):
    """No browser to print with."""


def footer(lang: str) -> str:
    return (
        '<div style="font-size:8pt;width:100%;text-align:center;font-family:DejaVu Sans,sans-serif;">'
        f'{t("brief_page", lang)} <span class="pageNumber"></span> {t("brief_of", lang)} '
        '<span class="totalPages"></span></div>'
    )


def html_to_pdf(html: str, lang: str) -> bytes:
    """Print a self-contained HTML page (its charts drawn by its own script) to PDF bytes."""
    if not Path(CHROMIUM).exists():
        raise PdfUnavailable(t("brief_pdf_unavailable", lang, why=CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content(html, wait_until="load")
            page.wait_for_function("window.briefingReady === true", timeout=READY_TIMEOUT_MS)
            page.emulate_media(media="print")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=footer(lang),
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
