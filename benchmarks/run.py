"""Benchmarks of issue 4: each figure against a baseline measured in the same run.

    .venv/bin/python benchmarks/run.py [--sizes 10k,100k,1m] [--quick] [--only pipeline,engine,apptest,browser]
                                       [--forms csv,xlsx-excel[,csv-vi,xlsx]] [--repeat N] [--no-profile]

| figure                                              | baseline (same run)                          | goal   |
| validate + publish a 1M-row CSV                     | pyarrow.csv.read_csv of the same file        | ≤ 5×   |
| validate + publish a 1M-row XLSX                    | the fastest available reader, same sheet     | ≤ 3×   |
| overview page, warm rerun, 1M rows published        | the same page with the shipped data          | ≤ 1.5× |
| province page, change of year (rerun), 1M rows      | the same with the shipped data               | ≤ 1.5× |
| cold start to first rendered overview, 1M rows      | the same with the shipped data               | ≤ 3×   |
| peak memory of the app, 1M rows published           | the app with the shipped data                | ≤ +400 MB |

Every measurement runs in a fresh subprocess (`run.py _worker KIND ARGS`), so no run inherits another's
caches or memory, and its peak RSS (VmHWM) is its own; figures are medians of N runs. Page timings come
from AppTest (in-process script runs) and from Chromium driven by Playwright against `streamlit run`
(time until the app is idle and every chart on the page is drawn). Where a goal is missed, one more run
is sampled with py-spy (benchmarks/out/tools, if installed) and the JSON says what dominated.

Data: see benchmarks/generate.py. The XLSX goal is measured on `xlsx-excel` files (shared strings and a
declared <dimension>, as Excel and LibreOffice save); `--forms ...,xlsx` adds openpyxl write_only files
(inline strings, no <dimension>), which kpis' openpyxl-based reader reads 2–4 times slower.
The validate + publish figures use the benchmark-only schema
`enrolment_detail` (the real enrolment fields plus gender and occupation keys) with the real pipeline
functions. The page figures use three stores: `shipped` (seeded from data/), `realkey` (the largest valid
real-schema enrolment table, 8,350 rows, published through kpis.upload) and `stress-<size>` (the detail
rows without gender and occupation, written into the real `enrolment` table with Store.publish: the key
repeats, so no upload could publish it; the engine sums the repeats per (year, province, level), which
is what the pages would have to do with such data).

Writes benchmarks/out/results-<timestamp>.json and prints the Markdown tables.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
OUT = BENCH / "out"
TOOLS = OUT / "tools"  # pip install --target benchmarks/out/tools pyinstrument python-calamine py-spy
for p in (str(ROOT), str(BENCH)):
    if p not in sys.path:
        sys.path.insert(0, p)
if TOOLS.is_dir() and str(TOOLS) not in sys.path:
    sys.path.append(str(TOOLS))

PY = sys.executable
PYSPY = shutil.which("py-spy") or (str(TOOLS / "bin" / "py-spy") if (TOOLS / "bin" / "py-spy").exists() else None)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]  # tests/conftest.py
GOALS = {  # name: (what, baseline, limit, kind)
    "csv_validate_publish": ("validate + publish CSV", "pyarrow.csv.read_csv", 5.0, "ratio"),
    "xlsx_validate_publish": ("validate + publish XLSX", "fastest XLSX reader", 3.0, "ratio"),
    "overview_warm_rerun": ("overview, warm rerun", "shipped data", 1.5, "ratio"),
    "provinces_year_change": ("provinces, change of year", "shipped data", 1.5, "ratio"),
    "cold_start_overview": ("cold start to first rendered overview", "shipped data", 3.0, "ratio"),
    "peak_memory": ("peak memory of the app (VmHWM)", "shipped data", 400.0, "delta_mb"),
}
# Runs per (size, form) of the validate + publish figures: one 1M XLSX run takes minutes.
REPEATS = {
    ("10k", "*"): 3,
    ("100k", "*"): 3,
    ("100k", "xlsx-excel"): 2,
    ("100k", "xlsx"): 1,
    ("1m", "csv"): 3,
    ("1m", "*"): 1,
}
# Limits raised for the benchmark only: the defaults refuse the 1M files (see `limits` in the JSON).
BENCH_LIMITS = {"max_bytes": 4 << 30, "max_rows": 5_000_000, "max_xlsx_uncompressed": 8 << 30, "max_xlsx_ratio": 1000}


# ------------------------------------------------------------------------------------------ helpers


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def stats(xs: list[float]) -> dict:
    return {
        "median": median(xs),
        "min": min(xs) if xs else None,
        "max": max(xs) if xs else None,
        "n": len(xs),
        "runs": [round(x, 4) for x in xs],
    }


def proc_status(pid: int | str = "self") -> dict[str, float]:
    """VmHWM / VmRSS of a process in MB (psutil is not installed: /proc/PID/status)."""
    out = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM", "VmRSS")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine() -> dict:
    from importlib import metadata

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    versions = {}
    for pkg in (
        "streamlit",
        "pandas",
        "numpy",
        "pyarrow",
        "openpyxl",
        "SQLAlchemy",
        "plotly",
        "playwright",
        "python-calamine",
        "pyinstrument",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[pkg] = metadata.version(pkg)
    if "python-calamine" not in versions:
        with contextlib.suppress(ImportError):
            import python_calamine

            versions["python-calamine"] = getattr(python_calamine, "__version__", "?")

    def cmd(*args: str) -> str:
        try:
            return subprocess.run(
                args, check=False, cwd=ROOT, capture_output=True, text=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    import sqlite3

    dirty = cmd("git", "status", "--porcelain")
    return {
        "cpu_model": cpu,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "ram_gib": round(mem / 1024 / 1024, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
        "chromium": cmd(CHROMIUM, "--version"),
        "py_spy": cmd(PYSPY, "--version") if PYSPY else None,
        "git_commit": cmd("git", "rev-parse", "HEAD"),
        "git_dirty_files": len(dirty.splitlines()) if dirty else 0,
        "load_average_at_start": os.getloadavg(),
        "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")},
    }


def worker(
    kind: str, args: dict, *, timeout: float = 1800, profile: Path | None = None, env: dict | None = None
) -> dict:
    """Run `run.py _worker KIND` in a fresh interpreter; its last stdout line is the JSON result."""
    cmd = [PY, str(Path(__file__).resolve()), "_worker", kind, json.dumps(args)]
    if profile is not None and PYSPY:
        profile.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            PYSPY,
            "record",
            "--nonblocking",
            "--rate",
            "50",
            "--format",
            "raw",
            "--output",
            str(profile),
            "--",
        ] + cmd
    res = subprocess.run(
        cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    lines = [line for line in res.stdout.splitlines() if line.startswith("{")]
    if res.returncode != 0 or not lines:
        raise RuntimeError(
            f"worker {kind} {args} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
        )
    return json.loads(lines[-1])


# --------------------------------------------------------------------------------------- py-spy digest


def _category(frame: str) -> str:
    """A leaf frame `func (path:line)` (py-spy shortens paths to the package) as the library or area it is in.

    A Python frame's self time includes the C code it calls: sqlite3's executemany shows as the kpis
    function that calls it, pyarrow-backed pandas strings as pandas' ArrowExtensionArray methods."""
    path = frame.rsplit("(", 1)[-1].lstrip("/")
    for prefix, name in (
        ("kpis/", "kpis"),
        ("app_pages/", "app_pages"),
        ("dashboard.py", "app_pages"),
        ("openpyxl/", "openpyxl"),
        ("xml/", "xml.etree (openpyxl)"),
        ("zipfile", "zipfile"),
        ("sqlalchemy/", "sqlalchemy"),
        ("sqlite3/", "sqlite3"),
        ("pandas/", "pandas"),
        ("pyarrow/", "pyarrow"),
        ("numpy/", "numpy"),
        ("plotly/", "plotly"),
        ("streamlit/", "streamlit"),
        ("tornado/", "tornado"),
        ("re/", "re"),
        ("unicodedata", "unicodedata"),
        ("<frozen", "imports"),
        ("importlib", "imports"),
        ("threading.py", "threads (waiting)"),
        ("selectors.py", "threads (waiting)"),
    ):
        if path.startswith(prefix) or f"/{prefix}" in path:
            return name
    return "other"


