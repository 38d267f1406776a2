"""What the store returns about its datasets' history: a version, an audit entry (immutable records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


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


def version_of_row(row, active: int | None) -> Version:
    """A versions row as a Version (active when its id is the dataset's active version)."""
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


@dataclass(frozen=True)
class PublishMeta:
    """What a publish records about itself (the version row and the audit entry)."""

    user: str
    action: str
    note: str
    file_name: str
    digest: str
    now: str
