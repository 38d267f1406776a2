"""Read an uploaded CSV/TSV/TXT or XLSX file into a raw table of strings with canonical column names.

The reader only reads: it finds the encoding, the separator, the header row (below any title block)
and the end of the table (above any notes block), maps the headers to the schema's fields, melts a
wide table (one column per year), and decides the file's number style. It does not check types or
values and does not resolve province names: kpis/validate.py does, from `ReadResult`.

Rows are numbered as the user sees them: the physical line of a CSV (1 = first line), the sheet row
of an XLSX. Columns keep the header text as written in the file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import html
import io
import itertools
import math
import posixpath
import re
import struct
import threading
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from kpis.problems import ERROR, WARNING, Limits, Problem, ReadError
from kpis.provinces import NAME_COLUMN
from kpis.schema import Field, TableSchema

CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
HEADER_SCAN_ROWS = 100  # the header must be within the first rows (title blocks are short)
FAST_PATH_MIN_BYTES = 256 * 1024  # below this the careful parser is fast enough; tests lower it to 0
MAX_ROW_PROBLEMS = 1000  # ragged rows reported one by one, then one summary
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384
LEGACY_SAMPLE_CHARS = 256 * 1024  # Windows-1258 vs 1252 is judged on this much text
BOMB_MEMBER_MIN = 1024 * 1024  # per-member ratio check only for members big enough to matter
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Letters that only Vietnamese uses (outside Latin-1): evidence for Windows-1258 over Windows-1252.
_VIET_ONLY = frozenset("ăĂđĐơƠưƯĩĨũŨ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)))
# Latin-1 letters that Vietnamese never uses: evidence for a Western (Windows-1252) text.
_WESTERN_ONLY = frozenset("äëïöüÿßçñåæøîûÄËÏÖÜŸÇÑÅÆØÎÛŠšŽžŒœ")
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
_SEP_LINE = re.compile(r"^\s*sep\s*=\s*(.)\s*$", re.IGNORECASE)
_YEAR_HEADER = re.compile(r"^(?:nam|year|fy)?\s*((?:19|20)\d{2})$")
_NUMBERING_CELL = re.compile(r"^\(?\s*([0-9]{1,2}|[A-Za-z])\s*\)?$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\*+")
_KEY_JUNK = re.compile(r"[^0-9a-z]+")
_CONTENT = re.compile(r"[^\s,;]")  # anything but separators and white space
_LONE_CR = re.compile(r"\r(?!\n)")

# Number styles, matched on trimmed cells (RE2 syntax, run vectorised by pyarrow).
_SIGN, _PCT = r"^[+-]?", r"\s*%?$"
_VI_STRONG = _SIGN + r"(\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,}|\d+,(\d{1,2}|\d{4,})|(0|\d{4,}),\d+)" + _PCT
_EN_STRONG = _SIGN + r"(\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,}|\d+\.(\d{1,2}|\d{4,})|(0|\d{4,})\.\d+)" + _PCT
_AMBIG_DOT = _SIGN + r"[1-9]\d{0,2}\.\d{3}" + _PCT
_AMBIG_COMMA = _SIGN + r"[1-9]\d{0,2},\d{3}" + _PCT
_SPACE_VI = _SIGN + r"\d{1,3}([ \x{00A0}\x{202F}]\d{3})+,\d+" + _PCT
_SPACE_EN = _SIGN + r"\d{1,3}([ \x{00A0}\x{202F}]\d{3})+\.\d+" + _PCT
_SPACE_GROUPS = _SIGN + r"\d{1,3}([ \x{00A0}\x{202F}]\d{3})+([.,]\d+)?" + _PCT
_DOT_GROUPS = _SIGN + r"\d{1,3}(\.\d{3})+(,\d+)?" + _PCT
_COMMA_GROUPS = _SIGN + r"\d{1,3}(,\d{3})+(\.\d+)?" + _PCT

# XLSX: what the cell-reference scan looks for (see _scan_sheet).
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

# csv.field_size_limit is process-wide: set it only while holding this lock, and restore it.
_CSV_LIMIT_LOCK = threading.Lock()


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


@dataclass
class _Grid:
    """The rows below the header, one object array of str per file column, before mapping."""

    header: list[str]
    header_row: int
    columns: list[np.ndarray]
    rows: np.ndarray
    blank: np.ndarray
    title_rows: list[tuple[int, str]]
    problems: list[Problem]
    real: list[np.ndarray] | None = None  # XLSX: True where the cell is a real number formatted with "."
    letters: bool = False  # XLSX: name columns by letter in messages


# ---------------------------------------------------------------------------------------------- keys


def normalise_key(text: object) -> str:
    """A matching key: NFC, case-folded, no diacritics (đ→d), non-alphanumerics collapsed to one space."""
    s = unicodedata.normalize("NFC", str(text)).casefold().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return _KEY_JUNK.sub(" ", s).strip()


def _loose_key(text: str) -> str:
    # Units and footnote marks in headers ("Dân số (người)", "Tuyển sinh (*)") do not name the field.
    return normalise_key(_PARENS.sub(" ", text))


def header_index(schema: TableSchema) -> dict[str, str]:
    """Every accepted header key (name, titles, aliases; also without parenthesised units) -> field name."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for f in schema.fields:
        for text in (f.name, *f.titles.values(), *f.aliases):
            exact.setdefault(normalise_key(text), f.name)
            loose.setdefault(_loose_key(text), f.name)
    exact.pop("", None)
    loose.pop("", None)
    return {**loose, **exact}


def enum_index(f: Field) -> dict[str, str]:
    """Accepted value keys (the enum values and their `enumAliases`) -> canonical enum value."""
    out = {normalise_key(v): str(v) for v in f.enum}
    for canonical, aliases in f.enum_aliases:
        for alias in aliases:
            out.setdefault(normalise_key(alias), canonical)
    return out


def _match_header(text: str, index: dict[str, str]) -> str | None:
    key = normalise_key(text)
    if not key:
        return None
    return index.get(key) or index.get(_loose_key(text))


def _year_of_header(text: str) -> int | None:
    m = _YEAR_HEADER.match(_loose_key(text))
    return int(m.group(1)) if m and 1990 <= int(m.group(1)) <= 2100 else None


def _header_score(cells: list[str], index: dict[str, str], schema: TableSchema) -> int:
    """How many schema fields a row's cells name (a run of year columns counts for `year`)."""
    found = {m for c in cells if c and (m := _match_header(c, index))}
    score = len(found)
    if "year" in schema.names and "year" not in found and sum(_year_of_header(c) is not None for c in cells) >= 2:
        score += 1
    return score


def _header_threshold(schema: TableSchema) -> int:
    return min(2, len(schema.fields))


# ------------------------------------------------------------------------------------------ messages


