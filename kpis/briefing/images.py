"""Every chart as PNG and SVG: the whole figure (title, source note, illustrative flag), not only the plot area.

plotly.js in Debian's headless Chromium (through Playwright) draws the figure and exports it with
Plotly.toImage, so the image is exactly what the page shows."""

from __future__ import annotations

import base64
import json

import plotly.graph_objects as go
import plotly.io as pio

from kpis.briefing.document import _plotly_js, _script_safe
from kpis.briefing.pdf import CHROMIUM, PdfUnavailable
from kpis.i18n import t

FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}

EXPORT_JS = """async ([spec, fmt, width, height, scale]) => {
  const div = document.createElement('div');
  document.body.appendChild(div);
  await Plotly.newPlot(div, spec.data, spec.layout, {staticPlot: true});
  return await Plotly.toImage(div, {format: fmt, width: width, height: height, scale: scale});
}"""


def chart_images(
    figures: list[go.Figure], fmt: str, lang: str, width: int = 900, height: int = 500, scale: float = 2
) -> list[bytes]:
    """Each figure as PNG or SVG bytes (one browser for all of them)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        raise PdfUnavailable(t("brief_pdf_unavailable", lang, why=CHROMIUM))
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content(
                f"<html><head><meta charset='utf-8'><script>{_script_safe(_plotly_js())}</script></head></html>"
            )
            for fig in figures:
                spec = json.loads(pio.to_json(fig, validate=False))
                url = page.evaluate(EXPORT_JS, [spec, fmt, width, height, scale if fmt == "png" else 1])
                out.append(_decode(url))
        finally:
            browser.close()
    return out


def _decode(data_url: str) -> bytes:
    head, _, body = data_url.partition(",")
    if ";base64" in head:
        return base64.b64decode(body)
    from urllib.parse import unquote

    return unquote(body).encode("utf-8")


def chart_image(fig: go.Figure, fmt: str, lang: str, **kwargs) -> bytes:
    return chart_images([fig], fmt, lang, **kwargs)[0]
