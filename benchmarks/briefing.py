"""Benchmark of issue 13: the national briefing PDF for one year, cold and warm.

    .venv/bin/python benchmarks/briefing.py [--year 2024] [--lang vi] [--repeat 3]

- cold: a fresh process (imports, store, engine, Chromium start, print) until the PDF bytes exist;
- warm, uncached: the same process again with the file cache cleared (content, HTML, Chromium, print);
- warm, cached: a second leader's download of the same briefing (same scope, year, language, data versions).
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
import json, sys, time
t0 = time.perf_counter()
from kpis.briefing import files
from kpis.store import open_store
store = open_store(sys.argv[1])
t_open = time.perf_counter()
pdf = files.make(store, int(sys.argv[2]), sys.argv[3], "pdf")
cold = time.perf_counter() - t0
uncached = []
for _ in range(int(sys.argv[4])):
    files._cache.clear()
    t = time.perf_counter(); files.make(store, int(sys.argv[2]), sys.argv[3], "pdf"); uncached.append(time.perf_counter() - t)
cached = []
for _ in range(int(sys.argv[4])):
    t = time.perf_counter(); files.make(store, int(sys.argv[2]), sys.argv[3], "pdf"); cached.append(time.perf_counter() - t)
print(json.dumps({"cold_s": cold, "store_open_s": t_open - t0, "uncached_s": uncached, "cached_s": cached,
                  "pdf_bytes": len(pdf)}))
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
    colds, uncached, cached = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kpis.sqlite"
        subprocess.run(
            [sys.executable, "-c", f"from kpis.store import open_store; open_store({url!r})"], cwd=ROOT, check=True
        )  # seeding is the app's first start, not the briefing's
        for _ in range(args.repeat):
            run = subprocess.run(
                [sys.executable, "-c", WORKER, url, str(args.year), args.lang, str(args.repeat)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(run.stdout.strip().splitlines()[-1])
            colds.append(r["cold_s"])
            uncached += r["uncached_s"]
            cached += r["cached_s"]
    result = {
        "benchmark": "briefing",
        "scope": "national",
        "year": args.year,
        "lang": args.lang,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "cold_s_median": statistics.median(colds),
        "warm_uncached_s_median": statistics.median(uncached),
        "warm_cached_s_median": statistics.median(cached),
        "runs": {"cold_s": colds, "warm_uncached_s": uncached, "warm_cached_s": cached},
        "goals": {"warm_s": 2.0, "cold_s": 10.0},
        "pdf_bytes": r["pdf_bytes"],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"briefing-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
