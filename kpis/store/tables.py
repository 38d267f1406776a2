"""The store's tables: its bookkeeping (migrations, datasets, versions and their extents, row chunks, the audit log,
accounts) and one data table per dataset of the package."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from kpis.schema import TableSchema

_SQL_TYPES = {"integer": sa.BigInteger, "number": sa.Float, "string": sa.Text}
KEY_INDEX_COLUMNS = 2  # the data tables' key index: the key's first two columns (a full-key index costs a third
# more to insert and 30% more space at 1M rows; the first two narrow a lookup to a year and a province)


@dataclass(frozen=True)
class Tables:
    """The bookkeeping tables, defined on one MetaData."""

    migrations: sa.Table
    datasets: sa.Table
    versions: sa.Table
    audit: sa.Table
    users: sa.Table
    data_migrations: sa.Table
    extents: sa.Table
    chunks: sa.Table


def define(meta: sa.MetaData) -> Tables:
    t_migrations = sa.Table(
        "schema_migrations",
        meta,
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", sa.Text, nullable=False),
    )
    t_datasets = sa.Table(
        "datasets",
        meta,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("active_version_id", sa.Integer, nullable=True),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    t_versions = sa.Table(
        "versions",
        meta,
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
    t_audit = sa.Table(
        "audit_log",
        meta,
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
    t_users = sa.Table(
        "users",
        meta,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
        sa.Column("locked_until", sa.Float, nullable=True),
    )
    t_data_migrations = sa.Table(
        "data_table_migrations",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("applied_at", sa.Text, nullable=False),
        sa.Column("dataset", sa.String(64), nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("column_name", sa.Text, nullable=False, default=""),
    )
    t_extents = sa.Table(
        "version_extents",
        meta,
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("row_lo", sa.Integer, nullable=False),
        sa.Column("row_hi", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),  # the extent's first row's place in the version
        sa.PrimaryKeyConstraint("version_id", "seq", name="pk_version_extents"),
    )
    t_chunks = sa.Table(
        "row_chunks",
        meta,
        sa.Column("dataset", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("row_lo", sa.Integer, nullable=False),
        sa.Column("row_hi", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("dataset", "digest", name="pk_row_chunks"),
    )
    return Tables(
        migrations=t_migrations,
        datasets=t_datasets,
        versions=t_versions,
        audit=t_audit,
        users=t_users,
        data_migrations=t_data_migrations,
        extents=t_extents,
        chunks=t_chunks,
    )


def data_table(meta: sa.MetaData, schema: TableSchema) -> sa.Table:
    """A dataset's rows: the version that wrote them, their place among its rows, the schema's fields."""
    # version_id: the version that wrote the row (and first held it); row_no: its place among those rows.
    cols = [
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("row_no", sa.Integer, nullable=False),
    ]
    cols += [sa.Column(f.name, _SQL_TYPES[f.type], nullable=True) for f in schema.fields]
    return sa.Table(
        f"data_{schema.name}",
        meta,
        *cols,
        sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_data_{schema.name}"),
        # Store.merge finds the stored rows of a file's keys by their first KEY_INDEX_COLUMNS (a year and a
        # province: a few thousand rows at most), then compares whole keys as merge_by_key does.
        sa.Index(f"ix_data_{schema.name}_key", *schema.primary_key[:KEY_INDEX_COLUMNS]),
    )
