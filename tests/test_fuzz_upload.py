"""Property-based: whatever bytes arrive, reading and validating gives a table or clear problems, never a crash."""

import io
import time

import pandas as pd
import pytest
from conftest import peak_rss_mb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis import upload
from kpis.problems import Limits
from kpis.provinces import ProvinceIndex
from kpis.registry import load_registry
from kpis.schema import load_package, read_shipped
from kpis.validate import Context

SCHEMAS = load_package()
CTX = Context(
    provinces=ProvinceIndex(read_shipped(SCHEMAS["provinces"])),
    indicator_ids=frozenset(load_registry().ids),
    current_year=2026,
)
LIMITS = Limits(max_bytes=200_000, max_rows=5_000)
CLEAN = read_shipped(SCHEMAS["enrolment"]).head(40).to_csv(index=False)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECONDS: list[float] = []  # the time of every check of the property running now (the report counts them)


def check(data: bytes, name: str = "f.csv", dataset: str = "enrolment") -> upload.CheckResult:
    started = time.monotonic()
    result = upload.check_file(data, name, dataset, CTX, limits=LIMITS)
    SECONDS.append(time.monotonic() - started)
    assert SECONDS[-1] < 20, "bounded time"
    assert result.ok or result.errors, "either a table or a clear error"
    for p in result.problems:
        assert p.message_vi and p.message_en and p.code
    if result.ok:
        assert list(result.frame.columns) == SCHEMAS[dataset].names
    return result


def run_property(prop, reliability, what: str) -> None:
    """Run a hypothesis property to the end and record how many files it checked, and the slowest check."""
    SECONDS.clear()
    prop()
    reliability.record("bad_input", len(SECONDS), what, max_seconds=max(SECONDS), peak_mb=peak_rss_mb())


@SETTINGS
@given(st.binary(max_size=4096), st.sampled_from(["f.csv", "f.xlsx", "f.tsv", "f.txt"]))
def arbitrary_bytes(data, name):
    check(data, name)


def test_arbitrary_bytes(reliability):
    run_property(arbitrary_bytes, reliability, "arbitrary bytes (up to 4 KB) as .csv, .xlsx, .tsv, .txt")


@st.composite
def dialects(draw):
    """The clean table in an arbitrary CSV dialect and encoding."""
    frame = pd.read_csv(io.StringIO(CLEAN), dtype=str, keep_default_na=False)
    sep = draw(st.sampled_from([",", ";", "\t"]))
    quoting = draw(st.sampled_from([0, 1, 2]))  # minimal, all, non-numeric
    text = frame.to_csv(index=False, sep=sep, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@SETTINGS
@given(dialects())
def arbitrary_dialects(data):
    result = check(data)
    assert result.ok, [p.message_en for p in result.errors]
    expected = read_shipped(SCHEMAS["enrolment"]).head(40)
    pd.testing.assert_frame_equal(
        result.frame[["year", "province_code", "level", "value"]],
        expected[["year", "province_code", "level", "value"]].reset_index(drop=True),
    )


def test_arbitrary_dialects_read_to_the_same_table(reliability):
    run_property(arbitrary_dialects, reliability, "the clean table in any separator, quoting, line end and encoding")


@st.composite
def mutations(draw):
    """The clean file with lines dropped, swapped or duplicated, cells corrupted, or cut short."""
    lines = CLEAN.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["drop", "swap", "dup", "corrupt", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "dup":
            lines.insert(i, lines[j])
        elif op == "corrupt":
            cells = lines[i].split(",")
            k = draw(st.integers(0, len(cells) - 1))
            cells[k] = draw(st.text(max_size=12))
            lines[i] = ",".join(cells)
        elif op == "truncate":
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].splitlines() or [""]
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1258"])), errors="replace")


@SETTINGS
@given(mutations())
def mutated_files(data):
    check(data)


def test_mutated_files(reliability):
    run_property(
        mutated_files,
        reliability,
        "the clean file with lines dropped, swapped, duplicated, cells corrupted, cut short, re-encoded",
    )


BAD_FILES = (b"", b"\x00\xff" * 100, CLEAN.encode()[:57], CLEAN.replace("VN", "XX").encode())


def test_fuzzing_never_touches_the_store(store, reliability):
    before = {name: len(store.versions(name)) for name in store.schemas}
    for data in BAD_FILES:
        result = upload.check_file(data, "f.csv", "enrolment", upload.context_from(store), limits=LIMITS)
        if not result.ok:
            with pytest.raises(ValueError):
                upload.publish(store, result, user="analyst")
    assert {name: len(store.versions(name)) for name in store.schemas} == before
    reliability.record("bad_input", len(BAD_FILES), "bad files refused by publish, store unchanged")
