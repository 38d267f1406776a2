"""Wide tables (one column per year): the measure their year cells hold, and melting them to one row a cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kpis.reading.dimensions import NATIONAL, PLACE_FIELD, key_fields, split_header
from kpis.reading.result import Grid
from kpis.schema import TableSchema

if TYPE_CHECKING:
    from kpis.reading.columns import Mapping


def wide_measure(schema: TableSchema, fields: dict[str, int]) -> str | None:
    """The one numeric measure a wide table's year columns hold, or None when that is ambiguous."""
    measures = [
        f
        for f in schema.fields
        if f.type in ("integer", "number")
        and f.name not in schema.primary_key
        and "year" not in f.name
        and not f.name.startswith("valid_")
    ]
    if not measures or any(f.name in fields for f in measures):
        return None
    required = [f for f in measures if f.required]
    if len(required) == 1:
        return required[0].name
    return measures[0].name if not required else None


def melt(
    grid: Grid,
    mapping: Mapping,
    keep: np.ndarray,
    data: dict[str, np.ndarray],
    number_cells: dict[str, np.ndarray],
    cell_columns: dict[str, list[str]],
    columns: dict[str, str],
    mark_preliminary: bool = False,
) -> np.ndarray:
    """One row per (file row, non-empty year cell), in file order; returns the melted rows' file row numbers."""
    js = [j for j, _ in mapping.year_cols]
    values = np.stack([grid.columns[j][keep] for j in js], axis=1) if js else np.empty((0, 0), dtype=object)
    filled = (
        np.vectorize(lambda v: bool(v.strip()), otypes=[bool])(values)
        if values.size
        else np.zeros(values.shape, dtype=bool)
    )
    # Row-major: file row, then year column, as the user reads the table.
    row_at, year_at = np.nonzero(filled)
    for fname in list(data):
        data[fname] = data[fname][row_at]
        if fname in number_cells:
            number_cells[fname] = number_cells[fname][row_at]
    headers = np.array([grid.header[j] for j in js], dtype=object)
    years = np.array([str(y) for _, y in mapping.year_cols], dtype=object)
    data[mapping.measure] = values[row_at, year_at] if values.size else np.empty(0, dtype=object)
    data["year"] = years[year_at]
    if grid.number_cells is not None:
        numbers = np.stack([grid.number_cells[j][keep] for j in js], axis=1)
        number_cells[mapping.measure] = numbers[row_at, year_at]
    cell_columns[mapping.measure] = headers[year_at].tolist()
    if mapping.preliminary and mark_preliminary:
        # A preliminary year's cells carry the value type 'preliminary' (a value type the row states wins).
        flagged = np.array([j in mapping.preliminary for j in js], dtype=bool)[year_at]
        stated = data.get("value_type")
        if stated is None:
            stated = np.full(len(year_at), "", dtype=object)
            cell_columns["value_type"] = headers[year_at].tolist()
            columns["value_type"] = ", ".join(grid.header[j].strip() for j in sorted(mapping.preliminary))
        empty = np.array([not str(v).strip() for v in stated], dtype=bool)
        data["value_type"] = np.where(flagged & empty, "preliminary", stated).astype(object)
    cell_columns["year"] = headers[year_at].tolist()
    joined = ", ".join(grid.header[j].strip() for j in js)
    columns[mapping.measure] = joined
    columns["year"] = joined
    return grid.rows[keep][row_at]


