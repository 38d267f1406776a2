"""The briefing's HTML printed to an A4 PDF by Debian's headless Chromium (kpis.briefing.browser).

Chromium embeds (subsets of) the fonts it draws with; the document asks for DejaVu Sans, which covers
Vietnamese. Page numbers are Chromium's own footer. The charts come drawn (inline SVG, kpis.briefing.images): the
print page loads no script and waits for nothing but its own load."""

from __future__ import annotations

from kpis.briefing import browser
from kpis.briefing.browser import CHROMIUM, Unavailable
from kpis.briefing.document import Html
from kpis.i18n import t

__all__ = ["CHROMIUM", "PdfUnavailable", "footer", "html_to_pdf"]

PdfUnavailable = Unavailable  # the name the CLI and the pages catch
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}


def footer(lang: str) -> str:
    return (
        '<div style="font-size:8pt;width:100%;text-align:center;font-family:DejaVu Sans,sans-serif;">'
        f'{t("brief_page", lang)} <span class="pageNumber"></span> {t("brief_of", lang)} '
        '<span class="totalPages"></span></div>'
    )


def html_to_pdf(doc: Html) -> bytes:
    """Print the briefing's HTML (its charts inline) to PDF bytes."""

    async def job(pages: browser.Pages) -> bytes:
        async with pages.print_lock:
            page = pages.printer
            await page.set_content(doc.page, wait_until="load")
            return await page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=footer(doc.lang),
                margin=MARGIN,
            )

    return browser.run(job, t("brief_pdf_unavailable", doc.lang, why=CHROMIUM))