def _fmt_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def _n_vi(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _ranges(rows: list[int]) -> str:
    """Row numbers as compact ranges: 1–3, 7."""
    out, start, prev = [], None, None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            out.append(f"{start}–{prev}" if prev != start else str(start))
            start = prev = r
    if start is not None:
        out.append(f"{start}–{prev}" if prev != start else str(start))
    return ", ".join(out)


def _preview(text: str, n: int = 60) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _problem(
    code: str,
    vi: str,
    en: str,
    *,
    severity: str = ERROR,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    expected: object = None,
) -> Problem:
    return Problem(
        code=code,
        message_vi=vi,
        message_en=en,
        row=row,
        column=column,
        value=None if value is None else str(value),
        expected=None if expected is None else str(expected),
        severity=severity,
    )


def _fail(code: str, vi: str, en: str, **kw) -> ReadError:
    return ReadError(_problem(code, vi, en, **kw))


def _column_label(grid: _Grid | None, j: int) -> tuple[str, str]:
    """How to name file column j (0-based) in messages: by letter in XLSX, by position in CSV."""
    if grid is not None and grid.letters:
        letter = get_column_letter(j + 1)
        return f"cột {letter}", f"column {letter}"
    return f"cột thứ {j + 1}", f"column {j + 1}"


# ---------------------------------------------------------------------------------------- entry points


def read_file(
    data: bytes, file_name: str, schema: TableSchema, *, sheet: str | None = None, limits: Limits | None = None
) -> ReadResult:
    """Raises ReadError(Problem(...)) when the file cannot be read as a table."""
    limits = limits or Limits()
    name = PurePath(file_name or "").name or "?"
    if len(data) > limits.max_bytes:  # before any work: decoding or unzipping is what must not happen
        raise _too_large(name, len(data), limits)
    if not data:
        raise _empty(name)
    ext = PurePath(name).suffix.casefold()
    if data.startswith(ZIP_MAGIC) or (ext in XLSX_EXTENSIONS and not data.startswith(OLE_MAGIC)):
        return _read_xlsx(data, name, schema, sheet, limits)
    if data.startswith(OLE_MAGIC) or ext == ".xls":
        raise _fail(
            "unsupported_format",
            f"Tệp «{name}» là sổ làm việc Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu, không được "
            "hỗ trợ. Hãy mở tệp trong Excel, chọn Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx), bỏ mật "
            "khẩu nếu có, rồi tải lên lại.",
            f"File '{name}' is an Excel 97–2003 workbook (.xls) or a password-protected workbook, which is "
            "not supported. Open it in Excel, choose Save As → Excel Workbook (*.xlsx), remove any "
            "password, and upload it again.",
            value=ext or None,
            expected=".xlsx",
        )
    if ext and ext not in CSV_EXTENSIONS:
        hint_vi = " Tệp OpenDocument (.ods) cần được lưu thành .xlsx." if ext == ".ods" else ""
        hint_en = " Save an OpenDocument (.ods) file as .xlsx." if ext == ".ods" else ""
        raise _fail(
            "unsupported_format",
            f"Định dạng tệp «{name}» ({ext}) không được hỗ trợ: chỉ nhận .csv, .tsv, .txt hoặc .xlsx." + hint_vi,
            f"The format of '{name}' ({ext}) is not supported: only .csv, .tsv, .txt or .xlsx are read." + hint_en,
            value=ext,
            expected=".csv, .tsv, .txt, .xlsx",
        )
    return _read_csv(data, name, ext, schema, limits)


def sheet_names(data: bytes, file_name: str = "upload.xlsx", limits: Limits | None = None) -> list[str]:
    """The worksheets of an XLSX file, in workbook order (for the page's sheet picker); ReadError if unreadable."""
    limits = limits or Limits()
    name = PurePath(file_name or "").name or "upload.xlsx"
    if len(data) > limits.max_bytes:
        raise _too_large(name, len(data), limits)
    wb = _open_workbook(data, name, limits)
    try:
        return list(wb.sheets)
    finally:
        wb.close()


def _too_large(name: str, size: int, limits: Limits) -> ReadError:
    return _fail(
        "too_large",
        f"Tệp «{name}» có dung lượng {_fmt_size(size)}, vượt quá giới hạn {_fmt_size(limits.max_bytes)}. "
        "Hãy chia nhỏ tệp hoặc bỏ các cột không cần thiết.",
        f"File '{name}' is {_fmt_size(size)}, over the {_fmt_size(limits.max_bytes)} limit. "
        "Split it or remove the columns that are not needed.",
        value=size,
        expected=f"≤ {limits.max_bytes}",
    )


def _empty(name: str) -> ReadError:
    return _fail(
        "empty_file", f"Tệp «{name}» trống: không có dữ liệu nào.", f"File '{name}' is empty: it holds no data."
    )


# ------------------------------------------------------------------------------------------------ CSV


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    """Text, encoding, and whether the text needs NFC: BOM, then strict UTF-8, then Windows-1258 or 1252."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data[3:], "utf-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data, "utf-16")]
    else:
        candidates = [("utf-8", data, "utf-8")]
    label, raw, codec = candidates[0]
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        if label != "utf-8":
            raise _not_a_table(name, f"không giải mã được theo {label}", f"not decodable as {label}") from None
        text, label = _decode_legacy(data, name)
    # Python's cp1258 yields combining tone marks, macOS writes NFD: values are composed (NFC) once split
    # into cells, where repeated names cost one normalisation each (the whole text would take seconds).
    nfc = label == "cp1258" or not unicodedata.is_normalized("NFC", text)
    head = text[:65536]
    controls = sum(1 for c in head if c < " " and c not in "\t\r\n\f")
    if "\x00" in head or controls > max(2, len(head) // 100):
        raise _not_a_table(name, "có ký tự nhị phân", "it holds binary characters")
    return text, label, nfc


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Windows-1258 (Vietnamese Excel) or Windows-1252, whichever reads as the more plausible text."""
    decoded = {}
    for enc in ("cp1258", "cp1252"):
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if not decoded:
        raise _not_a_table(
            name,
            "không giải mã được theo UTF-8, Windows-1258 hay Windows-1252",
            "not decodable as UTF-8, Windows-1258 or Windows-1252",
        )
    if len(decoded) == 1:
        enc, text = decoded.popitem()
        return text, enc
    # Judge on the start of the file (headers, names), where the letters are: counting is per character.
    t58 = unicodedata.normalize("NFC", decoded["cp1258"][:LEGACY_SAMPLE_CHARS])
    viet = sum(1 for c in t58 if c in _VIET_ONLY)
    western = sum(1 for c in t58 if c in _WESTERN_ONLY)
    # Tone marks that did not compose, or composed into letters Vietnamese does not have, mean it was not cp1258.
    odd = sum(1 for c in t58 if unicodedata.combining(c) or ("\u1e00" <= c < "\u1ea0"))
    if viet > western + odd:
        return decoded["cp1258"], "cp1258"
    return decoded["cp1252"], "cp1252"


def _not_a_table(name: str, why_vi: str, why_en: str) -> ReadError:
    return _fail(
        "not_a_table",
        f"Tệp «{name}» không phải là bảng dữ liệu dạng văn bản (CSV): {why_vi}. Hãy mở tệp trong Excel và "
        "lưu thành CSV UTF-8 (*.csv) hoặc Sổ làm việc Excel (*.xlsx).",
        f"File '{name}' is not a text table (CSV): {why_en}. Open it in Excel and save it as "
        "CSV UTF-8 (*.csv) or Excel Workbook (*.xlsx).",
    )


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
            raise _too_long(name, int(i) + 1, None, n, limits)


def _too_long(name: str, row: int, column: str | None, n: int, limits: Limits) -> ReadError:
    where_vi = f", cột «{column}»" if column else ""
    where_en = f", column '{column}'" if column else ""
    return _fail(
        "cell_too_long",
        f"Tệp «{name}», dòng {row}{where_vi}: dài {_n_vi(n)} ký tự, vượt quá giới hạn "
        f"{_n_vi(limits.max_cell_chars)} ký tự cho một ô hoặc một dòng.",
        f"File '{name}', row {row}{where_en}: {n:,} characters long, over the limit of "
        f"{limits.max_cell_chars:,} characters for a cell or a line.",
        row=row,
        column=column,
        value=n,
        expected=f"≤ {limits.max_cell_chars}",
    )


def _records(lines, delimiter: str, first_line: int):
    """csv records with the physical line each starts on."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    prev = first_line - 1
    for cells in reader:
        start, prev = prev + 1, first_line - 1 + reader.line_num
        yield start, prev, cells


@dataclass
class _Sniff:
    """Where the table starts in a CSV file and how it is split."""

    delimiter: str
    header: list[str]
    header_row: int
    header_end: int  # last physical line of the header record
    titles: list[tuple[int, str]]
    score: int


def _sniff(text: str, name: str, ext: str, schema: TableSchema) -> _Sniff:
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
    best: _Sniff | None = None
    for d in delimiters:
        titles: list[tuple[int, str]] = []
        try:
            for start, end, cells in _records(iter(sample_lines), d, 1):
                score = _header_score(cells, index, schema)
                if score >= _header_threshold(schema):
                    cand = _Sniff(d, cells, start, end, titles, score)
                    if best is None or (score, len(cells)) > (best.score, len(best.header)):
                        best = cand
                    break
                if any(c.strip() for c in cells):
                    titles.append((start, " ".join(c.strip() for c in cells if c.strip())))
        except csv.Error:
            continue
    if best is None:
        raise _no_header(name, schema, _first_content(sample_lines))
    return best


def _first_content(lines: list[str]) -> tuple[int, str] | None:
    for i, line in enumerate(lines, 1):
        if line.strip().strip(",;\t").strip():
            return i, line.strip()
    return None


def _no_header(
    name: str, schema: TableSchema, first: tuple[int, str] | None, where_vi: str = "", where_en: str = ""
) -> ReadError:
    want_vi = ", ".join(f"«{f.title('vi')}»" for f in schema.fields if f.required)
    want_en = ", ".join(f"'{f.title('en')}'" for f in schema.fields if f.required)
    found_vi = f" Dòng có nội dung đầu tiên (dòng {first[0]}) là: «{_preview(first[1])}»." if first else ""
    found_en = f" The first line with content (row {first[0]}) is: '{_preview(first[1])}'." if first else ""
    return _fail(
        "no_header",
        f"Không tìm thấy dòng tiêu đề cột của bảng «{schema.title('vi')}» trong {HEADER_SCAN_ROWS} dòng đầu "
        f"của tệp «{name}»{where_vi}. Cần một dòng có ít nhất 2 tiêu đề cột như: {want_vi}.{found_vi}",
        f"No header row of the '{schema.title('en')}' table was found in the first {HEADER_SCAN_ROWS} rows "
        f"of '{name}'{where_en}. Expected a row with at least 2 column headers such as: {want_en}.{found_en}",
        row=first[0] if first else None,
        value=_preview(first[1]) if first else None,
        expected=", ".join(f.title("vi") for f in schema.fields if f.required),
    )


def _read_csv(data: bytes, name: str, ext: str, schema: TableSchema, limits: Limits) -> ReadResult:
    text, encoding, nfc = _decode(data, name)
    if "\r" in text and _LONE_CR.search(text):
        # Classic-Mac line ends (lone CR): lines as an editor shows them, one rule for both parsers.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CONTENT.search(text):
        raise _empty(name)
    u8 = text.encode("utf-8")  # pyarrow and the line index work on UTF-8 bytes
    starts = _line_starts(u8)
    # protection: csv_line_length
    _check_line_lengths(u8, starts, name, limits)
    head = int(starts[HEADER_SCAN_ROWS]) if len(starts) > HEADER_SCAN_ROWS else len(u8)
    with _csv_field_limit(limits):
        sniff = _sniff(u8[:head].decode("utf-8"), name, ext, schema)
    n = len(sniff.header)
    # protection: csv_column_limit
    if len(_trim(sniff.header)) > limits.max_columns:
        raise _too_many_columns(name, sniff.header_row, len(_trim(sniff.header)), limits)
    data_line = sniff.header_end + 1
    if data_line - 1 >= len(starts):
        grid = _empty_grid(n)
    else:
        offset = int(starts[data_line - 1])
        grid = None
        if len(u8) - offset >= FAST_PATH_MIN_BYTES:
            grid = _csv_fast(u8, offset, starts[data_line - 1 :] - offset, data_line, n, sniff.delimiter, limits, nfc)
        if grid is None:
            with _csv_field_limit(limits):
                grid = _csv_careful(u8, offset, starts, data_line, sniff, name, limits, nfc)
    grid.header = [unicodedata.normalize("NFC", h) for h in sniff.header]
    grid.header_row = sniff.header_row
    grid.title_rows = [(r, unicodedata.normalize("NFC", t)) for r, t in sniff.titles]
    notices = [_encoding_notice(name, encoding)]
    return _finish(grid, schema, name, limits, notices, encoding=encoding, delimiter=sniff.delimiter, sheet=None)


@contextlib.contextmanager
def _csv_field_limit(limits: Limits):
    """csv's field size limit is process-wide: hold the lock while it is ours, then restore it."""
    with _CSV_LIMIT_LOCK:
        old = csv.field_size_limit(limits.max_cell_chars)
        try:
            yield
        finally:
            csv.field_size_limit(old)


def _empty_grid(n: int) -> _Grid:
    return _Grid(
        header=[],
        header_row=0,
        columns=[np.empty(0, dtype=object) for _ in range(n)],
        rows=np.empty(0, dtype=np.int64),
        blank=np.empty(0, dtype=bool),
        title_rows=[],
        problems=[],
    )


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not str(cells[end - 1]).strip():
        end -= 1
    return cells[:end]


def _too_many_columns(name: str, row: int, k: int, limits: Limits) -> ReadError:
    return _fail(
        "too_many_columns",
        f"Tệp «{name}», dòng {row}: có {k} cột, vượt quá giới hạn {limits.max_columns} cột.",
        f"File '{name}', row {row}: {k} columns, over the limit of {limits.max_columns} columns.",
        row=row,
        value=k,
        expected=f"≤ {limits.max_columns}",
    )


def _too_many_rows(name: str, limits: Limits) -> ReadError:
    return _fail(
        "too_many_rows",
        f"Tệp «{name}» có hơn {_n_vi(limits.max_rows)} dòng dữ liệu, vượt quá giới hạn. Hãy chia tệp thành "
        "nhiều tệp nhỏ hơn.",
        f"File '{name}' has more than {limits.max_rows:,} data rows, over the limit. Split it into smaller files.",
        expected=f"≤ {limits.max_rows}",
    )


def _encoding_notice(name: str, encoding: str) -> Problem:
    label = {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8 (BOM)",
        "utf-16": "UTF-16 (Unicode)",
        "cp1258": "Windows-1258",
        "cp1252": "Windows-1252",
    }[encoding]
    vi_extra = " (bảng mã tiếng Việt của Windows)" if encoding == "cp1258" else ""
    en_extra = " (Windows Vietnamese)" if encoding == "cp1258" else ""
    return _problem(
        "encoding_detected",
        f"Tệp «{name}» được đọc với bảng mã {label}{vi_extra}.",
        f"File '{name}' was read as {label}{en_extra}.",
        severity=WARNING,
        value=encoding,
    )


def _csv_fast(
    u8: bytes, offset: int, starts: np.ndarray, first_line: int, n: int, delimiter: str, limits: Limits, nfc: bool
) -> _Grid | None:
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
        empty = pc.or_(pc.equal(pc.utf8_length(col), 0), pc.utf8_is_space(col))
        blank &= empty.to_numpy(zero_copy_only=False)
    return _Grid(
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
    u8: bytes, offset: int, starts: np.ndarray, first_line: int, sniff: _Sniff, name: str, limits: Limits, nfc: bool
) -> _Grid:
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
    records = _records(io.StringIO(text, newline=""), d, first_line)
    while True:
        try:
            start, end, cells = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, u8, starts, end + 1, d, header, name, limits) from None
        is_blank = not any(c.strip() for c in cells)
        if not is_blank:
            lengths[len(cells)] += 1
            count += 1
            if count > limits.max_rows:
                raise _too_many_rows(name, limits)
        if end > start:
            j = next((j for j, c in enumerate(cells) if "\n" in c or "\r" in c), None)
            _check_swallowed(cells, start, d, n, header, name)
            if not _strict_ok(_lines_text(u8, starts, start, end), d):
                # Excel closes a quoted cell right before a separator or a line end; anything else means the
                # quote was a stray one that ran into the following line(s).
                raise _unterminated(name, start, _header_at(header, j))
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
        _check_last_record(u8, starts, start, d, header, name)
    usual = lengths.most_common(1)[0][0] if lengths else n
    for row, k, j in multi_line:
        # A quoted line break in a row of the usual width is a cell with several lines; in a row of another
        # width it is a stray quote that ran into the next line(s).
        if k != usual:
            raise _unterminated(name, row, _header_at(header, j))
    problems: list[Problem] = []
    # Surplus cells are harmless only when empty and every row has them (a trailing separator on data lines).
    ragged = [(row, k, extra) for row, k, extra in long_rows if extra or k != usual]
    for row, k, extra in ragged[:MAX_ROW_PROBLEMS]:
        problems.append(_ragged(name, row, k, n, extra))
    if len(ragged) > MAX_ROW_PROBLEMS:
        more = len(ragged) - MAX_ROW_PROBLEMS
        problems.append(
            _problem(
                "ragged_row",
                f"Tệp «{name}»: còn {more} dòng khác có nhiều ô hơn dòng tiêu đề.",
                f"File '{name}': {more} more rows have more cells than the header.",
                value=more,
            )
        )
    return _Grid(
        header=[],
        header_row=0,
        columns=[np.array(c, dtype=object) for c in cols],
        rows=np.array(rownums, dtype=np.int64),
        blank=np.array(blank, dtype=bool),
        title_rows=[],
        problems=problems,
    )