def melt_cells(
    grid: Grid,
    mapping: Mapping,
    keep: np.ndarray,
    data: dict[str, np.ndarray],
    number_cells: dict[str, np.ndarray],
    cell_columns: dict[str, list[str]],
    columns: dict[str, str],
    schema: TableSchema,
) -> tuple[np.ndarray, dict[str, set[str | None]]]:
    """A table of two dimensions to one row per (file row, year, key values), each cell in its measure's column;
    for indicators as rows, one row per (year, key values) of the whole country. Returns the rows' file row numbers
    and the units stated for each measure."""
    kept = np.flatnonzero(keep)
    sources: list[tuple[int, int, int, bool, str, tuple, str | None, int, str, str]] = []
    if mapping.indicators is not None:
        for k, i in enumerate(kept):
            if (t := mapping.indicators.get(int(i))) is None or t.measure is None:
                continue
            label = str(grid.columns[0][i]).strip()
            for c in mapping.cells:
                text = f"{label} | {grid.header[c.column].strip()}"
                sources.append((k, c.column, c.year, c.preliminary, t.measure, t.keys, t.unit, 0, text, label))
    else:
        for k in range(len(kept)):
            for c in mapping.cells:
                text = grid.header[c.column].strip()
                label = split.label if (split := split_header(text)) else text
                sources.append((k, c.column, c.year, c.preliminary, c.measure, c.keys, c.unit, k, text, label))
    out: list[dict] = []
    slots: dict[tuple, int] = {}
    seen: dict[tuple, int] = {}
    units: dict[str, set[str | None]] = {}
    for k, j, year, preliminary, measure, keys, unit, group, text, _label in sources:
        value = grid.columns[j][kept[k]]
        if not str(value).strip():
            continue
        base = (group, year, keys)
        n = seen.get((base, measure), 0)  # a measure twice for one key: another row (validation names it)
        seen[(base, measure)] = n + 1
        slot = slots.setdefault((base, n), len(out))
        if slot == len(out):
            out.append({"k": k, "year": year, "keys": dict(keys), "preliminary": False, "cells": {}, "text": text})
        row = out[slot]
        row["preliminary"] = row["preliminary"] or preliminary
        number = bool(grid.number_cells[j][kept[k]]) if grid.number_cells is not None else False
        row["cells"][measure] = (value, number, text)
        units.setdefault(measure, set()).add(unit)
    at = np.array([r["k"] for r in out], dtype=np.int64)
    for fname in list(data):
        data[fname] = data[fname][at]
        if fname in number_cells:
            number_cells[fname] = number_cells[fname][at]
    texts = [r["text"] for r in out]
    data["year"] = np.array([str(r["year"]) for r in out], dtype=object)
    cell_columns["year"] = texts
    for measure in units:
        data[measure] = np.array([r["cells"].get(measure, ("",))[0] for r in out], dtype=object)
        if grid.number_cells is not None:
            number_cells[measure] = np.array([r["cells"].get(measure, ("", False))[1] for r in out], dtype=bool)
        cell_columns[measure] = [r["cells"].get(measure, ("", False, r["text"]))[2] for r in out]
        columns[measure] = ", ".join(dict.fromkeys(s[9] for s in sources if s[4] == measure))
    columns["year"] = ", ".join(dict.fromkeys(grid.header[s[1]].strip() for s in sources))
    for f in key_fields(schema):
        if f.name in data:
            continue
        default = "total" if "total" in f.enum else ""  # a table without this breakdown holds its total
        if default or any(f.name in r["keys"] for r in out):
            data[f.name] = np.array([r["keys"].get(f.name, default) for r in out], dtype=object)
            columns[f.name] = columns["year"]
            cell_columns[f.name] = texts
    if mapping.national and PLACE_FIELD not in data:
        data[PLACE_FIELD] = np.full(len(out), NATIONAL, dtype=object)
        columns[PLACE_FIELD] = NATIONAL
    if "value_type" in schema.names and any(r["preliminary"] for r in out):
        stated = data.get("value_type")
        if stated is None:
            stated = np.full(len(out), "", dtype=object)
            cell_columns["value_type"] = texts
            columns["value_type"] = ", ".join(dict.fromkeys(grid.header[s[1]].strip() for s in sources if s[3]))
        flagged = np.array([r["preliminary"] for r in out], dtype=bool)
        empty = np.array([not str(v).strip() for v in stated], dtype=bool)
        data["value_type"] = np.where(flagged & empty, "preliminary", stated).astype(object)
    return grid.rows[kept][at], units
