"""What a new version changes against the active one: rows added, removed, and changed cell by cell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpis.schema import TableSchema

# Columns describing a figure rather than being it: a change there still shows, but is not a change of value.
META = {"source", "value_type", "note"}


@dataclass(frozen=True)
class Diff:
    """The change between two versions of one dataset."""

    added: pd.DataFrame  # rows of the new version whose key is new
    removed: pd.DataFrame  # rows of the old version whose key is gone
    changed: pd.DataFrame  # key columns + column, old, new: one row per changed cell
    unchanged: int
    years: list[int]
    provinces: list[str]

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty


def compare(schema: TableSchema, old: pd.DataFrame, new: pd.DataFrame) -> Diff:
    """Compare two canonical frames by the schema's primary key (vectorised)."""
    keys = list(schema.primary_key)
    values = [c for c in schema.names if c not in keys]
    merged = old.merge(new, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    added = merged[merged["_merge"] == "right_only"]
    removed = merged[merged["_merge"] == "left_only"]
    both = merged[merged["_merge"] == "both"]
    parts = []
    same = np.ones(len(both), dtype=bool)
    for col in values:
        a, b = both[f"{col}_old"], both[f"{col}_new"]
        differs = ~((a == b) | (a.isna() & b.isna())).fillna(False).to_numpy()
        same &= ~differs
        if differs.any():
            part = both.loc[differs, keys].copy()
            part["column"] = col
            part["old"] = a[differs].astype(object).where(a[differs].notna(), None).astype(str)
            part["new"] = b[differs].astype(object).where(b[differs].notna(), None).astype(str)
            parts.append(part)
    changed = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=keys + ["column", "old", "new"])
    touched = pd.concat([added[keys], removed[keys], changed[keys]], ignore_index=True)
    years = sorted(int(y) for y in touched["year"].dropna().unique()) if "year" in touched else []
    provinces = sorted(touched["province_code"].dropna().unique()) if "province_code" in touched else []

    def side(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
        cols = {f"{c}{suffix}": c for c in values}
        return frame[keys + list(cols)].rename(columns=cols).reset_index(drop=True)

    return Diff(
        added=side(added, "_new"),
        removed=side(removed, "_old"),
        changed=changed,
        unchanged=int(same.sum()),
        years=years,
        provinces=provinces,
    )
