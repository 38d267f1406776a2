"""XLSX workbooks: sheets, percent formats, cell values as text, the header row and the grid below it."""

from __future__ import annotations

import html
import io
import math
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from kpis.problems import WARNING, Limits, Problem
from kpis.reading.assemble import finish
from kpis.reading.columns import (
    HEADER_SCAN_ROWS,
    find_header,
    header_index,
    likely_header,
    no_header,
)
from kpis.reading.messages import (
    MAX_ROW_PROBLEMS,
    empty,
    fail,
    fmt_size,
    problem,
    quoted,
    ragged_row,
    too_long,
    too_many_columns,
    too_many_rows,
    xlsx_invalid,
)
from kpis.reading.result import Grid, ReadResult, trim
from kpis.reading.xlsx_guard import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_XLSX_PART,
    check_zip,
    extent_refused,
    scan_sheet,
)
from kpis.schema import TableSchema


@dataclass
class Workbook:
    """An open XLSX: calamine for the cells, the zip for what calamine does not tell (sheet paths, styles)."""

    book: CalamineWorkbook
    zf: zipfile.ZipFile
    sheets: list[str]  # worksheets (not chart sheets), in workbook order
    members: dict[str, str]  # sheet name -> its XML member in the zip
    percent_styles: frozenset[int]  # cell style indices (s="…") whose number format shows a percent

    def close(self) -> None:
        self.book.close()
        self.zf.close()


