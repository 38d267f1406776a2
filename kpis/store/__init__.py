"""The SQL store: every dataset as immutable versions with one active version, and an audit log.

SQLite file by default; any SQLAlchemy URL through KPIS_DB_URL. Readers key their caches by the
active version id (`active_versions()`, one cheap query), so a cache never serves stale data.
A publish or an activation is one transaction: readers see the old version or the new one.

A version lists its rows as extents of rows stored once (kpis.store.extents): a publish writes only the
rows no stored version holds, so a correction costs what it changes, and every version stays whole.
Why extents rather than validity intervals (added_in, removed_in): a rollback followed by a publish makes
the versions a tree, and a version that names its own rows needs no lineage walk to be read; reading is
one ordered join over the primary key, the same index scan as before for a version written in one go.

Beside this module: tables (the SQL tables), migrations (applied on open), records (what the store returns),
sql (bulk inserts, SQLite's settings), extents (how a version lists its rows).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
from pathlib import Path
from types import EllipsisType

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kpis import DATA_DIR
from kpis.accounts import Account, AccountExists, Accounts, SignInAttempt
from kpis.column_maps import ColumnMaps
from kpis.schema import TableSchema, load_package, read_shipped
from kpis.store import extents as ext
from kpis.store import migrations, tables
from kpis.store.extents import Extent
from kpis.store.records import AuditEntry, PublishMeta, Version, now_iso, version_of_row
from kpis.store.sql import _bulk_insert, _compiled, _sqlite_begin, _sqlite_pragmas
from kpis.store.tables import KEY_INDEX_COLUMNS

DEFAULT_DB = Path(__file__).resolve().parents[2] / "var" / "kpis.sqlite"
SYSTEM_USER = "system"
READ_CHUNK = 50_000  # rows typed at a time by Store.read
KEY_BATCH = 400  # keys (or chunk digests) looked up per query
MAX_EXTENTS = 1024  # a merge leaving more extents than this (+1 per 256 rows) rewrites the table as chunks


def default_url() -> str:
    """KPIS_DB_URL, else the embedded SQLite file under var/."""
    url = os.environ.get("KPIS_DB_URL", "").strip()
    if url:
        return url
    DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB}"


def frame_sha256(frame: pd.DataFrame) -> str:
    """A content hash of a canonical table, for versions that do not come from a file (vectorised)."""
    digest = hashlib.sha256(",".join(frame.columns).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


class Store:
    """Versioned datasets in a SQL database, behind one small interface."""

    def __init__(self, url: str | None = None, schemas: dict[str, TableSchema] | None = None):
        self.url = url or default_url()
        self.schemas = schemas or load_package()
        self.engine: Engine = sa.create_engine(self.url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        # Writers use this engine: on SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE), so two
        # publishers queue instead of failing on a lock upgrade; on PostgreSQL it is the same engine.
        self.writer: Engine = self.engine.execution_options(sqlite_immediate=True)
        self.meta = sa.MetaData()
        t = tables.define(self.meta)
        self.t_migrations, self.t_datasets, self.t_versions = t.migrations, t.datasets, t.versions
        self.t_audit, self.t_users, self.t_extents = t.audit, t.users, t.extents
        self.t_chunks, self.t_data_migrations = t.chunks, t.data_migrations
        self.data_tables = {name: tables.data_table(self.meta, schema) for name, schema in self.schemas.items()}
        self._accounts = Accounts(self.t_users, self.engine, self.writer)
        self._column_maps = ColumnMaps(self.meta, self.engine, self.writer)

    # -- schema and seeding -------------------------------------------------------------------

    def migrate(self) -> None:
        """Apply the versioned migrations not yet applied (never drop and recreate): kpis.store.migrations."""
        migrations.apply(self)

    def seed(self, data_dir: Path = DATA_DIR) -> list[Version]:
        """Publish version 1 of every dataset that has no version yet, from the shipped data package. A reference
        dataset (not uploadable: the province lists, the code list) follows the package: when its shipped file
        changed since its active version was published, the file is published again, so an existing store gains
        what a newer package adds (the 61 and 64 province lists)."""
        seeded = []
        have = self.active_versions()
        for name, schema in self.schemas.items():
            path = data_dir / schema.path.name
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            active = have.get(name)
            if active is not None and (schema.uploadable or self.version(active).sha256 == digest):
                continue
            note = "data package" if active is None else "data package (updated)"
            try:
                seeded.append(
                    self.publish(
                        name,
                        read_shipped(schema, path),
                        user=SYSTEM_USER,
                        note=note,
                        file_name=path.name,
                        sha256=digest,
                        action="seed",
                        only_if_active=active,
                    )
                )
            except AlreadySeeded:
                continue
        return seeded

    # -- accounts -----------------------------------------------------------------------------

    def add_account(self, name: str, password_hash: str, role: str) -> None:
        """Create an analyst or viewer account (the password only as its hash); AccountExists if taken."""
        self._accounts.add(name, password_hash, role, now_iso())

    def account(self, name: str) -> Account | None:
        """The account of that name, or None."""
        return self._accounts.get(name)

    def sign_in_attempt(self, name: str):
        """Context manager: one sign-in holding the account's row locked (see kpis.accounts)."""
        return self._accounts.sign_in_attempt(name)

    def save_column_map(self, dataset: str, header, fields, *, user: str) -> None:
        """Remember the field (or "") each header cell feeds, for the next file of this layout (kpis.column_maps)."""
        self._column_maps.save(dataset, header, fields, user=user, at=now_iso())

    def column_map(self, dataset: str, header) -> tuple[str, ...] | None:
        """The remembered fields for a file with this header in `dataset`, one per header cell; None if none."""
        return self._column_maps.load(dataset, header)

    # -- reads --------------------------------------------------------------------------------

    def active_versions(self) -> dict[str, int]:
        """{dataset: active version id}: the cheap query that keys every cache."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(self.t_datasets.c.name, self.t_datasets.c.active_version_id))
            return {name: vid for name, vid in rows if vid is not None}

    def _version_id(self, conn: Connection, dataset: str, version_id: int | None) -> int:
        if version_id is not None:
            return version_id
        return conn.execute(
            sa.select(self.t_datasets.c.active_version_id).where(self.t_datasets.c.name == dataset)
        ).scalar_one()

    def _extents(self, conn: Connection, version_id: int | None) -> list[Extent]:
        """The extents of one version, in order."""
        e = self.t_extents
        query = sa.select(e.c.source_id, e.c.row_lo, e.c.row_hi).where(e.c.version_id == version_id)
        return [Extent(*row) for row in conn.execute(query.order_by(e.c.seq))]

    def _held(self, table: sa.Table, version_id: int):
        """The rows one version holds: (FROM clause, WHERE clause, each row's place in the version)."""
        e = self.t_extents
        rows = e.join(
            table,
            sa.and_(table.c.version_id == e.c.source_id, table.c.row_no >= e.c.row_lo, table.c.row_no < e.c.row_hi),
        )
        return rows, e.c.version_id == version_id, e.c.start + table.c.row_no - e.c.row_lo

    def read_sums(self, dataset: str, by: list[str], column: str, version_id: int | None = None) -> pd.DataFrame:
        """`column` summed in SQL over the rows that repeat `by` (rows without a value left out), typed.

        The groups come in the order of their first row, so any sum, maximum or first value per `by` (or per
        part of it) is the same as over the rows themselves; with a unique key, row for row what `read` gives
        for the rows with a value.
        """
        schema = self.schemas[dataset]
        table = self.data_tables[dataset]
        keys = [table.c[n] for n in by]
        value = table.c[column]
        with self.engine.connect() as conn:
            vid = self._version_id(conn, dataset, version_id)
            rows, held, place = self._held(table, vid)
            # CAST: PostgreSQL sums a BIGINT as NUMERIC (Decimal in Python).
            query = (
                sa.select(*keys, sa.cast(sa.func.sum(value), value.type))
                .select_from(rows)
                .where(held, value.is_not(None))
                .group_by(*keys)
                .order_by(sa.func.min(place))
            )
            cursor = conn.exec_driver_sql(*_compiled(conn, query))
            frame = pd.DataFrame.from_records(cursor.cursor.fetchall(), columns=[*by, column])
        fields = tuple(f for f in schema.fields if f.name in frame.columns)
        return dataclasses.replace(schema, fields=fields).coerce(frame)

    def count_rows(self, dataset: str, column: str, version_id: int | None = None) -> pd.Series:
        """Rows per distinct value of `column` in one version (missing values left out), counted in SQL."""
        table = self.data_tables[dataset]
        col = table.c[column]
        with self.engine.connect() as conn:
            vid = self._version_id(conn, dataset, version_id)
            rows, held, _ = self._held(table, vid)
            query = sa.select(col, sa.func.count()).select_from(rows).where(held, col.is_not(None)).group_by(col)
            counted = conn.execute(query).all()
        return pd.Series(dict(counted), dtype="int64")

    def read(self, dataset: str, version_id: int | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        """The rows of one version (the active one by default), typed by the dataset's schema."""
        with self.engine.connect() as conn:
            return self._read(conn, dataset, self._version_id(conn, dataset, version_id), columns)

    def _read(self, conn: Connection, dataset: str, version_id: int, columns: list[str] | None = None) -> pd.DataFrame:
        schema = self.schemas[dataset]
        table = self.data_tables[dataset]
        names = columns or schema.names
        picked = [table.c[n] for n in names]
        extents = self._extents(conn, version_id)
        if len(extents) == 1:  # a version written in one go: the primary key's range, as before versions shared rows
            (e,) = extents
            query = (
                sa.select(*picked)
                .where(table.c.version_id == e.source, table.c.row_no >= e.lo, table.c.row_no < e.hi)
                .order_by(table.c.row_no)
            )
        else:  # one ordered pass over the extents, each a range of the primary key
            rows, held, _ = self._held(table, version_id)
            query = sa.select(*picked).select_from(rows).where(held).order_by(self.t_extents.c.seq, table.c.row_no)
        # The DBAPI cursor, not Row objects: a million rows come back several times faster. Typed a chunk at
        # a time (from a server-side cursor on PostgreSQL), so the rows never all sit in memory as tuples.
        raw = conn.connection.driver_connection
        cursor = raw.cursor(name="kpis_read") if conn.dialect.name == "postgresql" else raw.cursor()

        def typed(rows: list) -> pd.DataFrame:
            part = pd.DataFrame.from_records(rows, columns=names)
            return part if columns else schema.coerce(part)

        try:
            cursor.execute(*_compiled(conn, query))
            parts = [typed(rows) for rows in iter(lambda: cursor.fetchmany(READ_CHUNK), [])] or [typed([])]
        finally:
            cursor.close()
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

    def versions(self, dataset: str) -> list[Version]:
        """Every version of a dataset, newest first."""
        active = self.active_versions().get(dataset)
        v = self.t_versions
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(v).where(v.c.dataset == dataset).order_by(v.c.number.desc())).mappings()
            return [version_of_row(r, active) for r in rows]

    def version(self, version_id: int) -> Version:
        v = self.t_versions
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(v).where(v.c.id == version_id)).mappings().first()
        if row is None:
            raise KeyError(f"no version {version_id}")
        return version_of_row(row, self.active_versions().get(row["dataset"]))

    def audit(self, dataset: str | None = None) -> list[AuditEntry]:
        """The audit log, oldest first."""
        a, v = self.t_audit, self.t_versions
        query = sa.select(a, v.c.number).join(v, v.c.id == a.c.version_id).order_by(a.c.id)
        if dataset:
            query = query.where(a.c.dataset == dataset)
        with self.engine.connect() as conn:
            return [
                AuditEntry(
                    id=r["id"],
                    at=r["at"],
                    user=r["user_name"],
                    action=r["action"],
                    dataset=r["dataset"],
                    version_id=r["version_id"],
                    version_number=r["number"],
                    previous_version_id=r["previous_version_id"],
                    file_name=r["file_name"],
                    sha256=r["sha256"],
                    row_count=r["row_count"],
                    note=r["note"],
                )
                for r in conn.execute(query).mappings()
            ]

    # -- writes -------------------------------------------------------------------------------

    def publish(
        self,
        dataset: str,
        frame: pd.DataFrame,
        *,
        user: str,
        note: str = "",
        file_name: str = "",
        sha256: str = "",
        action: str = "publish",
        only_if_active: int | None | EllipsisType = ...,
    ) -> Version:
        """Store `frame` as a new version and make it active, atomically, with its audit entry.

        Rows are written only for the chunks of `frame` no stored version holds (kpis.store.extents): publishing
        a table with a few rows changed writes those rows' chunks, the rest is shared. `only_if_active`: publish
        only while that version (None: none) is the active one, else raise AlreadySeeded (the package's seeding,
        which another process may have done a moment ago)."""
        schema = self.schemas[dataset]
        canonical = schema.coerce(frame)
        digest = sha256 or frame_sha256(canonical)
        chunks = ext.Chunks.of(canonical)  # hashing outside the lock: publishers of the dataset wait less
        now = now_iso()
        meta = PublishMeta(user, action, note, file_name, digest, now)
        with self.writer.begin() as conn:
            current = self._lock_dataset(conn, dataset, now)
            if only_if_active is not ... and current != only_if_active:
                raise AlreadySeeded(dataset)
            version_id = self._write_table(conn, dataset, canonical, chunks, current, meta)
        return self.version(version_id)

    def merge(
        self,
        dataset: str,
        rows: pd.DataFrame,
        *,
        user: str,
        note: str = "",
        file_name: str = "",
        sha256: str = "",
        action: str = "publish",
    ) -> Version:
        """Publish the active version with `rows` merged in by the dataset's key, atomically, with its audit entry.

        The new version is `merge_by_key(active, rows)`: the active rows whose key is in `rows` give way, the
        others keep their order, `rows` follow. Only `rows` are written; the kept rows are referred to where
        they are stored, found through the key index, so a correction costs what it changes. The merge is
        against the version active when the dataset's lock is taken, so concurrent merges each keep the other's.
        """
        schema = self.schemas[dataset]
        incoming = schema.coerce(rows)
        keys = list(schema.primary_key)
        prefix = keys[:KEY_INDEX_COLUMNS]
        digest = sha256 or frame_sha256(incoming)
        # SQL finds the candidates by the key's first columns: equality of integers and texts is the merge's own.
        by_index = not incoming[prefix].isna().any().any() and all(schema.field(k).type != "number" for k in prefix)
        now = now_iso()
        meta = PublishMeta(user, action, note, file_name, digest, now)
        with self.writer.begin() as conn:
            current = self._lock_dataset(conn, dataset, now)
            kept = None
            if by_index and current is not None:
                base = self._extents(conn, current)
                sources, row_nos, stored = self._stored_by_prefix(conn, dataset, incoming[prefix].drop_duplicates())
                held = ext.members(base, sources, row_nos)
                replaced = pd.MultiIndex.from_frame(incoming[keys].astype(str))
                gone = held & pd.MultiIndex.from_frame(stored[keys].astype(str)).isin(replaced)
                kept = ext.cut(base, sources[gone], row_nos[gone])
                if len(kept) > MAX_EXTENTS + ext.row_count(kept) // 256:
                    kept = None  # too fragmented: the merged table is written as chunks, mostly shared
            if kept is None:
                active = self._read(conn, dataset, current) if current is not None else schema.coerce(incoming.head(0))
                merged = schema.coerce(merge_by_key(schema, active, incoming))
                version_id = self._write_table(conn, dataset, merged, ext.Chunks.of(merged), current, meta)
            else:
                version_id = self._new_version(conn, dataset, meta, ext.row_count(kept) + len(incoming))
                added = [Extent(version_id, 0, len(incoming))]
                self._write(conn, dataset, version_id, incoming, ext.coalesce(kept + added), [], current, meta)
        return self.version(version_id)

    def _write_table(
        self,
        conn: Connection,
        dataset: str,
        canonical: pd.DataFrame,
        chunks: ext.Chunks,
        current: int | None,
        meta: PublishMeta,
    ) -> int:
        """A new version holding `canonical`, its stored chunks referred to and the others written."""
        version_id = self._new_version(conn, dataset, meta, len(canonical))
        plan = ext.plan(chunks.ends, chunks.digests, self._known_chunks(conn, dataset, chunks.digests), version_id)
        rows = canonical if len(plan.write) == len(canonical) else canonical.take(plan.write)
        self._write(conn, dataset, version_id, rows, plan.extents, plan.chunks, current, meta)
        return version_id

    def _new_version(self, conn: Connection, dataset: str, meta: PublishMeta, row_count: int) -> int:
        number = (
            conn.execute(
                sa.select(sa.func.max(self.t_versions.c.number)).where(self.t_versions.c.dataset == dataset)
            ).scalar()
            or 0
        ) + 1
        return conn.execute(
            self.t_versions.insert().values(
                dataset=dataset,
                number=number,
                created_at=meta.now,
                created_by=meta.user,
                note=meta.note,
                file_name=meta.file_name,
                sha256=meta.digest,
                row_count=row_count,
            )
        ).inserted_primary_key[0]

    def _write(
        self,
        conn: Connection,
        dataset: str,
        version_id: int,
        rows: pd.DataFrame,
        extents: list[Extent],
        chunks: list[tuple[str, int, int]],
        current: int | None,
        meta: PublishMeta,
    ) -> None:
        """The version's new rows, its extents, its chunks' digests and the switch of the active version."""
        # protection: atomic_publish
        _bulk_insert(conn, self.data_tables[dataset], rows, version_id)
        if chunks:
            conn.execute(
                self.t_chunks.insert(),
                [
                    {"dataset": dataset, "digest": d, "source_id": version_id, "row_lo": lo, "row_hi": hi}
                    for d, lo, hi in chunks
                ],
            )
        if extents:
            starts = itertools.accumulate((e.rows for e in extents), initial=0)
            conn.execute(
                self.t_extents.insert(),
                [
                    {
                        "version_id": version_id,
                        "seq": i,
                        "source_id": e.source,
                        "row_lo": e.lo,
                        "row_hi": e.hi,
                        "start": start,
                    }
                    for i, (e, start) in enumerate(zip(extents, starts, strict=False))
                ],
            )
        self._activate(
            conn,
            dataset,
            version_id,
            current,
            meta.user,
            meta.action,
            meta.note,
            meta.file_name,
            meta.digest,
            ext.row_count(extents),
            meta.now,
        )

    def _known_chunks(self, conn: Connection, dataset: str, digests: list[str]) -> dict[str, Extent]:
        """The stored chunks of `dataset` among these digests: {digest: extent}."""
        c = self.t_chunks
        unique = list(dict.fromkeys(digests))
        known = {}
        for i in range(0, len(unique), KEY_BATCH):
            query = sa.select(c.c.digest, c.c.source_id, c.c.row_lo, c.c.row_hi).where(
                c.c.dataset == dataset, c.c.digest.in_(unique[i : i + KEY_BATCH])
            )
            known.update({d: Extent(s, lo, hi) for d, s, lo, hi in conn.execute(query)})
        return known

    def _stored_by_prefix(
        self, conn: Connection, dataset: str, prefixes: pd.DataFrame
    ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
        """version_id, row_no and typed key of every stored row of `dataset` whose key starts with one of these
        prefixes (any version's), through the key index."""
        schema = self.schemas[dataset]
        table = self.data_tables[dataset]
        names, keys = list(prefixes.columns), list(schema.primary_key)
        quote = conn.dialect.identifier_preparer.quote
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        one = "(" + ", ".join(f"CAST({mark} AS {table.c[n].type.compile(dialect=conn.dialect)})" for n in names) + ")"
        on = " AND ".join(f"d.{quote(n)} = k.c{i}" for i, n in enumerate(names))
        picked = ", ".join(f"d.{quote(n)}" for n in keys)
        tuples = list(zip(*[prefixes[n].to_numpy(dtype=object).tolist() for n in names], strict=True))
        found: list[tuple] = []
        cur = conn.connection.driver_connection.cursor()
        try:
            for i in range(0, len(tuples), KEY_BATCH):
                batch = tuples[i : i + KEY_BATCH]
                # CROSS JOIN: SQLite takes the prefixes as the outer loop and probes the key index for each.
                cur.execute(
                    f"WITH k ({', '.join(f'c{j}' for j in range(len(names)))}) AS (VALUES {', '.join([one] * len(batch))})"
                    f" SELECT d.version_id, d.row_no, {picked} FROM k CROSS JOIN {quote(table.name)} AS d WHERE {on}",
                    [v for row in batch for v in row],
                )
                found += cur.fetchall()
        finally:
            cur.close()
        frame = pd.DataFrame.from_records(found, columns=["version_id", "row_no", *keys])
        typed = dataclasses.replace(schema, fields=tuple(schema.field(k) for k in keys)).coerce(frame[keys])
        ids = frame[["version_id", "row_no"]].to_numpy(dtype=np.int64).reshape(-1, 2)
        return ids[:, 0], ids[:, 1], typed

    def activate(self, dataset: str, version_id: int, *, user: str, note: str = "") -> Version:
        """Make an earlier (or any) version active again: a rollback, itself audited."""
        now = now_iso()
        with self.writer.begin() as conn:
            row = conn.execute(sa.select(self.t_versions).where(self.t_versions.c.id == version_id)).mappings().first()
            if row is None or row["dataset"] != dataset:
                raise KeyError(f"dataset {dataset!r} has no version id {version_id}")
            current = self._lock_dataset(conn, dataset, now)
            self._activate(
                conn,
                dataset,
                version_id,
                current,
                user,
                "rollback",
                note,
                row["file_name"],
                row["sha256"],
                row["row_count"],
                now,
            )
        return self.version(version_id)

    def _lock_dataset(self, conn: Connection, dataset: str, now: str) -> int | None:
        """Create the dataset row if needed and lock it (PostgreSQL), returning the active version id."""
        d = self.t_datasets
        exists = conn.execute(sa.select(d.c.name).where(d.c.name == dataset)).first()
        if exists is None:
            try:
                with conn.begin_nested():
                    conn.execute(d.insert().values(name=dataset, active_version_id=None, updated_at=now))
            except sa.exc.IntegrityError:
                pass  # another process created it a moment ago; the lock below waits for it
        # protection: dataset_row_lock
        return conn.execute(sa.select(d.c.active_version_id).where(d.c.name == dataset).with_for_update()).scalar()

    def _activate(
        self,
        conn: Connection,
        dataset: str,
        version_id: int,
        previous: int | None,
        user: str,
        action: str,
        note: str,
        file_name: str,
        digest: str,
        rows: int,
        now: str,
    ) -> None:
        conn.execute(
            sa.update(self.t_datasets)
            .where(self.t_datasets.c.name == dataset)
            .values(active_version_id=version_id, updated_at=now)
        )
        conn.execute(
            self.t_audit.insert().values(
                at=now,
                user_name=user,
                action=action,
                dataset=dataset,
                version_id=version_id,
                previous_version_id=previous,
                file_name=file_name,
                sha256=digest,
                row_count=rows,
                note=note,
            )
        )


__all__ = ["Account", "AccountExists", "AuditEntry", "SignInAttempt", "Store", "Version", "merge_by_key", "open_store"]


class AlreadySeeded(RuntimeError):
    """Another process seeded this dataset first."""


def merge_by_key(schema: TableSchema, active: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """`incoming` merged into `active` by the schema's key: the active rows with a key in `incoming` give way,
    the others keep their order, `incoming` follows (keys compared as text)."""
    keys = list(schema.primary_key)
    replaced = pd.MultiIndex.from_frame(incoming[keys].astype(str))
    kept = active[~pd.MultiIndex.from_frame(active[keys].astype(str)).isin(replaced)]
    return pd.concat([kept, incoming], ignore_index=True)


def open_store(url: str | None = None) -> Store:
    """Open the store, apply migrations and seed the data package on first start."""
    store = Store(url)
    store.migrate()
    store.seed()
    return store