def digest_profile(path: Path, top: int = 12) -> dict:
    """Summarise py-spy raw (collapsed) stacks: self time by function and area, inclusive time of project code,
    and the deepest project function of each sample (the kpis/ or app_pages/ code that spent the time,
    libraries it called included): the most direct answer to "what dominated"."""
    if not path.exists():
        return {"error": f"no profile at {path}"}
    self_t: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    deepest: Counter[str] = Counter()
    area: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        k = int(n)
        frames = stack.split(";")
        total += k
        leaf = frames[-1]
        self_t[_strip_line(leaf)] += k
        area[_category(leaf)] += k
        stripped = [_strip_line(f) for f in frames]
        ours = [f for f in stripped if f.rsplit(" (", 1)[-1].startswith(("kpis/", "app_pages/"))]
        for f in dict.fromkeys(ours):
            incl[f] += k
        deepest[ours[-1] if ours else "(outside kpis/ and app_pages/)"] += k
    pct = (lambda c: [{"frame": f, "share": round(v / total, 3)} for f, v in c.most_common(top)]) if total else list
    return {
        "samples": total,
        "file": str(path.resolve().relative_to(ROOT)),
        "self_by_area": pct(area),
        "self_by_function": pct(self_t),
        "inclusive_project_functions": pct(incl),
        "deepest_project_function": pct(deepest),
    }


