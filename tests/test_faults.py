"""A publisher killed (SIGKILL) at any point leaves the previous version active and intact."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import peak_rss_mb

from kpis.store import Store

pytestmark = pytest.mark.slow  # processes and servers: not in make test-fast

ROOT = Path(__file__).resolve().parents[1]
# A child that publishes a large version (~300k rows: a few seconds), so a kill lands mid-transaction.
PUBLISHER = """
import sys, numpy as np, pandas as pd
from kpis.store import Store
store = Store(sys.argv[1])
frame = store.read("population")
big = pd.concat([frame] * 730, ignore_index=True)
big["year"] = np.arange(len(big)) % 90 + 2000
print("ready", flush=True)
store.publish("population", big, user="killed", note="never lands")
print("done", flush=True)
"""
KILL_AFTER = (0.05, 0.4, 1.0, 2.0, 3.5)


ROWS = 412 * 730


def _consistent(store: Store) -> None:
    """Every version whole, each change audited once, the active version readable in full, no orphan rows."""
    versions = store.versions("population")
    audited = [e.version_id for e in store.audit("population")]
    assert sorted(audited) == sorted(v.id for v in versions)
    active = next(v for v in versions if v.active)
    assert len(store.read("population")) == active.row_count
    assert all(len(store.read("population", v.id)) == v.row_count for v in versions)
    with store.engine.connect() as conn:
        # Every extent lies inside the rows its source version wrote, and no rows or extents outlive a version.
        outside = conn.execute(
            sa.text(
                "SELECT count(*) FROM version_extents e JOIN versions v ON v.id = e.version_id "
                "WHERE v.dataset = 'population' AND e.row_hi - e.row_lo <> "
                "(SELECT count(*) FROM data_population d WHERE d.version_id = e.source_id "
                "AND d.row_no >= e.row_lo AND d.row_no < e.row_hi)"
            )
        ).scalar()
        orphans = conn.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM data_population WHERE version_id NOT IN (SELECT id FROM versions))"
                " + (SELECT count(*) FROM version_extents WHERE version_id NOT IN (SELECT id FROM versions))"
                " + (SELECT count(*) FROM row_chunks WHERE source_id NOT IN (SELECT id FROM versions))"
            )
        ).scalar()
    assert (outside, orphans) == (0, 0)


def test_sigkill_during_publish_leaves_the_store_intact(store, reliability):
    original = store.read("population")
    interrupted = 0
    recovery = []  # seconds from the kill to a checked, consistent store
    for delay in KILL_AFTER:
        before = [v.id for v in store.versions("population")]
        proc = subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, store.url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        proc.wait(timeout=30)
        after = Store(store.url)  # a fresh process's view of the store
        _consistent(after)
        recovery.append(time.monotonic() - killed_at)
        now = [v.id for v in after.versions("population")]
        if now == before:  # killed before the commit: nothing of it remains
            interrupted += 1
            assert after.active_versions()["population"] == before[0]
        else:  # killed after the commit: the new version is whole
            assert now[1:] == before and after.version(now[0]).row_count == ROWS
        if after.engine.dialect.name == "sqlite":
            with after.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        after.engine.dispose()
    assert interrupted >= 1, "no kill landed before a commit"
    version = store.publish("population", original.head(10), user="analyst")  # the next publish works
    assert store.active_versions()["population"] == version.id
    with store.engine.connect() as conn:
        orphans = conn.execute(
            sa.text("SELECT count(*) FROM data_population WHERE version_id NOT IN (SELECT id FROM versions)")
        ).scalar()
    assert orphans == 0
    pd.testing.assert_frame_equal(store.read("population", store.versions("population")[-1].id), original)
    reliability.record(
        "faults",
        len(KILL_AFTER),
        f"publisher SIGKILLed {len(KILL_AFTER)} times, after " + ", ".join(f"{d:g}" for d in KILL_AFTER) + " s",
        max_seconds=max(recovery),
        peak_mb=peak_rss_mb(),
        killed_before_commit=interrupted,
        killed_after_commit=len(KILL_AFTER) - interrupted,
    )


def test_connection_dropped_mid_publish_leaves_the_store_intact(pg_server, reliability):
    """PostgreSQL: the publisher's backend is terminated during the COPY; nothing of it remains."""
    from kpis.store import open_store

    store = open_store(pg_server.new_database())
    original = store.read("population")
    database = store.engine.url.database
    proc = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, store.url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.readline().strip() == "ready"
    killed = 0
    deadline = time.monotonic() + 60
    with store.engine.connect() as admin:
        while proc.poll() is None and time.monotonic() < deadline:
            # Terminate the publisher's backend once it is writing (an open transaction on this database).
            killed += admin.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :db "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query ILIKE 'COPY%'"
                ),
                {"db": database},
            ).scalar()
            admin.commit()
            time.sleep(0.02)
    _, err = proc.communicate(timeout=60)
    assert killed >= 1 and proc.returncode != 0, err[-2000:]
    after = Store(store.url)
    _consistent(after)
    assert [v.number for v in after.versions("population")] == [1]
    pd.testing.assert_frame_equal(after.read("population"), original)
    assert after.publish("population", original.head(5), user="analyst").number == 2
    reliability.record(
        "faults", killed, "PostgreSQL backend of a publisher terminated during its COPY", peak_mb=peak_rss_mb()
    )
