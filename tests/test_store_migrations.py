"""A dataset or a column added to the data package opens on a store created before it existed (issue 9 item 3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from kpis import DATA_DIR, upload
from kpis.schema import load_package, read_shipped, uploadable
from kpis.store import Store


def _package(root: Path, *, with_population: bool, with_vintage: bool) -> Path:
    """A copy of the shipped data package, without the population dataset or the targets' `vintage` field."""
    shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("geo"))
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    if not with_population:
        package["resources"] = [r for r in package["resources"] if r["name"] != "population"]
    (root / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    if with_vintage:
        schema = json.loads((root / "schemas/targets.json").read_text(encoding="utf-8"))
        schema["fields"].append({"name": "vintage", "type": "string", "titles": {"vi": "Thời kỳ", "en": "Vintage"}})
        schema["fields"].append({"name": "revision", "type": "integer", "titles": {"vi": "Lần sửa", "en": "Revision"}})
        (root / "schemas/targets.json").write_text(json.dumps(schema), encoding="utf-8")
        targets = pd.read_csv(root / "targets.csv", dtype=str, keep_default_na=False)
        targets.assign(vintage="63", revision="1").to_csv(root / "targets.csv", index=False)
    return root


def _open(url: str, data_dir: Path) -> Store:
    store = Store(url, load_package(data_dir))
    store.migrate()
    store.seed(data_dir)
    return store


def test_a_dataset_and_columns_added_to_the_package_open_on_an_existing_store(db_url, tmp_path):
    old_dir = _package(tmp_path / "old", with_population=False, with_vintage=False)
    new_dir = _package(tmp_path / "new", with_population=True, with_vintage=True)
    old = _open(db_url, old_dir)
    assert "population" not in old.active_versions()
    old_targets = old.read("targets")
    old.engine.dispose()

    store = _open(db_url, new_dir)  # failed with "no such table: data_population" before the migration
    assert set(store.active_versions()) == set(load_package(new_dir))
    pd.testing.assert_frame_equal(store.read("population"), read_shipped(load_package(new_dir)["population"]))
    (population_v1,) = store.versions("population")
    assert population_v1.number == 1 and population_v1.active
    # The targets' version 1, stored before the fields existed: its rows take the empty value of each new field.
    before = store.read("targets")
    pd.testing.assert_frame_equal(before.drop(columns=["vintage", "revision"]), old_targets)
    assert (before["vintage"] == "").all() and before["revision"].isna().all()
    # A version published after the migration keeps the new fields' values.
    shipped = read_shipped(load_package(new_dir)["targets"])
    v2 = store.publish("targets", shipped, user="analyst")
    pd.testing.assert_frame_equal(store.read("targets", v2.id), shipped)
    assert set(store.read_sums("targets", ["vintage"], "revision")["vintage"]) == {"63"}
    with store.engine.connect() as conn:
        changes = conn.execute(sa.text("SELECT dataset, change, column_name FROM data_table_migrations ORDER BY id"))
        assert [tuple(r) for r in changes] == [
            ("targets", "add_column", "vintage"),
            ("targets", "add_column", "revision"),
            ("population", "create_table", ""),
        ]
    store.engine.dispose()
    again = _open(db_url, new_dir)  # a second open changes nothing more
    with again.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM data_table_migrations")).scalar() == 3
    assert len(again.versions("population")) == 1


def test_uploadable_is_a_property_of_the_package():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert all(isinstance(r.get("uploadable"), bool) for r in package["resources"])
    assert uploadable() == tuple(r["name"] for r in package["resources"] if r["uploadable"])
    assert "population" in uploadable() and "provinces" not in uploadable()
    assert {"enrolment", "graduates", "rural_training", "quality_ranking", "certified_labour", "targets"} <= set(
        uploadable()
    )


def test_a_resource_with_a_bad_uploadable_value_fails_at_load(tmp_path):
    root = tmp_path / "pkg"
    shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("geo"))
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["uploadable"] = "yes"
    (root / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(TypeError, match="enrolment.*uploadable"):
        load_package(root)


def test_population_uploads_and_provinces_do_not(store):
    from kpis.upload import check_file, context_from

    ctx = context_from(store)
    data = (DATA_DIR / "population.csv").read_bytes()
    result = check_file(data, "population.csv", "population", ctx)
    assert result.ok, [p.code for p in result.errors]
    version = upload.publish(store, result, user="analyst", note="population as published")
    assert version.number == 2 and store.read("population").equals(store.read("population", version.id))
    with pytest.raises(ValueError, match="provinces"):
        check_file((DATA_DIR / "provinces.csv").read_bytes(), "provinces.csv", "provinces", ctx)
