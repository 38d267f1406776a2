"""The upload pipeline on a corpus of real-looking analyst files (tests/corpus, made by make_corpus.py).

Good files: checked without errors into exactly the clean original (tests/corpus/expected/<clean>.csv),
published, and the store then holds the clean original for the file's keys and the previous rows for
every other key (publishing merges by key). Bad files: every expected problem is reported with its row and
column as the user sees them, and the store is byte for byte unchanged by the check and by the refused
publish. The decompression bomb is built here, in a temporary folder, not committed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kpis import upload
from kpis.problems import ERROR, Limits
from kpis.schema import load_package, read_shipped, uploadable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
FILES = CORPUS / "files"
EXPECTED = CORPUS / "expected"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
GOOD = [e for e in MANIFEST if e["kind"] == "good"]
BAD = [e for e in MANIFEST if e["kind"] == "bad"]
CURRENT_YEAR = 2026
PASSWORD = "corpus analyst password"

# Every problem the issue names, each with at least one broken file.
REQUIRED_CODES = {
    "missing_column", "type", "not_integer", "negative", "rate_range", "year_range", "duplicate_key",
    "total_less_than_levels", "total_less_than_provinces", "required", "unknown_province", "province_vintage",
    "enum", "not_greater", "unknown_indicator", "pattern", "empty_file", "not_a_table", "no_rows", "ragged_row",
    "unterminated_quote", "unsupported_format", "too_large", "xlsx_bomb", "xlsx_invalid",
}  # fmt: skip


# -- helpers ---------------------------------------------------------------------------------------


def file_bytes(entry: dict, tmp_path: Path) -> bytes:
    if entry.get("generated"):
        assert entry["file"].endswith(".xlsx") and "xlsx_bomb" in {x["code"] for x in entry["expect"]}
        return make_bomb(tmp_path / entry["file"]).read_bytes()
    return (FILES / entry["file"]).read_bytes()


def make_bomb(path: Path, megabytes: int = 48) -> Path:
    """A well-formed XLSX whose sheet XML inflates ~1000 times (a few rows, then megabytes of blank padding
    between elements, which XML allows), written streamed so the test never holds it in memory."""
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    row = b'<row><c t="inlineStr"><is><t>2020</t></is></c><c t="inlineStr"><is><t>VN</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>' + row * 3
            )
            padding = b" " * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(padding)
            sheet.write(row + b"</sheetData></worksheet>")
    return path


def db_files(store) -> dict[str, str]:
    """SHA-256 of the SQLite database file and its write-ahead log (what a change would touch); on
    PostgreSQL, the values of every sequence."""
    if store.engine.dialect.name != "sqlite":
        # Sequences move even for a write that was rolled back, so an attempted insert shows here.
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1").fetchall()
        return {name: str(value) for name, value in rows}
    path = Path(store.engine.url.database)
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (path, path.with_name(path.name + "-wal"))
        if p.exists()
    }


def dump(store) -> dict[str, list]:
    """Every row of every table, in storage order (rowid on SQLite, the key columns on PostgreSQL)."""
    import sqlalchemy as sa

    tables = sorted(sa.inspect(store.engine).get_table_names())
    order = "rowid" if store.engine.dialect.name == "sqlite" else "1, 2"
    with store.engine.connect() as conn:
        return {t: conn.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY {order}').fetchall() for t in tables}


def snapshot(store) -> tuple[dict, dict]:
    return db_files(store), dump(store)


def clean_original(entry: dict) -> pd.DataFrame:
    schema = load_package()[entry["dataset"]]
    return sorted_by_key(schema.coerce(read_shipped(schema, EXPECTED / f"{entry['clean']}.csv")), entry["dataset"])


def sorted_by_key(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    keys = list(load_package()[dataset].primary_key)
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def key_index(frame: pd.DataFrame, dataset: str) -> pd.MultiIndex:
    keys = list(load_package()[dataset].primary_key)
    return pd.MultiIndex.from_frame(frame[keys].astype(object).astype(str))


def describe(problems) -> str:
    return (
        "\n".join(
            f"  {p.severity} {p.code} row={p.row} column={p.column!r} value={p.value!r}: {p.message_en}"
            for p in problems
        )
        or "  (none)"
    )


def unmatched(expect: list[dict], problems) -> list[dict]:
    """The expected problems that no reported problem matches (each report matches one expectation)."""
    left = list(problems)
    missing = []
    for exp in expect:
        hit = next(
            (
                p
                for p in left
                if p.code == exp["code"]
                and p.severity == ERROR
                and (exp["row"] is None or p.row == exp["row"])
                and (exp["column"] is None or p.column == exp["column"])
            ),
            None,
        )
        if hit is None:
            missing.append(exp)
        else:
            left.remove(hit)
    return missing


def cli(db_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kpis", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "KPIS_DB_URL": db_url},
    )


# -- the corpus itself -----------------------------------------------------------------------------


def test_corpus_is_complete_and_small():
    assert len(GOOD) >= 15 and len(BAD) >= 30, (len(GOOD), len(BAD))
    covered = {x["code"] for e in BAD for x in e["expect"]}
    assert REQUIRED_CODES <= covered, f"no broken file for {sorted(REQUIRED_CODES - covered)}"
    assert any(len({x["code"] for x in e["expect"]}) >= 5 for e in BAD), "no file with several problems"
    assert all(e["expect"] for e in BAD)
    for e in MANIFEST:
        assert e["dataset"] in uploadable()
        assert e.get("generated") or (FILES / e["file"]).is_file(), e["file"]
    for e in GOOD:
        assert (EXPECTED / f"{e['clean']}.csv").is_file(), e["clean"]
    listed = {e["file"] for e in MANIFEST}
    assert {p.name for p in FILES.iterdir()} <= listed, "files not in the manifest"
    committed = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    assert committed < 1024 * 1024, committed


@pytest.mark.slow  # starts the command line in a process
def test_committed_corpus_is_what_the_generator_makes(tmp_path):
    """make_corpus.py is deterministic and the committed files are its current output."""
    proc = subprocess.run(
        [sys.executable, str(CORPUS / "make_corpus.py"), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for folder in ("files", "expected"):
        fresh = {p.name: p.read_bytes() for p in (tmp_path / folder).iterdir()}
        committed = {p.name: p.read_bytes() for p in (CORPUS / folder).iterdir()}
        assert sorted(fresh) == sorted(committed), folder
        stale = [name for name in fresh if not same_file(fresh[name], committed[name])]
        assert not stale, f"run python tests/corpus/make_corpus.py: {stale} differ"
    assert (tmp_path / "manifest.json").read_bytes() == (CORPUS / "manifest.json").read_bytes()


def same_file(a: bytes, b: bytes) -> bool:
    """Equal bytes; for two readable zips (XLSX), equal members, so another zlib build's deflate output passes."""
    if a == b:
        return True
    try:
        za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
        return za.namelist() == zb.namelist() and all(za.read(n) == zb.read(n) for n in za.namelist())
    except zipfile.BadZipFile:
        return False


