"""The store's SQL below SQLAlchemy: bulk inserts (COPY on PostgreSQL, executemany on SQLite), compiled queries for
the driver's cursor, SQLite's connection settings and its BEGIN IMMEDIATE for writers."""

from __future__ import annotations

import itertools

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection


def _compiled(conn: Connection, query) -> tuple[str, tuple]:
    """A query as the driver's SQL text and positional parameters."""
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    return str(compiled), tuple(params[k] for k in compiled.positiontup) if compiled.positiontup else params


def _rows(frame: pd.DataFrame, version_id: int):
    """(version_id, row_no, *values) tuples of plain Python values, None for missing."""
    columns = [
        col.tolist() if col.dtype == "str" and not col.hasnans else col.to_numpy(dtype=object, na_value=None).tolist()
        for _, col in frame.items()
    ]
    return zip(itertools.repeat(version_id), range(len(frame)), *columns, strict=False)


def _bulk_insert(conn: Connection, table: sa.Table, frame: pd.DataFrame, version_id: int) -> None:
    """Insert a version's rows in the open transaction: COPY on PostgreSQL, executemany on SQLite."""
    if frame.empty:
        return
    names = [c.name for c in table.columns]
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in _rows(frame, version_id):
                copy.write_row(row)
    elif conn.dialect.name == "sqlite":
        cur = raw.cursor()
        cur.executemany(
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            _rows(frame, version_id),
        )
        cur.close()
    else:
        conn.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in _rows(frame, version_id)])


def _sqlite_begin(conn) -> None:
    # protection: sqlite_immediate
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") else "BEGIN")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # The driver's own transaction handling is off: _sqlite_begin issues BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
