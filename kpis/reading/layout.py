"""Layout rows around the table: the notes/source block below it and the column-numbering row under the header."""

from __future__ import annotations

import itertools
import re

import numpy as np

from kpis.reading.keys import normalise_key
from kpis.reading.result import Grid

# Matching keys (no diacritics) of the words a note or source line starts with, Vietnamese and English.
_NOTE_WORDS = (
    "nguon",
    "ghi chu",
    "chu thich",
    "chu y",
    "luu y",
    "note",
    "notes",
    "source",
    "sources",
    "nguoi lap",
    "nguoi ky",
    "ky ten",
    "thu truong",
    "xac nhan",
    "ngay",
    "tm",
    "giam doc",
    "don vi tinh",
    "ghi nhan",
)
_NUMBERING_CELL = re.compile(r"^\(?\s*([0-9]{1,2}|[A-Za-z])\s*\)?$")


def _note_signs(cells: list[str], width: int) -> tuple[bool, bool]:
    """(starts with a note word ("Source", "Note" or "*"), fewer than half of the columns filled)."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False, False
    key = normalise_key(filled[0])
    word = filled[0].lstrip().startswith("*") or any(key == w or key.startswith(w + " ") for w in _NOTE_WORDS)
    return word, len(filled) * 2 < width


def _is_note_row(cells: list[str], width: int) -> bool:
    """Below a blank row: a note if it starts with a note word or is mostly empty."""
    word, sparse = _note_signs(cells, width)
    return word or sparse


def notes_block(grid: Grid, width: int) -> np.ndarray:
    """Positions of the notes/source block at the end of the table (below a blank row, not data-like)."""
    idx = np.flatnonzero(~grid.blank)
    if not len(idx):
        return idx
    segments = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)  # runs of rows between blank rows

    def cells(i: int) -> list[str]:
        return [col[i] for col in grid.columns]

    notes: list[int] = []
    k = len(segments) - 1
    # Whole segments below a blank row whose every row looks like a note; the first segment is the data.
    while k >= 1 and all(_is_note_row(cells(i), width) for i in segments[k]):
        notes[:0] = segments[k].tolist()
        k -= 1
    # A "Source: ..." line straight under the last data row, without a blank row between.
    seg = segments[k]
    m = len(seg)
    while m > 0 and _strong_note(cells(seg[m - 1]), width):
        m -= 1
    notes[:0] = seg[m:].tolist()
    return np.array(notes, dtype=np.int64)


def _strong_note(cells: list[str], width: int) -> bool:
    """Right under the data (no blank row between): a note only if it starts with a note word and is mostly empty."""
    word, sparse = _note_signs(cells, width)
    return word and sparse


def numbering_row(cells: list[str], width: int) -> bool:
    """A column-numbering row under the header ("A B 1 2 3", "(1) (2) (3)") or a units row ("(persons)")."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 2 or len(filled) * 2 < width:
        return False
    if all(c.startswith("(") and c.endswith(")") and not _NUMBERING_CELL.match(c) for c in filled):
        return True
    tokens = [m.group(1) for c in filled if (m := _NUMBERING_CELL.match(c))]
    if len(tokens) != len(filled):
        return False
    nums = [int(t) for t in tokens if t.isdigit()]
    return all(b == a + 1 for a, b in itertools.pairwise(nums)) and (len(nums) >= 2 or len(nums) < len(tokens))
