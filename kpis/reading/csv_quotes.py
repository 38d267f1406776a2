"""CSV quotes: a stray or unclosed double quote found and named (the line it opens on, its column)."""

from __future__ import annotations

import csv
import io

import numpy as np

from kpis.problems import Limits, ReadError
from kpis.reading.messages import not_a_table, phrase, too_long, unterminated


def _line_text(u8: bytes, starts: np.ndarray, line: int, to_end: bool = False) -> str:
    i = line - 1
    if i >= len(starts):
        return ""
    stop = len(u8) if to_end or i + 1 >= len(starts) else int(starts[i + 1])
    return u8[int(starts[i]) : stop].decode("utf-8")


def lines_text(u8: bytes, starts: np.ndarray, first: int, last: int) -> str:
    stop = int(starts[last]) if last < len(starts) else len(u8)
    return u8[int(starts[first - 1]) : stop].decode("utf-8")


def strict_ok(text: str, d: str) -> bool:
    """Whether text parses as CSV under strict rules (every closing quote followed by a separator or line end)."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=d, strict=True):
            pass
    except csv.Error:
        return False
    return True


def _strict_open_quote(text: str, d: str) -> int | None:
    """If text ends inside a quoted field, the index of that field; else None."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=d, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=d, strict=False), [])
            return max(len(cells) - 1, 0)
    return None


def header_at(header: list[str], j: int | None) -> str | None:
    return header[j] if j is not None and j < len(header) and header[j] else None


def csv_error(
    exc: csv.Error, u8: bytes, starts: np.ndarray, row: int, d: str, header: list[str], name: str, limits: Limits
) -> ReadError:
    """A field over the size limit: an unterminated quote if the quote opened on `row` never closes."""
    line = _line_text(u8, starts, row)
    j = _strict_open_quote(line, d)
    if "field larger than field limit" in str(exc):
        if j is not None:
            rest = u8[int(starts[row - 1]) :].decode("utf-8")
            pos = _open_quote_pos(line, d)
            if pos is not None and _closing_quote(rest, pos) is None:
                return unterminated(name, row, header_at(header, j))
        return too_long(name, row, header_at(header, j), limits.max_cell_chars + 1, limits)
    return not_a_table(name, phrase("why_csv_error", row=row, error=exc))


def _open_quote_pos(line: str, d: str) -> int | None:
    """Position of the quote that opens the field still open at the end of `line` (csv rules)."""
    in_quotes, field_start, pos = False, True, None
    i = 0
    while i < len(line):
        c = line[i]
        if in_quotes:
            if c == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    i += 1
                else:
                    in_quotes = False
        elif c == '"' and field_start:
            in_quotes, pos = True, i
        field_start = (not in_quotes) and c == d
        i += 1
    return pos if in_quotes else None


def _closing_quote(text: str, pos: int) -> int | None:
    """Index of the quote closing the field opened at `pos` ("" is an escaped quote), or None."""
    i = pos + 1
    while True:
        j = text.find('"', i)
        if j < 0:
            return None
        if j + 1 < len(text) and text[j + 1] == '"':
            i = j + 2
            continue
        return j


def check_last_record(u8: bytes, starts: np.ndarray, start: int, d: str, header: list[str], name: str) -> None:
    """The csv module ends an unclosed quote silently at the end of the file: catch it."""
    tail = _line_text(u8, starts, start, to_end=True)
    j = _strict_open_quote(tail, d)
    if j is not None:
        raise unterminated(name, start, header_at(header, j))


def check_swallowed(cells: list[str], start: int, d: str, n: int, header: list[str], name: str) -> None:
    """A quoted cell holding whole rows (a stray quote closed much later by another) is an unterminated quote."""
    if n < 3:
        return
    for j, c in enumerate(cells):
        if "\n" in c and any(part.count(d) >= n - 1 for part in c.split("\n")[1:]):
            raise unterminated(name, start, header_at(header, j))
