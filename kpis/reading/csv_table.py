"""CSV tables: the data lines below the header parsed into a grid, by pyarrow when regular, else by csv."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kpis.problems import Limits, Problem
from kpis.reading.assemble import finish
from kpis.reading.columns import HEADER_SCAN_ROWS
from kpis.reading.csv_quotes import check_last_record, check_swallowed, csv_error, header_at, lines_text, strict_ok
from kpis.reading.decoding import decode, encoding_notice
from kpis.reading.dialect import Sniff, csv_field_limit, csv_records, sniff_dialect
from kpis.reading.messages import (
    MAX_ROW_PROBLEMS,
    empty,
    problem,
    ragged_row,
    too_long,
    too_many_columns,
    too_many_rows,
    unterminated,
)
from kpis.reading.result import Grid, ReadResult, empty_grid, trim
from kpis.schema import TableSchema

FAST_PATH_MIN_BYTES = 256 * 1024  # below this the careful parser is fast enough; tests lower it to 0
_CONTENT = re.compile(r"[^\s,;]")  # anything but separators and white space
_LONE_CR = re.compile(r"\r(?!\n)")


def _line_starts(u8: bytes) -> np.ndarray:
    """Byte offset of every line's first byte (lines end with \\n)."""
    arr = np.frombuffer(u8, dtype=np.uint8)
    nl = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], nl + 1))
    return starts[:-1] if len(starts) > 1 and starts[-1] >= len(u8) else starts


def _check_line_lengths(u8: bytes, starts: np.ndarray, name: str, limits: Limits) -> None:
    """Refuse any physical line longer than max_cell_chars before parsing (memory stays bounded)."""
    ends = np.append(starts[1:], len(u8))
    long_lines = np.flatnonzero(ends - starts > limits.max_cell_chars)
    for i in long_lines:  # byte length over the limit; only chars count (UTF-8 letters take 2–3 bytes)
        n = len(unicodedata.normalize("NFC", u8[starts[i] : ends[i]].decode("utf-8")).rstrip("\r\n"))
        if n > limits.max_cell_chars:
            raise too_long(name, int(i) + 1, None, n, limits)


def read_csv(data: bytes, name: str, ext: str, schema: TableSchema, limits: Limits) -> ReadResult:
    text, encoding, nfc = decode(data, name)
    if "\r" in text and _LONE_CR.search(text):
        # Classic-Mac line ends (lone CR): lines as an editor shows them, one rule for both parsers.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CONTENT.search(text):
        raise empty(name)
    u8 = text.encode("utf-8")  # pyarrow and the line index work on UTF-8 bytes
    starts = _line_starts(u8)
    # protection: csv_line_length
    _check_line_lengths(u8, starts, name, limits)
    head = int(starts[HEADER_SCAN_ROWS]) if len(starts) > HEADER_SCAN_ROWS else len(u8)
    with csv_field_limit(limits):
        sniff = sniff_dialect(u8[:head].decode("utf-8"), name, ext, schema)
    n = len(sniff.header)
    # protection: csv_column_limit
    if len(trim(sniff.header)) > limits.max_columns:
        raise too_many_columns(name, sniff.header_row, len(trim(sniff.header)), limits)
    data_line = sniff.header_end + 1
    if data_line - 1 >= len(starts):
        grid = empty_grid(n)
    else:
        offset = int(starts[data_line - 1])
        grid = None
        if len(u8) - offset >= FAST_PATH_MIN_BYTES:
            grid = _csv_fast(u8, offset, starts[data_line - 1 :] - offset, data_line, n, sniff.delimiter, limits, nfc)
        if grid is None:
            with csv_field_limit(limits):
                grid = _csv_careful(u8, offset, starts, data_line, sniff, name, limits, nfc)
    grid.header = [unicodedata.normalize("NFC", h) for h in sniff.header]
    grid.header_row = sniff.header_row
    grid.title_rows = [(r, unicodedata.normalize("NFC", t)) for r, t in sniff.titles]
    notices = [encoding_notice(name, encoding)]
    return finish(grid, schema, name, limits, notices, encoding=encoding, delimiter=sniff.delimiter, sheet=None)


