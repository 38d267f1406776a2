"""CSV dialect: the separator and the header row, sniffed from the first lines; csv records with their lines."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
from dataclasses import dataclass

from kpis.problems import Limits
from kpis.reading.columns import (
    HEADER_SCAN_ROWS,
    find_header,
    header_index,
    likely_header,
    no_header,
)
from kpis.schema import TableSchema

DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"^\s*sep\s*=\s*(.)\s*$", re.IGNORECASE)

# csv.field_size_limit is process-wide: set it only while holding this lock, and restore it.
_CSV_LIMIT_LOCK = threading.Lock()


def csv_records(lines, delimiter: str, first_line: int):
    """csv records with the physical line each starts on."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    prev = first_line - 1
    for cells in reader:
        start, prev = prev + 1, first_line - 1 + reader.line_num
        yield start, prev, cells


@dataclass
class Sniff:
    """Where the table starts in a CSV file and how it is split."""

    delimiter: str
    header: list[str]
    header_row: int
    header_end: int  # last physical line of the header record
    titles: list[tuple[int, str]]
    score: int


def sniff_dialect(text: str, name: str, ext: str, schema: TableSchema) -> Sniff:
    """Delimiter and header position, from the first lines: the split that names most schema fields wins."""
    sample_lines: list[str] = []
    for line in io.StringIO(text, newline=""):
        sample_lines.append(line)
        if len(sample_lines) >= HEADER_SCAN_ROWS:
            break
    index = header_index(schema)
    forced = _SEP_LINE.match(sample_lines[0]) if sample_lines else None
    delimiters = [forced.group(1)] if forced else list(DELIMITERS)
    if ext == ".tsv" and not forced:
        delimiters = ["\t", ",", ";"]
    best: Sniff | None = None
    for d in delimiters:
        records = _records_before_error(sample_lines, d)
        found = find_header(records, index, schema)
        if found is None:
            continue
        cand = Sniff(d, found.cells, found.first, found.last, found.titles, found.score)
        if best is None or (cand.score, len(cand.header)) > (best.score, len(best.header)):
            best = cand
    if best is None:
        raise no_header(name, schema, likely_header(_split_rows(sample_lines, delimiters)))
    return best


def _records_before_error(lines: list[str], delimiter: str) -> list[tuple[int, int, list[str]]]:
    """The csv records of the sample up to a broken one: the header must be above it (the parser names it later)."""
    records: list[tuple[int, int, list[str]]] = []
    reader = csv_records(iter(lines), delimiter, 1)
    while True:
        try:
            records.append(next(reader))
        except (StopIteration, csv.Error):
            return records


def _split_rows(lines: list[str], delimiters: list[str]) -> list[tuple[int, list[str]]]:
    """The lines as (row, cells), split by the separator that gives the widest row."""
    best: list[tuple[int, list[str]]] = [(i, [line]) for i, line in enumerate(lines, 1)]
    widest = 1
    for d in delimiters:
        try:
            rows = [(start, cells) for start, _end, cells in csv_records(iter(lines), d, 1)]
        except csv.Error:
            continue
        width = max((sum(1 for c in cells if c.strip()) for _, cells in rows), default=0)
        if width > widest:
            best, widest = rows, width
    return best


@contextlib.contextmanager
def csv_field_limit(limits: Limits):
    """csv's field size limit is process-wide: hold the lock while it is ours, then restore it."""
    with _CSV_LIMIT_LOCK:
        old = csv.field_size_limit(limits.max_cell_chars)
        try:
            yield
        finally:
            csv.field_size_limit(old)
