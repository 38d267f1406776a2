"""Descriptions of the datasets for the Data & sources page: value types, sources, fields."""

from __future__ import annotations

import pandas as pd

from kpis.engine import VALUE_TYPES
from kpis.history import who
from kpis.i18n import t, value_type_label
from kpis.schema import TableSchema
from kpis.store import Store, Version


def active_versions(store: Store) -> dict[str, Version]:
    """{dataset: its active version}, in the data package's order."""
    active = store.active_versions()
    return {name: store.version(active[name]) for name in store.schemas if name in active}


def dataset_records(versions: dict[str, Version]) -> list[dict]:
    """One record per dataset with its active version (canonical keys: the CLI's JSON, the page's table)."""
    return [
        {
            "dataset": name,
            "active_version": v.number,
            "version_id": v.id,
            "rows": v.row_count,
            "created_at": v.created_at,
            "created_by": v.created_by,
        }
        for name, v in versions.items()
    ]


def dataset_summary(
    schemas: dict[str, TableSchema], value_types: dict[str, dict[str, int]], versions: dict[str, Version], lang: str
) -> pd.DataFrame:
    """One row per dataset: name, title, active version, rows, value types, when and by whom it was published."""
    return pd.DataFrame(
        [
            {
                "dataset": r["dataset"],
                "title": schemas[r["dataset"]].title(lang),
                "version": r["active_version"],
                "rows": r["rows"],
                "value_types": ", ".join(
                    f"{value_type_label(k, lang)} {n}" for k, n in value_types[r["dataset"]].items()
                ),
                "published": r["created_at"].replace("T", " ").replace("+00:00", " UTC"),
                "by": who(r["created_by"], lang),
            }
            for r in dataset_records({name: versions[name] for name in schemas})
        ]
    )


def cell_counts(frame: pd.DataFrame, column: str) -> pd.Series:
    """Rows per distinct cell of a column (missing cells left out), as Store.count_rows counts them in SQL."""
    if column not in frame.columns:
        return pd.Series(dtype="int64")
    return frame[column].value_counts()


def value_type_counts(cells: pd.Series) -> dict[str, int]:
    """Rows per value type, in the order of VALUE_TYPES (actual first), from the rows per cell."""
    return {vt: int(cells[vt]) for vt in VALUE_TYPES if vt in cells.index}


def source_table(cells: pd.Series) -> pd.DataFrame:
    """Each distinct source (split on ' | ') with the number of rows that cite it, from the rows per cell."""
    # Each distinct cell is split once, weighted by its rows: a million rows cite a few hundred sources.
    parts = pd.DataFrame({"source": cells.index.str.split(r" \| "), "rows": cells.to_numpy()}).explode("source")
    parts["source"] = parts["source"].str.strip()
    parts = parts[parts["source"].notna() & (parts["source"] != "")]
    out = parts.groupby("source")["rows"].sum().reset_index()
    return out.sort_values(["rows", "source"], ascending=[False, True]).reset_index(drop=True)


def field_table(schema: TableSchema, lang: str) -> pd.DataFrame:
    """The schema's fields as a reader wants them: name, label, type, unit, constraints."""
    rows = []
    for f in schema.fields:
        rules = []
        if f.required:
            rules.append(t("rule_required", lang))
        if f.minimum is not None:
            rules.append(f"≥ {f.minimum}")
        if f.maximum is not None:
            rules.append(f"≤ {f.maximum}")
        if f.enum:
            rules.append(", ".join(str(e) for e in f.enum))
        rows.append(
            {
                "field": f.name,
                "label": f.title(lang),
                "type": t(f"type_{f.type}", lang),
                "unit": f.unit,
                "constraints": "; ".join(rules),
                "key": "✓" if f.name in schema.primary_key else "",
            }
        )
    return pd.DataFrame(rows)
