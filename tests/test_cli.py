"""The command line, run as a user runs it: python -m kpis ... against a fresh database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KPIS_DB_URL": db_url}
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


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
    assert run(module_db, "kpi").returncode != 0
    assert run(module_db, "kpi", "--year", "twenty").returncode != 0
