"""What reading produces: the read result (public) and the grid of cells below the header (internal)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpis.problems import Problem


@dataclass
class ReadResult:
    """A file read as a raw table of strings, with where every row and column came from."""

    table: pd.DataFrame
    rows: list[int]
    columns: dict[str, str]
    cell_columns: dict[str, list[str]]
    decimal: str
    thousands: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    notices: list[Problem] = field(default_factory=list)
    # The header cells as written in the file, in order, and for each the field it matched ("" for none; the
    # province names column beside a code column is `province_name`); the year columns of a wide table.
    header: tuple[str, ...] = ()
    header_fields: tuple[str, ...] = ()
    year_columns: tuple[int, ...] = ()
    # The unit the file states for its counts of persons ("thousand", "unit"; "" when it states none or several).
    unit: str = ""


@dataclass
class Grid:
    """The rows below the header, one object array of str per file column, before mapping."""

    header: list[str]
    header_row: int
    columns: list[np.ndarray]
    rows: np.ndarray
    blank: np.ndarray
    title_rows: list[tuple[int, str]]
    problems: list[Problem]
    # XLSX: True where the cell holds a number (not text), written out with a "." decimal.
    number_cells: list[np.ndarray] | None = None
    letters: bool = False  # XLSX: name columns by letter in messages


def empty_grid(n: int) -> Grid:
    return Grid(
        header=[],
        header_row=0,
        columns=[np.empty(0, dtype=object) for _ in range(n)],
        rows=np.empty(0, dtype=np.int64),
        blank=np.empty(0, dtype=bool),
        title_rows=[],
        problems=[],
    )


def trim(cells: list[str]) -> list[str]:
    """The cells without the empty ones at the end."""
    end = len(cells)
    while end and not str(cells[end - 1]).strip():
        end -= 1
    return cells[:end]
