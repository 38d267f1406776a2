"""Issue 10: the statistics office's tables read as published, through the command line an analyst uses.

Every entry of tests/realfiles/manifest.json (fixtures in the office's layouts, made by
tests/realfiles/make_fixtures.py, and the two shared real files) is checked with
`python -m kpis validate FILE --dataset D --json` plus the flags the issue names (--source, --value-type,
--unit, --map, --sheet). A valid file is then imported (--replace) into a fresh SQLite store and exported;
the stored rows must equal the expected reading (tests/realfiles/expected/*.csv, rows with status
'stored'): year, province code, the province list (vintage) where the manifest says the dataset needs it,
the other key fields, the value in the schema's unit, and the value type. An invalid file must be refused
with an error on each expected row and must change nothing.

Every entry must read as published (no xfail): the fixtures' own consistency is tested first.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the command line, started in a process: not in make test-fast

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "realfiles"
MANIFEST = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["entries"]
KEY_FIELDS = ("level", "ownership", "sex")
PASSWORD = "realfiles analyst password"


def entry_id(entry: dict) -> str:
    name = Path(entry.get("fixture") or entry["path"]).stem
    return f"{name}->{entry['dataset']}"


def file_of(entry: dict) -> Path:
    return (HERE / entry["fixture"]) if "fixture" in entry else (ROOT / entry["path"]).resolve()


def flags(entry: dict) -> list[str]:
    cli = entry.get("cli", {})
    out: list[str] = []
    if cli.get("source"):
        out += ["--source", cli["source"]]
    if cli.get("value_type"):
        out += ["--value-type", cli["value_type"]]
    if cli.get("unit"):
        out += ["--unit", cli["unit"]]
    for header, field in cli.get("map", {}).items():
        out += ["--map", f"{header}={field}"]
    if cli.get("sheet"):
        out += ["--sheet", cli["sheet"]]
    return out


def run(db_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kpis", *args],
        cwd=ROOT,
        env={**os.environ, "KPIS_DB_URL": db_url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def read_expected(entry: dict) -> list[dict]:
    with (HERE / entry["expected"]).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def number(text: str) -> str:
    """A value as a canonical decimal string (so 8093900, 8093900.0 and 8.0939e6 compare equal)."""
    try:
        return format(Decimal(str(text).strip()).normalize(), "f")
    except InvalidOperation:
        return str(text)


def expected_rows(entry: dict, with_vintage: bool) -> list[tuple]:
    rows = [r for r in read_expected(entry) if r["status"] == "stored"]
    keys = [k for k in KEY_FIELDS if any(r[k] for r in rows)]
    out = []
    for r in rows:
        key = (int(r["year"]), r["province_code"]) + ((int(r["vintage"]) if r["vintage"] else None,) * with_vintage)
        out.append(key + tuple(r[k] for k in keys) + (r["field"], number(r["value"]), r["value_type"]))
    return sorted(out, key=repr)


def stored_rows(entry: dict, exported: list[dict], with_vintage: bool) -> list[tuple]:
    keys = [k for k in KEY_FIELDS if any(r[k] for r in read_expected(entry) if r["status"] == "stored")]
    out = []
    for r in exported:
        for field in entry["fields"]:
            if r.get(field, "") == "":
                continue
            vintage = (int(r["vintage"]) if r.get("vintage") not in (None, "") else None,) * with_vintage
            out.append(
                (int(r["year"]), r["province_code"])
                + vintage
                + tuple(r.get(k, "") for k in keys)
                + (field, number(r[field]), r["value_type"])
            )
    return sorted(out, key=repr)


def export(db_url: str, dataset: str, out: Path) -> list[dict]:
    proc = run(db_url, "export", dataset, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('realfiles') / 'kpis.sqlite'}"
    proc = run(url, "user", "add", "lan", stdin=PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    return url


# -- the fixtures themselves (must pass now) -------------------------------------------------------


def test_fixtures_are_consistent():
    """Every entry names an existing file and expected reading; statuses and columns are the manifest's."""
    columns = MANIFEST["expected_columns"]
    statuses = set(MANIFEST["statuses"])
    for entry in ENTRIES:
        assert file_of(entry).is_file(), entry_id(entry)
        rows = read_expected(entry)
        assert rows, entry_id(entry)
        assert list(rows[0]) == columns, entry_id(entry)
        assert {r["status"] for r in rows} <= statuses, entry_id(entry)
        stored = [r for r in rows if r["status"] == "stored"]
        if entry["valid"]:
            assert stored, entry_id(entry)
            assert {r["field"] for r in stored} <= set(entry["fields"]), entry_id(entry)
            assert {r["value_type"] for r in stored} <= {"actual", "preliminary"}, entry_id(entry)
            if entry["needs_vintage"]:
                assert all(r["vintage"] for r in stored if r["province_code"] != "VN"), entry_id(entry)
        else:
            assert not stored and entry["expect_error_rows"], entry_id(entry)
    periods = list(csv.DictReader((HERE / "province_periods.csv").open(encoding="utf-8")))
    assert {n: sum(1 for p in periods if p["list"] == n) for n in ("61", "64", "63", "34")} == {
        "61": 61,
        "64": 64,
        "63": 63,
        "34": 34,
    }


