"""Benchmark of issue 13: the national briefing PDF for one year, cold and warm.

    .venv/bin/python benchmarks/briefing.py [--year 2024] [--lang vi] [--repeat 3]

- cold: a fresh process (imports, store, engine, Chromium start, print) until the PDF bytes exist;
- first after start: a fresh process that has started the browser as the app does when it starts
  (kpis.briefing.browser.warm_up) and waited until it is up (a leader reads the page first), then the briefing;
- warm, uncached: the same process again with every briefing cache cleared (the files, the observations kept per
  data version, the drawn charts): content, charts, HTML, print;
- warm, other language: the same briefing in the other language on the same data (observations kept, charts and
  file not);
- warm, cached: a second leader's download of the same briefing (same scope, year, language, data versions);
- responsiveness: while a warm, uncached briefing is made on a thread (as the app's download does), how late a
  10 ms timer on the main thread fires (the lag another session's page would feel from the GIL and the CPU).
Goals: warm ≤ 2 s, cold ≤ 10 s. Medians of --repeat runs. Writes benchmarks/out/briefing-<timestamp>.json.
Not a timed test: nothing fails on a missed goal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

WORKER = """
import json, statistics, sys, threading, time
t0 = time.perf_counter()
from kpis.briefing import browser, files
from kpis.store import open_store
url, year, lang, repeat, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
other = "en" if lang == "vi" else "vi"
if mode == "after_start":  # the app's start: browser up before the leader clicks
    browser.warm_up()
    browser.wait_ready()  # every chart page has loaded plotly.js
    t0 = time.perf_counter()
store = open_store(url)
t_open = time.perf_counter()
pdf = files.make(store, year, lang, "pdf")
first = time.perf_counter() - t0
out = {"first_s": first, "store_open_s": t_open - t0, "pdf_bytes": len(pdf)}
if mode == "cold":
    uncached, other_lang, cached = [], [], []
    for _ in range(repeat):
        files.clear_caches()
        t = time.perf_counter(); files.make(store, year, lang, "pdf"); uncached.append(time.perf_counter() - t)
        t = time.perf_counter(); files.make(store, year, other, "pdf"); other_lang.append(time.perf_counter() - t)
        t = time.perf_counter(); files.make(store, year, lang, "pdf"); cached.append(time.perf_counter() - t)
    files.clear_caches()
    lags, done = [], threading.Event()
    def make():
        t = time.perf_counter(); files.make(store, year, lang, "pdf"); out["probed_s"] = time.perf_counter() - t
        done.set()
    threading.Thread(target=make).start()
    while not done.is_set():
        t = time.perf_counter(); time.sleep(0.01); lags.append((time.perf_counter() - t - 0.01) * 1000)
    lags.sort()
    out.update(uncached_s=uncached, other_lang_s=other_lang, cached_s=cached,
               lag_ms={"p50": statistics.median(lags), "p95": lags[int(0.95 * (len(lags) - 1))], "max": lags[-1],
                       "probes": len(lags)})
print(json.dumps(out))
"""


def machine() -> dict:
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], check=False, capture_output=True, text=True
    ).stdout.strip()
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line), "")
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "load_avg_1m": os.getloadavg()[0],
        "mem_total_kb": int(mem) if mem else None,
        "chromium": chromium,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--lang", default="vi")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    runs: dict[str, list] = {k: [] for k in ("cold_s", "after_start_s", "uncached_s", "other_lang_s", "cached_s")}
    lags = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kpis.sqlite"
        subprocess.run(
            [sys.executable, "-c", f"from kpis.store import open_store; open_store({url!r})"], cwd=ROOT, check=True
        )  # seeding is the app's first start, not the briefing's

        def worker(mode: str) -> dict:
            run = subprocess.run(
                [sys.executable, "-c", WORKER, url, str(args.year), args.lang, str(args.repeat), mode],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            return json.loads(run.stdout.strip().splitlines()[-1])

        for _ in range(args.repeat):
            r = worker("cold")
            runs["cold_s"].append(r["first_s"])
            for k in ("uncached_s", "other_lang_s", "cached_s"):
                runs[k] += r[k]
            lags.append(r["lag_ms"] | {"briefing_s": r["probed_s"]})
            runs["after_start_s"].append(worker("after_start")["first_s"])
    result = {
        "benchmark": "briefing",
        "scope": "national",
        "year": args.year,
        "lang": args.lang,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "cold_s_median": statistics.median(runs["cold_s"]),
        "first_after_app_start_s_median": statistics.median(runs["after_start_s"]),
        "warm_uncached_s_median": statistics.median(runs["uncached_s"]),
        "warm_other_language_s_median": statistics.median(runs["other_lang_s"]),
        "warm_cached_s_median": statistics.median(runs["cached_s"]),
        "responsiveness_timer_lag_ms": {
            "p50_median": statistics.median(x["p50"] for x in lags),
            "p95_median": statistics.median(x["p95"] for x in lags),
            "max": max(x["max"] for x in lags),
            "runs": lags,
        },
        "runs": runs,
        "goals": {"warm_s": 2.0, "cold_s": 10.0},
        "pdf_bytes": r["pdf_bytes"],
        "load_avg_1m_after": os.getloadavg()[0],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"briefing-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
