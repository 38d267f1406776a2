"""The store: seeding, immutable versions, one active version, atomic publish, rollback, audit."""

import pandas as pd
import pytest
import sqlalchemy as sa

from kpis import engine
from kpis.registry import load_registry
from kpis.schema import load_package, read_shipped
from kpis.store import Store, open_store


def test_first_start_seeds_version_1_of_every_dataset(store):
    active = store.active_versions()
    assert set(active) == set(load_package())
    for name, schema in load_package().items():
        (version,) = store.versions(name)
        assert version.number == 1 and version.active and version.created_by == "system"
        pd.testing.assert_frame_equal(store.read(name), read_shipped(schema))
    assert [e.action for e in store.audit()] == ["seed"] * len(active)


def test_reopening_does_not_seed_again(db_url):
    open_store(db_url)
    store = open_store(db_url)
    assert len(store.audit()) == len(load_package())


def test_publish_makes_a_new_active_version_and_keeps_the_old(store):
    before = store.read("certified_labour")
    changed = before.copy()
    changed.loc[changed["province_code"] == "VN", "share"] += 1
    v2 = store.publish("certified_labour", changed, user="analyst", note="fix", file_name="f.csv")
    assert v2.number == 2 and v2.active
    assert store.active_versions()["certified_labour"] == v2.id
    pd.testing.assert_frame_equal(store.read("certified_labour"), store.read("certified_labour", v2.id))
    v1 = store.versions("certified_labour")[-1]
    pd.testing.assert_frame_equal(store.read("certified_labour", v1.id), before)
    last = store.audit("certified_labour")[-1]
    assert (last.action, last.user, last.version_id, last.previous_version_id) == ("publish", "analyst", v2.id, v1.id)


def test_rollback_reactivates_an_earlier_version_and_is_audited(store):
    v1 = store.versions("targets")[0]
    frame = store.read("targets")
    v2 = store.publish("targets", frame.head(3), user="analyst")
    store.activate("targets", v1.id, user="analyst", note="undo")
    assert store.active_versions()["targets"] == v1.id
    assert len(store.read("targets")) == len(frame)
    assert [e.action for e in store.audit("targets")] == ["seed", "publish", "rollback"]
    assert store.audit("targets")[-1].previous_version_id == v2.id
    assert len(store.versions("targets")) == 2  # nothing deleted


def test_activate_refuses_a_version_of_another_dataset(store):
    other = store.versions("enrolment")[0]
    with pytest.raises(KeyError):
        store.activate("targets", other.id, user="analyst")


def _dump(store: Store) -> dict:
    with store.engine.connect() as conn:
        return {
            t: conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1, 2")).fetchall()
            for t in sa.inspect(store.engine).get_table_names()
        }


def test_a_failing_publish_changes_nothing(store, reliability):
    before = _dump(store)
    bad = store.read("enrolment")
    bad["year"] = bad["year"].astype(object)
    bad.loc[0, "year"] = "not a year"
    with pytest.raises((ValueError, TypeError)):
        store.publish("enrolment", bad, user="analyst")
    assert _dump(store) == before
    reliability.record("faults", 1, "a publish that fails on a bad value changes no table")


def test_a_publish_interrupted_inside_the_transaction_rolls_back(store, monkeypatch, reliability):
    before = _dump(store)
    frame = store.read("quality_ranking")

    def boom(*_args, **_kwargs):
        raise RuntimeError("crash between the rows and the switch")

    monkeypatch.setattr(store, "_activate", boom)
    with pytest.raises(RuntimeError):
        store.publish("quality_ranking", frame, user="analyst")
    assert _dump(store) == before
    reliability.record("faults", 1, "an exception between the rows and the switch of the active version")


def test_versions_key_changes_on_publish(store):
    key = store.active_versions()
    store.publish("population", store.read("population"), user="analyst")
    assert store.active_versions() != key


def test_db_url_from_environment(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.setenv("KPIS_DB_URL", url)
    assert Store().url == url


def test_read_sums_of_a_unique_key_is_the_stored_rows(store):
    rows = store.read("enrolment")
    summed = store.read_sums("enrolment", engine.SUM_KEYS, "value")
    expected = rows.loc[rows["value"].notna(), [c for c in rows.columns if c in {*engine.SUM_KEYS, "value"}]]
    pd.testing.assert_frame_equal(summed, expected.reset_index(drop=True))


def test_read_sums_of_repeated_keys_gives_the_engine_the_same_observations(store):
    shipped = store.read("enrolment")
    # Every key three times, as from three occupations; the second repeat has its own source and value type.
    parts = [
        shipped.assign(
            value=shipped["value"] * (k + 1),
            source=shipped["source"] + (" (part 1)" if k == 1 else ""),
            value_type=shipped["value_type"] if k != 1 else "estimate",
        )
        for k in range(3)
    ]
    repeated = pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=4).reset_index(drop=True)
    store.publish("enrolment", repeated, user="benchmark")
    frames = {name: store.read(name) for name in store.schemas}
    summed = store.read_sums("enrolment", engine.SUM_KEYS, "value")
    assert len(summed) < len(repeated) and summed["value"].sum() == repeated["value"].sum()
    for ind in load_registry().indicators:
        if ind.measure.dataset == "enrolment":
            pd.testing.assert_frame_equal(
                engine.observations(ind, {**frames, "enrolment": summed}), engine.observations(ind, frames)
            )


def test_read_sums_of_an_older_version(store):
    first = store.active_versions()["enrolment"]
    store.publish("enrolment", store.read("enrolment").head(10), user="analyst")
    assert len(store.read_sums("enrolment", engine.SUM_KEYS, "value")) <= 10
    assert len(store.read_sums("enrolment", engine.SUM_KEYS, "value", version_id=first)) > 10


def test_read_in_chunks_is_the_same_table(store, monkeypatch):
    import kpis.store

    whole, two = store.read("enrolment"), store.read("enrolment", columns=["year", "level"])
    monkeypatch.setattr(kpis.store, "READ_CHUNK", 7)  # 773 rows: 111 chunks, the last one short
    pd.testing.assert_frame_equal(store.read("enrolment"), whole)
    pd.testing.assert_frame_equal(store.read("enrolment", columns=["year", "level"]), two)
    store.publish("quality_ranking", store.read("quality_ranking").head(0), user="analyst")
    empty = store.read("quality_ranking")
    assert empty.empty and list(empty.columns) == store.schemas["quality_ranking"].names


def test_count_rows_counts_in_sql_what_the_rows_hold(store):
    from kpis import catalogue

    store.publish("enrolment", pd.concat([store.read("enrolment")] * 2, ignore_index=True), user="benchmark")
    for name in store.schemas:
        frame = store.read(name)
        for column in ("value_type", "source"):
            if column in frame.columns:
                got, expected = store.count_rows(name, column), catalogue.cell_counts(frame, column)
                assert got.sort_index().to_dict() == expected.sort_index().to_dict()
        pd.testing.assert_frame_equal(
            catalogue.source_table(store.count_rows(name, "source")),
            catalogue.source_table(catalogue.cell_counts(frame, "source")),
        )
