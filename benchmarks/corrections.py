"""Issue 14 part 2: what a publish costs in time and store size, before and after versions shared their rows.

    .venv/bin/python benchmarks/corrections.py [--rows 1000000] [--repeat 3]

On fresh SQLite stores holding the benchmark schema `enrolment_detail` (benchmarks/generate.py), the same steps
on both layouts in the same run: `before` is kpis/store.py as it was (benchmarks/store_before.py: every version
stores every row), `after` is kpis.store (versions as extents of rows stored once). Steps: a full publish of N
rows; reading the active version whole; a one-row correction as an analyst makes it; reading the previous
version whole. The correction, before: read the active version, merge the corrected row by key
(kpis.upload.next_version), publish the merged table. After: kpis.upload.publish of the one-row file (what the
page and the CLI call: Store.merge, no read); also the table route on the new layout (read, next_version,
Store.publish of the whole table: the chunks it shares found by digest). The store's size after each step is
the SQLite file and its WAL (checkpointed). Baseline in the same run: the bare executemany of the same rows
(benchmarks/run.py's insert floor). Each figure is a median of --repeat runs, each in fresh stores; `ratio` is
after / before. Writes benchmarks/out/corrections-<timestamp>.json.
Goals (issue 14): correction ≤ 1 s and ≤ 1% growth of the store; reading and full publish no slower.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import generate
import sqlalchemy as sa
import store_before
from run import insert_floor, machine

from kpis import store as store_after
from kpis import upload


def _size_mb(store, path: Path) -> float:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = path.with_name(path.name + "-wal")
    return (path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 1e6


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def one_run(layout: str, frame, schema, folder: Path) -> dict:
    module = store_before if layout == "before" else store_after
    path = folder / f"{layout}.sqlite"
    store = module.Store(f"sqlite:///{path}", {schema.name: schema})
    store.migrate()
    out = {"empty_mb": _size_mb(store, path)}
    v1, out["full_publish_s"] = _timed(lambda: store.publish(schema.name, frame, user="benchmark", note="full"))
    out["after_full_mb"] = _size_mb(store, path)
    active, out["read_active_s"] = _timed(lambda: store.read(schema.name))
    corrected = active.iloc[[len(active) // 2]].copy()
    corrected["value"] = corrected["value"] + 1
    result = upload.CheckResult(dataset=schema.name, file_name="fix.csv", sha256="", size=0, frame=corrected)
    t0 = time.perf_counter()
    if layout == "before":  # what kpis.upload.publish did: read the active version, merge, publish the table
        merged = upload.next_version(schema, store.read(schema.name), result, upload.MERGE)
        v2 = store.publish(schema.name, merged, user="benchmark", note="one-row correction", file_name="fix.csv")
    else:  # what it does now (Store.merge)
        v2 = upload.publish(store, result, user="benchmark", note="one-row correction")
    out["correction_total_s"] = time.perf_counter() - t0
    out["after_correction_mb"] = _size_mb(store, path)
    out["correction_growth_pct"] = 100 * (out["after_correction_mb"] - out["after_full_mb"]) / out["after_full_mb"]
    old, out["read_previous_version_s"] = _timed(lambda: store.read(schema.name, v1.id))
    assert len(old) == len(frame) and v2.row_count == len(frame)
    new, out["read_corrected_version_s"] = _timed(lambda: store.read(schema.name, v2.id))
    assert len(new) == len(frame) and new["value"].sum() == old["value"].sum() + 1
    if layout == "after":  # the table route on the new layout: a whole table published, its chunks shared
        corrected["value"] = corrected["value"] + 1
        result = upload.CheckResult(dataset=schema.name, file_name="fix2.csv", sha256="", size=0, frame=corrected)
        t0 = time.perf_counter()
        merged = upload.next_version(schema, store.read(schema.name), result, upload.MERGE)
        t1 = time.perf_counter()
        store.publish(schema.name, merged, user="benchmark", note="one-row correction as a table")
        t2 = time.perf_counter()
        out["table_route_correction_total_s"] = t2 - t0
        out["table_route_publish_s"] = t2 - t1
        size = _size_mb(store, path)
        out["table_route_growth_pct"] = 100 * (size - out["after_correction_mb"]) / out["after_correction_mb"]
    store.engine.dispose()
    return out


def _median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    schema = generate.detail_schema()
    frame = schema.coerce(generate.detail_frame(args.rows))
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    floors = []
    for _ in range(args.repeat):
        for layout in ("before", "after"):  # interleaved, each in its own fresh store
            with tempfile.TemporaryDirectory(prefix="kpis-corrections-") as tmp:
                runs[layout].append(one_run(layout, frame, schema, Path(tmp)))
        with tempfile.TemporaryDirectory(prefix="kpis-corrections-") as tmp:
            floors.append(insert_floor(frame, Path(tmp) / "floor.sqlite"))
    median = {layout: _median(r) for layout, r in runs.items()}
    floor_s = statistics.median(floors)
    for m in median.values():
        m["full_publish_vs_insert_floor"] = m["full_publish_s"] / floor_s
        m["correction_vs_full_publish"] = m["correction_total_s"] / m["full_publish_s"]
    shared = [k for k in median["before"] if k in median["after"] and not k.endswith("_mb")]
    ratio = {k: median["after"][k] / median["before"][k] for k in shared if median["before"][k]}
    out = {
        "layouts": {
            "before": "every version stores every row (benchmarks/store_before.py: kpis/store.py before issue 14)",
            "after": "versions as extents of rows stored once (kpis.store)",
        },
        "rows": args.rows,
        "repeat": args.repeat,
        "sqlalchemy": sa.__version__,
        "machine": machine(),
        "insert_floor_s": floor_s,
        "median": median,
        "ratio_after_over_before": ratio,
        "runs": runs,
        "insert_floor_runs_s": floors,
        "goals": {
            "correction_total_s": 1.0,
            "correction_growth_pct": 1.0,
            "full_publish_s ratio": 1.0,
            "read ratios": 1.0,
        },
    }
    dest = ROOT / "benchmarks" / "out" / f"corrections-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(json.dumps({"median": median, "ratio_after_over_before": ratio, "insert_floor_s": floor_s}, indent=2))
    print(dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
