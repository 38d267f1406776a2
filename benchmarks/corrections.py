"""Issue 14 part 2: what a publish costs in time and store size, on today's layout (the before figures).

    .venv/bin/python benchmarks/corrections.py [--rows 1000000] [--repeat 3]

On a fresh SQLite store holding the benchmark schema `enrolment_detail` (benchmarks/generate.py): a full
publish of N rows, then a one-row correction as an analyst makes it (read the active version, merge the
corrected row by key with kpis.upload.next_version, publish), and reading a version whole. Each figure is a
median of --repeat runs, each in its own fresh store; the store's size after each step is measured on the
SQLite file and its WAL (checkpointed). Baselines in the same run: the bare executemany of the same rows
(benchmarks/run.py's insert floor) and a full publish. Writes benchmarks/out/corrections-<timestamp>.json.
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
from run import insert_floor, machine

from kpis import upload
from kpis.store import Store


def _size_mb(store: Store, path: Path) -> float:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = path.with_name(path.name + "-wal")
    return (path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 1e6


def one_run(frame, schema, folder: Path) -> dict:
    path = folder / "store.sqlite"
    store = Store(f"sqlite:///{path}", {schema.name: schema})
    store.migrate()
    empty_mb = _size_mb(store, path)
    t0 = time.perf_counter()
    v1 = store.publish(schema.name, frame, user="benchmark", note="full")
    full_s = time.perf_counter() - t0
    after_full_mb = _size_mb(store, path)

    t0 = time.perf_counter()
    active = store.read(schema.name)
    read_s = time.perf_counter() - t0
    corrected = active.iloc[[len(active) // 2]].copy()
    corrected["value"] = corrected["value"] + 1
    result = upload.CheckResult(dataset=schema.name, file_name="fix.csv", sha256="", size=0, frame=corrected)
    t1 = time.perf_counter()
    merged = upload.next_version(schema, active, result, upload.MERGE)
    t2 = time.perf_counter()
    v2 = store.publish(schema.name, merged, user="benchmark", note="one-row correction", file_name="fix.csv")
    t3 = time.perf_counter()
    after_fix_mb = _size_mb(store, path)
    t4 = time.perf_counter()
    old = store.read(schema.name, v1.id)
    read_old_s = time.perf_counter() - t4
    assert len(old) == len(frame) and v2.row_count == len(frame)
    store.engine.dispose()
    return {
        "full_publish_s": full_s,
        "read_active_s": read_s,
        "merge_s": t2 - t1,
        "correction_publish_s": t3 - t2,
        "correction_total_s": t3 - t0,
        "read_previous_version_s": read_old_s,
        "empty_mb": empty_mb,
        "after_full_mb": after_full_mb,
        "after_correction_mb": after_fix_mb,
        "correction_growth_pct": 100 * (after_fix_mb - after_full_mb) / after_full_mb,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    schema = generate.detail_schema()
    frame = schema.coerce(generate.detail_frame(args.rows))
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="kpis-corrections-") as tmp:
            runs.append(one_run(frame, schema, Path(tmp)))
            floor_s = insert_floor(frame, Path(tmp) / "floor.sqlite")
            runs[-1]["insert_floor_s"] = floor_s
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    median["correction_vs_full_publish"] = median["correction_total_s"] / median["full_publish_s"]
    median["full_publish_vs_insert_floor"] = median["full_publish_s"] / median["insert_floor_s"]
    out = {
        "layout": "every version stores every row (kpis/store.py before issue 14)",
        "rows": args.rows,
        "sqlalchemy": sa.__version__,
        "machine": machine(),
        "median": median,
        "runs": runs,
        "goals": {"correction_total_s": 1.0, "correction_growth_pct": 1.0},
    }
    dest = ROOT / "benchmarks" / "out" / f"corrections-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(json.dumps(median, indent=2))
    print(dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
