"""Years as rows: the office's national tables "chia theo Cach tinh, Nam va Phan to" (issue 10, classes 2 and 15).

The header names the breakdowns after blank cells; below it a group row holds the measure group with its unit
alone in the first column ("Ty le (%)"), then one row per year with a blank first cell and the year in the second
("2017", "So bo 2019"). The year column is the blank-headed column whose filled cells are all years; the group
rows are layout, not data; the table is the whole country's (it has no place column).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from kpis.reading.keys import is_preliminary_header, year_of_header

MIN_YEARS = 2  # one year under a blank header is not yet a column of years


def year_rows_column(header: Sequence[str], cells_of: Callable[[int], Sequence[str]]) -> int | None:
    """The column of years under a blank header cell before the first labelled one (`cells_of(j)`: the cells below
    the header in column j), or None: a header that names a year, or no such column."""
    if any(year_of_header(c) is not None for c in header if str(c).strip()):
        return None
    stub = 0
    while stub < len(header) and not str(header[stub]).strip():
        stub += 1
    if stub == len(header):
        return None
    for j in range(stub):
        filled = [str(c).strip() for c in cells_of(j) if str(c).strip()]
        if len(filled) >= MIN_YEARS and all(year_of_header(c) is not None for c in filled):
            return j
    return None


def group_rows(columns: list[np.ndarray], year_column: int, keep: np.ndarray) -> np.ndarray:
    """Positions (among the rows kept) of the group rows: no year, one filled cell (the measure group and its unit)."""
    positions = np.flatnonzero(keep)
    if not len(positions):
        return positions
    no_year = np.array([not str(columns[year_column][i]).strip() for i in positions], dtype=bool)
    filled = np.array([sum(1 for col in columns if str(col[i]).strip()) for i in positions])
    return positions[no_year & (filled == 1)]


def year_cells(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The years of year cells as the office writes them ("So bo 2019", "2019 (*)") and which are preliminary; a
    cell that is no year is kept as written (validation names it)."""
    years = [year_of_header(str(v)) for v in values]
    out = np.array([str(y) if y is not None else v for v, y in zip(values, years, strict=True)], dtype=object)
    preliminary = np.array(
        [y is not None and is_preliminary_header(str(v)) for v, y in zip(values, years, strict=True)], dtype=bool
    )
    return out, preliminary
