"""The data package's declared Table Schemas: the single source of truth for typing and validation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from kpis import DATA_DIR

FIELD_TYPES = {"integer", "number", "string"}


@dataclass(frozen=True)
class Field:
    """One column of a table schema."""

    name: str
    type: str
    titles: dict[str, str]
    description: str = ""
    unit: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple = ()
    pattern: str | None = None
    aliases: tuple[str, ...] = ()
    enum_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hierarchy: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (value, the values it is the sum of)
    plausible_minimum: float | None = None  # below it a value is taken for a unit not stated (thousands read as ones)

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.name


@dataclass(frozen=True)
class TableSchema:
    """A dataset's schema: fields, keys and business rules."""

    name: str
    path: Path
    titles: dict[str, str]
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict, ...] = ()
    rules: tuple[dict, ...] = field(default=())
    uploadable: bool = False  # analysts publish it (the package's `uploadable` property of the resource)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}: no field {name!r}")

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.name

    def coerce(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the schema's columns in order with canonical dtypes (Int64, float64, str with '' for empty)."""
        out = pd.DataFrame(index=frame.index)
        for f in self.fields:
            col = frame[f.name] if f.name in frame.columns else pd.Series([None] * len(frame), index=frame.index)
            if f.type == "integer":
                out[f.name] = col if col.dtype == "Int64" else pd.to_numeric(col, errors="raise").astype("Int64")
            elif f.type == "number":
                out[f.name] = col if col.dtype == "float64" else pd.to_numeric(col, errors="raise").astype("float64")
            elif col.dtype == "str" and not col.hasnans:  # already canonical (a published frame)
                out[f.name] = col
            else:
                out[f.name] = col.astype(object).where(col.notna(), "").astype(str)
        return out.reset_index(drop=True)


def _field(spec: dict, schema_name: str) -> Field:
    if spec.get("type") not in FIELD_TYPES:
        raise ValueError(f"schema {schema_name}: field {spec.get('name')!r} has unknown type {spec.get('type')!r}")
    c = spec.get("constraints", {})
    return Field(
        name=spec["name"],
        type=spec["type"],
        titles=spec.get("titles", {}),
        description=spec.get("description", ""),
        unit=spec.get("unit", ""),
        required=bool(c.get("required", False)),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        enum=tuple(c.get("enum", ())),
        pattern=c.get("pattern"),
        aliases=tuple(spec.get("aliases", ())),
        enum_aliases=tuple((k, tuple(v)) for k, v in spec.get("enumAliases", {}).items()),
        hierarchy=tuple((k, tuple(v)) for k, v in spec.get("hierarchy", {}).items()),
        plausible_minimum=spec.get("plausibleMinimum"),
    )


@cache
def load_package(data_dir: Path = DATA_DIR) -> dict[str, TableSchema]:
    """Load datapackage.json and every resource's schema, failing loudly on an inconsistency."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    schemas: dict[str, TableSchema] = {}
    for res in package["resources"]:
        spec = json.loads((data_dir / res["schema"]).read_text(encoding="utf-8"))
        if spec["name"] != res["name"]:
            raise ValueError(f"{res['schema']}: name {spec['name']!r} differs from resource {res['name']!r}")
        fields = tuple(_field(f, spec["name"]) for f in spec["fields"])
        names = {f.name for f in fields}
        missing = [k for k in spec["primaryKey"] if k not in names]
        if missing:
            raise ValueError(f"schema {spec['name']}: primary key names unknown fields {missing}")
        schemas[res["name"]] = TableSchema(
            name=res["name"],
            path=data_dir / res["path"],
            titles=spec.get("titles", {}),
            fields=fields,
            primary_key=tuple(spec["primaryKey"]),
            foreign_keys=tuple(spec.get("foreignKeys", ())),
            rules=tuple(spec.get("rules", ())),
            uploadable=_uploadable(res),
        )
    return schemas


def _uploadable(resource: dict) -> bool:
    value = resource.get("uploadable", False)
    if not isinstance(value, bool):
        raise TypeError(f"datapackage.json: resource {resource['name']!r}: 'uploadable' must be true or false")
    return value


def uploadable(data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """The datasets analysts publish, in package order (the rest are reference lists that come with the code)."""
    return tuple(name for name, schema in load_package(data_dir).items() if schema.uploadable)


def read_shipped(schema: TableSchema, path: Path | None = None) -> pd.DataFrame:
    """Read a shipped CSV of the data package (or a CSV in its exact form) with its declared types."""
    raw = pd.read_csv(path or schema.path, dtype=str, keep_default_na=False, encoding="utf-8")
    raw = raw.replace("", None)
    return schema.coerce(raw)
