"""Wide tables (one column per year): the measure their year cells hold, and melting them to one row a cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
