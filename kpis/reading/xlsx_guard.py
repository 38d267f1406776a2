"""XLSX guards: a corrupt zip, a decompression bomb or a sheet spanning an absurd rectangle refused before parsing."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from operator import itemgetter
from typing import TYPE_CHECKING

from kpis.problems import Limits, ReadError
from kpis.reading.messages import fail, fmt_size, number, phrase, xlsx_invalid

if TYPE_CHECKING:
    from kpis.reading.xlsx import Workbook

EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384
BOMB_MEMBER_MIN = 1024 * 1024  # per-member ratio check only for members big enough to matter
# XLSX: what the cell-reference scan looks for (see scan_sheet).
FAR_ROW = 1_000_000
MIN_SHEET_CELLS = 4_000_000  # a sheet may span this many cells (128 MB in calamine) whatever it holds
SHEET_CELLS_PER_CELL = 4  # or this many per cell it really holds
SCAN_CHUNK = 8 * 1024 * 1024
TAGS_PER_CELL, MIN_SHEET_TAGS = 24, 100_000  # rich-text cells take a dozen tags; nothing legitimate takes more
MAX_XLSX_MEMBERS = 10_000  # a workbook has a few dozen parts; a 50 MB zip can list 600,000
MAX_XLSX_PART = 16 * 1024 * 1024  # workbook.xml, its relationships, styles.xml: kilobytes in real files
# A cell or row reference as calamine reads it (either quote, spaces around "=", any letter case); the pattern
# starts with a literal so that the scan is fast, and matching more than references only widens the bound.
_REF = rb"""r\s*=\s*["']"""
_FAR_REF = re.compile(_REF + rb"(?=[A-Za-z]{2}|[A-Za-z]{0,3}[0-9]{7})([A-Za-z]{0,3})([0-9]+)")
_ANY_REF = re.compile(_REF + rb"([A-Za-z]{0,3})([0-9]+)")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_REF_TEXT = re.compile(rb"\$?([A-Z]{1,3})\$?([0-9]+)")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')


def _zip_directory(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of a zip's central directory as its end record states them, without parsing it; None when
    there is no end record (zipfile then refuses the file)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return None
    entries, size = struct.unpack_from("<HI", data, end + 10)
    z64 = data.rfind(b"PK\x06\x06", max(0, end - 4096), end)
    if z64 >= 0 and len(data) >= z64 + 48:  # zip64: the 16- and 32-bit fields may say 0xFFFF…
        entries, size = struct.unpack_from("<QQ", data, z64 + 32)
    return entries, size


def check_zip(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a corrupt zip or a decompression bomb from the zip directory, before any XML is parsed."""
    directory = _zip_directory(data)
    # protection: zip_member_count
    if directory and (directory[0] > MAX_XLSX_MEMBERS or directory[1] > MAX_XLSX_MEMBERS * 256):
        # zipfile reads the whole directory before anything can be checked: ~3 s per 200,000 members.
        raise fail(
            "zip_members",
            "xlsx_bomb",
            name=name,
            members=number(directory[0]),
            size=fmt_size(directory[1]),
            limit=number(MAX_XLSX_MEMBERS),
            value=directory[0],
            expected=f"≤ {MAX_XLSX_MEMBERS}",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise xlsx_invalid(name, str(exc)) from None
    total = sum(i.file_size for i in infos)
    ratio = total / max(len(data), 1)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size >= BOMB_MEMBER_MIN), default=0)
    if total > limits.max_xlsx_uncompressed or ratio > limits.max_xlsx_ratio or worst > limits.max_xlsx_ratio:
        raise fail(
            "zip_inflates",
            "xlsx_bomb",
            name=name,
            size=fmt_size(total),
            ratio=f"{max(ratio, worst):.0f}",
            limit=fmt_size(limits.max_xlsx_uncompressed),
            max_ratio=limits.max_xlsx_ratio,
            value=total,
            expected=f"≤ {limits.max_xlsx_uncompressed}",
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise xlsx_invalid(name, phrase("no_workbook_part"))


def column_number(letters: bytes) -> int:
    """A column's number from its letters (A = 1, Z = 26, AA = 27); 0 for none."""
    n = 0
    for c in letters.upper():
        n = n * 26 + c - 64
    return n


def _xml_parts(zf: zipfile.ZipFile, member: str):
    """A zip member's XML in chunks that end before a '<', so that no start tag is split between two chunks."""
    with zf.open(member) as f:
        tail = b""
        while chunk := f.read(SCAN_CHUNK):
            buf = tail + chunk
            cut = buf.rfind(b"<")
            if cut <= 0 or len(buf) - cut >= SCAN_CHUNK:
                cut = len(buf)
            yield buf[:cut]
            tail = buf[cut:]
        if tail:
            yield tail


def scan_sheet(wb: Workbook, sheet: str, name: str) -> set[tuple[int, int]]:
    """Refuse a sheet whose cells span an absurd rectangle, before calamine reads it; return the (row, column),
    1-based, of percent-formatted cells.

    calamine allocates the sheet's whole rectangle (rows × columns, 32 bytes a cell) from the cell references it
    finds: two cells, A1 and XFD1048576, would take 550 GB. One streamed pass over the sheet XML (which the zip
    check has bounded in size) counts the cells and rows and collects the rare references beyond column Z or
    row 999,999; only when that bound is too loose does a second pass read every reference."""
    member = wb.members.get(sheet)
    if member in wb.zf.namelist():
        pct = (
            re.compile(
                rb'<c\b[^>]*?\bs="(?:' + b"|".join(str(s).encode() for s in sorted(wb.percent_styles)) + rb')"[^>]*>'
            )
            if wb.percent_styles
            else None
        )
        return _scan_member(wb.zf, member, name, sheet, pct, is_sheet=True)
    # The relationships did not lead to the sheet as calamine will find it: check every XML part instead.
    for other in wb.zf.namelist():
        if other.endswith(".xml"):
            _scan_member(wb.zf, other, name, sheet, None, is_sheet=False)
    return set()


def _scan_member(
    zf: zipfile.ZipFile, member: str, name: str, sheet: str, pct: re.Pattern | None, *, is_sheet: bool
) -> set[tuple[int, int]]:
    cells = rows = tags = 0
    far: list[tuple[bytes, bytes]] = []
    percent: set[tuple[int, int]] = set()
    declared = None
    for part in _xml_parts(zf, member):
        if declared is None:
            m = _DIMENSION.search(part)
            declared = m.group(1) if m else b""
        cells += part.count(b"<c")  # <c …> cells (and the few <col> elements: a slightly looser bound)
        rows += part.count(b"<row")
        tags += part.count(b"<")
        far += _FAR_REF.findall(part)
        for m in pct.finditer(part) if pct is not None else ():
            ref = _CELL_REF.search(m.group(0))
            if ref:
                percent.add((int(ref.group(2)), column_number(ref.group(1))))
    # protection: sheet_tag_count
    if is_sheet and tags > TAGS_PER_CELL * (cells + rows) + MIN_SHEET_TAGS:
        # Deep nesting or piles of unknown elements: markup that holds no cells, a parser's worst case.
        raise fail(
            "sheet_tags",
            "xlsx_bomb",
            name=name,
            sheet=sheet,
            tags=number(tags),
            cells=number(cells),
            value=tags,
            expected=f"≤ {TAGS_PER_CELL * (cells + rows) + MIN_SHEET_TAGS}",
        )
    m = _REF_TEXT.fullmatch(declared.split(b":")[-1]) if declared else None
    if m and (int(m.group(2)) > EXCEL_MAX_ROWS or column_number(m.group(1)) > EXCEL_MAX_COLUMNS):
        raise extent_refused(name, sheet, int(m.group(2)), column_number(m.group(1)))
    height = max([rows, FAR_ROW - 1] + [int(d) for _, d in far if len(d) >= len(str(FAR_ROW))])
    width = max([26] + [column_number(c) for c, _ in far if len(c) >= 2])
    allowed = max(MIN_SHEET_CELLS, SHEET_CELLS_PER_CELL * cells)
    if height * width > allowed:  # the cheap bound is not enough: find the exact rectangle
        height, width = rows, 1
        for part in _xml_parts(zf, member):
            refs = _ANY_REF.findall(part)
            if refs:
                height = max(height, max(map(int, map(itemgetter(1), refs))))
                width = max([width] + [column_number(c) for c in set(map(itemgetter(0), refs))])
    if height > EXCEL_MAX_ROWS or width > EXCEL_MAX_COLUMNS or height * width > allowed:
        raise extent_refused(name, sheet, height, width)
    return percent


def extent_refused(name: str, sheet: str, rows: int | None, cols: int | None) -> ReadError:
    """A sheet whose declared or referenced extent is beyond what Excel allows or what its cells justify."""
    return fail(
        "sheet_extent",
        "xlsx_bomb",
        name=name,
        sheet=sheet,
        rows=rows or "?",
        columns=cols or "?",
        max_rows=number(EXCEL_MAX_ROWS),
        max_columns=number(EXCEL_MAX_COLUMNS),
        value=f"{rows}×{cols}",
    )
