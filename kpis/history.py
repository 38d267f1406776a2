"""A dataset's versions and the audit log as tables: canonical records (CLI JSON) and localised frames (pages)."""

from __future__ import annotations

import pandas as pd

from kpis.i18n import t
from kpis.store import SYSTEM_USER, AuditEntry, Version


def version_records(versions: list[Version]) -> list[dict]:
    """One record per version, newest first, with canonical English keys."""
    return [
        {
            "version": v.number,
            "version_id": v.id,
            "created_at": v.created_at,
            "user": v.created_by,
            "rows": v.row_count,
            "sha256": v.sha256,
            "file_name": v.file_name,
            "note": v.note,
            "active": v.active,
        }
        for v in versions
    ]


def audit_records(entries: list[AuditEntry]) -> list[dict]:
    """One record per audit entry, oldest first."""
    return [vars(e) for e in entries]


def who(name: str, lang: str) -> str:
    """A publisher as people read it: the data package's own seeding is 'system'."""
    return t("system_user", lang) if name == SYSTEM_USER else name


def versions_frame(versions: list[Version], lang: str) -> pd.DataFrame:
    """The versions as the update page shows them (localised headers, short hashes, the active one ticked)."""
    return pd.DataFrame(
        [
            {
                t("version", lang): r["version"],
                t("col_published", lang): r["created_at"],
                t("col_by", lang): who(r["user"], lang),
                t("rows", lang): r["rows"],
                t("file", lang): r["file_name"],
                "SHA-256": r["sha256"][:16],
                t("note", lang): r["note"],
                t("active", lang): "✓" if r["active"] else "",
            }
            for r in version_records(versions)
        ]
    )


def audit_frame(entries: list[AuditEntry], lang: str) -> pd.DataFrame:
    """The audit log as the update page shows it, newest first."""
    return pd.DataFrame(
        [
            {
                t("col_published", lang): e.at,
                t("col_by", lang): who(e.user, lang),
                t("action", lang): t(f"act_{e.action}", lang),
                t("version", lang): e.version_number,
                t("rows", lang): e.row_count,
                t("file", lang): e.file_name,
                "SHA-256": e.sha256[:16],
                t("note", lang): e.note,
            }
            for e in reversed(entries)
        ]
    )
