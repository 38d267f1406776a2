"""Every chart as PNG and SVG: the whole figure (title, source note, illustrative flag), not only the plot area.

plotly.js in Debian's headless Chromium (kpis.briefing.browser) draws the figure and exports it with
Plotly.toImage, so the image is what the page shows. The briefing's charts are these SVGs too. Images are cached
per figure content, format and size: a chart downloaded again, or in a second leader's briefing, is not drawn again.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import threading
import unicodedata
from collections import OrderedDict
from concurrent.futures import Future

import plotly.graph_objects as go
import plotly.io as pio
from plotly.utils import PlotlyJSONEncoder

from kpis.briefing import browser
from kpis.i18n import t

FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}
WIDTH = 900
HEIGHT = 500  # for a figure without a height of its own
CACHE_BYTES = 64 * 1024 * 1024

# toImage draws the figure in a hidden element of its own: no need to plot it first. The figures come as one JSON
# text, parsed in the page: Playwright's own argument encoding walks every number of every trace in Python (with the
# GIL) and again in the page, about twice as slow for a briefing's 29 charts.
EXPORT_JS = """async ([text, fmt, scale]) => {
  const out = [];
  for (const [spec, width, height] of JSON.parse(text)) {
    out.push(await Plotly.toImage({data: spec.data || [], layout: spec.layout || {}},
      {format: fmt, width: width, height: height, scale: scale, imageDataOnly: true}));
  }
  return out;
}"""

_cache: OrderedDict[tuple, bytes] = OrderedDict()
_cache_bytes = 0
_lock = threading.Lock()


def figure_spec(fig: go.Figure | dict) -> dict:
    """The figure as plotly.js takes it (plain JSON)."""
    return fig if isinstance(fig, dict) else json.loads(pio.to_json(fig, validate=False))


def layout_snapshot(fig: go.Figure) -> str:
    """The figure's layout as JSON now (a page lays a figure out for the screen after offering its image)."""
    return json.dumps(fig.layout.to_plotly_json(), cls=PlotlyJSONEncoder)


def with_layout(fig: go.Figure, layout: str) -> dict:
    """The figure's JSON with the layout of a `layout_snapshot`."""
    return {**figure_spec(fig), "layout": json.loads(layout)}


def slug(text: str) -> str:
    """A file-name-safe ASCII form of a chart's name ('Tỷ lệ đạt' -> 'ty-le-dat')."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80] or "chart"


def file_stem(key: str, year: int | None = None) -> str:
    """'gdnn-chart-trend-enrolment_total-2024': the name of a chart's image files, from its key and year."""
    name = re.sub(r"[^A-Za-z0-9_]+", "-", slug(key) if not re.fullmatch(r"[A-Za-z0-9_\-]+", key) else key)
    return f"gdnn-chart-{name.strip('-')}" + (f"-{year}" if year is not None else "")


def _key(spec: dict, fmt: str, width: int, height: int, scale: float) -> tuple:
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return (digest, fmt, width, height, scale)


def _decode(data: str, fmt: str) -> bytes:
    return base64.b64decode(data) if fmt == "png" else data.encode("utf-8")


def render(
    figures: list[go.Figure | dict], fmt: str, lang: str, width: int | None = None, height: int | None = None,
    scale: float = 2,
) -> list[bytes]:  # fmt: skip
    """Each figure as PNG or SVG bytes, drawn on the browser's chart pages in parallel, from the cache if drawn.

    `width`/`height`: the image's size in CSS pixels (default: the figure's own, else WIDTH x HEIGHT); `scale`: the
    PNG's pixels per CSS pixel (an SVG is vector: scale 1)."""
    return submit(figures, fmt, lang, width, height, scale).result()


def submit(
    figures: list[go.Figure | dict], fmt: str, lang: str, width: int | None = None, height: int | None = None,
    scale: float = 2,
) -> Future:  # fmt: skip
    """`render` without waiting: the future of the images, drawing under way (the caller computes on meanwhile)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    scale = scale if fmt == "png" else 1
    sized = []
    for spec in (figure_spec(f) for f in figures):
        layout = spec.get("layout", {})
        sized.append((spec, int(width or layout.get("width") or WIDTH), int(height or layout.get("height") or HEIGHT)))
    keys = [_key(spec, fmt, w, h, scale) for spec, w, h in sized]
    out: list[bytes | None] = []
    with _lock:
        for k in keys:
            out.append(_cache.get(k))
            if k in _cache:
                _cache.move_to_end(k)
    todo = [i for i, data in enumerate(out) if data is None]
    done: Future = Future()
    if not todo:
        done.set_result(out)
        return done
    drawing = _draw([sized[i] for i in todo], fmt, scale, lang)

    def finish(f: Future) -> None:
        if f.exception() is not None:
            done.set_exception(f.exception())
            return
        for i, data in zip(todo, _decoded(f.result(), len(todo), fmt), strict=True):
            out[i] = data
            _remember(keys[i], data)
        done.set_result(out)

    drawing.add_done_callback(finish)
    return done


def _draw(sized: list[tuple[dict, int, int]], fmt: str, scale: float, lang: str) -> Future:
    """The figures drawn on the chart pages, shared out among them: a future of [(indices, images)]."""
    n = min(browser.CHART_PAGES, len(sized))
    chunks = [list(range(i, len(sized), n)) for i in range(n)]

    async def job(pages: browser.Pages):
        async def chunk(idx):
            return await browser.with_chart_page(
                pages, lambda page: page.evaluate(EXPORT_JS, [json.dumps([sized[i] for i in idx]), fmt, scale])
            )

        return list(zip(chunks, await asyncio.gather(*(chunk(idx) for idx in chunks)), strict=True))

    return browser.submit(job, t("chart_image_unavailable", lang, why=browser.CHROMIUM))


def _decoded(results: list[tuple[list[int], list[str]]], n: int, fmt: str) -> list[bytes]:
    out: list[bytes] = [b""] * n
    for idx, datas in results:
        for i, data in zip(idx, datas, strict=True):
            out[i] = _decode(data, fmt)
    return out


def _remember(key: tuple, data: bytes) -> None:
    global _cache_bytes
    with _lock:
        if key not in _cache:
            _cache[key] = data
            _cache_bytes += len(data)
        while _cache_bytes > CACHE_BYTES and len(_cache) > 1:
            _, old = _cache.popitem(last=False)
            _cache_bytes -= len(old)


def clear_cache() -> None:
    global _cache_bytes
    with _lock:
        _cache.clear()
        _cache_bytes = 0


def chart_images(
    figures: list[go.Figure], fmt: str, lang: str, width: int = WIDTH, height: int | None = None, scale: float = 2
) -> list[bytes]:
    """Each figure as a downloadable PNG or SVG: WIDTH wide, the figure's own height (title and notes fit)."""
    return render(figures, fmt, lang, width=width, height=height, scale=scale)


def chart_image(fig: go.Figure, fmt: str, lang: str, **kwargs) -> bytes:
    return chart_images([fig], fmt, lang, **kwargs)[0]
