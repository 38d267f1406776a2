"""One headless Chromium per process (Debian's, through Playwright), shared by the briefing's PDF and chart images.

Playwright belongs to the event loop that started it: the browser lives on a thread of its own running an asyncio
loop, and callers hand it coroutines (`run`). Starting it (Chromium, then plotly.js parsed in every chart page) takes
seconds, so `warm_up` starts it in the background without waiting: the app calls it when it starts, files.make
before it computes a briefing's content, so the browser is ready by the time the charts are.

Chart pages: plotly.js loaded once per page (from a local file); one page per core (a page is one renderer process,
and plotly.js draws on one thread), so a briefing's charts are drawn in parallel. The print page holds no script: the briefing it prints
is HTML with the charts already inline as SVG.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from plotly.offline import get_plotlyjs

CHROMIUM = os.environ.get("KPIS_CHROMIUM", "/usr/bin/chromium")
CHART_PAGES = max(1, int(os.environ.get("KPIS_CHART_PAGES", min(2, os.cpu_count() or 1))))
# Headless printing needs no GPU, sandbox (the container is the sandbox), extensions or first-run work.
READY_TIMEOUT_S = 60
# One small chart drawn when a page has loaded plotly.js: the first real chart then finds plotly's code compiled.
WARM_JS = """() => Plotly.toImage({data: [{type: 'scatter', mode: 'lines+markers', x: [1, 2], y: [1, 2]},
  {type: 'bar', x: [1], y: [1]}], layout: {title: {text: 'x'}, annotations: [{text: 'x', x: 1, y: 1}],
  shapes: [{type: 'rect', x0: 1, x1: 2, y0: 0, y1: 1}], width: 200, height: 150}},
  {format: 'svg', width: 200, height: 150, imageDataOnly: true}).then(() => true)"""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run"]


class Unavailable(RuntimeError):
    """No browser to draw or print with."""


def available() -> bool:
    return Path(CHROMIUM).exists()


@cache
def chart_shell() -> Path:
    """A page that loads the installed plotly's plotly.js (the same the app's pages draw with) from a local file:
    Chromium reads and parses it itself, faster than 4.6 MB of inline script sent through Playwright."""
    import plotly

    folder = Path(tempfile.gettempdir()) / f"kpis-plotly-{plotly.__version__}"
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "plotly.min.js": get_plotlyjs,
        "chart.html": lambda: (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><script src='plotly.min.js'></script></head>"
            "<body></body></html>"
        ),
    }
    for name, text in files.items():
        if not (folder / name).exists():
            part = folder / f"{name}.{os.getpid()}.part"
            part.write_text(text(), encoding="utf-8")
            part.replace(folder / name)  # atomic: another process never reads half a file
    shell = folder / "chart.html"
    return shell


@dataclass
class Pages:
    """The started browser: chart pages (a pool, plotly.js loaded) and the print page (with its lock)."""

    browser: Any
    charts: asyncio.Queue
    printer: Any
    print_lock: asyncio.Lock


class _Browser:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="briefing-browser", daemon=True).start()
        self._pw = None
        self._pages: Pages | None = None
        self._starting: asyncio.Future | None = None
        self._loading: list[asyncio.Future] = []

    async def _start(self) -> Pages:
        from playwright.async_api import async_playwright

        if self._pw is None:
            self._pw = await async_playwright().start()
        browser = await self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        pool: asyncio.Queue = asyncio.Queue()
        shell = chart_shell().as_uri()

        async def chart_page():
            # A context each: its own renderer process, so pages draw in parallel. Each joins the pool once its
            # plotly.js is loaded: the first charts are drawn while the other pages load.
            page = await (await browser.new_context()).new_page()
            await page.goto(shell, wait_until="load")
            await page.evaluate(WARM_JS)
            pool.put_nowait(page)

        self._loading = [asyncio.ensure_future(chart_page()) for _ in range(CHART_PAGES)]
        printer = await browser.new_page()
        await printer.emulate_media(media="print")
        return Pages(browser, pool, printer, asyncio.Lock())

    async def pages(self) -> Pages:
        """The started browser, starting it (once, however many callers wait) or starting it again if it died."""
        if self._pages is not None and self._pages.browser.is_connected():
            return self._pages
        if self._starting is None or self._starting.done():
            self._pages = None
            self._starting = asyncio.ensure_future(self._start())
        try:
            self._pages = await asyncio.shield(self._starting)
        except Exception:
            self._starting = None
            raise
        return self._pages

    async def _call(self, job: Callable[[Pages], Awaitable]):
        from playwright.async_api import Error

        pages = await self.pages()
        try:
            return await job(pages)
        except Error:
            # The caller gets the error; the next job starts a fresh browser.
            if self._pages is pages:
                self._pages = None
            await pages.browser.close()
            raise

    def submit(self, job: Callable[[Pages], Awaitable]) -> Future:
        return asyncio.run_coroutine_threadsafe(self._call(job), self.loop)

    def warm_up(self) -> None:
        asyncio.run_coroutine_threadsafe(self.pages(), self.loop)

    async def _ready(self) -> None:
        await self.pages()
        await asyncio.gather(*self._loading)


_browser: _Browser | None = None
_lock = threading.Lock()


def _get() -> _Browser:
    global _browser
    with _lock:
        if _browser is None:
            _browser = _Browser()
    return _browser


def warm_up() -> None:
    """Start the browser in the background (no wait; nothing if there is no Chromium or it is started)."""
    if available():
        _get().warm_up()


def wait_ready(timeout: float = READY_TIMEOUT_S) -> None:
    """Start the browser if need be and wait until every chart page has loaded plotly.js (benchmarks, tests)."""
    if not available():
        raise Unavailable(CHROMIUM)
    b = _get()
    asyncio.run_coroutine_threadsafe(b._ready(), b.loop).result(timeout)


def submit(job: Callable[[Pages], Awaitable], why: str) -> Future:
    """`await job(pages)` on the browser's loop, without waiting: its future; Unavailable(`why`) without Chromium."""
    if not available():
        raise Unavailable(why)
    return _get().submit(job)


def run(job: Callable[[Pages], Awaitable], why: str) -> Any:
    """`await job(pages)` on the browser's loop, waiting for its result; Unavailable(`why`) without Chromium."""
    return submit(job, why).result()


async def with_chart_page(pages: Pages, work: Callable[[Any], Awaitable]):
    """`await work(page)` on a chart page from the pool (waiting for one to be free)."""
    # A chart page that failed to load never joins: the wait ends, with an error, instead of hanging.
    page = await asyncio.wait_for(pages.charts.get(), READY_TIMEOUT_S)
    try:
        return await work(page)
    finally:
        pages.charts.put_nowait(page)
