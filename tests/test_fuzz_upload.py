"""Property-based: whatever bytes arrive, reading and validating gives a table or clear problems, never a crash."""

import io
import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis import upload
from kpis.problems import Limits
from kpis.provinces import ProvinceIndex
from kpis.registry import load_registry
from kpis.schema import load_package, read_shipped
from kpis.validate import Context

SCHEMAS = load_package()
CTX = Context(provinces=ProvinceIndex(read_shipped(SCHEMAS["provinces"])),
              indicator_ids=frozenset(load_registry().ids), current_year=2026)
LIMITS = Limits(max_bytes=200_000, max_rows=5_000)
CLEAN = read_shipped(SCHEMAS["enrolment"]).head(40).to_csv(index=False)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, name: str = "f.csv", dataset: str = "enrolment") -> upload.CheckResult:
    started = time.monotonic()
    result = upload.check_file(data, name, dataset, CTX, limits=LIMITS)
    assert time.monotonic() - started < 20, "bounded time"
    assert result.ok or result.errors, "either a table or a clear error"
    for p in result.problems:
        assert p.message_vi and p.message_en and p.code
    if result.ok:
        assert list(result.frame.columns) == SCHEMAS[dataset].names
    return result


@SETTINGS
@given(st.binary(max_size=4096), st.sampled_from(["f.csv", "f.xlsx", "f.tsv", "f.txt"]))
def test_arbitrary_bytes(data, name):
    check(data, name)


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
def test_arbitrary_dialects_read_to_the_same_table(data):
    result = check(data)
    assert result.ok, [p.message_en for p in result.errors]
    expected = read_shipped(SCHEMAS["enrolment"]).head(40)
    pd.testing.assert_frame_equal(result.frame[["year", "province_code", "level", "value"]],
                                  expected[["year", "province_code", "level", "value"]].reset_index(drop=True))


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
def test_mutated_files(data):
    check(data)


def test_fuzzing_never_touches_the_store(store):
    before = {name: len(store.versions(name)) for name in store.schemas}
    for data in (b"", b"\x00\xff" * 100, CLEAN.encode()[:57], CLEAN.replace("VN", "XX").encode()):
        result = upload.check_file(data, "f.csv", "enrolment", upload.context_from(store), limits=LIMITS)
        if not result.ok:
            with pytest.raises(ValueError):
                upload.publish(store, result, user="analyst")
    assert {name: len(store.versions(name)) for name in store.schemas} == before
