"""Missing-value markers: the statistics office's `..`, `…`, `-` and `x` in a measure cell mean "not available"."""

from __future__ import annotations

import numpy as np

from kpis.problems import WARNING, Problem
from kpis.reading.messages import problem, ranges
from kpis.reading.result import Grid

MARKERS = frozenset({"..", "...", "\u2026", "-", "\u2013", "x", "X"})


def blank_markers(grid: Grid, columns: list[int], keep: np.ndarray, name: str) -> Problem | None:
    """Empty the marker cells of the measure columns (rows kept), in place: an empty measure cell is not available,
    never a type error; one notice with the rows, or None when there was no marker."""
    marked_rows: set[int] = set()
    count = 0
    for j in columns:
        col = grid.columns[j]
        stripped = np.array([str(v).strip() for v in col], dtype=object) if len(col) else col
        mask = np.isin(stripped, list(MARKERS)) & keep
        if mask.any():
            col = col.copy()
            col[mask] = ""
            grid.columns[j] = col
            count += int(mask.sum())
            marked_rows.update(grid.rows[mask].tolist())
    if not count:
        return None
    rows = sorted(marked_rows)
    return problem(
        "not_available", name=name, count=count, rows=ranges(rows), severity=WARNING, row=rows[0], value=count
    )