# -- good files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", GOOD, ids=[e["file"] for e in GOOD])
def test_good_file_imports_the_clean_original(entry, store, tmp_path):
    dataset = entry["dataset"]
    data = file_bytes(entry, tmp_path)
    result = upload.check_file(
        data, entry["file"], dataset, upload.context_from(store, CURRENT_YEAR), sheet=entry["sheet"]
    )
    assert not result.errors, f"{entry['file']} ({entry['about']}):\n{describe(result.problems)}"
    assert result.ok
    want = clean_original(entry)
    pd.testing.assert_frame_equal(sorted_by_key(result.frame, dataset), want, check_exact=True)
    before = sorted_by_key(store.read(dataset), dataset)
    upload.publish(store, result, user="analyst")
    after = sorted_by_key(store.read(dataset), dataset)
    # The file's rows are exactly the clean original; every other row of the active version is kept as it was.
    in_file = key_index(after, dataset).isin(key_index(want, dataset))
    pd.testing.assert_frame_equal(after[in_file].reset_index(drop=True), want, check_exact=True)
    kept = before[~key_index(before, dataset).isin(key_index(want, dataset))].reset_index(drop=True)
    pd.testing.assert_frame_equal(after[~in_file].reset_index(drop=True), kept, check_exact=True)


# -- bad files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", BAD, ids=[e["file"] for e in BAD])
def test_bad_file_reports_every_problem_and_leaves_the_store_alone(entry, store, tmp_path):
    data = file_bytes(entry, tmp_path)
    ctx = upload.context_from(store, CURRENT_YEAR)
    limits = Limits(**entry["limits"]) if entry.get("limits") else None
    before = snapshot(store)
    result = upload.check_file(data, entry["file"], entry["dataset"], ctx, sheet=entry["sheet"], limits=limits)
    assert snapshot(store) == before, "checking a file changed the store"
    assert not result.ok and result.errors
    missing = unmatched(entry["expect"], result.problems)
    assert not missing, (
        f"{entry['file']} ({entry['about']}): not reported {missing}; reported:\n{describe(result.problems)}"
    )
    with pytest.raises(ValueError):
        upload.publish(store, result, user="analyst")
    assert snapshot(store) == before, "a refused publish changed the store"