def _csv_fast(
    u8: bytes, offset: int, starts: np.ndarray, first_line: int, n: int, delimiter: str, limits: Limits, nfc: bool
) -> Grid | None:
    """pyarrow for the bulk of a regular file; None (use the careful parser) on anything irregular."""
    region = memoryview(u8)[offset:]
    arr = np.frombuffer(region, dtype=np.uint8)
    if np.count_nonzero(arr == 34) % 2:
        return None  # an odd number of quotes: an unterminated or stray quote, which the careful parser names
    last_end = len(arr) - 1 if len(arr) and arr[-1] == 10 else len(arr)
    ends = np.append(starts[1:] - 1, last_end)  # index of each line's \n (or end of data)
    lengths = ends - starts
    has_cr = (lengths > 0) & (arr[np.maximum(ends - 1, 0)] == 13)
    nonempty = (lengths - has_cr) > 0
    line_numbers = first_line + np.flatnonzero(nonempty)
    if len(line_numbers) > limits.max_rows + HEADER_SCAN_ROWS:
        return None  # the careful parser stops exactly at the limit
    names = [f"c{i}" for i in range(n)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(region)),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=True, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=True,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names},
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None  # ragged rows, notes rows narrower than the table, ...: the careful parser reports them
    if table.num_rows != len(line_numbers):
        return None  # a quoted value spans lines: line numbers need the careful parser
    columns = [table.column(i).combine_chunks() for i in range(n)]
    for col in columns:
        if len(col) and pc.max(pc.utf8_length(col)).as_py() > limits.max_cell_chars:
            return None
    blank = np.ones(table.num_rows, dtype=bool)
    for col in columns:
        is_empty = pc.or_(pc.equal(pc.utf8_length(col), 0), pc.utf8_is_space(col))
        blank &= is_empty.to_numpy(zero_copy_only=False)
    return Grid(
        header=[],
        header_row=0,
        columns=[_objects(c, nfc) for c in columns],
        rows=line_numbers.astype(np.int64),
        blank=blank,
        title_rows=[],
        problems=[],
    )


def _objects(col: pa.Array, nfc: bool) -> np.ndarray:
    """An arrow string column as an object array of str (NFC), one Python string per distinct value."""
    encoded = pc.dictionary_encode(col)
    uniques = encoded.dictionary.to_pylist()
    if nfc:
        uniques = [unicodedata.normalize("NFC", u) for u in uniques]
    return np.array(uniques, dtype=object)[encoded.indices.to_numpy(zero_copy_only=False)]


def _csv_careful(
    u8: bytes, offset: int, starts: np.ndarray, first_line: int, sniff: Sniff, name: str, limits: Limits, nfc: bool
) -> Grid:
    """The csv module over the data lines: exact line numbers, ragged rows and broken quotes named."""
    n, d = len(sniff.header), sniff.delimiter
    text = u8[offset:].decode("utf-8")
    if nfc:
        text = unicodedata.normalize("NFC", text)
    cols: list[list[str]] = [[] for _ in range(n)]
    rownums: list[int] = []
    blank: list[bool] = []
    lengths: Counter[int] = Counter()
    long_rows: list[tuple[int, int, list[str]]] = []  # (row, cells, non-empty surplus cells)
    multi_line: list[tuple[int, int, int | None]] = []  # (row, cells, column holding a line break)
    count = 0
    start = end = first_line - 1
    cells: list[str] = []
    header = [h.strip() for h in sniff.header]
    records = csv_records(io.StringIO(text, newline=""), d, first_line)
    while True:
        try:
            start, end, cells = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            raise csv_error(exc, u8, starts, end + 1, d, header, name, limits) from None
        is_blank = not any(c.strip() for c in cells)
        if not is_blank:
            lengths[len(cells)] += 1
            count += 1
            if count > limits.max_rows:
                raise too_many_rows(name, limits)
        if end > start:
            j = next((j for j, c in enumerate(cells) if "\n" in c or "\r" in c), None)
            check_swallowed(cells, start, d, n, header, name)
            if not strict_ok(lines_text(u8, starts, start, end), d):
                # Excel closes a quoted cell right before a separator or a line end; anything else means the
                # quote was a stray one that ran into the following line(s).
                raise unterminated(name, start, header_at(header, j))
            multi_line.append((start, len(cells), j))
        if len(cells) > n:
            long_rows.append((start, len(cells), [c for c in cells[n:] if c.strip()]))
            cells = cells[:n]
        elif len(cells) < n:
            cells = cells + [""] * (n - len(cells))
        for j in range(n):
            cols[j].append(cells[j])
        rownums.append(start)
        blank.append(is_blank)
    if rownums:
        check_last_record(u8, starts, start, d, header, name)
    usual = lengths.most_common(1)[0][0] if lengths else n
    for row, k, j in multi_line:
        # A quoted line break in a row of the usual width is a cell with several lines; in a row of another
        # width it is a stray quote that ran into the next line(s).
        if k != usual:
            raise unterminated(name, row, header_at(header, j))
    problems: list[Problem] = []
    # Surplus cells are harmless only when empty and every row has them (a trailing separator on data lines).
    ragged = [(row, k, extra) for row, k, extra in long_rows if extra or k != usual]
    for row, k, extra in ragged[:MAX_ROW_PROBLEMS]:
        problems.append(ragged_row(name, row, k, n, extra))
    if len(ragged) > MAX_ROW_PROBLEMS:
        more = len(ragged) - MAX_ROW_PROBLEMS
        problems.append(problem("ragged_more", "ragged_row", name=name, more=more, value=more))
    return Grid(
        header=[],
        header_row=0,
        columns=[np.array(c, dtype=object) for c in cols],
        rows=np.array(rownums, dtype=np.int64),
        blank=np.array(blank, dtype=bool),
        title_rows=[],
        problems=problems,
    )