def test_real_files_expected_in_full():
    """The brief's readings of the two shared files: E02.55 = 63 provinces + VN, 2008-2024 actual, 2025
    preliminary, regions left out; the VET table = institutions and teachers 2016-2019, 2019 preliminary."""
    by_path = {(e.get("path"), e["dataset"]): e for e in ENTRIES if "path" in e}
    e0255 = [
        r for r in read_expected(next(e for (p, _), e in by_path.items() if "E02.55" in p)) if r["status"] == "stored"
    ]
    assert len({r["province_code"] for r in e0255}) == 64 and "VN" in {r["province_code"] for r in e0255}
    assert {r["year"] for r in e0255 if r["value_type"] == "preliminary"} == {"2025"}
    assert sorted({int(r["year"]) for r in e0255}) == list(range(2008, 2026))
    teachers = next(e for (p, d), e in by_path.items() if d == "teachers")
    rows = {(r["year"], r["ownership"], r["sex"]): r for r in read_expected(teachers) if r["status"] == "stored"}
    assert rows[("2016", "total", "total")]["value"] == "67700"
    assert rows[("2019", "total", "female")]["value_type"] == "preliminary"


# -- the reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    [pytest.param(e, id=entry_id(e)) for e in ENTRIES],
)
def test_reads_as_published(entry: dict, analyst_db: str, tmp_path: Path):
    path, dataset = file_of(entry), entry["dataset"]
    check = run(analyst_db, "validate", str(path), "--dataset", dataset, "--json", *flags(entry))
    assert check.returncode in (0, 1), check.stderr
    problems = json.loads(check.stdout or "[]")
    errors = [p for p in problems if p["severity"] == "error"]
    if not entry["valid"]:
        assert check.returncode == 1
        assert set(entry["expect_error_rows"]) <= {p["row"] for p in errors}
        before = export(analyst_db, dataset, tmp_path / "before.csv")
        refused = run(analyst_db, "import", str(path), "--dataset", dataset, "--user", "lan", *flags(entry))
        assert refused.returncode == 1
        assert export(analyst_db, dataset, tmp_path / "after.csv") == before
        return
    assert check.returncode == 0 and not errors, json.dumps(errors[:5], ensure_ascii=False)
    imported = run(
        analyst_db, "import", str(path), "--dataset", dataset, "--user", "lan", "--replace", *flags(entry)
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    exported = export(analyst_db, dataset, tmp_path / "export.csv")
    has_vintage = bool(exported) and "vintage" in exported[0]
    if entry["needs_vintage"]:
        assert has_vintage, f"{dataset} must keep each row's province list (vintage) for this file"
    want = expected_rows(entry, has_vintage)
    got = stored_rows(entry, exported, has_vintage)
    missing = [r for r in want if r not in got]
    extra = [r for r in got if r not in want]
    assert not missing and not extra, f"missing {missing[:5]} extra {extra[:5]}"
    source = entry.get("cli", {}).get("source")
    if source:
        assert {r["source"] for r in exported} == {source}