def test_several_problems_are_named_as_in_each_users_file():
    """The same breakage in the clean form and in the Vietnamese form: same problems, the user's rows and columns."""
    by_file = {e["file"]: e for e in BAD}
    plain, vietnamese = by_file["b30_several.csv"]["expect"], by_file["b31_several_vi_cp1258.csv"]["expect"]
    assert [x["code"] for x in plain] == [x["code"] for x in vietnamese][: len(plain)]
    assert [x["row"] + 3 for x in plain] == [x["row"] for x in vietnamese][: len(plain)]  # a 3-line title block
    assert {x["column"] for x in plain} == {"value", "level", "province_code", "year"}
    assert {x["column"] for x in vietnamese} == {"Số tuyển sinh", "Trình độ", "Tỉnh, thành phố", "Năm"}


# -- the command line ------------------------------------------------------------------------------


@pytest.mark.slow  # starts the command line in a process
def test_cli_validate_and_import_on_the_corpus(tmp_path):
    db_file = tmp_path / "kpis.sqlite"
    url = f"sqlite:///{db_file}"
    added = cli(url, "user", "add", "lan", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr

    bad = by_name("b33_wide_bad_cells.csv")
    proc = cli(url, "validate", str(FILES / bad["file"]), "--dataset", bad["dataset"], "--json")
    assert proc.returncode == 1, proc.stderr
    problems = json.loads(proc.stdout)
    assert isinstance(problems, list) and problems
    assert all({"row", "column", "value", "code", "message"} <= set(p) for p in problems)
    reported = {(p["code"], p["row"], p["column"]) for p in problems}
    assert {(x["code"], x["row"], x["column"]) for x in bad["expect"]} <= reported

    good = by_name("g04_enrolment_cp1258_names.csv")
    proc = cli(url, "validate", str(FILES / good["file"]), "--dataset", good["dataset"], "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    problems = json.loads(proc.stdout)
    assert isinstance(problems, list) and all(p["severity"] != ERROR for p in problems)
    assert all({"row", "column", "value", "code", "message"} <= set(p) for p in problems)

    before = {p.name: p.read_bytes() for p in tmp_path.glob("kpis.sqlite*") if not p.name.endswith("-shm")}
    proc = cli(url, "import", str(FILES / bad["file"]), "--dataset", bad["dataset"], "--user", "lan")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.glob("kpis.sqlite*") if not p.name.endswith("-shm")}
    assert after.keys() == before.keys() and all(after[k] == before[k] for k in before), "a refused import wrote"


def by_name(file: str) -> dict:
    return next(e for e in MANIFEST if e["file"] == file)
