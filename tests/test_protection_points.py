"""Every protection the reliability mutations remove is named once in the code, and each mutation applies.

benchmarks/reliability.py --mutations removes each protection in a copy of the tree and checks that the tests
catch it; this test keeps that list true while the code moves (a refactor that drops a marker fails here).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import protections

NAMED = {e.point for m in protections.MUTATIONS for e in m.edits}


def test_the_list_is_not_empty_and_every_point_is_used():
    assert len(protections.MUTATIONS) >= 20
    assert set(protections.points(ROOT)) == NAMED


@pytest.mark.parametrize("point", sorted(NAMED))
def test_each_point_occurs_once(point):
    assert len(protections.points(ROOT)[point]) == 1


@pytest.mark.parametrize("mutation", protections.MUTATIONS, ids=lambda m: m.id)
def test_each_mutation_applies_compiles_and_changes_its_file(mutation, tmp_path):
    for folder in protections.SOURCE_DIRS:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    before = {p: p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.py")}
    changed = protections.apply(tmp_path, mutation)
    assert changed and all(p.read_text(encoding="utf-8") != before[p] for p in changed)
    for test in mutation.tests:
        assert (ROOT / test.split("::")[0]).exists(), test


def test_kinds_do_what_they_say():
    source = "def f(x):\n    # protection: p\n    if x > 1 and x < 9:\n        return 1\n    return 0\n"
    assert "    if False:\n" in protections.apply_edit(source, protections.Edit("p", "if_false"), "t")
    removed = protections.apply_edit(source, protections.Edit("p", "remove"), "t")
    assert "    pass\n    return 0" in removed
    after = protections.apply_edit(
        "y = 1\n# protection: q\nz = f(\n    y)\nw = 2\n", protections.Edit("q", "after", code="print(z)"), "t"
    )
    assert after == "y = 1\n# protection: q\nz = f(\n    y)\nprint(z)\nw = 2\n"