def open_workbook(data: bytes, name: str, limits: Limits) -> Workbook:
    # protection: zip_directory_check
    check_zip(data, name, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise xlsx_invalid(name, f"{type(exc).__name__}: {exc}") from None
    zf = zipfile.ZipFile(io.BytesIO(data))
    try:
        sheets = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        return Workbook(
            book=book, zf=zf, sheets=sheets, members=_sheet_members(zf, name), percent_styles=_percent_styles(zf, name)
        )
    except BaseException:
        book.close()
        zf.close()
        raise


def _small_part(zf: zipfile.ZipFile, member: str, name: str) -> bytes | None:
    """A workbook part that Excel keeps small (workbook, relationships, styles); None when absent."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_XLSX_PART:
        raise xlsx_invalid(name, f"{member}: {fmt_size(info.file_size)}")
    return zf.read(member)


def _xml_attrs(tag: str, xml: bytes) -> list[dict[str, str]]:
    """The attributes of every <tag …> element (namespace prefixes dropped), by regular expression: these parts
    are small and flat, and a regular expression expands no entity and builds no tree."""
    out = []
    for m in re.finditer(rb"<(?:\w+:)?" + tag.encode() + rb"\b([^>]*)>", xml):
        out.append(
            {
                k.decode().split(":")[-1]: v.decode("utf-8", "replace")
                for k, v in re.findall(rb'([\w:]+)\s*=\s*"([^"]*)"', m.group(1))
            }
        )
    return out


def _sheet_members(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Sheet name -> XML member, from xl/workbook.xml and its relationships."""
    book = _small_part(zf, "xl/workbook.xml", name) or b""
    rels = {
        r.get("Id"): r.get("Target", "")
        for r in _xml_attrs("Relationship", _small_part(zf, "xl/_rels/workbook.xml.rels", name) or b"")
    }
    out = {}
    for sheet in _xml_attrs("sheet", book):
        target = rels.get(sheet.get("id"), "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePath("xl", target))
        sheet_name = html.unescape(sheet.get("name", ""))
        out[unicodedata.normalize("NFC", sheet_name)] = out[sheet_name] = posixpath.normpath(member)
    return out


def _percent_styles(zf: zipfile.ZipFile, name: str) -> frozenset[int]:
    """Indices of the cell formats (cellXfs) that show a number as a percent: built-in 9, 10 or a custom '%'."""
    xml = _small_part(zf, "xl/styles.xml", name)
    if not xml:
        return frozenset()
    custom = {
        int(f["numFmtId"])
        for f in _xml_attrs("numFmt", xml)
        if f.get("numFmtId", "").isdigit() and "%" in re.sub(r'"[^"]*"|\\.', "", html.unescape(f.get("formatCode", "")))
    }
    percent = {9, 10} | custom
    start = xml.find(b"cellXfs")
    end = xml.find(b"cellXfs", start + 7)
    if start < 0:
        return frozenset()
    xfs = _xml_attrs("xf", xml[start : end if end > 0 else len(xml)])
    return frozenset(
        i for i, xf in enumerate(xfs) if xf.get("numFmtId", "").isdigit() and int(xf["numFmtId"]) in percent
    )


def _format_number(v: float) -> str:
    """A real number as plain text: no grouping, '.' decimal, no float noise (15 significant digits)."""
    if not math.isfinite(v):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    s = f"{v:.15g}"
    if "e" in s or "E" in s:
        s = format(Decimal(s), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _cell_text(v: object, percent: bool = False) -> tuple[str, bool]:
    """A cell value as text, and whether it holds a number (written with a '.' decimal when not whole)."""
    if v is None:
        return "", False
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v), False
    if isinstance(v, bool):
        return ("TRUE" if v else "FALSE"), False
    if isinstance(v, (int, float)):
        if percent:
            v = float(v) * 100  # the user sees 85.5%, the cell holds 0.855
        s = _format_number(float(v))
        return s, "." in s
    if hasattr(v, "isoformat"):
        s = v.isoformat()
        return (s[:10] if s.endswith("T00:00:00") else s), False
    return str(v), False


def _row_texts(values: list, r: int, percent: set[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    texts, numbers = [], []
    for j, v in enumerate(values):
        s, is_number = _cell_text(v, (r, j + 1) in percent)
        texts.append(s)
        numbers.append(is_number)
    k = len(trim(texts))
    return texts[:k], numbers[:k]


def read_xlsx(data: bytes, name: str, schema: TableSchema, sheet: str | None, limits: Limits) -> ReadResult:
    wb = open_workbook(data, name, limits)
    try:
        names = wb.sheets
        if sheet is not None and sheet not in names:
            raise fail(
                "sheet_not_found", name=name, sheet=sheet, sheets=quoted(names), value=sheet, expected=", ".join(names)
            )
        index = header_index(schema)
        candidates = [sheet] if sheet is not None else names
        first_content: tuple[int, str, bool] | None = None
        any_content = False
        skipped: list[str] = []
        for sname in candidates:
            # protection: sheet_extent_scan
            percent = scan_sheet(wb, sname, name)
            try:
                values = wb.book.get_sheet_by_name(sname).to_python(skip_empty_area=False)
            except (CalamineError, ValueError, OSError) as exc:  # a broken sheet XML surfaces here
                raise xlsx_invalid(name, f"{type(exc).__name__}: {exc}") from None
            if len(values) > EXCEL_MAX_ROWS or (values and len(values[0]) > EXCEL_MAX_COLUMNS):
                raise extent_refused(name, sname, len(values), len(values[0]))
            found, content = _xlsx_header(values, percent, index, schema, name, limits)
            if found is None:
                any_content = any_content or content is not None
                first_content = first_content or content
                skipped.append(sname)
                continue
            grid = _xlsx_grid(found, values, percent, name, limits)
            notices = []
            if sheet is None and skipped:
                notices.append(
                    problem(
                        "sheet_chosen", name=name, sheet=sname, skipped=quoted(skipped), severity=WARNING, value=sname
                    )
                )
            return finish(grid, schema, name, limits, notices, encoding=None, delimiter=None, sheet=sname)
        if not any_content:
            raise empty(name)
        raise no_header(name, schema, first_content, sheet)
    finally:
        wb.close()


def _check_row_limits(texts: list[str], r: int, name: str, limits: Limits) -> None:
    if len(texts) > limits.max_columns:
        raise too_many_columns(name, r, len(texts), limits)
    for j, s in enumerate(texts):
        if len(s) > limits.max_cell_chars:
            raise too_long(name, r, f"{get_column_letter(j + 1)}{r}", len(s), limits)


def _xlsx_header(
    values: list[list],
    percent: set[tuple[int, int]],
    index: dict[str, str],
    schema: TableSchema,
    name: str,
    limits: Limits,
):
    """((header row, last header row, header cells, title rows) or None, the sheet's likely header as `likely_header` gives it)."""
    scanned: list[tuple[int, list[str]]] = []
    for i, row in enumerate(values[:HEADER_SCAN_ROWS]):
        scanned.append((i + 1, _row_texts(row, i + 1, percent)[0]))
    found = find_header([(r, r, texts) for r, texts in scanned], index, schema)
    for r, texts in scanned[: found.last if found else len(scanned)]:  # the rows read up to the header's end
        _check_row_limits(texts, r, name, limits)
    if found is not None:
        return (found.first, found.last, found.cells, found.titles), likely_header([(found.first, found.cells)])
    return None, likely_header(scanned)


def _column_texts(
    cells: np.ndarray, first_row: int, j: int, percent: set[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One sheet column below the header as (texts, number-cell flags, non-blank flags, text lengths).

    Each distinct value is converted once (a column repeats a few labels, years, levels) and whole numbers
    are formatted by pyarrow; only a column holding percent-formatted cells goes cell by cell."""
    n = len(cells)
    values = np.ascontiguousarray(cells)
    if any(c == j + 1 for _, c in percent):
        texts, numbers = np.empty(n, dtype=object), np.zeros(n, dtype=bool)
        for i, v in enumerate(values):
            texts[i], numbers[i] = _cell_text(v, (first_row + i, j + 1) in percent)
        return (
            texts,
            numbers,
            np.array([bool(t.strip()) for t in texts], dtype=bool),
            np.fromiter(map(len, texts), dtype=np.int64, count=n),
        )
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    uniques = np.asarray(uniques, dtype=object)
    kinds = {type(u) for u in uniques}
    texts_u, numbers_u = np.empty(len(uniques), dtype=object), np.zeros(len(uniques), dtype=bool)
    if bool in kinds and kinds & {int, float}:  # True and 1 hash alike: convert cell by cell
        codes, uniques = np.arange(n), values
        texts_u, numbers_u = np.empty(n, dtype=object), np.zeros(n, dtype=bool)
    todo = np.ones(len(uniques), dtype=bool)
    if kinds <= {int, float, str}:
        is_num = np.fromiter((type(u) is not str for u in uniques), dtype=bool, count=len(uniques))
        nums = np.zeros(len(uniques), dtype=np.float64)
        nums[is_num] = uniques[is_num].astype(np.float64)
        whole = is_num & np.isfinite(nums) & (np.abs(nums) < 1e15) & (nums == np.round(nums))
        if whole.any():
            texts_u[whole] = pa.array(nums[whole].astype(np.int64)).cast(pa.string()).to_numpy(zero_copy_only=False)
            todo &= ~whole
    for i in np.flatnonzero(todo):
        u = uniques[i]
        if type(u) is str:
            texts_u[i] = u if u.isascii() else unicodedata.normalize("NFC", u)
        else:
            texts_u[i], numbers_u[i] = _cell_text(u)
    content_u = np.fromiter((bool(t.strip()) for t in texts_u), dtype=bool, count=len(texts_u))
    lengths_u = np.fromiter(map(len, texts_u), dtype=np.int64, count=len(texts_u))
    return texts_u[codes], numbers_u[codes], content_u[codes], lengths_u[codes]


def _xlsx_grid(found, values: list[list], percent: set[tuple[int, int]], name: str, limits: Limits) -> Grid:
    header_row, last_header_row, header, titles = found
    n = len(header)
    body = values[last_header_row:]
    first = last_header_row + 1
    m = len(body)
    cols: list[np.ndarray] = []
    number_cells: list[np.ndarray] = []
    last_filled = np.zeros(m, dtype=np.int64)  # 1-based index of a row's last non-empty cell
    blank = np.ones(m, dtype=bool)
    extra: list[np.ndarray] = []
    table = np.empty((m, len(body[0]) if m else 0), dtype=object)  # calamine's rows are all equally wide
    table[:] = body
    for j in range(table.shape[1]):
        texts, numbers, content, lengths = _column_texts(table[:, j], first, j, percent)
        over_long = np.flatnonzero(lengths > limits.max_cell_chars)
        if len(over_long):
            i = int(over_long[0])
            raise too_long(name, first + i, f"{get_column_letter(j + 1)}{first + i}", len(texts[i]), limits)
        blank &= ~content
        last_filled[content] = j + 1
        if j < n:
            cols.append(texts)
            number_cells.append(numbers)
        else:
            extra.append(texts)
    wide = np.flatnonzero(last_filled > limits.max_columns)
    if len(wide):
        raise too_many_columns(name, first + int(wide[0]), int(last_filled[wide[0]]), limits)
    for _ in range(len(cols), n):  # the sheet is narrower than its header row
        cols.append(np.full(m, "", dtype=object))
        number_cells.append(np.zeros(m, dtype=bool))
    if (~blank).sum() > limits.max_rows:
        raise too_many_rows(name, limits)
    problems: list[Problem] = []
    ragged = np.flatnonzero(last_filled > n)
    for i in ragged[:MAX_ROW_PROBLEMS]:
        k = int(last_filled[i])
        problems.append(ragged_row(name, first + int(i), k, n, [c[i] for c in extra[: k - n] if c[i].strip()]))
    return Grid(
        header=header,
        header_row=header_row,
        columns=cols,
        rows=np.arange(first, first + m, dtype=np.int64),
        blank=blank,
        title_rows=titles,
        problems=problems,
        number_cells=number_cells,
        letters=True,
    )