def _strip_line(frame: str) -> str:
    """`func (/abs/path/file.py:123)` -> `func (file-path-from-site-packages-or-repo)` without the line."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", str(ROOT) + "/", "lib/python3.11/"):
        if marker in where:
            where = where.split(marker, 1)[1]
            break
    return f"{name} ({where})"


# ------------------------------------------------------------------------------------------- workers


def _limits():
    from kpis.problems import Limits

    return Limits(**BENCH_LIMITS)


@contextlib.contextmanager
def self_profile(path: str | None, rate: int = 100):
    """py-spy sampling this very process for the duration of the block (nothing if path or py-spy is missing)."""
    if not path or not PYSPY:
        yield
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    spy = subprocess.Popen(
        [
            PYSPY,
            "record",
            "--nonblocking",
            "--rate",
            str(rate),
            "--format",
            "raw",
            "--output",
            path,
            "--pid",
            str(os.getpid()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # let it attach
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=120)


def refused_by_defaults(path: Path, rows: int, defaults) -> list[str]:
    """Which default upload limits would refuse this file before any validation."""
    import zipfile

    size = path.stat().st_size
    out = []
    if size > defaults.max_bytes:
        out.append(
            f"KPIS_MAX_UPLOAD_MB ({size / 2**20:.0f} MB > {defaults.max_bytes / 2**20:.0f} MB; "
            "also Streamlit's server.maxUploadSize = 50 in .streamlit/config.toml)"
        )
    if rows > defaults.max_rows:
        out.append(f"KPIS_MAX_ROWS ({rows:,} > {defaults.max_rows:,})")
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as zf:
            inflated = sum(i.file_size for i in zf.infolist())
        if inflated > defaults.max_xlsx_uncompressed:
            out.append(
                f"KPIS_MAX_XLSX_MB ({inflated / 2**20:.0f} MB uncompressed > "
                f"{defaults.max_xlsx_uncompressed / 2**20:.0f} MB)"
            )
    return out


def _context():
    from kpis.provinces import ProvinceIndex
    from kpis.registry import load_registry
    from kpis.schema import load_package, read_shipped
    from kpis.validate import Context

    # What kpis.upload.context_from(store) builds from a seeded store, without a store.
    return Context(
        provinces=ProvinceIndex(read_shipped(load_package()["provinces"])),
        indicator_ids=frozenset(load_registry().ids),
        current_year=dt.date.today().year,
    )


def w_pipeline(a: dict) -> dict:
    """read_file + validate + Store.publish of one generated file into a fresh SQLite store (schema enrolment_detail)."""
    import generate

    from kpis.reading import read_file
    from kpis.store import Store
    from kpis.validate import validate

    schema = generate.detail_schema()
    ctx = _context()
    path = Path(a["path"])
    db = Path(a["db"])
    store = Store(f"sqlite:///{db}", schemas={schema.name: schema})
    store.migrate()
    before = proc_status()
    spy = self_profile(a.get("profile"))
    spy.__enter__()
    t0 = time.perf_counter()
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()  # kpis.upload.check_file hashes every upload
    t1 = time.perf_counter()
    read = read_file(data, path.name, schema, limits=_limits())
    t2 = time.perf_counter()
    frame, problems = validate(read, schema, ctx)
    t3 = time.perf_counter()
    if frame is None:
        errors = [p.message_en for p in problems if p.severity == "error"][:5]
        raise SystemExit(f"the generated file is invalid: {errors}")
    version = store.publish(schema.name, frame, user="benchmark", note="benchmark", file_name=path.name, sha256=sha)
    t4 = time.perf_counter()
    spy.__exit__(None, None, None)
    return {
        "rows": len(frame),
        "bytes": len(data),
        "load_hash_s": t1 - t0,
        "read_s": t2 - t1,
        "validate_s": t3 - t2,
        "publish_s": t4 - t3,
        "total_s": t4 - t0,
        "version_rows": version.row_count,
        "insert_floor_s": insert_floor(frame, db.with_name(db.stem + "-floor.sqlite")),
        "warnings": sorted({p.code for p in problems}),
        "rss_before_mb": before.get("VmRSS"),
        "peak_rss_mb": proc_status().get("VmHWM"),
        "db_mb": db.stat().st_size / 1e6,
    }


def insert_floor(frame, db: Path) -> float:
    """The least any row store can spend on these rows: one bare executemany of the same tuples Store.publish
    writes, into a SQLite table without keys or indexes, committed once (outside the pipeline's timing)."""
    import sqlite3

    from kpis.store.sql import _rows

    con = sqlite3.connect(db, isolation_level=None)
    try:
        names = ["version_id", "row_no", *frame.columns]
        con.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(names)))})")
        t0 = time.perf_counter()
        con.execute("BEGIN")
        con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(names))})", _rows(frame, 1))
        con.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        con.close()
        for suffix in ("", "-journal"):
            Path(str(db) + suffix).unlink(missing_ok=True)


def w_baseline(a: dict) -> dict:
    """The in-run baselines: pyarrow.csv.read_csv of the CSV; python-calamine or openpyxl for the XLSX sheet."""
    path = Path(a["path"])
    reader = a["reader"]
    import openpyxl  # imports outside the timing, as the pipeline's
    import pyarrow.csv as pacsv

    with contextlib.suppress(ImportError):
        from python_calamine import CalamineWorkbook
    t0 = time.perf_counter()
    if reader == "pyarrow.csv":
        kw = {}
        if a.get("form") == "csv-vi":  # same file: cp1258, `;`, two title rows
            kw = {
                "read_options": pacsv.ReadOptions(encoding="cp1258", skip_rows=2),
                "parse_options": pacsv.ParseOptions(delimiter=";"),
            }
        rows = pacsv.read_csv(path, **kw).num_rows
    elif reader == "python-calamine":
        wb = CalamineWorkbook.from_path(str(path))
        rows = len(wb.get_sheet_by_index(0).to_python())
    elif reader == "openpyxl":
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    else:
        raise SystemExit(f"unknown reader {reader}")
    return {
        "reader": reader,
        "rows": rows,
        "total_s": time.perf_counter() - t0,
        "peak_rss_mb": proc_status().get("VmHWM"),
    }


def _stress_frame(size: str):
    import generate

    return generate.detail_frame(generate.SIZES[size]).drop(columns=["gender", "occupation"])


def w_build_db(a: dict) -> dict:
    """A store for the page figures: shipped, realkey (through kpis.upload) or stress-<size> (Store.publish)."""
    import generate

    from kpis import upload
    from kpis.store import open_store

    db = Path(a["db"])
    t0 = time.perf_counter()
    store = open_store(f"sqlite:///{db}")
    out = {"seed_s": time.perf_counter() - t0}
    scenario = a["scenario"]
    if scenario == "realkey":
        path = generate.ensure_real_key(log=lambda *_: None)
        t1 = time.perf_counter()
        result = upload.check_file(path.read_bytes(), path.name, "enrolment", upload.context_from(store))
        t2 = time.perf_counter()
        if not result.ok:
            raise SystemExit(f"realkey file invalid: {[p.message_en for p in result.errors][:5]}")
        upload.publish(store, result, user="benchmark", note="benchmark: largest valid key space", mode=upload.REPLACE)
        out.update(rows=len(result.frame), check_file_s=t2 - t1, publish_s=time.perf_counter() - t2)
    elif scenario.startswith("stress-"):
        frame = _stress_frame(scenario.split("-", 1)[1])
        t1 = time.perf_counter()
        store.publish("enrolment", frame, user="benchmark", note="benchmark stress: repeated keys, not validated")
        out.update(rows=len(frame), publish_s=time.perf_counter() - t1)
    else:
        out["rows"] = len(store.read("enrolment"))
    out.update(db_mb=db.stat().st_size / 1e6, peak_rss_mb=proc_status().get("VmHWM"))
    return out


