"""Remembered column mappings (issue 10, class 11): for a file layout, the field each column of the file feeds.

A layout is the file's header signature: its header cells in order, normalised (NFC, case-folded, spaces
collapsed; diacritics kept, so `Nam` and `Năm` are different layouts). The analyst's choice for a layout is kept
per dataset in the store's `column_maps` table and pre-selected for the next file of the same layout.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine


def header_key(cell: str) -> str:
    """One header cell as it counts for the layout: NFC, case-folded, whitespace collapsed, diacritics kept."""
    return " ".join(unicodedata.normalize("NFC", str(cell)).casefold().split())


def signature(header) -> str:
    """The layout of a file: a hash of its normalised header cells in order (JSON: a cell may hold commas)."""
    cells = json.dumps([header_key(c) for c in header], ensure_ascii=False)
    return hashlib.sha256(cells.encode("utf-8")).hexdigest()


def column_map(header, matched, chosen) -> tuple[tuple[str, str], ...]:
    """The (header, field or "" for none) pairs where the analyst's choice differs from what the reader matched:
    what `FileDefaults.column_map` (the CLI's --map) takes."""
    return tuple((h.strip(), c) for h, m, c in zip(header, matched, chosen, strict=True) if c != m and h.strip())


class ColumnMaps:
    """The `column_maps` table behind Store.save_column_map and Store.column_map."""

    def __init__(self, meta: sa.MetaData, engine: Engine, writer: Engine):
        self.engine, self.writer = engine, writer
        self.table = sa.Table(
            "column_maps",
            meta,
            sa.Column("dataset", sa.String(64), primary_key=True),
            sa.Column("signature", sa.String(64), primary_key=True),
            sa.Column("header", sa.Text, nullable=False),  # JSON list of the header cells as written
            sa.Column("fields", sa.Text, nullable=False),  # JSON list, one field (or "") per header cell
            sa.Column("saved_by", sa.Text, nullable=False),
            sa.Column("saved_at", sa.Text, nullable=False),
        )

    def create(self, conn: Connection) -> None:
        """The store's migration 4: the table, if missing."""
        self.table.create(conn, checkfirst=True)

    def save(self, dataset: str, header, fields, *, user: str, at: str) -> None:
        header, fields = [str(h) for h in header], [str(f) for f in fields]
        if len(header) != len(fields):
            raise ValueError(f"column map: {len(header)} header cells but {len(fields)} fields")
        key = {"dataset": dataset, "signature": signature(header)}
        row = {"header": json.dumps(header, ensure_ascii=False), "fields": json.dumps(fields, ensure_ascii=False)}
        c = self.table.c
        with self.writer.begin() as conn:
            conn.execute(sa.delete(self.table).where(c.dataset == dataset, c.signature == key["signature"]))
            conn.execute(self.table.insert().values(**key, **row, saved_by=user, saved_at=at))

    def load(self, dataset: str, header) -> tuple[str, ...] | None:
        c = self.table.c
        query = sa.select(c.fields).where(c.dataset == dataset, c.signature == signature(header))
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return tuple(json.loads(found)) if found is not None else None
