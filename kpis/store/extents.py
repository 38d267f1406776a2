"""A version's rows as extents: ordered ranges of rows stored once and shared by every version that holds them.

A data row is written once, by the version that first holds it, under that version's id and a row number
(`data_<dataset>.version_id`, `row_no`: the layout every store had before, unchanged). A version is the
ordered list of its extents (`version_extents`): each a range [row_lo, row_hi) of the rows one version
wrote. A publish lists the extents it keeps from what is already stored and writes only the rows nothing
stored holds, so it costs what it changes; a version is immutable and complete on its own, so reading one
never looks at another and a rollback stays a pointer switch, whichever version a later publish starts
from (the versions form a tree, each version simply lists what it holds).

Two ways a publish finds the rows it can share:

* a whole table (`Store.publish`): its rows are cut into content-defined chunks (a chunk ends after a row
  whose hash has its low CHUNK_BITS bits set, so a change moves only the boundaries next to it), each
  chunk named by a digest of its rows' 128-bit hashes (`row_chunks`); a chunk already stored under that
  digest is referred to, not written again.
* a merge by key (`Store.merge`, what an analyst's file does): the rows of the active version with a key
  in the file are found through the key index and cut out of its extents; the file's rows are appended.

This module is the arithmetic of both, on plain arrays; kpis.store does the SQL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

CHUNK_BITS = 10  # chunks of about 1,024 rows: a one-row change rewrites one of them
MAX_CHUNK = 8 << CHUNK_BITS  # a run without a natural boundary (repeated rows) is cut every 8,192 rows
HASH_KEYS = ("kpis-row-hash-a1", "kpis-row-hash-b2")  # two independent 64-bit hashes: 128 bits a row


@dataclass(frozen=True)
class Extent:
    """Rows [lo, hi) of the rows version `source` wrote."""

    source: int
    lo: int
    hi: int

    @property
    def rows(self) -> int:
        return self.hi - self.lo


@dataclass(frozen=True)
class Plan:
    """What a whole-table publish writes: the version's extents, the frame positions to store, new chunks."""

    extents: list[Extent]
    write: np.ndarray  # positions in the frame of the rows to store, in order (their row_no is their index here)
    chunks: list[tuple[str, int, int]]  # (digest, row_lo, row_hi) of each chunk written


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """(rows, 2) uint64: two independent hashes of each row's values (vectorised)."""
    if frame.empty:
        return np.zeros((0, 2), dtype=np.uint64)
    return np.column_stack([pd.util.hash_pandas_object(frame, index=False, hash_key=k).to_numpy() for k in HASH_KEYS])


def chunk_ends(first_hash: np.ndarray) -> np.ndarray:
    """Exclusive end offsets of the content-defined chunks of rows with these hashes (the last one is len)."""
    n = len(first_hash)
    mask = np.uint64((1 << CHUNK_BITS) - 1)
    natural = np.flatnonzero((first_hash & mask) == mask) + 1
    ends, prev = [], 0
    for end in [*natural.tolist(), n]:
        while end - prev > MAX_CHUNK:
            prev += MAX_CHUNK
            ends.append(prev)
        if end > prev:
            ends.append(end)
            prev = end
    return np.asarray(ends, dtype=np.int64)


def chunk_digests(hashes: np.ndarray, ends: np.ndarray, columns: list[str]) -> list[str]:
    """A digest per chunk: SHA-256 of the column names and the chunk's row hashes, in order."""
    head = hashlib.sha256("\x1f".join(columns).encode("utf-8"))
    data = np.ascontiguousarray(hashes).tobytes()
    out, start = [], 0
    for end in ends.tolist():
        digest = head.copy()
        digest.update(data[start * 16 : end * 16])
        out.append(digest.hexdigest())
        start = end
    return out


def plan(ends: np.ndarray, digests: list[str], known: dict[str, Extent], version_id: int) -> Plan:
    """The extents of a new version `version_id` from its chunks: a chunk whose digest is stored (or
    repeated earlier in the same table) is referred to; any other is written as rows of the new version."""
    extents: list[Extent] = []
    write: list[np.ndarray] = []
    chunks: list[tuple[str, int, int]] = []
    seen = dict(known)
    written, start = 0, 0
    for end, digest in zip(ends.tolist(), digests, strict=True):
        extent = seen.get(digest)
        if extent is None:
            extent = Extent(version_id, written, written + end - start)
            write.append(np.arange(start, end))
            chunks.append((digest, extent.lo, extent.hi))
            seen[digest] = extent
            written = extent.hi
        extents.append(extent)
        start = end
    positions = np.concatenate(write) if write else np.zeros(0, dtype=np.int64)
    return Plan(extents=coalesce(extents), write=positions, chunks=chunks)


def coalesce(extents: list[Extent]) -> list[Extent]:
    """The same rows with neighbouring extents that continue each other joined (and empty ones dropped)."""
    out: list[Extent] = []
    for e in extents:
        if e.rows <= 0:
            continue
        if out and out[-1].source == e.source and out[-1].hi == e.lo:
            out[-1] = Extent(e.source, out[-1].lo, e.hi)
        else:
            out.append(e)
    return out


def members(extents: list[Extent], sources: np.ndarray, row_nos: np.ndarray) -> np.ndarray:
    """Which of the stored rows (sources[i], row_nos[i]) the version with these extents holds."""
    held = np.zeros(len(row_nos), dtype=bool)
    for e in extents:
        held |= (sources == e.source) & (row_nos >= e.lo) & (row_nos < e.hi)
    return held


def cut(extents: list[Extent], sources: np.ndarray, row_nos: np.ndarray) -> list[Extent]:
    """The extents without the stored rows (sources[i], row_nos[i]), wherever they occur, order kept."""
    out: list[Extent] = []
    for e in extents:
        mine = np.unique(row_nos[(sources == e.source) & (row_nos >= e.lo) & (row_nos < e.hi)])
        lo = e.lo
        for r in mine.tolist():
            out.append(Extent(e.source, lo, r))
            lo = r + 1
        out.append(Extent(e.source, lo, e.hi))
    return coalesce(out)


def row_count(extents: list[Extent]) -> int:
    return sum(e.rows for e in extents)


@dataclass(frozen=True)
class Chunks:
    """A canonical table's content-defined chunks: their end offsets and digests."""

    ends: np.ndarray
    digests: list[str]

    @classmethod
    def of(cls, canonical: pd.DataFrame) -> Chunks:
        hashes = row_hashes(canonical)
        ends = chunk_ends(hashes[:, 0])
        return cls(ends, chunk_digests(hashes, ends, list(canonical.columns)))