def w_engine(a: dict) -> dict:
    """kpis.engine on an enrolment table of `size` rows (stress rows) against the shipped one, store-free."""
    from kpis import engine
    from kpis.registry import load_registry
    from kpis.schema import load_package, read_shipped

    schemas = load_package()
    frames = {name: read_shipped(s) for name, s in schemas.items()}
    if a["size"] != "shipped":
        frames["enrolment"] = schemas["enrolment"].coerce(_stress_frame(a["size"]))
    reg = load_registry()
    enrol = [i for i in reg.indicators if i.measure.dataset == "enrolment"]
    current = dt.date.today().year
    out = {"rows": len(frames["enrolment"]), "frame_mb": frames["enrolment"].memory_usage(deep=True).sum() / 1e6}
    obs, table, default = [], [], []
    for _ in range(a["reps"]):
        t0 = time.perf_counter()
        for ind in enrol:
            engine.observations(ind, frames)
        t1 = time.perf_counter()
        year = engine.default_year(reg.indicators, frames, current)
        t2 = time.perf_counter()
        engine.kpi_table(reg.indicators, frames, year, current)
        t3 = time.perf_counter()
        obs.append(t1 - t0)
        default.append(t2 - t1)
        table.append(t3 - t2)
    out.update(
        observations_enrolment_s=stats(obs),
        default_year_s=stats(default),
        kpi_table_s=stats(table),
        enrolment_indicators=len(enrol),
        peak_rss_mb=proc_status().get("VmHWM"),
    )
    return out


def w_store_read(a: dict) -> dict:
    """Store.read of the enrolment table (what the app's first run does) and what the frame costs in memory."""
    from kpis.store import Store

    store = Store(a["db_url"])
    base = proc_status().get("VmRSS")
    t0 = time.perf_counter()
    frame = store.read("enrolment")
    t1 = time.perf_counter()
    return {
        "rows": len(frame),
        "read_s": t1 - t0,
        "frame_mb": frame.memory_usage(deep=True).sum() / 1e6,
        "rss_before_mb": base,
        "rss_after_mb": proc_status().get("VmRSS"),
        "peak_rss_mb": proc_status().get("VmHWM"),
    }


def w_apptest(a: dict) -> dict:
    """AppTest from dashboard.py: first run, warm reruns of the overview, year changes on the provinces page."""
    os.environ["KPIS_DB_URL"] = a["db_url"]
    from streamlit.testing.v1 import AppTest

    from kpis.i18n import t

    def run(at) -> float:
        t0 = time.perf_counter()
        at.run()
        dt_ = time.perf_counter() - t0
        if at.exception:
            raise SystemExit(f"Streamlit exception: {[e.message for e in at.exception]}")
        return dt_

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1200)
    first = run(at)
    charts = len(at.get("plotly_chart"))
    spy = self_profile(a.get("profile"))  # the warm reruns only, not the first run
    spy.__enter__()
    warm = [run(at) for _ in range(a["reps"])]
    at.switch_page("app_pages/provinces.py")
    prov_first = run(at)
    year_label = t("year", "vi")
    changes, chosen = [], []
    for _ in range(a["reps"]):
        box = next(s for s in at.selectbox if s.label == year_label)
        years = [int(o) for o in box.options]
        current = int(box.value)
        # Step back through the years with data (each once, then around again).
        y = years[(years.index(current) - 1) % len(years)]
        box.set_value(y)
        changes.append(run(at))
        chosen.append(y)
    spy.__exit__(None, None, None)
    return {
        "first_run_s": first,
        "overview_charts": charts,
        "overview_warm_rerun_s": stats(warm),
        "provinces_first_s": prov_first,
        "provinces_year_change_s": stats(changes),
        "years_chosen": chosen,
        "peak_rss_mb": proc_status().get("VmHWM"),
    }


WORKERS = {
    "pipeline": w_pipeline,
    "baseline": w_baseline,
    "build_db": w_build_db,
    "engine": w_engine,
    "apptest": w_apptest,
    "store_read": w_store_read,
}


# -------------------------------------------------------------------------------------------- browser

# From tests/browser/test_pages_browser.py (APP_IDLE_JS, DRAWN_MARKS), copied so a change there cannot
# silently change what is measured here; plus the cards' sparklines (our own SVG) and a minimum chart count, so
# the empty page before the first script run never counts as drawn.
READY_JS = """([minPlotly, minMetric]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED') return false;
  const skeletons = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]';
  if (document.querySelector(skeletons)) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && status.checkVisibility()) return false;
  if (document.querySelector('[data-testid="stException"]')) return 'exception';
  const plots = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  if (plots.length < minPlotly) return false;
  for (const el of plots) {
    const gd = el.querySelector('.js-plotly-plot');
    if (!gd) return false;
    const shown = (gd._fullData || []).filter(t => t.visible === true);
    if (!shown.length) return false;
    if (!gd.querySelector('g.trace, .heatmaplayer image, .choroplethlayer path, canvas.maplibregl-canvas')) return false;
  }
  const sparklines = document.querySelectorAll('svg.kpi-sparkline path');
  if (sparklines.length < minMetric) return false;
  return true;
}"""
# Counts script runs that started (the attribute left 'running' or became it), so a rerun that is over
# before the next poll is still seen.
RUN_COUNTER_JS = """() => {
  if (window.__benchRuns === undefined) {
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(records => {
      for (const r of records) {
        if (r.oldValue === 'running' || app.dataset.testScriptState === 'running') { window.__benchRuns += 1; }
      }
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  }
  window.__benchRuns = 0;
}"""
OVERVIEW_MIN = (1, 1)
WARM_TIMEOUT_S = 180.0
PROVINCES_MIN = (2, 0)


