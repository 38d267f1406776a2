"""Shared fixtures: a fresh store per test, one running app plus one headless Chromium per session, and the
reliability figures that benchmarks/reliability.py collects."""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Playwright's own browser download is blocked here, so it drives Debian's chromium; without the
# background-networking flags Chromium keeps dialling hosts that this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60.0


def _flag(name: str) -> bool:
    """An environment variable set to anything but empty, 0, false or no."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _have_chromium() -> bool:
    """Whether Debian's Chromium is installed where the browser fixture looks for it."""
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def _free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def read_only_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database for a module's tests that only read it (pages as visitors see them): the app seeds it on its
    first page, and the module's later pages find it, and Streamlit's caches, as a server would. A test that
    publishes takes `db_url`."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('read-only') / 'kpis.sqlite'}"
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A SQLAlchemy URL of an empty database: a new SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    return request.getfixturevalue("pg_server").new_database()


def _pg_bin() -> Path | None:
    """The newest PostgreSQL server binaries of Debian's postgresql package."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on a free loopback port, owned by the `postgres` user when run as root."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        # Under /tmp, not pytest's 0700 tmp tree: the server runs as `postgres` and must reach its files.
        self.root = Path(tempfile.mkdtemp(prefix="kpis-pg-", dir="/tmp"))
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.port = _free_port()
        self.count = 0
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        # Durability off: these databases live for one test run.
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database for one test."""
        import psycopg

        self.count += 1
        name = f"kpis_{os.getpid()}_{self.count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session; required under CI or KPIS_REQUIRE_POSTGRES."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        message = "PostgreSQL is missing: run scripts/ensure_system_deps.sh (apt-get install postgresql)"
        if _flag("KPIS_REQUIRE_POSTGRES") or _flag("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def store(db_url: str):
    """A migrated store seeded from data/, private to the test."""
    from kpis.store import open_store

    return open_store(db_url)


@pytest.fixture(scope="session")
def shipped() -> dict:
    """Every dataset of the shipped data package as read with its schema (read-only: do not mutate)."""
    from kpis.schema import load_package, read_shipped

    return {name: read_shipped(schema) for name, schema in load_package().items()}


PASSWORD = "correct horse battery"  # of the accounts `env` creates


@pytest.fixture
def env(db_url, monkeypatch):
    """A seeded store on `db_url` that the app under AppTest opens, with an analyst `lan` and a viewer `khach`."""
    from kpis import auth
    from kpis.store import open_store
    from tests.helpers import serve_store

    serve_store(db_url, monkeypatch)
    store = open_store(db_url)
    auth.add_user(store, "lan", PASSWORD)
    auth.add_user(store, "khach", PASSWORD, role="viewer")
    return store


@pytest.fixture(scope="session")
def app_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database of the app server (tests may add accounts to it)."""
    return f"sqlite:///{tmp_path_factory.mktemp('app-db') / 'kpis.sqlite'}"


@pytest.fixture(scope="session")
def app_server(app_db_url: str) -> Iterator[str]:
    """Base URL of `streamlit run dashboard.py` on a free loopback port, with its own empty database."""
    with running_app(app_db_url, os.environ.get("PYTEST_XDIST_WORKER", "main")) as base:
        yield base


@contextmanager
def running_app(db_url: str, name: str) -> Iterator[str]:
    """A `streamlit run dashboard.py` server on `db_url` for the duration of the block; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "KPIS_DB_URL": db_url, "PYTHONUNBUFFERED": "1"}
    ARTIFACTS.mkdir(exist_ok=True)
    # A file, not a pipe: a chatty server must never block on a full pipe nobody reads.
    log_path = ARTIFACTS / f"streamlit-{name}.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        # Edits made while the suite runs must not rerun the pages under test.
        "--server.fileWatcherType", "none",
        # Tracebacks in the page, so a failing browser test shows the cause.
        "--client.showErrorDetails", "full",
    ]  # fmt: skip
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(proc, base, log_path)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_healthy(proc: subprocess.Popen, base: str, log_path: Path) -> None:
    """Return once the server answers its health check, else fail with what it printed."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode} before it was healthy:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        time.sleep(0.25)
    pytest.fail(f"streamlit not healthy after {SERVER_START_TIMEOUT:.0f} s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright; missing Chromium fails under CI or KPIS_REQUIRE_BROWSER."""
    if not _have_chromium():
        message = f"{CHROMIUM} is missing: run scripts/ensure_system_deps.sh (apt-get install chromium)"
        if _flag("KPIS_REQUIRE_BROWSER") or _flag("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary profile (user-data-dir) of its own.
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


RELIABILITY_CATEGORIES = (
    "bad_input",
    "faults",
    "concurrency",
    "attack_signin",
    "attack_injection",
    "attack_resource",
    "browser",
)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB: VmHWM, which (unlike ru_maxrss) does not carry a
    forking parent's peak over exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Reliability:
    """Figures of one reliability test: cases tried, and the time and memory bounds it observed.

    Each record is one JSON line appended to the file named by KPIS_RELIABILITY_OUT (set by
    benchmarks/reliability.py); without it, recording does nothing but check its arguments.
    """

    def __init__(self, path: str | None):
        self.path = path

    def record(
        self,
        category: str,
        cases: int,
        what: str,
        *,
        max_seconds: float | None = None,
        peak_mb: float | None = None,
        **figures: object,
    ) -> None:
        if category not in RELIABILITY_CATEGORIES:
            raise ValueError(f"unknown reliability category {category!r}; one of {RELIABILITY_CATEGORIES}")
        if not isinstance(cases, int) or cases < 1:
            raise ValueError(f"a reliability record needs at least one case, got {cases!r}")
        if not self.path:
            return
        # PYTEST_CURRENT_TEST is "tests/x.py::test_y[param] (call)": the node id of the running test.
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]
        line = json.dumps(
            {
                "test": test,
                "category": category,
                "cases": cases,
                "what": what,
                "max_seconds": None if max_seconds is None else round(max_seconds, 3),
                "peak_mb": None if peak_mb is None else round(peak_mb, 1),
                "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
                **figures,
            },
            default=str,
        )
        # One write of one line in append mode: lines of the two xdist workers never interleave.
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(line + "\n")


@pytest.fixture(scope="session")
def reliability() -> Reliability:
    """Where reliability tests record their figures (session-scoped, so hypothesis tests may use it)."""
    return Reliability(os.environ.get("KPIS_RELIABILITY_OUT") or None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what needs PostgreSQL (`postgres`), so the fast tier can leave it out: `-m "not postgres ..."`."""
    for item in items:
        params = getattr(item, "callspec", None)
        uses_pg = "pg_server" in getattr(item, "fixturenames", ()) or (
            params is not None and "postgresql" in (params.params.get("db_url"), params.params.get("read_only_db_url"))
        )
        if uses_pg:
            item.add_marker(pytest.mark.postgres)


def pytest_report_header(config: pytest.Config) -> str:
    """Say which browser the browser tests will drive."""
    required = _flag("KPIS_REQUIRE_BROWSER") or _flag("CI")
    return f"chromium: {CHROMIUM if _have_chromium() else 'missing'} (browser tests required: {required})"
