"""The command line, run as a user runs it: python -m kpis ... against a fresh database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import cp1258

pytestmark = pytest.mark.slow  # the command line, started in a process: not in make test-fast

ROOT = Path(__file__).resolve().parents[1]


def run(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KPIS_DB_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "kpis", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def module_db(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('cli') / 'kpis.sqlite'}"


def _by_id(db_url: str, year: int) -> dict:
    proc = run(db_url, "kpi", "--year", str(year), "--json", "--current-year", "2026")
    assert proc.returncode == 0, proc.stderr
    return {row["indicator"]: row for row in json.loads(proc.stdout)}


def test_kpi_json_2020_enrolment(module_db):
    row = _by_id(module_db, 2020)["enrolment_total"]
    assert row["actual"] == 2_280_000
    assert round(row["attainment"], 3) == 1.009
    assert row["status"] == "achieved"
    assert row["value_type"] == "actual"
    assert row["province_code"] == "VN"
    assert {"indicator", "year", "province_code", "actual", "target", "attainment", "status", "value_type"} <= set(row)


def test_kpi_json_quality_rank_2019_and_2021(module_db):
    r2019 = _by_id(module_db, 2019)["vocational_training_quality_rank"]
    assert (r2019["actual"], r2019["status"], r2019["target"]) == (102, "achieved", 110)
    r2021 = _by_id(module_db, 2021)["vocational_training_quality_rank"]
    assert (r2021["actual"], r2021["status"]) == (None, "insufficient_data")


def test_kpi_text_table(module_db):
    proc = run(module_db, "kpi", "--year", "2020", "--lang", "vi")
    assert proc.returncode == 0, proc.stderr
    assert "2.280.000" in proc.stdout and "100,9%" in proc.stdout and "Đạt" in proc.stdout


def test_datasets_lists_active_versions(module_db):
    proc = run(module_db, "datasets", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {r["dataset"]: r for r in json.loads(proc.stdout)}
    assert rows["enrolment"]["active_version"] == 1 and rows["enrolment"]["rows"] > 17
    assert set(rows) >= {"enrolment", "targets", "provinces"}


def test_bad_arguments_exit_non_zero(module_db):
    assert run(module_db, "kpi", "--year", "twenty").returncode != 0
    assert run(module_db, "kpi", "--province").returncode != 0


def test_kpi_without_a_year_gives_each_indicator_at_its_latest_year(module_db):
    done = run(module_db, "kpi", "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["indicator"]: r for r in json.loads(done.stdout)}
    assert rows["enrolment_total"]["year"] == 2024 and rows["enrolment_total"]["actual"] == 2_430_000
    assert rows["vocational_training_quality_rank"]["year"] == 2019
    # Every indicator with a value shows it; one with published targets only is at its target's year, no value.
    blank = {k: r for k, r in rows.items() if r["actual"] is None}
    assert blank and all(r["target"] is not None and r["status"] == "insufficient_data" for r in blank.values())
    assert "teachers_trained_digital_skills_share" in blank and rows["worldskills_medals"]["actual"] == 1


# -- the analyst's commands ------------------------------------------------------------------------

PASSWORD = "correct horse battery"


@pytest.fixture
def analyst_db(db_url):
    url = db_url
    proc = subprocess.run(
        [sys.executable, "-m", "kpis", "user", "add", "lan"],
        cwd=ROOT,
        input=PASSWORD + "\n",
        env={**os.environ, "KPIS_DB_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert PASSWORD not in proc.stdout + proc.stderr
    return url


def _dump(url: str) -> dict:
    """Every table's rows (the store's content, on SQLite or PostgreSQL)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1, 2")).fetchall()
                for t in sa.inspect(engine).get_table_names()
            }
    finally:
        engine.dispose()