def _ragged(name: str, row: int, found: int, n: int, extra: list[str]) -> Problem:
    shown = ", ".join(f"«{_preview(e, 30)}»" for e in extra[:3]) or "trống"
    shown_en = ", ".join(f"'{_preview(e, 30)}'" for e in extra[:3]) or "empty"
    return _problem(
        "ragged_row",
        f"Tệp «{name}», dòng {row}: có {found} ô nhưng dòng tiêu đề chỉ có {n} cột; các ô thừa ({shown}) "
        "đã bị bỏ qua. Có thể một số chứa dấu phân cách (ví dụ 1,234 không đặt trong ngoặc kép).",
        f"File '{name}', row {row}: {found} cells but the header has {n} columns; the extra cells "
        f"({shown_en}) were dropped. A number may hold the separator (e.g. 1,234 without quotes).",
        row=row,
        value=found,
        expected=n,
    )


def _unterminated(name: str, row: int, column: str | None) -> ReadError:
    where_vi = f", cột «{column}»" if column else ""
    where_en = f", column '{column}'" if column else ""
    return _fail(
        "unterminated_quote",
        f'Tệp «{name}», dòng {row}{where_vi}: dấu ngoặc kép (") mở ở đây nhưng không được đóng, nên các dòng '
        "sau bị đọc lẫn vào một ô. Hãy đóng dấu ngoặc kép hoặc xoá nó.",
        f"File '{name}', row {row}{where_en}: a double quote (\") opens here and is never closed, so the "
        "following lines run into one cell. Close the quote or remove it.",
        row=row,
        column=column,
        value='"',
    )


