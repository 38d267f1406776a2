"""The data package checked by the official Frictionless validator (issue 9: `frictionless validate`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kpis import DATA_DIR

FRICTIONLESS = Path(sys.executable).parent / "frictionless"  # pinned in requirements-dev.txt


@pytest.fixture(scope="module")
def report() -> dict:
    assert FRICTIONLESS.exists(), "frictionless is missing: pip install -r requirements-dev.txt"
    run = subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage.json", "--json"],
        check=False,  # exit 1 while invalid; the report says why
        cwd=DATA_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(run.stdout)


def test_every_resource_is_checked_and_the_package_is_valid(report):
    resources = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert sorted(task["name"] for task in report["tasks"]) == sorted(r["name"] for r in resources)
    assert not report["errors"]
    errors = [(task["name"], e["message"]) for task in report["tasks"] for e in task["errors"]]
    assert not errors, errors[:5]
    assert report["valid"]


def test_the_national_row_is_a_known_area(report):
    """province_code points at the areas code list, which holds VN: the national rows satisfy the foreign key."""
    checked = {task["name"]: task for task in report["tasks"]}
    assert checked["areas"]["valid"] and checked["enrolment"]["valid"]
    enrolment = json.loads((DATA_DIR / "schemas" / "enrolment.json").read_text(encoding="utf-8"))
    assert enrolment["foreignKeys"][0]["reference"] == {"resource": "areas", "fields": "code"}
