"""Issue 14: where a new visitor's page-load time goes. For each page (and the one-file baseline app), one visit
after a warm-up, traced: the page's timeline (script state, charts drawn, data grids drawn, skeletons left, polled
each animation frame), the main thread's long tasks from Chromium's trace (what each spent its time in), and the
plotly bundle's request, background parse and evaluation. Figures, not a verdict: benchmarks/pageload.py gives the
ratios.

Usage: .venv/bin/python benchmarks/pagetrace.py [--pages overview,enrolment,provinces]
Writes benchmarks/out/pagetrace-<time>.json.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import run
from pageload import MINIMA, TIMEOUT_S

from app_pages import PAGES

TIMELINE_JS = """
window.__timeline = [];
let last = '';
function tick() {
  const app = document.querySelector('[data-testid="stApp"]');
  const plots = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'));
  const drawn = plots.filter(el => { const gd = el.querySelector('.js-plotly-plot'); return gd && gd.querySelector('g.trace'); });
  const state = {
    script: app ? app.dataset.testScriptState : 'none',
    charts: `${drawn.length}/${plots.length}`,
    grids: document.querySelectorAll('[data-testid="stDataFrame"] canvas').length,
    elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]').length,
  };
  const key = JSON.stringify(state);
  if (key !== last) { window.__timeline.push({ms: Math.round(performance.now()), ...state}); last = key; }
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
"""
RESOURCES_JS = """() => performance.getEntriesByType('resource').filter(e => /PlotlyChart|DataFrame/.test(e.name))
  .map(e => ({file: e.name.split('/').pop(), start_ms: Math.round(e.startTime), end_ms: Math.round(e.responseEnd),
              bytes: e.encodedBodySize}))"""
CATEGORIES = ["devtools.timeline", "v8.execute", "disabled-by-default-devtools.timeline"]
INNER = ("FunctionCall", "EvaluateScript", "v8.evaluateModule", "Layout", "UpdateLayoutTree", "Paint", "RunMicrotasks")


def long_tasks(events: list[dict], threshold_us: int = 30_000) -> tuple[list[dict], list[dict]]:
    """The renderer main thread's tasks over `threshold_us`, each with what it spent its time in, and the plotly
    bundle's background parse and module evaluation, in ms from the trace's first event."""
    t0 = min(e["ts"] for e in events if e.get("ts"))
    tasks = [e for e in events if e.get("name") == "RunTask" and e.get("ph") == "X" and e.get("dur", 0) > threshold_us]
    threads = collections.Counter((e["pid"], e["tid"]) for e in tasks)
    if not threads:
        return [], []
    main = threads.most_common(1)[0][0]
    out = []
    for task in sorted((e for e in tasks if (e["pid"], e["tid"]) == main), key=lambda e: e["ts"]):
        end = task["ts"] + task["dur"]
        spent: collections.Counter = collections.Counter()
        inside = (
            e
            for e in events
            if (e.get("pid"), e.get("tid")) == main
            and e.get("ph") == "X"
            and e.get("name") in INNER
            and task["ts"] <= e["ts"] <= end
        )
        for e in inside:
            url = str((e.get("args", {}).get("data") or {}).get("url", "")).rsplit("/", 1)[-1]
            spent[f"{e['name']} {url}".strip()] += e["dur"]
        out.append(
            {
                "start_ms": round((task["ts"] - t0) / 1000),
                "ms": round(task["dur"] / 1000),
                "in": {k: round(v / 1000) for k, v in spent.most_common(4)},
            }
        )
    plotly = [
        {"what": e["name"], "start_ms": round((e["ts"] - t0) / 1000), "ms": round(e.get("dur", 0) / 1000)}
        for e in events
        if e.get("ph") == "X"
        and e.get("name") in ("v8.parseOnBackground", "v8.evaluateModule")
        and "PlotlyChart" in str((e.get("args", {}).get("data") or {}).get("url", ""))
    ]
    return out, plotly


def traced_visit(browser, url: str, minima: tuple[int, int], trace_path: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.add_init_script(TIMELINE_JS)
    browser.start_tracing(page=page, path=str(trace_path), categories=CATEGORIES)
    t0 = time.monotonic()
    page.goto(url, wait_until="commit")
    ready = run.wait_ready(page, minima, TIMEOUT_S) - t0
    timeline, resources = page.evaluate("() => window.__timeline"), page.evaluate(RESOURCES_JS)
    browser.stop_tracing()
    context.close()
    tasks, plotly = long_tasks(json.loads(trace_path.read_text())["traceEvents"])
    return {
        "ready_s": round(ready, 3),
        "timeline": timeline,
        "resources": resources,
        "long_tasks": tasks,
        "plotly_bundle": plotly,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="overview,enrolment,provinces")
    args = parser.parse_args(argv)
    paths = {p.url_path or "overview": p.url_path for p in PAGES}
    wanted = {name: paths[name] for name in args.pages.split(",")}
    from playwright.sync_api import sync_playwright

    run.OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pagetrace-"))
    app = run.Server(f"sqlite:///{work / 'kpis.sqlite'}", work / "app.log")
    onefile = run.Server("sqlite://", work / "onefile.log", script=str(BENCH / "onefile_app.py"))
    results: dict = {"machine": run.machine(), "pages": {}, "started": dt.datetime.now().isoformat()}
    try:
        app.wait_healthy()
        onefile.wait_healthy()
        targets = {"onefile": (f"{onefile.base}/", MINIMA["onefile"])}
        targets |= {n: (f"{app.base}/{p}", MINIMA[p]) for n, p in wanted.items()}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=run.CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, (url, minima) in targets.items():
                traced_visit(browser, url, minima, work / f"{name}-warm.json")  # caches filled, code compiled once
                results["pages"][name] = traced_visit(browser, url, minima, work / f"{name}.json")
                run.log(f"{name}: drawn in {results['pages'][name]['ready_s']:.2f} s (traced)")
            browser.close()
    finally:
        app.stop()
        onefile.stop()
    out = run.OUT / f"pagetrace-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name, r in results["pages"].items():
        print(f"{name}: drawn {r['ready_s']:.2f} s (traced); long tasks (ms at start: ms):")
        for task in r["long_tasks"]:
            print(f"  {task['start_ms']:6d}: {task['ms']:4d}  {task['in']}")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
