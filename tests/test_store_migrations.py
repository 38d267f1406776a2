"""A dataset or a column added to the data package opens on a store created before it existed (issue 9 item 3)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from kpis import DATA_DIR, upload
from kpis.schema import load_package, read_shipped, uploadable
from kpis.store import Store, merge_by_key


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


def _store_before_issue_14():
    """kpis/store.py as it was before versions shared rows (benchmarks/store_before.py, kept verbatim)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "store_before.py"
    spec = importlib.util.spec_from_file_location("store_before_issue_14", path)
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module


def test_a_store_in_the_layout_before_shared_rows_migrates_in_place(db_url):
    old = _store_before_issue_14().Store(db_url)
    old.migrate()
    old.seed()
    first = old.active_versions()["population"]
    pop = old.read("population")
    old.publish("population", pop.assign(population=pop["population"] + 1), user="analyst", note="all changed")
    old.activate("population", first, user="analyst", note="undo")
    old.publish("targets", old.read("targets").head(5), user="analyst")
    tables = {(name, v.id): old.read(name, v.id) for name in old.schemas for v in old.versions(name)}
    sums = {v.id: old.read_sums("enrolment", ["year", "level"], "value", v.id) for v in old.versions("enrolment")}
    counts = {v.id: old.count_rows("targets", "level", v.id) for v in old.versions("targets")}
    audit, active = [dataclasses.astuple(e) for e in old.audit()], old.active_versions()
    with old.engine.connect() as conn:
        rows_before = {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in old.data_tables.values()
        }
    old.engine.dispose()

    store = Store(db_url)
    store.migrate()  # migration 5: each version one extent of its own rows; no row moves
    for (name, vid), frame in tables.items():
        pd.testing.assert_frame_equal(store.read(name, vid), frame)
    for vid, summed in sums.items():
        pd.testing.assert_frame_equal(store.read_sums("enrolment", ["year", "level"], "value", vid), summed)
    for vid, counted in counts.items():
        pd.testing.assert_series_equal(store.count_rows("targets", "level", vid), counted)
    assert [dataclasses.astuple(e) for e in store.audit()] == audit and store.active_versions() == active
    inspector = sa.inspect(store.engine)
    with store.engine.connect() as conn:
        assert rows_before == {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in store.data_tables.values()
        }
        assert max(r[0] for r in conn.execute(sa.text("SELECT version FROM schema_migrations"))) == 5
    for table in store.data_tables.values():
        names = {i["name"] for i in inspector.get_indexes(table.name)}
        assert f"ix_{table.name}_key" in names and f"ix_{table.name}_version_id" not in names
    # The migrated store shares rows from now on: a one-row merge writes one row.
    version = store.merge("population", pop.iloc[[3]].assign(population=1), user="analyst")
    with store.engine.connect() as conn:
        written = conn.execute(sa.text("SELECT count(*) FROM data_population WHERE version_id = :v"), {"v": version.id})
        assert written.scalar() == 1
    expected = merge_by_key(store.schemas["population"], pop, pop.iloc[[3]].assign(population=1))
    pd.testing.assert_frame_equal(store.read("population"), store.schemas["population"].coerce(expected))
    store.engine.dispose()
    again = Store(db_url)
    again.migrate()  # a second open changes nothing more
    assert len(again.versions("population")) == 3
    pd.testing.assert_frame_equal(again.read("population", first), tables[("population", first)])


def test_reference_data_follow_the_package_on_an_existing_store(db_url, tmp_path):
    """A store created with the 63 and 34 lists only gains the 61 and 64 (issue 10 class 8) when it is opened with
    the newer package: the province lists and the code list are the package's, not the analysts' (not uploadable),
    so their changed files are published as new versions; an uploadable dataset's changed file is not (analysts
    own its versions), and an unchanged package publishes nothing."""
    old_dir = _package(tmp_path / "old", with_population=True, with_vintage=False)
    provinces = pd.read_csv(old_dir / "provinces.csv", dtype=str, keep_default_na=False)
    provinces[provinces["vintage"].isin(["63", "34"])].to_csv(old_dir / "provinces.csv", index=False)
    areas = pd.read_csv(old_dir / "areas.csv", dtype=str, keep_default_na=False)
    areas[areas["code"] != "28"].to_csv(old_dir / "areas.csv", index=False)
    enrolment = pd.read_csv(old_dir / "enrolment.csv", dtype=str, keep_default_na=False)
    enrolment.iloc[1:].to_csv(old_dir / "enrolment.csv", index=False)  # an older shipped enrolment
    old = _open(db_url, old_dir)
    assert set(old.read("provinces")["vintage"]) == {63, 34}
    old.engine.dispose()

    new_dir = _package(tmp_path / "new", with_population=True, with_vintage=False)
    store = _open(db_url, new_dir)
    lists = store.read("provinces")
    assert lists["vintage"].value_counts().to_dict() == {64: 64, 63: 63, 61: 61, 34: 34}
    assert "28" in set(store.read("areas")["code"])
    latest, first = store.versions("provinces")
    assert (latest.number, latest.created_by, latest.note, latest.active) == (
        2,
        "system",
        "data package (updated)",
        True,
    )
    assert first.note == "data package"
    assert len(store.versions("enrolment")) == 1  # uploadable: its versions are the analysts'
    store.engine.dispose()
    again = _open(db_url, new_dir)
    assert len(again.versions("provinces")) == 2 and len(again.versions("areas")) == 2