def _line_text(u8: bytes, starts: np.ndarray, line: int, to_end: bool = False) -> str:
    i = line - 1
    if i >= len(starts):
        return ""
    stop = len(u8) if to_end or i + 1 >= len(starts) else int(starts[i + 1])
    return u8[int(starts[i]) : stop].decode("utf-8")


def _lines_text(u8: bytes, starts: np.ndarray, first: int, last: int) -> str:
    stop = int(starts[last]) if last < len(starts) else len(u8)
    return u8[int(starts[first - 1]) : stop].decode("utf-8")


def _strict_ok(text: str, d: str) -> bool:
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


def _header_at(header: list[str], j: int | None) -> str | None:
    return header[j] if j is not None and j < len(header) and header[j] else None


def _csv_error(
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
                return _unterminated(name, row, _header_at(header, j))
        return _too_long(name, row, _header_at(header, j), limits.max_cell_chars + 1, limits)
    return _not_a_table(name, f"lỗi đọc CSV ở dòng {row}: {exc}", f"CSV error at row {row}: {exc}")


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


def _check_last_record(u8: bytes, starts: np.ndarray, start: int, d: str, header: list[str], name: str) -> None:
    """The csv module ends an unclosed quote silently at the end of the file: catch it."""
    tail = _line_text(u8, starts, start, to_end=True)
    j = _strict_open_quote(tail, d)
    if j is not None:
        raise _unterminated(name, start, _header_at(header, j))


def _check_swallowed(cells: list[str], start: int, d: str, n: int, header: list[str], name: str) -> None:
    """A quoted cell holding whole rows (a stray quote closed much later by another) is an unterminated quote."""
    if n < 3:
        return
    for j, c in enumerate(cells):
        if "\n" in c and any(part.count(d) >= n - 1 for part in c.split("\n")[1:]):
            raise _unterminated(name, start, _header_at(header, j))


# ----------------------------------------------------------------------------------------------- XLSX


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


def _check_zip(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a corrupt zip or a decompression bomb from the zip directory, before any XML is parsed."""
    directory = _zip_directory(data)
    # protection: zip_member_count
    if directory and (directory[0] > MAX_XLSX_MEMBERS or directory[1] > MAX_XLSX_MEMBERS * 256):
        # zipfile reads the whole directory before anything can be checked: ~3 s per 200,000 members.
        raise _fail(
            "xlsx_bomb",
            f"Tệp «{name}» bị từ chối: tệp nén chứa {_n_vi(directory[0])} thành phần (danh mục "
            f"{_fmt_size(directory[1])}), vượt giới hạn {_n_vi(MAX_XLSX_MEMBERS)}; tệp Excel thật chỉ có vài "
            "chục thành phần. Hãy lưu lại tệp từ Excel.",
            f"File '{name}' was refused: its zip holds {directory[0]:,} members (a "
            f"{_fmt_size(directory[1])} directory), over the limit of {MAX_XLSX_MEMBERS:,}; a real Excel "
            "workbook has a few dozen. Save it again from Excel.",
            value=directory[0],
            expected=f"≤ {MAX_XLSX_MEMBERS}",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _xlsx_invalid(name, str(exc)) from None
    total = sum(i.file_size for i in infos)
    ratio = total / max(len(data), 1)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size >= BOMB_MEMBER_MIN), default=0)
    if total > limits.max_xlsx_uncompressed or ratio > limits.max_xlsx_ratio or worst > limits.max_xlsx_ratio:
        raise _fail(
            "xlsx_bomb",
            f"Tệp «{name}» bị từ chối: khi giải nén, nội dung lên tới {_fmt_size(total)} (gấp "
            f"{max(ratio, worst):.0f} lần phần nén), vượt giới hạn {_fmt_size(limits.max_xlsx_uncompressed)} "
            f"hoặc {limits.max_xlsx_ratio} lần. Tệp như vậy có thể làm treo hệ thống; hãy lưu lại tệp từ "
            "Excel hoặc chỉ giữ trang tính cần tải lên.",
            f"File '{name}' was refused: it inflates to {_fmt_size(total)} ({max(ratio, worst):.0f} times its "
            f"compressed size), over the limit of {_fmt_size(limits.max_xlsx_uncompressed)} or "
            f"{limits.max_xlsx_ratio} times. Such a file can hang the server; save it again from Excel or "
            "keep only the sheet to upload.",
            value=total,
            expected=f"≤ {limits.max_xlsx_uncompressed}",
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _xlsx_invalid(name, "thiếu xl/workbook.xml / no xl/workbook.xml")


def _xlsx_invalid(name: str, detail: str) -> ReadError:
    return _fail(
        "xlsx_invalid",
        f"Tệp «{name}» không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng, tải về chưa hết, hoặc là định "
        f"dạng khác đổi đuôi): {_preview(detail, 120)}. Hãy mở tệp trong Excel và lưu lại thành .xlsx.",
        f"File '{name}' is not a valid .xlsx workbook (corrupt, an incomplete download, or another format "
        f"renamed): {_preview(detail, 120)}. Open it in Excel and save it again as .xlsx.",
        value=_preview(detail, 120),
    )


@dataclass
class _Workbook:
    """An open XLSX: calamine for the cells, the zip for what calamine does not tell (sheet paths, styles)."""

    book: CalamineWorkbook
    zf: zipfile.ZipFile
    sheets: list[str]  # worksheets (not chart sheets), in workbook order
    members: dict[str, str]  # sheet name -> its XML member in the zip
    percent_styles: frozenset[int]  # cell style indices (s="…") whose number format shows a percent

    def close(self) -> None:
        self.book.close()
        self.zf.close()


def _open_workbook(data: bytes, name: str, limits: Limits) -> _Workbook:
    # protection: zip_directory_check
    _check_zip(data, name, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise _xlsx_invalid(name, f"{type(exc).__name__}: {exc}") from None
    zf = zipfile.ZipFile(io.BytesIO(data))
    try:
        sheets = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        return _Workbook(
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
        raise _xlsx_invalid(name, f"{member}: {_fmt_size(info.file_size)}")
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


def _column_number(letters: bytes) -> int:
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


def _scan_sheet(wb: _Workbook, sheet: str, name: str) -> set[tuple[int, int]]:
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
                percent.add((int(ref.group(2)), _column_number(ref.group(1))))
    # protection: sheet_tag_count
    if is_sheet and tags > TAGS_PER_CELL * (cells + rows) + MIN_SHEET_TAGS:
        # Deep nesting or piles of unknown elements: markup that holds no cells, a parser's worst case.
        raise _fail(
            "xlsx_bomb",
            f"Tệp «{name}», trang tính «{sheet}»: phần XML có {_n_vi(tags)} thẻ cho {_n_vi(cells)} ô, không "
            "phải cấu trúc Excel ghi ra; tệp bị từ chối. Hãy lưu lại tệp từ Excel.",
            f"File '{name}', sheet '{sheet}': its XML holds {tags:,} tags for {cells:,} cells, not what Excel "
            "writes; the file was refused. Save it again from Excel.",
            value=tags,
            expected=f"≤ {TAGS_PER_CELL * (cells + rows) + MIN_SHEET_TAGS}",
        )
    m = _REF_TEXT.fullmatch(declared.split(b":")[-1]) if declared else None
    if m and (int(m.group(2)) > EXCEL_MAX_ROWS or _column_number(m.group(1)) > EXCEL_MAX_COLUMNS):
        raise _absurd(name, sheet, int(m.group(2)), _column_number(m.group(1)))
    height = max([rows, FAR_ROW - 1] + [int(d) for _, d in far if len(d) >= len(str(FAR_ROW))])
    width = max([26] + [_column_number(c) for c, _ in far if len(c) >= 2])
    allowed = max(MIN_SHEET_CELLS, SHEET_CELLS_PER_CELL * cells)
    if height * width > allowed:  # the cheap bound is not enough: find the exact rectangle
        height, width = rows, 1
        for part in _xml_parts(zf, member):
            refs = _ANY_REF.findall(part)
            if refs:
                height = max(height, max(map(int, map(itemgetter(1), refs))))
                width = max([width] + [_column_number(c) for c in set(map(itemgetter(0), refs))])
    if height > EXCEL_MAX_ROWS or width > EXCEL_MAX_COLUMNS or height * width > allowed:
        raise _absurd(name, sheet, height, width)
    return percent


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
    """A cell value as text, and whether it is a real number written with a '.' decimal."""
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
    texts, real = [], []
    for j, v in enumerate(values):
        s, is_real = _cell_text(v, (r, j + 1) in percent)
        texts.append(s)
        real.append(is_real)
    k = len(_trim(texts))
    return texts[:k], real[:k]


def _absurd(name: str, sheet: str, rows: int | None, cols: int | None) -> ReadError:
    return _fail(
        "xlsx_bomb",
        f"Tệp «{name}», trang tính «{sheet}»: kích thước khai báo vô lý ({rows or '?'} dòng × {cols or '?'} "
        f"cột, Excel tối đa {_n_vi(EXCEL_MAX_ROWS)} × {_n_vi(EXCEL_MAX_COLUMNS)}); tệp bị từ chối.",
        f"File '{name}', sheet '{sheet}': absurd declared size ({rows or '?'} rows × {cols or '?'} columns; "
        f"Excel allows {EXCEL_MAX_ROWS:,} × {EXCEL_MAX_COLUMNS:,}); the file was refused.",
        value=f"{rows}×{cols}",
    )


def _read_xlsx(data: bytes, name: str, schema: TableSchema, sheet: str | None, limits: Limits) -> ReadResult:
    wb = _open_workbook(data, name, limits)
    try:
        names = wb.sheets
        if sheet is not None and sheet not in names:
            listed = ", ".join(f"«{s}»" for s in names)
            raise _fail(
                "sheet_not_found",
                f"Tệp «{name}» không có trang tính «{sheet}». Các trang tính hiện có: {listed}.",
                f"File '{name}' has no sheet '{sheet}'. Its sheets are: " + ", ".join(f"'{s}'" for s in names) + ".",
                value=sheet,
                expected=", ".join(names),
            )
        index = header_index(schema)
        candidates = [sheet] if sheet is not None else names
        first_content: tuple[int, str] | None = None
        any_content = False
        skipped: list[str] = []
        for sname in candidates:
            # protection: sheet_extent_scan
            percent = _scan_sheet(wb, sname, name)
            try:
                values = wb.book.get_sheet_by_name(sname).to_python(skip_empty_area=False)
            except (CalamineError, ValueError, OSError) as exc:  # a broken sheet XML surfaces here
                raise _xlsx_invalid(name, f"{type(exc).__name__}: {exc}") from None
            if len(values) > EXCEL_MAX_ROWS or (values and len(values[0]) > EXCEL_MAX_COLUMNS):
                raise _absurd(name, sname, len(values), len(values[0]))
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
                    _problem(
                        "sheet_chosen",
                        f"Tệp «{name}»: dùng trang tính «{sname}»; các trang tính "
                        + ", ".join(f"«{s}»" for s in skipped)
                        + " không có dòng tiêu đề phù hợp.",
                        f"File '{name}': sheet '{sname}' was used; sheets "
                        + ", ".join(f"'{s}'" for s in skipped)
                        + " have no matching header row.",
                        severity=WARNING,
                        value=sname,
                    )
                )
            return _finish(grid, schema, name, limits, notices, encoding=None, delimiter=None, sheet=sname)
        if not any_content:
            raise _empty(name)
        where_vi = f", trang tính «{sheet}»" if sheet else ""
        where_en = f", sheet '{sheet}'" if sheet else ""
        raise _no_header(name, schema, first_content, where_vi, where_en)
    finally:
        wb.close()


def _check_row_limits(texts: list[str], r: int, name: str, limits: Limits) -> None:
    if len(texts) > limits.max_columns:
        raise _too_many_columns(name, r, len(texts), limits)
    for j, s in enumerate(texts):
        if len(s) > limits.max_cell_chars:
            raise _too_long(name, r, f"{get_column_letter(j + 1)}{r}", len(s), limits)


def _xlsx_header(
    values: list[list],
    percent: set[tuple[int, int]],
    index: dict[str, str],
    schema: TableSchema,
    name: str,
    limits: Limits,
):
    """((header row, header cells, title rows) or None, (row, text) of the sheet's first content or None)."""
    titles: list[tuple[int, str]] = []
    for i, row in enumerate(values[:HEADER_SCAN_ROWS]):
        r = i + 1
        texts, _real = _row_texts(row, r, percent)
        _check_row_limits(texts, r, name, limits)
        if _header_score(texts, index, schema) >= _header_threshold(schema):
            return (r, texts, titles), (titles[0] if titles else (r, " ".join(texts)))
        content = " ".join(t.strip() for t in texts if t.strip())
        if content:
            titles.append((r, content))
    return None, (titles[0] if titles else None)


def _column_texts(
    cells: np.ndarray, first_row: int, j: int, percent: set[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One sheet column below the header as (texts, real-number flags, non-blank flags, text lengths).

    Each distinct value is converted once (a column repeats a few labels, years, levels) and whole numbers
    are formatted by pyarrow; only a column holding percent-formatted cells goes cell by cell."""
    n = len(cells)
    values = np.ascontiguousarray(cells)
    if any(c == j + 1 for _, c in percent):
        texts, real = np.empty(n, dtype=object), np.zeros(n, dtype=bool)
        for i, v in enumerate(values):
            texts[i], real[i] = _cell_text(v, (first_row + i, j + 1) in percent)
        return (
            texts,
            real,
            np.array([bool(t.strip()) for t in texts], dtype=bool),
            np.fromiter(map(len, texts), dtype=np.int64, count=n),
        )
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    uniques = np.asarray(uniques, dtype=object)
    kinds = {type(u) for u in uniques}
    texts_u, real_u = np.empty(len(uniques), dtype=object), np.zeros(len(uniques), dtype=bool)
    if bool in kinds and kinds & {int, float}:  # True and 1 hash alike: convert cell by cell
        codes, uniques = np.arange(n), values
        texts_u, real_u = np.empty(n, dtype=object), np.zeros(n, dtype=bool)
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
            texts_u[i], real_u[i] = _cell_text(u)
    content_u = np.fromiter((bool(t.strip()) for t in texts_u), dtype=bool, count=len(texts_u))
    lengths_u = np.fromiter(map(len, texts_u), dtype=np.int64, count=len(texts_u))
    return texts_u[codes], real_u[codes], content_u[codes], lengths_u[codes]


def _xlsx_grid(found, values: list[list], percent: set[tuple[int, int]], name: str, limits: Limits) -> _Grid:
    header_row, header, titles = found
    n = len(header)
    body = values[header_row:]
    first = header_row + 1
    m = len(body)
    cols: list[np.ndarray] = []
    reals: list[np.ndarray] = []
    last_filled = np.zeros(m, dtype=np.int64)  # 1-based index of a row's last non-empty cell
    blank = np.ones(m, dtype=bool)
    extra: list[np.ndarray] = []
    table = np.empty((m, len(body[0]) if m else 0), dtype=object)  # calamine's rows are all equally wide
    table[:] = body
    for j in range(table.shape[1]):
        texts, real, content, lengths = _column_texts(table[:, j], first, j, percent)
        too_long = np.flatnonzero(lengths > limits.max_cell_chars)
        if len(too_long):
            i = int(too_long[0])
            raise _too_long(name, first + i, f"{get_column_letter(j + 1)}{first + i}", len(texts[i]), limits)
        blank &= ~content
        last_filled[content] = j + 1
        if j < n:
            cols.append(texts)
            reals.append(real)
        else:
            extra.append(texts)
    wide = np.flatnonzero(last_filled > limits.max_columns)
    if len(wide):
        raise _too_many_columns(name, first + int(wide[0]), int(last_filled[wide[0]]), limits)
    for _ in range(len(cols), n):  # the sheet is narrower than its header row
        cols.append(np.full(m, "", dtype=object))
        reals.append(np.zeros(m, dtype=bool))
    if (~blank).sum() > limits.max_rows:
        raise _too_many_rows(name, limits)
    problems: list[Problem] = []
    ragged = np.flatnonzero(last_filled > n)
    for i in ragged[:MAX_ROW_PROBLEMS]:
        k = int(last_filled[i])
        problems.append(_ragged(name, first + int(i), k, n, [c[i] for c in extra[: k - n] if c[i].strip()]))
    return _Grid(
        header=header,
        header_row=header_row,
        columns=cols,
        rows=np.arange(first, first + m, dtype=np.int64),
        blank=blank,
        title_rows=titles,
        problems=problems,
        real=reals,
        letters=True,
    )


# ------------------------------------------------------------------------------- shared: rows and columns


def _note_signs(cells: list[str], width: int) -> tuple[bool, bool]:
    """(starts with a note word such as "Nguồn", "Ghi chú" or "*", fewer than half of the columns filled)."""
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


def _notes_block(grid: _Grid, width: int) -> np.ndarray:
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
    # "Nguồn: ..." straight under the last data row, without a blank row between.
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


def _numbering_row(cells: list[str], width: int) -> bool:
    """A column-numbering row under the header ("A B 1 2 3", "(1) (2) (3)") or a units row ("(người)")."""
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


@dataclass
class _Mapping:
    """Which file column holds which field."""

    fields: dict[str, int]  # field -> file column
    year_cols: list[tuple[int, int]]  # wide table: (file column, year)
    measure: str | None  # wide table: the field the year columns hold
    ignored: list[int]  # unknown columns with a header, or without one but with data
    problems: list[Problem]


def _is_code_header(text: str) -> bool:
    return bool({"ma", "code", "id"} & set(normalise_key(text).split()))


def _map_columns(grid: _Grid, schema: TableSchema, name: str, keep: np.ndarray) -> _Mapping:
    index = header_index(schema)
    header = grid.header
    by_field: dict[str, list[int]] = {}
    for j, h in enumerate(header):
        if h.strip() and (m := _match_header(h, index)):
            by_field.setdefault(m, []).append(j)
    fields: dict[str, int] = {}
    problems: list[Problem] = []
    for m, js in by_field.items():
        # "Mã tỉnh" beside "Tên tỉnh": use the code column, the names only repeat it.
        codes = [j for j in js if _is_code_header(header[j])]
        chosen = codes[0] if codes else js[0]
        fields[m] = chosen
        f = schema.field(m)
        for j in js:
            if j == chosen:
                continue
            soft = _is_code_header(header[chosen]) and not _is_code_header(header[j])
            if soft and m == "province_code" and NAME_COLUMN not in fields:
                fields[NAME_COLUMN] = j  # names beside codes: validation checks that each row's two agree
                continue
            lj, lj_en = _column_label(grid, j)
            lc, lc_en = _column_label(grid, chosen)
            hj, hc = header[j].strip(), header[chosen].strip()
            problems.append(
                _problem(
                    "duplicate_column",
                    f"Tệp «{name}»: cột «{hj}» ({lj}) và cột «{hc}» ({lc}) đều là «{f.title('vi')}»; chỉ dùng cột «{hc}», "
                    "cột kia bị bỏ qua.",
                    f"File '{name}': column '{hj}' ({lj_en}) and column '{hc}' ({lc_en}) are both '{f.title('en')}'; only "
                    f"'{hc}' is used, the other is ignored.",
                    severity=WARNING if soft else ERROR,
                    row=grid.header_row,
                    column=header[j],
                    expected=f.name,
                )
            )
    matched = {j for js in by_field.values() for j in js}
    year_cols = [(j, y) for j, h in enumerate(header) if j not in matched and (y := _year_of_header(h))]
    measure = None
    if "year" in schema.names and "year" not in fields and len(year_cols) >= 2:
        measure = _wide_measure(schema, fields)
    if measure is None:
        year_cols = []
    used = matched | {j for j, _ in year_cols}
    unknown = [
        j
        for j, h in enumerate(header)
        if j not in used and (h.strip() or any(str(v).strip() for v in grid.columns[j][keep]))
    ]
    return _Mapping(fields, year_cols, measure, unknown, problems)


def _wide_measure(schema: TableSchema, fields: dict[str, int]) -> str | None:
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


# ---------------------------------------------------------------------------------------- number style


def _count(values: pa.Array, pattern: str) -> tuple[int, int | None]:
    """How many cells match, and the position of the first."""
    mask = pc.match_substring_regex(values, pattern)
    k = pc.sum(mask).as_py() or 0
    return k, (int(pc.index(mask, True).as_py()) if k else None)


def _number_style(
    cells: list[tuple[Field, np.ndarray, np.ndarray, np.ndarray | str]], delimiter: str | None, name: str
) -> tuple[str, str, list[Problem]]:
    """(decimal, thousands, notices) for the whole file, from the text cells of its numeric fields."""
    vi = en = 0
    dot_groups = comma_groups = space_groups = 0
    examples: dict[str, tuple[str, int, str]] = {}
    semicolon_like = delimiter != ","
    for f, values, rows, headers in cells:
        if not len(values):
            continue
        arr = pa.array(values, type=pa.string())
        # Plain digits and empty cells say nothing about the style: look only at the others.
        keep = pc.invert(pc.or_(pc.utf8_is_digit(arr), pc.equal(pc.utf8_length(arr), 0)))
        positions = np.flatnonzero(keep.to_numpy(zero_copy_only=False))
        if not len(positions):
            continue
        arr = pc.utf8_trim_whitespace(arr.take(pa.array(positions)))

        def tally(pattern: str, side: str, arr=arr, rows=rows, headers=headers, positions=positions) -> int:
            k, first = _count(arr, pattern)
            if k and side not in examples:
                at = positions[first]
                header = headers if isinstance(headers, str) else str(headers[at])
                examples[side] = (header, int(rows[at]), arr[first].as_py())
            return k

        vi += tally(_VI_STRONG, "vi") + tally(_SPACE_VI, "vi")
        en += tally(_EN_STRONG, "en") + tally(_SPACE_EN, "en")
        amb_dot = tally(_AMBIG_DOT, "vi" if f.type == "integer" or semicolon_like else "en")
        amb_comma = tally(_AMBIG_COMMA, "vi" if f.type == "number" and semicolon_like else "en")
        if f.type == "integer" or semicolon_like:
            vi += amb_dot
        else:
            en += amb_dot
        if f.type == "number" and semicolon_like:
            vi += amb_comma
        else:
            en += amb_comma
        dot_groups += _count(arr, _DOT_GROUPS)[0]
        comma_groups += _count(arr, _COMMA_GROUPS)[0]
        space_groups += _count(arr, _SPACE_GROUPS)[0]
    if vi == en == 0:
        decimal, thousands = ".", " " if space_groups else ""
    elif vi > en or (vi == en and semicolon_like):
        decimal, thousands = ",", "." if dot_groups else " " if space_groups else ""
    else:
        decimal, thousands = ".", "," if comma_groups else " " if space_groups else ""
    notices = [_style_notice(name, decimal, thousands)]
    if vi and en:
        minority = "en" if decimal == "," else "vi"
        header, row, value = examples[minority]
        notices.append(
            _problem(
                "mixed_number_style",
                f"Tệp «{name}» viết số theo hai kiểu: {vi} ô kiểu Việt Nam (1.234,5) và {en} ô kiểu Anh (1,234.5). Cả "
                f"tệp được đọc theo kiểu {'Việt Nam' if decimal == ',' else 'Anh'}; ví dụ ô «{value}» ở dòng {row}, "
                f"cột «{header}» có thể bị đọc sai.",
                f"File '{name}' writes numbers in two styles: {vi} cells Vietnamese (1.234,5) and {en} cells English "
                f"(1,234.5). The whole file is read as {'Vietnamese' if decimal == ',' else 'English'}; e.g. the cell "
                f"'{value}' at row {row}, column '{header}' may be misread.",
                severity=WARNING,
                row=row,
                column=header,
                value=value,
            )
        )
    return decimal, thousands, notices


def _style_notice(name: str, decimal: str, thousands: str) -> Problem:
    sep_vi = {
        "": "không có dấu phân cách hàng nghìn",
        ".": "dấu chấm phân cách hàng nghìn",
        ",": "dấu phẩy phân cách hàng nghìn",
        " ": "dấu cách phân cách hàng nghìn",
    }[thousands]
    sep_en = {
        "": "no thousands separator",
        ".": "'.' thousands separator",
        ",": "',' thousands separator",
        " ": "space thousands separator",
    }[thousands]
    example = {
        (",", "."): "1.234.567 · 85,5",
        (",", ""): "1234567 · 85,5",
        (",", " "): "1 234 567 · 85,5",
        (".", ","): "1,234,567 · 85.5",
        (".", ""): "1234567 · 85.5",
        (".", " "): "1 234 567 · 85.5",
    }
    ex = example[(decimal, thousands)]
    dec_vi = "dấu phẩy thập phân" if decimal == "," else "dấu chấm thập phân"
    dec_en = "decimal comma" if decimal == "," else "decimal point"
    return _problem(
        "number_style_detected",
        f"Tệp «{name}»: số được đọc với {dec_vi}, {sep_vi} (ví dụ {ex}).",
        f"File '{name}': numbers are read with a {dec_en}, {sep_en} (e.g. {ex}).",
        severity=WARNING,
        value=f"decimal={decimal!r} thousands={thousands!r}",
    )


# -------------------------------------------------------------------------------------------- finishing


def _finish(
    grid: _Grid,
    schema: TableSchema,
    name: str,
    limits: Limits,
    notices: list[Problem],
    *,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
) -> ReadResult:
    """From the rows below the header to the ReadResult: ignored blocks, mapping, wide melt, number style."""
    header = grid.header
    width = max(1, sum(1 for h in header if h.strip()))
    notices = list(notices)
    if grid.title_rows:
        rows = [r for r, _ in grid.title_rows]
        text = _preview(grid.title_rows[0][1])
        notices.append(
            _problem(
                "title_rows_ignored",
                f"Tệp «{name}»: đã bỏ qua {len(rows)} dòng tiêu đề phía trên dòng tiêu đề cột (dòng {_ranges(rows)}): "
                f"«{text}»; dòng tiêu đề cột là dòng {grid.header_row}.",
                f"File '{name}': ignored {len(rows)} title rows above the column headers (rows {_ranges(rows)}): "
                f"'{text}'; the column headers are on row {grid.header_row}.",
                severity=WARNING,
                row=rows[0],
                value=text,
            )
        )
    ignored = np.zeros(len(grid.rows), dtype=bool)
    notes = _notes_block(grid, width)
    if len(notes):
        ignored[notes] = True
        rows = grid.rows[notes].tolist()
        text = _preview(" ".join(c.strip() for c in (col[notes[0]] for col in grid.columns) if c.strip()))
        notices.append(
            _problem(
                "notes_rows_ignored",
                f"Tệp «{name}»: đã bỏ qua {len(rows)} dòng ghi chú/nguồn phía dưới bảng (dòng {_ranges(rows)}): «{text}».",
                f"File '{name}': ignored {len(rows)} note/source rows below the table (rows {_ranges(rows)}): '{text}'.",
                severity=WARNING,
                row=rows[0],
                value=text,
            )
        )
    content = np.flatnonzero(~grid.blank & ~ignored)
    if len(content) and _numbering_row([col[content[0]] for col in grid.columns], width):
        ignored[content[0]] = True
        r = int(grid.rows[content[0]])
        notices.append(
            _problem(
                "numbering_row_ignored",
                f"Tệp «{name}»: dòng {r} ngay dưới dòng tiêu đề chỉ đánh số/ghi đơn vị cho các cột, đã bỏ qua.",
                f"File '{name}': row {r} under the headers only numbers the columns or gives units; it was ignored.",
                severity=WARNING,
                row=r,
            )
        )
    keep = ~grid.blank & ~ignored
    notices.extend(grid.problems)
    mapping = _map_columns(grid, schema, name, keep)
    notices.extend(mapping.problems)
    if mapping.ignored:
        labels = [header[j].strip() or _column_label(grid, j)[0] for j in mapping.ignored]
        labels_en = [header[j].strip() or _column_label(grid, j)[1] for j in mapping.ignored]
        notices.append(
            _problem(
                "unknown_columns",
                f"Tệp «{name}»: đã bỏ qua {len(labels)} cột không thuộc bảng «{schema.title('vi')}»: "
                + ", ".join(f"«{x}»" for x in labels)
                + ".",
                f"File '{name}': ignored {len(labels)} columns that are not part of '{schema.title('en')}': "
                + ", ".join(f"'{x}'" for x in labels_en)
                + ".",
                severity=WARNING,
                row=grid.header_row,
                column=", ".join(labels),
            )
        )

    rows = grid.rows[keep]
    data: dict[str, np.ndarray] = {}
    real: dict[str, np.ndarray] = {}
    cell_columns: dict[str, list[str]] = {}
    columns: dict[str, str] = {}
    for fname, j in mapping.fields.items():
        data[fname] = grid.columns[j][keep]
        if grid.real is not None:
            real[fname] = grid.real[j][keep]
        columns[fname] = header[j]
    style_cells: list[tuple[Field, np.ndarray, np.ndarray, np.ndarray | str]] = []
    if mapping.measure:
        rows = _melt(grid, mapping, keep, data, real, cell_columns, columns)
        years = sorted({y for _, y in mapping.year_cols})
        notices.append(
            _problem(
                "wide_table",
                f"Tệp «{name}»: đã nhận dạng bảng dạng ngang (mỗi năm một cột): các năm {years[0]}–{years[-1]} trong "
                f"{len(mapping.year_cols)} cột ({columns['year']}); mỗi ô được đọc thành một dòng "
                f"«{schema.field(mapping.measure).title('vi')}» của năm tương ứng.",
                f"File '{name}': wide table recognised (one column per year): years {years[0]}–{years[-1]} in "
                f"{len(mapping.year_cols)} columns ({columns['year']}); each cell is read as one "
                f"'{schema.field(mapping.measure).title('en')}' row for its year.",
                severity=WARNING,
                row=grid.header_row,
                value=f"{years[0]}–{years[-1]}",
            )
        )
    if len(rows) > limits.max_rows:
        raise _too_many_rows(name, limits)
    for fname, values in data.items():
        if fname == NAME_COLUMN:
            continue
        f = schema.field(fname)
        if f.type in ("integer", "number") and fname != "year":
            text_cells = ~real[fname] if fname in real else np.ones(len(values), dtype=bool)
            hdrs = (
                np.asarray(cell_columns[fname], dtype=object)[text_cells] if fname in cell_columns else columns[fname]
            )
            style_cells.append((f, values[text_cells], rows[text_cells], hdrs))
    decimal, thousands, style_notices = _number_style(style_cells, delimiter, name)
    notices.extend(style_notices)
    if decimal == ",":
        for fname, mask in real.items():  # exact real numbers, written in the file's own style
            if mask.any():
                values = data[fname].copy()
                values[mask] = [v.replace(".", ",") for v in values[mask]]
                data[fname] = values
    if not len(rows):
        notices.append(
            _problem(
                "no_data_rows",
                f"Tệp «{name}»: không có dòng dữ liệu nào dưới dòng tiêu đề cột.",
                f"File '{name}': there are no data rows below the column headers.",
                severity=WARNING,
                row=grid.header_row,
            )
        )
    order = [f.name for f in schema.fields if f.name in data] + [NAME_COLUMN] * (NAME_COLUMN in data)
    table = pd.DataFrame({f: pd.Series(data[f], dtype=object) for f in order}, columns=order, dtype=object)
    return ReadResult(
        table=table,
        rows=rows.tolist(),
        columns={f: columns[f] for f in order},
        cell_columns=cell_columns,
        decimal=decimal,
        thousands=thousands,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        notices=notices,
    )


def _melt(
    grid: _Grid,
    mapping: _Mapping,
    keep: np.ndarray,
    data: dict[str, np.ndarray],
    real: dict[str, np.ndarray],
    cell_columns: dict[str, list[str]],
    columns: dict[str, str],
) -> np.ndarray:
    """One row per (file row, non-empty year cell), in file order; returns the melted rows' file row numbers."""
    js = [j for j, _ in mapping.year_cols]
    values = np.stack([grid.columns[j][keep] for j in js], axis=1) if js else np.empty((0, 0), dtype=object)
    filled = (
        np.vectorize(lambda v: bool(v.strip()), otypes=[bool])(values)
        if values.size
        else np.zeros(values.shape, dtype=bool)
    )
    ii, kk = np.nonzero(filled)  # row-major: file row, then year column, as the user reads the table
    for fname in list(data):
        data[fname] = data[fname][ii]
        if fname in real:
            real[fname] = real[fname][ii]
    headers = np.array([grid.header[j] for j in js], dtype=object)
    years = np.array([str(y) for _, y in mapping.year_cols], dtype=object)
    data[mapping.measure] = values[ii, kk] if values.size else np.empty(0, dtype=object)
    data["year"] = years[kk]
    if grid.real is not None:
        reals = np.stack([grid.real[j][keep] for j in js], axis=1)
        real[mapping.measure] = reals[ii, kk]
    cell_columns[mapping.measure] = headers[kk].tolist()
    cell_columns["year"] = headers[kk].tolist()
    joined = ", ".join(grid.header[j].strip() for j in js)
    columns[mapping.measure] = joined
    columns["year"] = joined
    return grid.rows[keep][ii]