def wait_ready(page, mins: tuple[int, int], timeout_s: float, ran=None) -> float:
    """Monotonic time at which the page became ready (idle, every chart drawn) and stayed so for 0.5 s.

    `ran`: a callable saying whether the server has answered since the rerun was asked for (websocket frames).
    React may batch a fast run's 'running' and 'notRunning' into one render, so the run counter alone can miss it."""
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = max(1.0, deadline - time.monotonic()) * 1000
        while ran is not None and not (ran() or page.evaluate("() => window.__benchRuns > 0")):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no rerun seen after {timeout_s:.0f} s")
            page.wait_for_timeout(10)
        handle = page.wait_for_function(READY_JS, arg=list(mins), timeout=remaining, polling="raf")
        t_ready = time.monotonic()
        if handle.json_value() == "exception":
            raise RuntimeError(
                "Streamlit exception on the page: "
                + page.locator('[data-testid="stException"]').first.inner_text()[:2000]
            )
        runs = page.evaluate("() => window.__benchRuns")
        page.wait_for_timeout(500)
        if page.evaluate(READY_JS, list(mins)) is True and page.evaluate("() => window.__benchRuns") == runs:
            return t_ready
        if time.monotonic() > deadline:
            raise TimeoutError(f"page not ready after {timeout_s:.0f} s")


class Server:
    """`streamlit run dashboard.py` on a free loopback port, as tests/conftest.py starts it."""

    def __init__(self, db_url: str, log_path: Path, profile: Path | None = None, script: str = "dashboard.py"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [
            PY,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        if profile is not None:
            cmd = [
                PYSPY,
                "record",
                "--nonblocking",
                "--rate",
                "50",
                "--format",
                "raw",
                "--output",
                str(profile),
                "--",
            ] + cmd
        env = {**os.environ, "KPIS_DB_URL": db_url, "PYTHONUNBUFFERED": "1"}
        self.log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.profiled = profile is not None

    def wait_healthy(self, timeout: float = 300) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}: see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        return time.monotonic()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise TimeoutError("streamlit not healthy")

    @property
    def server_pid(self) -> int:
        """The Python process that serves (py-spy's child when profiled)."""
        if not self.profiled:
            return self.proc.pid
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                children = (task / "children").read_text().split()
                if children:
                    return int(children[0])
        return self.proc.pid

    def stop(self) -> None:
        if self.profiled:  # py-spy writes its file when its child exits
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.server_pid, signal.SIGTERM)
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def browser_scenario(
    browser, name: str, db_url: str, cold_n: int, reps: int, timeout_s: float, profile: Path | None = None
) -> dict:
    """Cold starts to a drawn overview; then, on the last server: warm reruns (key R) and year changes."""
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    cold, health = [], []
    result: dict = {}
    for i in range(cold_n + (1 if profile else 0)):
        profiled = profile is not None and i == cold_n
        server = Server(db_url, logs / f"streamlit-{name}-{i}.log", profile if profiled else None)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})  # a first visit: no HTTP cache
        try:
            t_health = server.wait_healthy()
            page = context.new_page()
            frames = [0]  # websocket frames from the server: a rerun's answer, however fast
            page.on(
                "websocket",
                lambda ws, frames=frames: ws.on(
                    "framereceived", lambda _payload, frames=frames: frames.__setitem__(0, frames[0] + 1)
                ),
            )
            page.goto(f"{server.base}/", wait_until="commit", timeout=timeout_s * 1000)
            t_ready = wait_ready(page, OVERVIEW_MIN, timeout_s)
            if profiled:
                result["profiled_cold_start_s"] = t_ready - server.t0
                continue
            cold.append(t_ready - server.t0)
            health.append(t_health - server.t0)
            if i < cold_n - 1:
                continue
            # Warm: the same session reruns the overview (Streamlit's R shortcut), caches filled.
            warm = []
            for _ in range(reps):
                page.evaluate(RUN_COUNTER_JS)
                page.evaluate("() => document.activeElement && document.activeElement.blur()")
                t0, seen = time.monotonic(), frames[0]
                page.keyboard.press("r")
                warm.append(
                    wait_ready(
                        page, OVERVIEW_MIN, WARM_TIMEOUT_S, ran=lambda seen=seen, frames=frames: frames[0] > seen
                    )
                    - t0
                )
            # Provinces: open it, then change the year back one step at a time.
            t0 = time.monotonic()
            page.goto(f"{server.base}/provinces", wait_until="commit")
            prov_open = wait_ready(page, PROVINCES_MIN, WARM_TIMEOUT_S) - t0
            year_box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Năm").first
            changes, chosen = [], []
            for _ in range(reps):
                # Open the year list and step one year back with the keyboard (the list is virtualised and
                # scrolls to the selection, so clicking an option by position is flaky).
                before = year_box.locator("input").first.input_value()
                year_box.click()
                page.wait_for_selector('[role="option"][aria-selected="true"]', timeout=WARM_TIMEOUT_S * 1000)
                page.keyboard.press("ArrowUp")
                page.evaluate(RUN_COUNTER_JS)
                t0, seen = time.monotonic(), frames[0]
                page.keyboard.press("Enter")
                changes.append(
                    wait_ready(
                        page, PROVINCES_MIN, WARM_TIMEOUT_S, ran=lambda seen=seen, frames=frames: frames[0] > seen
                    )
                    - t0
                )
                chosen.append(f"{before}->{year_box.locator('input').first.input_value()}")
            mem = proc_status(server.server_pid)
            result.update(
                overview_warm_rerun_s=stats(warm),
                provinces_open_s=prov_open,
                provinces_year_change_s=stats(changes),
                years_chosen=chosen,
                server_peak_rss_mb=mem.get("VmHWM"),
                server_rss_mb=mem.get("VmRSS"),
            )
        except Exception:
            with contextlib.suppress(Exception):
                context.pages[-1].screenshot(path=str(logs / f"failed-{name}-{i}.png"))
            raise
        finally:
            context.close()
            server.stop()
    result.update(cold_start_overview_s=stats(cold), health_s=stats(health))
    return result