def test_template_validate_import_versions_rollback_export_audit(analyst_db, tmp_path):
    tpl = tmp_path / "tpl.xlsx"
    assert run(analyst_db, "template", "certified_labour", "--out", str(tpl), "--lang", "vi").returncode == 0
    assert tpl.stat().st_size > 1000
    # A file in the Vietnamese Excel form: ';', decimal comma, Windows-1258, province names.
    src = (
        "Năm;Tỉnh, thành phố;Tỷ lệ (%);Nguồn;Loại số liệu\n"
        "2026;Toàn quốc;30,5;GSO;actual\n2026;Hà Nội;41,2;GSO;actual\n"
    )
    good = tmp_path / "lao_dong.csv"
    good.write_bytes(cp1258(src))
    check = run(analyst_db, "validate", str(good), "--dataset", "certified_labour", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    imported = run(
        analyst_db,
        "import",
        str(good),
        "--dataset",
        "certified_labour",
        "--user",
        "lan",
        "--note",
        "2026 survey",
        "--replace",
    )
    assert imported.returncode == 0, imported.stderr
    new_id = int(imported.stdout.strip())
    versions = json.loads(run(analyst_db, "versions", "certified_labour", "--json").stdout)
    assert [(v["version"], v["active"]) for v in versions] == [(2, True), (1, False)]
    assert versions[0]["version_id"] == new_id and versions[0]["note"] == "2026 survey"
    out = tmp_path / "export.csv"
    assert run(analyst_db, "export", "certified_labour", "--out", str(out)).returncode == 0
    exported = out.read_text(encoding="utf-8-sig").splitlines()
    assert exported[0] == "year,province_code,vintage,share,source,value_type,note"  # each row with its list
    assert exported[1:] == ["2026,VN,,30.5,GSO,actual,", "2026,01,34,41.2,GSO,actual,"]
    assert run(analyst_db, "rollback", "certified_labour", "1", "--user", "lan").returncode == 0
    audit = json.loads(run(analyst_db, "audit", "--dataset", "certified_labour", "--json").stdout)
    assert [(a["action"], a["user"]) for a in audit] == [("seed", "system"), ("publish", "lan"), ("rollback", "lan")]
    assert audit[1]["file_name"] == "lao_dong.csv" and len(audit[1]["sha256"]) == 64


def test_import_refuses_unknown_users_and_bad_files(analyst_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("year,province_code,share,source,value_type\n2020,VN,-3,x,actual\n", encoding="utf-8")
    before = _dump(analyst_db)
    assert run(analyst_db, "import", str(bad), "--dataset", "certified_labour", "--user", "lan").returncode == 1
    assert run(analyst_db, "import", str(bad), "--dataset", "certified_labour", "--user", "ghost").returncode == 1
    problems = json.loads(run(analyst_db, "validate", str(bad), "--dataset", "certified_labour", "--json").stdout)
    errors = [p for p in problems if p["severity"] == "error"]
    assert [(p["code"], p["row"], p["column"], p["value"]) for p in errors] == [("rate_range", 2, "share", "-3")]
    assert {"row", "column", "value", "code", "message"} <= set(problems[0])
    assert _dump(analyst_db) == before


def test_scorecard_json_is_what_the_page_shows(module_db):
    proc = run(module_db, "scorecard", "--province", "01", "--year", "2020", "--json", "--current-year", "2026")
    assert proc.returncode == 0, proc.stderr
    row = {r["indicator"]: r for r in json.loads(proc.stdout)}["enrolment_total"]
    assert (row["value"], row["rank"], row["ranked"], row["national"]) == (240511, 1, 63, 2_280_000)
    assert (row["target"], row["status"], row["value_type"]) == (230852, "achieved", "illustrative")


def test_scorecard_refuses_a_code_not_on_the_list(module_db):
    proc = run(module_db, "scorecard", "--province", "02", "--year", "2025")  # Hà Giang is part of 08 since 2025
    assert proc.returncode != 0 and "02" in proc.stderr and not proc.stdout
