"""The store's versioned migrations, applied in order on open and recorded (never a drop and recreate), and the data
package's own: a table for each dataset added to the package, a column for each field added to a schema."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpis.store.records import now_iso

if TYPE_CHECKING:
    from kpis.store import Store


def apply(store: Store) -> None:
    """Apply the versioned migrations not yet applied (never drop and recreate)."""
    migrations = [
        partial(_migration_1, store),
        partial(_migration_2, store),
        partial(_migration_3, store),
        store._column_maps.create,
        partial(_migration_5, store),
    ]
    with store.writer.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several app servers may start at once: one migrates, the others wait and find it done.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
        store.t_migrations.create(conn, checkfirst=True)
        done = {r[0] for r in conn.execute(sa.select(store.t_migrations.c.version))}
        for number, migration in enumerate(migrations, start=1):
            if number not in done:
                migration(conn)
                conn.execute(store.t_migrations.insert().values(version=number, applied_at=now_iso()))
        _migrate_data_tables(store, conn)


def _migration_1(store: Store, conn: Connection) -> None:
    tables = [store.t_datasets, store.t_versions, store.t_audit, *store.data_tables.values()]
    store.meta.create_all(conn, tables=tables, checkfirst=True)


def _migration_2(store: Store, conn: Connection) -> None:
    store.t_users.create(conn, checkfirst=True)


def _migration_3(store: Store, conn: Connection) -> None:
    store.t_data_migrations.create(conn, checkfirst=True)


def _migration_5(store: Store, conn: Connection) -> None:
    """Versions as extents (issue 14), in place: each existing version is one extent of its own rows (what it
    stored); the data tables' version_id index gives way to an index on the dataset's key. No row moves."""
    store.meta.create_all(conn, tables=[store.t_extents, store.t_chunks], checkfirst=True)
    v, e = store.t_versions, store.t_extents
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
    for table in store.data_tables.values():
        if table.name not in existing:
            continue  # created whole by _migrate_data_tables
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        old = f"ix_{table.name}_version_id"  # redundant with the primary key (version_id, row_no)
        if old in indexes:
            conn.exec_driver_sql(f"DROP INDEX {quote(old)}")
        for index in table.indexes:
            if index.name not in indexes:
                index.create(conn)


def _migrate_data_tables(store: Store, conn: Connection) -> None:
    """The data package's migration, on every open: a table for each dataset added to the package and a column
    for each field added to a schema (its rows get the field's empty value), each change recorded; never a drop.
    """
    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names())
    for name, table in store.data_tables.items():
        if table.name not in existing:
            table.create(conn)
            _record_data_migration(store, conn, name, "create_table", "")
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
                _record_data_migration(store, conn, name, "add_column", column.name)


def _record_data_migration(store: Store, conn: Connection, dataset: str, change: str, column: str) -> None:
    conn.execute(
        store.t_data_migrations.insert().values(
            applied_at=now_iso(), dataset=dataset, change=change, column_name=column
        )
    )


def _fill_province_lists(conn: Connection, table: sa.Table) -> None:
    """Rows stored before their dataset kept a province list are on their year's list (they could be on no other
    then): engine.vintage_of, the 61 until 2003 … the 34 from 2025; the national row on none."""
    from kpis.engine import LIST_YEARS, NATIONAL, REFORM_YEAR

    c = table.c
    before = [(c.year <= last, vintage) for vintage, (_, last) in LIST_YEARS.items() if last and last < REFORM_YEAR]
    by_year = sa.case((c.year >= REFORM_YEAR, 34), *before, else_=63)
    conn.execute(table.update().where(c.province_code != NATIONAL, c.vintage.is_(None)).values(vintage=by_year))


def _add_column_sql(conn: Connection, table: sa.Table, column: sa.Column) -> str:
    """ALTER TABLE … ADD COLUMN with the value the existing rows take: '' for text (what a publish stores for an
    empty string), NULL for numbers (missing)."""
    quote = conn.dialect.identifier_preparer.quote
    sql_type = column.type.compile(dialect=conn.dialect)
    default = " DEFAULT ''" if isinstance(column.type, sa.Text) else ""
    return f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {sql_type}{default}"