# ----------------------------------------------------------------------------------------------- main


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def goal_row(name: str, figure: float | None, baseline: float | None, size: str, source: str, note: str = "") -> dict:
    what, base_name, limit, kind = GOALS[name]
    value = (
        (figure - baseline if kind == "delta_mb" else ratio(figure, baseline))
        if figure is not None and baseline is not None
        else None
    )
    met = None if value is None else value <= limit
    if size not in ("1m", "realkey") and met is not None:
        note = (note + "; " if note else "") + f"measured at {size}, not 1M"
    return {
        "goal": name,
        "what": what,
        "source": source,
        "size": size,
        "figure": figure,
        "baseline": baseline,
        "baseline_is": base_name,
        "value": value,
        "kind": kind,
        "limit": limit,
        "met": met,
        "note": note,
    }


def fmt_s(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def markdown(results: dict) -> str:
    out = [
        "| figure | size | source | measured | baseline | ratio / delta | goal | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for g in results["goals"]:
        unit = (lambda x: "–" if x is None else f"{x:.0f} MB") if g["kind"] == "delta_mb" else fmt_s
        val = (
            "–"
            if g["value"] is None
            else (f"+{g['value']:.0f} MB" if g["kind"] == "delta_mb" else f"{g['value']:.2f}×")
        )
        lim = f"≤ +{g['limit']:.0f} MB" if g["kind"] == "delta_mb" else f"≤ {g['limit']:g}×"
        met = {True: "yes", False: "**no**", None: "n/a"}[g["met"]]
        out.append(
            f"| {g['what']} | {g['size']} | {g['source']} | {unit(g['figure'])} | {unit(g['baseline'])} "
            f"({g['baseline_is']}) | {val} | {lim} | {met} |"
        )
    pipe = results.get("pipeline", {})
    if pipe:
        out += [
            "",
            "| file | rows | MB | read | validate | publish | total (median) | baseline | ratio | peak RSS |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for key, r in pipe.items():
            med = r["pipeline"]
            out.append(
                f"| {key} | {med['rows']:,} | {med['bytes'] / 1e6:.1f} | {fmt_s(med['read_s'])} | "
                f"{fmt_s(med['validate_s'])} | {fmt_s(med['publish_s'])} | {fmt_s(med['total_s'])} "
                f"(n={med['n']}) | {fmt_s(r['baseline_s'])} {r['baseline_reader']} | "
                f"{r['ratio']:.1f}× | {med['peak_rss_mb']:.0f} MB |"
            )
    eng = results.get("engine", {})
    if eng:
        out += [
            "",
            "| engine, enrolment rows | observations (3 enrolment KPIs) | default_year | kpi_table (all) |",
            "|---|---|---|---|",
        ]
        for key, r in eng.items():
            out.append(
                f"| {key} ({r['rows']:,}) | {fmt_s(r['observations_enrolment_s']['median'])} | "
                f"{fmt_s(r['default_year_s']['median'])} | {fmt_s(r['kpi_table_s']['median'])} |"
            )
    pages = results.get("pages", {})
    if pages:
        out += [
            "",
            (
                "| store | rows | AppTest first run | AppTest overview rerun | AppTest year change | "
                "browser cold start | browser overview rerun | browser year change | server peak RSS |"
            ),
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for key, r in pages.items():
            a, b = r.get("apptest", {}), r.get("browser", {})
            out.append(
                f"| {key} | {r['db'].get('rows', 0):,} | {fmt_s(a.get('first_run_s'))} | "
                f"{fmt_s(a.get('overview_warm_rerun_s', {}).get('median'))} | "
                f"{fmt_s(a.get('provinces_year_change_s', {}).get('median'))} | "
                f"{fmt_s(b.get('cold_start_overview_s', {}).get('median'))} | "
                f"{fmt_s(b.get('overview_warm_rerun_s', {}).get('median'))} | "
                f"{fmt_s(b.get('provinces_year_change_s', {}).get('median'))} | "
                f"{b.get('server_peak_rss_mb') or 0:.0f} MB |"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_worker":
        print(json.dumps(WORKERS[argv[1]](json.loads(argv[2])), default=float))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="sizes 10k,100k, fewer repetitions, pages at 100k: a few minutes, not for the goals",
    )
    parser.add_argument("--only", default="pipeline,engine,apptest,browser")
    parser.add_argument(
        "--forms",
        default="csv,xlsx-excel",
        help="any of csv, csv-vi, xlsx-excel (as Excel saves: shared strings, <dimension>), "
        "xlsx (openpyxl write_only: inline strings, no <dimension>; several times slower to read)",
    )
    parser.add_argument("--repeat", type=int, default=0, help="runs per pipeline figure (default: see REPEATS)")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` removes the temporary stores
    sizes = ["10k", "100k"] if args.quick else [s.strip().lower() for s in args.sizes.split(",")]
    only = set(args.only.split(","))
    forms = [f.strip() for f in args.forms.split(",")]
    largest = sizes[-1]
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    prof_dir = OUT / "profiles" / stamp
    t_start = time.monotonic()

    import generate

    from kpis.problems import Limits

    generate.build_package()
    defaults = Limits()
    results: dict = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "args": vars(args) | {"sizes": sizes},
        "limits": {
            "benchmark": BENCH_LIMITS,
            "defaults": {
                "max_bytes": defaults.max_bytes,
                "max_rows": defaults.max_rows,
                "max_xlsx_uncompressed": defaults.max_xlsx_uncompressed,
            },
        },
        "goals": [],
        "pipeline": {},
        "engine": {},
        "pages": {},
        "profiles": {},
    }
    log(
        f"machine: {results['machine']['cpu_model']}, {results['machine']['usable_cpus']} cpus, "
        f"load {results['machine']['load_average_at_start']}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="kpis-bench-"))

    def reps_for(size: str, form: str) -> int:
        if args.repeat:
            return args.repeat
        if args.quick:
            return 1 if size == "100k" and form.startswith("xlsx") else 2
        return REPEATS.get((size, form), REPEATS.get((size, "*"), 1))

    try:
        # ---------------------------------------------------------------- validate + publish
        if "pipeline" in only:
            calamine = True
            try:
                import python_calamine  # noqa: F401
            except ImportError:
                calamine = False
            for size in sizes:
                for form in forms:
                    path = generate.ensure(size, form, log=log)
                    n = reps_for(size, form)
                    readers = (
                        ["pyarrow.csv"]
                        if form.startswith("csv")
                        else (["python-calamine"] if calamine else ["openpyxl"])
                    )
                    runs, base = [], {r: [] for r in readers}
                    for i in range(n):
                        for r in readers:  # interleaved: baseline and pipeline share the machine's state
                            base[r].append(worker("baseline", {"path": str(path), "reader": r, "form": form}))
                        db = tmp / f"pipeline-{size}-{form}-{i}.sqlite"
                        runs.append(worker("pipeline", {"path": str(path), "db": str(db)}))
                        for suffix in ("", "-wal", "-shm"):
                            Path(str(db) + suffix).unlink(missing_ok=True)
                        log(
                            f"pipeline {size} {form} run {i + 1}/{n}: {runs[-1]['total_s']:.2f} s "
                            f"(read {runs[-1]['read_s']:.2f}, validate {runs[-1]['validate_s']:.2f}, "
                            f"publish {runs[-1]['publish_s']:.2f}); baseline "
                            + ", ".join(f"{r} {base[r][-1]['total_s']:.2f} s" for r in readers)
                        )
                    reference = {}
                    if form.startswith("xlsx") and calamine and size != "1m":
                        # openpyxl (the reader kpis used before python-calamine) as a reference, once: at 1M it
                        # alone takes minutes.
                        reference = worker("baseline", {"path": str(path), "reader": "openpyxl", "form": form})
                        log(f"reference openpyxl values_only {size}: {reference['total_s']:.2f} s")
                    med = {
                        k: median([r[k] for r in runs])
                        for k in (
                            "load_hash_s",
                            "read_s",
                            "validate_s",
                            "publish_s",
                            "total_s",
                            "peak_rss_mb",
                            "db_mb",
                            "insert_floor_s",
                        )
                    }
                    med.update(
                        rows=runs[0]["rows"],
                        bytes=runs[0]["bytes"],
                        n=n,
                        warnings=runs[0]["warnings"],
                        total_runs=[round(r["total_s"], 3) for r in runs],
                    )
                    base_med = {r: median([b["total_s"] for b in bs]) for r, bs in base.items()}
                    fastest = min(base_med, key=base_med.get)
                    results["pipeline"][f"{size}-{form}"] = {
                        "file": str(path.relative_to(ROOT)),
                        "pipeline": med,
                        "baselines": {r: stats([b["total_s"] for b in bs]) for r, bs in base.items()},
                        "baseline_reader": fastest,
                        "baseline_s": base_med[fastest],
                        "ratio": med["total_s"] / base_med[fastest],
                        # What a row store alone costs, in units of the baseline: no pipeline can beat it.
                        "insert_floor_ratio": med["insert_floor_s"] / base_med[fastest],
                        "reference_openpyxl_values_only_s": reference.get("total_s"),
                        "refused_by_default_limits": refused_by_defaults(path, med["rows"], defaults),
                    }
                    if form in ("csv", "xlsx", "xlsx-excel") and size == largest:
                        floor = med["insert_floor_s"] / base_med[fastest]
                        results["goals"].append(
                            goal_row(
                                f"{form.split('-')[0]}_validate_publish",
                                med["total_s"],
                                base_med[fastest],
                                size,
                                f"{form} file, n={n}",
                                f"a bare SQLite executemany of the rows alone: {floor:.1f}×",
                            )
                        )
            results["elapsed_pipeline_s"] = time.monotonic() - t_start

        # ---------------------------------------------------------------- engine scaling
        if "engine" in only:
            t_engine = time.monotonic()
            for size in ["shipped"] + sizes:
                results["engine"][size] = worker("engine", {"size": size, "reps": 2 if size != "1m" else 1})
                log(f"engine {size}: kpi_table {results['engine'][size]['kpi_table_s']['median']:.2f} s")
            results["elapsed_engine_s"] = time.monotonic() - t_engine

        # ---------------------------------------------------------------- pages
        scenarios = ["shipped", "realkey", f"stress-{largest}"]
        t_pages = time.monotonic()
        if only & {"apptest", "browser"}:
            for sc in scenarios:
                db = tmp / f"{sc}.sqlite"
                results["pages"][sc] = {
                    "db": worker("build_db", {"scenario": sc, "db": str(db)}),
                    "db_url": f"sqlite:///{db}",
                }
                log(f"store {sc}: {results['pages'][sc]['db']}")
                results["pages"][sc]["store_read"] = worker("store_read", {"db_url": f"sqlite:///{db}"})
        page_reps = 3 if args.quick else 5
        if "apptest" in only:
            for sc in scenarios:  # AppTest reruns take 0.05–0.7 s: more of them for a steadier median
                r = worker("apptest", {"db_url": results["pages"][sc]["db_url"], "reps": 3 * page_reps})
                results["pages"][sc]["apptest"] = r
                log(
                    f"apptest {sc}: first {r['first_run_s']:.2f} s, overview rerun "
                    f"{r['overview_warm_rerun_s']['median']:.3f} s, year change "
                    f"{r['provinces_year_change_s']['median']:.3f} s"
                )
        if "browser" in only:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    for sc in scenarios:
                        cold_n = 2 if args.quick or sc == "realkey" else 3
                        try:
                            r = browser_scenario(
                                browser, sc, results["pages"][sc]["db_url"], cold_n, page_reps, timeout_s=900
                            )
                        except Exception as exc:  # noqa: BLE001 - record it, go on with the other stores
                            results["pages"][sc]["browser_error"] = f"{type(exc).__name__}: {exc}"[:2000]
                            log(f"browser {sc} FAILED: {results['pages'][sc]['browser_error'][:300]}")
                            continue
                        results["pages"][sc]["browser"] = r
                        log(
                            f"browser {sc}: cold {r['cold_start_overview_s']['median']:.2f} s, overview rerun "
                            f"{r['overview_warm_rerun_s']['median']:.3f} s, year change "
                            f"{r['provinces_year_change_s']['median']:.3f} s, server peak "
                            f"{r['server_peak_rss_mb']:.0f} MB"
                        )
                finally:
                    browser.close()
        results["elapsed_pages_s"] = time.monotonic() - t_pages
        pages = results["pages"]
        big = f"stress-{largest}"
        for sc in (big, "realkey"):
            if sc not in pages or "shipped" not in pages:
                continue
            size = largest if sc == big else "realkey"
            note = "" if sc == big else f"{pages[sc]['db'].get('rows', 0):,}-row valid real-schema enrolment"
            for src in ("apptest", "browser"):
                a, s = pages[sc].get(src), pages["shipped"].get(src)
                if not a or not s:
                    continue
                for goal, key in (
                    ("overview_warm_rerun", "overview_warm_rerun_s"),
                    ("provinces_year_change", "provinces_year_change_s"),
                ):
                    results["goals"].append(
                        goal_row(goal, a[key]["median"], s[key]["median"], size, f"{src} ({sc})", note)
                    )
            a, s = pages[sc].get("browser"), pages["shipped"].get("browser")
            if a and s:
                results["goals"].append(
                    goal_row(
                        "cold_start_overview",
                        a["cold_start_overview_s"]["median"],
                        s["cold_start_overview_s"]["median"],
                        size,
                        f"browser ({sc})",
                        note,
                    )
                )
                results["goals"].append(
                    goal_row(
                        "peak_memory",
                        a["server_peak_rss_mb"],
                        s["server_peak_rss_mb"],
                        size,
                        f"server VmHWM ({sc})",
                        note,
                    )
                )
            a, s = pages[sc].get("apptest"), pages["shipped"].get("apptest")
            if a and s:
                results["goals"].append(
                    goal_row(
                        "cold_start_overview",
                        a["first_run_s"],
                        s["first_run_s"],
                        size,
                        f"apptest first run ({sc})",
                        (note + "; " if note else "") + "in-process, no server start",
                    )
                )

        # ---------------------------------------------------------------- profiles where a goal is missed
        missed = {g["goal"] for g in results["goals"] if g["met"] is False and "realkey" not in g["source"]}
        if missed and not args.no_profile and PYSPY:
            if "csv_validate_publish" in missed:
                p = prof_dir / f"pipeline-{largest}-csv.raw"
                db = tmp / "profile-csv.sqlite"
                r = worker(
                    "pipeline", {"path": str(generate.file_path(largest, "csv")), "db": str(db), "profile": str(p)}
                )
                results["profiles"]["csv_validate_publish"] = {"run": r, **digest_profile(p)}
                log(f"profiled csv {largest}")
            if "xlsx_validate_publish" in missed:
                psize = "100k" if "100k" in sizes or largest == "1m" else largest
                pform = next(f for f in forms if f.startswith("xlsx"))
                p = prof_dir / f"pipeline-{psize}-{pform}.raw"
                db = tmp / "profile-xlsx.sqlite"
                r = worker(
                    "pipeline", {"path": str(generate.ensure(psize, pform, log=log)), "db": str(db), "profile": str(p)}
                )
                results["profiles"]["xlsx_validate_publish"] = {
                    "run": r,
                    "note": f"profiled at {psize} to bound the run time",
                    **digest_profile(p),
                }
                log(f"profiled xlsx {psize}")
            if missed & {"cold_start_overview", "peak_memory"} and "browser" in only:
                p = prof_dir / f"cold-start-{big}.raw"
                p.parent.mkdir(parents=True, exist_ok=True)
                from playwright.sync_api import sync_playwright

                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                    try:
                        server = Server(pages[big]["db_url"], OUT / "logs" / f"streamlit-{big}-profiled.log", p)
                        context = browser.new_context(viewport={"width": 1400, "height": 1000})
                        try:
                            server.wait_healthy()
                            page = context.new_page()
                            page.goto(f"{server.base}/", wait_until="commit")
                            took = wait_ready(page, OVERVIEW_MIN, 900) - server.t0
                        finally:
                            context.close()
                            server.stop()
                    finally:
                        browser.close()
                time.sleep(1)
                results["profiles"]["cold_start_overview"] = {"profiled_cold_start_s": took, **digest_profile(p)}
                log(f"profiled cold start {big}")
            if missed & {"overview_warm_rerun", "provinces_year_change"}:
                p = prof_dir / f"apptest-warm-{big}.raw"
                p.parent.mkdir(parents=True, exist_ok=True)
                r = worker("apptest", {"db_url": pages[big]["db_url"], "reps": page_reps, "profile": str(p)})
                results["profiles"]["warm_reruns"] = {
                    "run": r,
                    "note": "AppTest, sampled during the warm reruns and year changes only",
                    **digest_profile(p),
                }
                log(f"profiled warm reruns {big}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["elapsed_s"] = time.monotonic() - t_start
    path = OUT / f"results-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=float) + "\n", encoding="utf-8")
    print()
    print(markdown(results))
    print()
    for name, prof in results["profiles"].items():
        top = ", ".join(f"{x['frame']} {x['share']:.0%}" for x in prof.get("deepest_project_function", [])[:6])
        print(f"profile {name} (deepest project function per sample): {top}")
    log(f"wrote {path.relative_to(ROOT)} in {results['elapsed_s'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
