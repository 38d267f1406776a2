"""File-level metadata of an upload: what the analyst says about the whole file (issue 10, classes 5, 11, 12).

Real tables from the statistics office carry no Source or Value type column and often no unit; their headers
need not be the schema's. The analyst gives defaults (CLI `--source`, `--value-type`, `--unit`, `--map`; the
upload page's fields): a column in the file always wins over a default.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from kpis.engine import VALUE_TYPES
from kpis.reading import ReadResult, normalise_key
from kpis.schema import TableSchema

UNITS = ("thousand", "unit", "percent")  # what a file's counts are in; "unit" = as the schema (persons)
SCALE = {"thousand": 1000, "unit": 1, "percent": 1}
COUNT_UNITS = frozenset({"persons"})  # schema units a "thousand" table is converted to
# A "Nguồn: ..." / "Source: ..." line above or below the table.
_SOURCE_LINE = re.compile(r"^\W*(?:nguồn(?: số liệu)?|source)\s*:\s*(.+?)\s*$", re.IGNORECASE)


class MetadataError(ValueError):
    """A default the analyst gave that cannot apply (unknown value type, unit, field)."""


@dataclass(frozen=True)
class FileDefaults:
    """What the analyst says about the whole file; empty means nothing said."""

    source: str = ""
    value_type: str = ""
    unit: str = ""
    column_map: tuple[tuple[str, str], ...] = field(default=())  # (header as in the file, field or "" for none)

    def check(self, schema: TableSchema) -> None:
        if self.value_type and self.value_type not in VALUE_TYPES:
            raise MetadataError(f"value type {self.value_type!r}: one of {', '.join(VALUE_TYPES)}")
        if self.unit and self.unit not in UNITS:
            raise MetadataError(f"unit {self.unit!r}: one of {', '.join(UNITS)}")
        for header, name in self.column_map:
            if name and name not in schema.names:
                raise MetadataError(f"--map {header}={name}: {schema.name} has no field {name!r} ({schema.names})")


def parse_map(items: list[str] | None) -> tuple[tuple[str, str], ...]:
    """`HEADER=field` strings (the CLI's --map) to pairs; `HEADER=` maps the column to nothing."""
    out = []
    for item in items or ():
        header, sep, name = item.rpartition("=")
        if not sep or not header.strip():
            raise MetadataError(f"--map {item!r}: expected HEADER=field (or HEADER= for none)")
        out.append((header.strip(), name.strip()))
    return tuple(out)


def mapped_schema(schema: TableSchema, column_map) -> TableSchema:
    """The schema with each mapped header as an alias of its field (and of no other field).

    Header matching goes through the schema's aliases, so the map takes effect wherever headers are matched."""
    if not column_map:
        return schema
    keys = {normalise_key(h): name for h, name in column_map}
    fields = []
    for f in schema.fields:
        aliases = tuple(a for a in f.aliases if normalise_key(a) not in keys)
        aliases += tuple(h for h, name in column_map if name == f.name)
        fields.append(dataclasses.replace(f, aliases=aliases))
    return dataclasses.replace(schema, fields=tuple(fields))


def drop_unmapped(read: ReadResult, column_map) -> None:
    """Leave out the columns the analyst mapped to nothing (`HEADER=`), whatever field they matched."""
    none = {normalise_key(h) for h, name in column_map if not name}
    for name, header in list(read.columns.items()):
        if normalise_key(header) in none and name in read.table:
            del read.table[name]  # in place: the read result keeps its table
            read.columns.pop(name)
            read.cell_columns.pop(name, None)


def source_line(data: bytes) -> str:
    """The text of a `Nguồn:` / `Source:` line in the first or last lines of a text file ('' if none)."""
    try:
        text = data[:200_000].decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    lines = text.splitlines()
    for line in lines[:30] + lines[-30:]:
        cell = line.strip().strip('"').split('","')[0].strip(' ";,\t')
        m = _SOURCE_LINE.match(cell)
        if m:
            return m.group(1).strip(' ";,')
    return ""


def lacks(read: ReadResult, name: str) -> bool:
    """Whether some rows of the read file have no `name`: no such column, or empty cells (a wide table of the
    statistics office marks its preliminary year and says nothing of the others)."""
    if name not in read.table:
        return True
    cells = read.table[name]
    return bool((cells.isna() | (cells.astype(str).str.strip() == "")).any())


def apply_defaults(read: ReadResult, schema: TableSchema, defaults: FileDefaults) -> None:
    """Source and value type from the defaults for rows without one: the file has no such column, or the row's
    cell is empty (a preliminary year's rows the reader marked keep theirs: a value in the file wins)."""
    for name, value in (("source", defaults.source), ("value_type", defaults.value_type)):
        if not value or name not in schema.names:
            continue
        if name not in read.table:
            read.table[name] = value
            read.columns[name] = f"--{name.replace('_', '-')}"
        else:
            cells = read.table[name]
            read.table[name] = cells.where(cells.notna() & (cells.astype(str).str.strip() != ""), value)


def scales(schema: TableSchema, unit: str) -> dict[str, int]:
    """The factor each count field is multiplied by for a file in `unit` (thousands × 1,000 for persons)."""
    factor = SCALE.get(unit or "unit", 1)
    return {f.name: factor for f in schema.fields if f.unit in COUNT_UNITS} if factor != 1 else {}
