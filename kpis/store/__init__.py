"""The SQL store: every dataset as immutable versions with one active version, and an audit log.

SQLite file by default; any SQLAlchemy URL through KPIS_DB_URL. Readers key their caches by the
active version id (`active_versions()`, one cheap query), so a cache never serves stale data.
A publish or an activation is one transaction: readers see the old version or the new one.

A version lists its rows as extents of rows stored once (kpis.store.extents): a publish writes only the
rows no stored version holds, so a correction costs what it changes, and every version stays whole.
Why extents rather than validity intervals (added_in, removed_in): a rollback followed by a publish makes
the versions a tree, and a version that names its own rows needs no lineage walk to be read; reading is
one ordered join over the primary key, the same index scan as before for a version written in one go.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kpis import DATA_DIR
from kpis.accounts import Account, AccountExists, Accounts, SignInAttempt
from kpis.column_maps import ColumnMaps
from kpis.schema import TableSchema, load_package, read_shipped
from kpis.store import extents as ext
from kpis.store.extents import Extent

DEFAULT_DB = Path(__file__).resolve().parents[2] / "var" / "kpis.sqlite"
SYSTEM_USER = "system"
_SQL_TYPES = {"integer": sa.BigInteger, "number": sa.Float, "string": sa.Text}
READ_CHUNK = 50_000  # rows typed at a time by Store.read
KEY_BATCH = 400  # keys (or chunk digests) looked up per query
KEY_INDEX_COLUMNS = 2  # the data tables' key index: the key's first two columns (a full-key index costs a third
# more to insert and 30% more space at 1M rows; the first two narrow a lookup to a year and a province)
MAX_EXTENTS = 1024  # a merge leaving more extents than this (+1 per 256 rows) rewrites the table as chunks


def default_url() -> str:
    """KPIS_DB_URL, else the embedded SQLite file under var/."""
    url = os.environ.get("KPIS_DB_URL", "").strip()
    if url:
        return url
    DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB}"


@dataclass(frozen=True)
class Version:
    """One immutable version of a dataset."""

    id: int
    dataset: str
    number: int
    created_at: str
    created_by: str
    note: str
    file_name: str
    sha256: str
    row_count: int
    active: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One change of a dataset's active version."""

    id: int
    at: str
    user: str
    action: str
    dataset: str
    version_id: int
    version_number: int
    previous_version_id: int | None
    file_name: str
    sha256: str
    row_count: int
    note: str


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        self.t_migrations = sa.Table(
            "schema_migrations",
            self.meta,
            sa.Column("version", sa.Integer, primary_key=True),
            sa.Column("applied_at", sa.Text, nullable=False),
        )
        self.t_datasets = sa.Table(
            "datasets",
            self.meta,
            sa.Column("name", sa.String(64), primary_key=True),
            sa.Column("active_version_id", sa.Integer, nullable=True),
            sa.Column("updated_at", sa.Text, nullable=False),
        )
        self.t_versions = sa.Table(
            "versions",
            self.meta,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("dataset", sa.String(64), sa.ForeignKey("datasets.name"), nullable=False),
            sa.Column("number", sa.Integer, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("note", sa.Text, nullable=False, default=""),
            sa.Column("file_name", sa.Text, nullable=False, default=""),
            sa.Column("sha256", sa.String(64), nullable=False),
            sa.Column("row_count", sa.Integer, nullable=False),
            sa.UniqueConstraint("dataset", "number", name="uq_versions_dataset_number"),
        )
        self.t_audit = sa.Table(
            "audit_log",
            self.meta,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("at", sa.Text, nullable=False),
            sa.Column("user_name", sa.Text, nullable=False),
            sa.Column("action", sa.String(16), nullable=False),
            sa.Column("dataset", sa.String(64), nullable=False),
            sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
            sa.Column("previous_version_id", sa.Integer, nullable=True),
            sa.Column("file_name", sa.Text, nullable=False, default=""),
            sa.Column("sha256", sa.String(64), nullable=False, default=""),
            sa.Column("row_count", sa.Integer, nullable=False),
            sa.Column("note", sa.Text, nullable=False, default=""),
        )
        self.t_users = sa.Table(
            "users",
            self.meta,
            sa.Column("name", sa.String(64), primary_key=True),
            sa.Column("password_hash", sa.Text, nullable=False),
            sa.Column("role", sa.String(16), nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
            sa.Column("locked_until", sa.Float, nullable=True),
        )
        self.t_data_migrations = sa.Table(
            "data_table_migrations",
            self.meta,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("applied_at", sa.Text, nullable=False),
            sa.Column("dataset", sa.String(64), nullable=False),
            sa.Column("change", sa.String(16), nullable=False),
            sa.Column("column_name", sa.Text, nullable=False, default=""),
        )
        self.t_extents = sa.Table(
            "version_extents",
            self.meta,
            sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("source_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
            sa.Column("row_lo", sa.Integer, nullable=False),
            sa.Column("row_hi", sa.Integer, nullable=False),
            sa.Column("start", sa.Integer, nullable=False),  # the extent's first row's place in the version
            sa.PrimaryKeyConstraint("version_id", "seq", name="pk_version_extents"),
        )
        self.t_chunks = sa.Table(
            "row_chunks",
            self.meta,
            sa.Column("dataset", sa.String(64), nullable=False),
            sa.Column("digest", sa.String(64), nullable=False),
            sa.Column("source_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
            sa.Column("row_lo", sa.Integer, nullable=False),
            sa.Column("row_hi", sa.Integer, nullable=False),
            sa.PrimaryKeyConstraint("dataset", "digest", name="pk_row_chunks"),
        )
        self.data_tables = {name: self._data_table(schema) for name, schema in self.schemas.items()}
        self._accounts = Accounts(self.t_users, self.engine, self.writer)
        self._column_maps = ColumnMaps(self.meta, self.engine, self.writer)

    def _data_table(self, schema: TableSchema) -> sa.Table:
        # version_id: the version that wrote the row (and first held it); row_no: its place among those rows.
        cols = [
            sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
            sa.Column("row_no", sa.Integer, nullable=False),
        ]
        cols += [sa.Column(f.name, _SQL_TYPES[f.type], nullable=True) for f in schema.fields]
        return sa.Table(
            f"data_{schema.name}",
            self.meta,
            *cols,
            sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_data_{schema.name}"),
            # Store.merge finds the stored rows of a file's keys by their first KEY_INDEX_COLUMNS (a year and a
            # province: a few thousand rows at most), then compares whole keys as merge_by_key does.
            sa.Index(f"ix_data_{schema.name}_key", *schema.primary_key[:KEY_INDEX_COLUMNS]),
        )

    # -- schema and seeding -------------------------------------------------------------------

    def migrate(self) -> None:
        """Apply the versioned migrations not yet applied (never drop and recreate)."""
        migrations = [
            self._migration_1,
            self._migration_2,
            self._migration_3,
            self._column_maps.create,
            self._migration_5,
        ]
        with self.writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Several app servers may start at once: one migrates, the others wait and find it done.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
            self.t_migrations.create(conn, checkfirst=True)
            done = {r[0] for r in conn.execute(sa.select(self.t_migrations.c.version))}
            for number, migration in enumerate(migrations, start=1):
                if number not in done:
                    migration(conn)
                    conn.execute(self.t_migrations.insert().values(version=number, applied_at=now_iso()))
            self._migrate_data_tables(conn)

    def _migration_1(self, conn: Connection) -> None:
        tables = [self.t_datasets, self.t_versions, self.t_audit, *self.data_tables.values()]
        self.meta.create_all(conn, tables=tables, checkfirst=True)

    def _migration_2(self, conn: Connection) -> None:
        self.t_users.create(conn, checkfirst=True)

    def _migration_3(self, conn: Connection) -> None:
        self.t_data_migrations.create(conn, checkfirst=True)

    def _migration_5(self, conn: Connection) -> None:
        """Versions as extents (issue 14), in place: each existing version is one extent of its own rows (what it
        stored); the data tables' version_id index gives way to an index on the dataset's key. No row moves."""
        self.meta.create_all(conn, tables=[self.t_extents, self.t_chunks], checkfirst=True)
        v, e = self.t_versions, self.t_extents
        have = sa.select(e.c.version_id).where(e.c.version_id == v.c.id)
        conn.execute(
            e.insert().from_select(
                ["version_id", "seq", "source_id", "row_lo", "row_hi", "start"],
                sa.select(v.c.id, sa.literal(0), v.c.id, sa.literal(0), v.c.row_count, sa.literal(0)).where(
                    v.c.row_count > 0, ~sa.exists(have)
                ),
            )
        )
        inspector = sa.inspect(conn)
        existing = set(inspector.get_table_names())
        quote = conn.dialect.identifier_preparer.quote
        for table in self.data_tables.values():
            if table.name not in existing:
                continue  # created whole by _migrate_data_tables
            indexes = {i["name"] for i in inspector.get_indexes(table.name)}
            old = f"ix_{table.name}_version_id"  # redundant with the primary key (version_id, row_no)
            if old in indexes:
                conn.exec_driver_sql(f"DROP INDEX {quote(old)}")
            for index in table.indexes:
                if index.name not in indexes:
                    index.create(conn)

    def _migrate_data_tables(self, conn: Connection) -> None:
        """The data package's migration, on every open: a table for each dataset added to the package and a column
        for each field added to a schema (its rows get the field's empty value), each change recorded; never a drop.
        """
        inspector = sa.inspect(conn)
        existing = set(inspector.get_table_names())
        for name, table in self.data_tables.items():
            if table.name not in existing:
                table.create(conn)
                self._record_data_migration(conn, name, "create_table", "")
                continue
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have:
                    conn.exec_driver_sql(_add_column_sql(conn, table, column))
                    if (
                        column.name == "vintage"
                        and isinstance(column.type, sa.Integer)
                        and {"year", "province_code"} <= set(table.c.keys())
                    ):
                        _fill_province_lists(conn, table)
                    self._record_data_migration(conn, name, "add_column", column.name)

    def _record_data_migration(self, conn: Connection, dataset: str, change: str, column: str) -> None:
        conn.execute(
            self.t_data_migrations.insert().values(
                applied_at=now_iso(), dataset=dataset, change=change, column_name=column
            )
        )

    def seed(self, data_dir: Path = DATA_DIR) -> list[Version]:
        """Publish version 1 of every dataset that has no version yet, from the shipped data package."""
        seeded = []
        have = set(self.active_versions())
        for name, schema in self.schemas.items():
            if name in have:
                continue
            path = data_dir / schema.path.name
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            frame = read_shipped(schema, path)
            try:
                seeded.append(
                    self.publish(
                        name,
                        frame,
                        user=SYSTEM_USER,
                        note="data package",
                        file_name=path.name,
                        sha256=digest,
                        action="seed",
                        only_if_empty=True,
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
            return [_version(r, active) for r in rows]

    def version(self, version_id: int) -> Version:
        v = self.t_versions
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(v).where(v.c.id == version_id)).mappings().first()
        if row is None:
            raise KeyError(f"no version {version_id}")
        return _version(row, self.active_versions().get(row["dataset"]))

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
        only_if_empty: bool = False,
    ) -> Version:
        """Store `frame` as a new version and make it active, atomically, with its audit entry.

        Rows are written only for the chunks of `frame` no stored version holds (kpis.store.extents): publishing
        a table with a few rows changed writes those rows' chunks, the rest is shared."""
        schema = self.schemas[dataset]
        canonical = schema.coerce(frame)
        digest = sha256 or frame_sha256(canonical)
        chunks = _Chunks.of(canonical)  # hashing outside the lock: publishers of the dataset wait less
        now = now_iso()
        meta = _Meta(user, action, note, file_name, digest, now)
        with self.writer.begin() as conn:
            current = self._lock_dataset(conn, dataset, now)
            if only_if_empty and current is not None:
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
        meta = _Meta(user, action, note, file_name, digest, now)
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
                version_id = self._write_table(conn, dataset, merged, _Chunks.of(merged), current, meta)
            else:
                version_id = self._new_version(conn, dataset, meta, ext.row_count(kept) + len(incoming))
                added = [Extent(version_id, 0, len(incoming))]
                self._write(conn, dataset, version_id, incoming, ext.coalesce(kept + added), [], current, meta)
        return self.version(version_id)

    def _write_table(
        self, conn: Connection, dataset: str, canonical: pd.DataFrame, chunks: _Chunks, current: int | None, meta: _Meta
    ) -> int:
        """A new version holding `canonical`, its stored chunks referred to and the others written."""
        version_id = self._new_version(conn, dataset, meta, len(canonical))
        plan = ext.plan(chunks.ends, chunks.digests, self._known_chunks(conn, dataset, chunks.digests), version_id)
        rows = canonical if len(plan.write) == len(canonical) else canonical.take(plan.write)
        self._write(conn, dataset, version_id, rows, plan.extents, plan.chunks, current, meta)
        return version_id

    def _new_version(self, conn: Connection, dataset: str, meta: _Meta, row_count: int) -> int:
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
        meta: _Meta,
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


__all__ = [
    "Account",
    "AccountExists",
    "AuditEntry",
    "SignInAttempt",
    "Store",
    "Version",
    "merge_by_key",
    "open_store",
]


class AlreadySeeded(RuntimeError):
    """Another process seeded this dataset first."""


@dataclass(frozen=True)
class _Meta:
    """What a publish records about itself (the version row and the audit entry)."""

    user: str
    action: str
    note: str
    file_name: str
    digest: str
    now: str


@dataclass(frozen=True)
class _Chunks:
    """A canonical table's content-defined chunks: their end offsets and digests."""

    ends: np.ndarray
    digests: list[str]

    @classmethod
    def of(cls, canonical: pd.DataFrame) -> _Chunks:
        hashes = ext.row_hashes(canonical)
        ends = ext.chunk_ends(hashes[:, 0])
        return cls(ends, ext.chunk_digests(hashes, ends, list(canonical.columns)))


def merge_by_key(schema: TableSchema, active: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """`incoming` merged into `active` by the schema's key: the active rows with a key in `incoming` give way,
    the others keep their order, `incoming` follows (keys compared as text)."""
    keys = list(schema.primary_key)
    replaced = pd.MultiIndex.from_frame(incoming[keys].astype(str))
    kept = active[~pd.MultiIndex.from_frame(active[keys].astype(str)).isin(replaced)]
    return pd.concat([kept, incoming], ignore_index=True)


def _version(row, active: int | None) -> Version:
    return Version(
        id=row["id"],
        dataset=row["dataset"],
        number=row["number"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        note=row["note"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        row_count=row["row_count"],
        active=row["id"] == active,
    )


def _fill_province_lists(conn: Connection, table: sa.Table) -> None:
    """Rows stored before their dataset kept a province list are on their year's list (they could be on no other
    then): the 63 until 2024, the 34 from 2025; the national row on none."""
    from kpis.engine import NATIONAL, REFORM_YEAR

    c = table.c
    conn.execute(
        table.update()
        .where(c.province_code != NATIONAL, c.vintage.is_(None))
        .values(vintage=sa.case((c.year >= REFORM_YEAR, 34), else_=63))
    )


def _add_column_sql(conn: Connection, table: sa.Table, column: sa.Column) -> str:
    """ALTER TABLE … ADD COLUMN with the value the existing rows take: '' for text (what a publish stores for an
    empty string), NULL for numbers (missing)."""
    quote = conn.dialect.identifier_preparer.quote
    sql_type = column.type.compile(dialect=conn.dialect)
    default = " DEFAULT ''" if isinstance(column.type, sa.Text) else ""
    return f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {sql_type}{default}"


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


def open_store(url: str | None = None) -> Store:
    """Open the store, apply migrations and seed the data package on first start."""
    store = Store(url)
    store.migrate()
    store.seed()
    return store
