"""Versions share the rows they have in common (issue 14): a publish writes what it changes, every version reads whole."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from kpis import catalogue, upload
from kpis.store import extents as ext
from kpis.store import merge_by_key
from kpis.store.extents import Extent

DATASET = "population"  # 412 rows: several chunks once repeated


def _written(store, version_id: int, dataset: str = DATASET) -> int:
    """Rows the version wrote itself (the rest it refers to)."""
    with store.engine.connect() as conn:
        return conn.execute(
            sa.text(f"SELECT count(*) FROM data_{dataset} WHERE version_id = :v"), {"v": version_id}
        ).scalar()


def _big(store, copies: int = 40) -> pd.DataFrame:
    """Population repeated with distinct years: about 16k distinct rows, so many chunks."""
    frame = store.read(DATASET)
    big = pd.concat([frame] * copies, ignore_index=True)
    big["year"] = big["year"] + pd.array(np.arange(len(big)) // len(frame) * 100, dtype="Int64")
    return big


def _same_as_rows(store, dataset: str, version_id: int, frame: pd.DataFrame) -> None:
    """read, read_sums and count_rows of the version are what they are over `frame` itself."""
    pd.testing.assert_frame_equal(store.read(dataset, version_id), frame.reset_index(drop=True))
    keys = ["province_code", "vintage"]  # repeated keys: sums over several rows
    summed = store.read_sums(dataset, keys, "population", version_id=version_id)
    with_value = frame[frame["population"].notna()]
    expected = with_value.groupby(keys, sort=False, dropna=False)["population"].sum().reset_index()
    pd.testing.assert_frame_equal(summed, store.schemas[dataset].coerce(expected)[list(summed.columns)])
    if "source" in frame.columns:
        got = store.count_rows(dataset, "source", version_id)
        assert got.sort_index().to_dict() == catalogue.cell_counts(frame, "source").sort_index().to_dict()


def test_a_one_row_change_writes_one_chunk_and_every_version_reads_whole(store):
    big = _big(store)
    v1 = store.publish(DATASET, big, user="analyst")
    changed = big.copy()
    changed.loc[len(big) // 2, "population"] += 1
    v2 = store.publish(DATASET, changed, user="analyst", note="one cell")
    assert _written(store, v1.id) == len(big)
    assert 0 < _written(store, v2.id) <= ext.MAX_CHUNK < len(big) // 2
    assert (v2.row_count, store.audit(DATASET)[-1].row_count) == (len(big), len(big))
    _same_as_rows(store, DATASET, v2.id, changed)
    _same_as_rows(store, DATASET, v1.id, big)
    again = store.publish(DATASET, big, user="analyst", note="the first table again")
    assert _written(store, again.id) == 0  # every chunk stored already
    _same_as_rows(store, DATASET, again.id, big)


def test_rows_inserted_removed_and_reordered_read_back_exactly(store):
    big = _big(store, copies=20)
    store.publish(DATASET, big, user="analyst")
    shapes = {
        "inserted": pd.concat([big.iloc[:5000], big.iloc[[7]].assign(year=1), big.iloc[5000:]], ignore_index=True),
        "removed": big.drop(index=[3, 4000, 8000]).reset_index(drop=True),
        "reversed": big.iloc[::-1].reset_index(drop=True),
        "doubled": pd.concat([big, big], ignore_index=True),
        "empty": big.head(0),
    }
    versions = {name: store.publish(DATASET, frame, user="analyst", note=name) for name, frame in shapes.items()}
    for name, frame in shapes.items():
        _same_as_rows(store, DATASET, versions[name].id, frame)
        assert versions[name].row_count == len(frame)
    # A removed row rewrites its chunk (and the next one, where it ended a chunk); nothing else is written.
    ends = ext.chunk_ends(ext.row_hashes(store.schemas[DATASET].coerce(big))[:, 0])
    sizes = np.diff(ends, prepend=0)
    touched = {c for r in (3, 4000, 8000) for c in (np.searchsorted(ends, r, side="right"),) for c in (c, c + 1)}
    assert 0 < _written(store, versions["removed"].id) <= sum(sizes[c] for c in touched if c < len(sizes)) < len(big)
    # The table twice: only the chunk across the seam is new (the first table's last chunk ended with the table).
    assert _written(store, versions["doubled"].id) <= sizes[-1] + sizes[0] < len(big) // 2


def test_merge_is_next_version_and_writes_only_the_files_rows(store):
    schema = store.schemas[DATASET]
    big = _big(store)
    store.publish(DATASET, big, user="analyst")
    fix = big.iloc[[10, 9000, 9001]].copy()
    fix["population"] = fix["population"] + 5
    new = big.iloc[[0]].assign(year=9999, population=1)
    rows = pd.concat([fix, new], ignore_index=True)
    expected = schema.coerce(merge_by_key(schema, store.read(DATASET), rows))
    version = store.merge(DATASET, rows, user="analyst", note="fix", file_name="fix.csv", sha256="abc")
    assert _written(store, version.id) == len(rows)
    assert version.row_count == len(expected) == len(big) + 1
    _same_as_rows(store, DATASET, version.id, expected)
    last = store.audit(DATASET)[-1]
    assert (last.action, last.file_name, last.sha256, last.row_count) == ("publish", "fix.csv", "abc", len(expected))
    # A second merge on top of the first: still what next_version gives, the first merge's rows kept or replaced.
    again = pd.concat(
        [fix.assign(population=fix["population"] + 1).head(1), new.assign(population=2)], ignore_index=True
    )
    expected2 = schema.coerce(merge_by_key(schema, expected, again))
    _same_as_rows(store, DATASET, store.merge(DATASET, again, user="analyst").id, expected2)


def test_upload_publish_merges_as_before(store):
    """The page's and the CLI's publish: a merged file gives the table next_version gives, replace the file."""
    schema = store.schemas[DATASET]
    active = store.read(DATASET)
    frame = schema.coerce(active.iloc[[1, 2]].assign(population=7))
    result = upload.CheckResult(dataset=DATASET, file_name="f.csv", sha256="s", size=0, frame=frame)
    merged = upload.publish(store, result, user="analyst", note="merge")
    pd.testing.assert_frame_equal(store.read(DATASET, merged.id), upload.next_version(schema, active, result))
    replaced = upload.publish(store, result, user="analyst", mode=upload.REPLACE)
    pd.testing.assert_frame_equal(store.read(DATASET, replaced.id), frame.reset_index(drop=True))
    with pytest.raises(ValueError, match="mode"):
        upload.publish(store, result, user="analyst", mode="append")


@pytest.mark.parametrize("column", ["vintage", "year"])  # a key cell past the indexed columns, then inside them
def test_a_merge_with_an_empty_key_cell_is_next_version_too(store, column):
    schema = store.schemas[DATASET]
    active = store.read(DATASET)
    rows = active.iloc[[0, 1]].assign(population=3)
    rows[column] = pd.array([pd.NA, pd.NA], dtype="Int64")
    once = store.merge(DATASET, rows.iloc[[0]], user="analyst")
    pd.testing.assert_frame_equal(
        store.read(DATASET, once.id), schema.coerce(merge_by_key(schema, active, rows.iloc[[0]]))
    )
    twice = store.merge(DATASET, rows, user="analyst")  # the empty cell matches the empty cell, as text
    expected = schema.coerce(merge_by_key(schema, store.read(DATASET, once.id), rows))
    pd.testing.assert_frame_equal(store.read(DATASET, twice.id), expected)
    assert len(expected) == len(active) + 2  # the first row replaced its own earlier copy, the second added


def test_rollback_then_publish_branches_and_every_version_stays_whole(store):
    """Versions form a tree: a publish after a rollback starts from the version made active again."""
    schema = store.schemas[DATASET]
    big = _big(store, copies=10)
    v1 = store.publish(DATASET, big, user="analyst")
    tables = {v1.id: big}
    a = store.merge(DATASET, big.iloc[[5]].assign(population=1), user="analyst")
    tables[a.id] = schema.coerce(merge_by_key(schema, big, big.iloc[[5]].assign(population=1)))
    store.activate(DATASET, v1.id, user="analyst", note="undo")
    b = store.merge(DATASET, big.iloc[[6]].assign(population=2), user="analyst")
    tables[b.id] = schema.coerce(merge_by_key(schema, big, big.iloc[[6]].assign(population=2)))
    c = store.publish(DATASET, tables[a.id].head(3000), user="analyst")
    tables[c.id] = tables[a.id].head(3000)
    store.activate(DATASET, a.id, user="analyst")
    assert store.active_versions()[DATASET] == a.id
    for vid, frame in tables.items():
        _same_as_rows(store, DATASET, vid, frame)
    assert [e.action for e in store.audit(DATASET)][-6:] == [
        "publish",
        "publish",
        "rollback",
        "publish",
        "publish",
        "rollback",
    ]


def test_chunks_are_content_defined():
    rng = np.random.default_rng(1)
    hashes = rng.integers(0, 2**63, size=(50_000, 2)).astype(np.uint64)
    ends = ext.chunk_ends(hashes[:, 0])
    assert ends[-1] == len(hashes) and (np.diff(ends, prepend=0) > 0).all()
    assert (np.diff(ends, prepend=0) <= ext.MAX_CHUNK).all() and 20 < len(ends) < 100
    # A row removed near the start moves no boundary after the next one.
    shorter = ext.chunk_ends(np.delete(hashes[:, 0], 100))
    assert set((ends - 1).tolist()[2:]) <= set(shorter.tolist()) | {e - 1 for e in shorter.tolist()}
    assert list(ext.chunk_ends(np.zeros(20_000, dtype=np.uint64))) == [8192, 16384, 20000]  # no natural boundary


@pytest.mark.parametrize(
    ("extents", "cut", "expected"),
    [
        ([Extent(1, 0, 10)], [(1, 4)], [Extent(1, 0, 4), Extent(1, 5, 10)]),
        ([Extent(1, 0, 10)], [(1, 0), (1, 9)], [Extent(1, 1, 9)]),
        ([Extent(1, 0, 3), Extent(2, 0, 2)], [(2, 0), (2, 1)], [Extent(1, 0, 3)]),
        (
            [Extent(1, 0, 3), Extent(1, 0, 3)],
            [(1, 1)],
            [Extent(1, 0, 1), Extent(1, 2, 3), Extent(1, 0, 1), Extent(1, 2, 3)],
        ),
        ([Extent(1, 0, 3)], [(2, 1)], [Extent(1, 0, 3)]),
    ],
)
def test_cut_removes_stored_rows_wherever_the_version_holds_them(extents, cut, expected):
    sources, rows = (np.array([c[i] for c in cut], dtype=np.int64) for i in (0, 1))
    assert ext.cut(extents, sources, rows) == expected


def test_coalesce_joins_neighbours_that_continue_each_other():
    parts = [Extent(1, 0, 2), Extent(1, 2, 5), Extent(2, 0, 0), Extent(2, 3, 4), Extent(1, 5, 6)]
    assert ext.coalesce(parts) == [Extent(1, 0, 5), Extent(2, 3, 4), Extent(1, 5, 6)]
