"""Several processes on one database: concurrent publishers each get a version, readers never see a mix."""

import multiprocessing as mp
import queue
import time

import pandas as pd
import pytest
from conftest import peak_rss_mb

from kpis.store import Store

pytestmark = pytest.mark.slow  # processes and servers: not in make test-fast

PUBLISHERS = 4
DATASET = "certified_labour"
OTHER, OTHER_PUBLISHERS = "enrolment", 2  # publishers of another dataset at the same moment


def _publish(url: str, n: int, barrier, results, dataset: str = DATASET, column: str = "share") -> None:
    store = Store(url)
    frame = store.read(dataset)
    frame[column] = n  # every version is recognisable by its values
    barrier.wait(timeout=120)  # all publishers (and the reader) go at the same moment
    results.put(store.publish(dataset, frame, user=f"analyst{n}", note=f"publisher {n}").id)


def _read_loop(url: str, barrier, stop, results) -> None:
    store = Store(url)
    seen = set()
    reads = 0
    barrier.wait(timeout=120)
    while not stop.is_set() or len(seen) < 2:
        seen.add(tuple(sorted(store.read(DATASET)["share"].unique())))
        reads += 1
        if stop.is_set() and len(seen) < 2:
            break  # the publishers were faster than every read: still one read after
    results.put((seen, reads))


def _results(results, procs, deadline: float) -> list:
    """One result per process, failing as soon as one of them has exited with an error."""
    out = []
    while len(out) < len(procs):
        try:
            out.append(results.get(timeout=1))
        except queue.Empty:
            failed = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
            assert not failed and time.monotonic() < deadline, f"publishers exited with {failed} or timed out"
    return out


def test_concurrent_publishers_each_get_a_version_and_readers_never_see_a_mix(store, reliability):
    url = store.url
    started = time.monotonic()
    original = tuple(sorted(store.read(DATASET)["share"].unique()))
    ctx = mp.get_context("spawn")
    barrier, stop = ctx.Barrier(PUBLISHERS + OTHER_PUBLISHERS + 1), ctx.Event()
    published, published_other, read = ctx.Queue(), ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_publish, args=(url, n, barrier, published)) for n in range(1, PUBLISHERS + 1)]
    others = [
        ctx.Process(target=_publish, args=(url, 100 + n, barrier, published_other, OTHER, "value"))
        for n in range(1, OTHER_PUBLISHERS + 1)
    ]
    procs += others
    reader = ctx.Process(target=_read_loop, args=(url, barrier, stop, read))
    for proc in [*procs, reader]:
        proc.start()
    try:
        ids = _results(published, procs[:PUBLISHERS], deadline=time.monotonic() + 180)
        other_ids = _results(published_other, others, deadline=time.monotonic() + 180)
        stop.set()
        seen, reads = read.get(timeout=60)
        seconds = time.monotonic() - started
        for proc in [*procs, reader]:
            proc.join(timeout=30)
            assert proc.exitcode == 0
    finally:  # a failed publisher must leave no process behind (pytest would wait)
        stop.set()
        for proc in [*procs, reader]:
            if proc.is_alive():
                proc.kill()
                proc.join()

    assert len(set(ids)) == PUBLISHERS
    versions = store.versions(DATASET)
    assert sorted(v.number for v in versions) == list(range(1, PUBLISHERS + 2))
    audit = [e for e in store.audit(DATASET) if e.action == "publish"]
    assert sorted(e.version_id for e in audit) == sorted(ids)  # every event once
    assert [e.version_number for e in audit] == sorted(e.version_number for e in audit)  # audit order = version order
    assert store.active_versions()[DATASET] == audit[-1].version_id
    for e in audit:  # each version is whole and only its own
        frame = store.read(DATASET, e.version_id)
        assert set(frame["share"]) == {float(e.user.removeprefix("analyst"))}
        assert len(frame) == e.row_count
    # The other dataset's publishers each got a version of it, whole, and the first dataset's are untouched by them.
    other_audit = [e for e in store.audit(OTHER) if e.action == "publish"]
    assert sorted(e.version_id for e in other_audit) == sorted(other_ids)
    assert store.active_versions()[OTHER] == other_audit[-1].version_id
    for e in other_audit:
        assert set(store.read(OTHER, e.version_id)["value"]) == {int(e.user.removeprefix("analyst"))}
    # A reader saw the original or one publisher's table, never a mixture.
    allowed = {original} | {(float(n),) for n in range(1, PUBLISHERS + 1)}
    assert seen and seen <= allowed, seen - allowed
    reliability.record(
        "concurrency",
        PUBLISHERS + OTHER_PUBLISHERS + reads,
        f"{PUBLISHERS} processes publishing one dataset and {OTHER_PUBLISHERS} another at once "
        f"while a reader read the first {reads} times",
        max_seconds=seconds,
        peak_mb=peak_rss_mb(),
        publishers=PUBLISHERS + OTHER_PUBLISHERS,
        reads=reads,
        tables_seen=len(seen),
    )


def test_a_version_published_by_one_process_is_what_another_reads_next(store, reliability):
    other = Store(store.url)  # a second app server's store object
    key = other.active_versions()
    frame = store.read(DATASET)
    frame["share"] = 12.5
    version = store.publish(DATASET, frame, user="analyst")
    assert other.active_versions() != key  # the cheap query that keys every cache
    assert other.active_versions()[DATASET] == version.id
    pd.testing.assert_frame_equal(other.read(DATASET), frame.reset_index(drop=True))
    reliability.record("concurrency", 1, "a second store object (another server) reads the new version next")
