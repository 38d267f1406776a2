"""The reader's entry points: a file's format told from its bytes and name, then read as CSV or XLSX."""

from __future__ import annotations

from pathlib import PurePath

from kpis.problems import Limits
from kpis.reading.csv_table import read_csv
from kpis.reading.messages import empty, fail, nothing, phrase, too_large
from kpis.reading.result import ReadResult
from kpis.reading.xlsx import open_workbook, read_xlsx
from kpis.schema import TableSchema

CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_file(
    data: bytes, file_name: str, schema: TableSchema, *, sheet: str | None = None, limits: Limits | None = None
) -> ReadResult:
    """Raises ReadError(Problem(...)) when the file cannot be read as a table."""
    limits = limits or Limits()
    name = PurePath(file_name or "").name or "?"
    if len(data) > limits.max_bytes:  # before any work: decoding or unzipping is what must not happen
        raise too_large(name, len(data), limits)
    if not data:
        raise empty(name)
    ext = PurePath(name).suffix.casefold()
    if data.startswith(ZIP_MAGIC) or (ext in XLSX_EXTENSIONS and not data.startswith(OLE_MAGIC)):
        return read_xlsx(data, name, schema, sheet, limits)
    if data.startswith(OLE_MAGIC) or ext == ".xls":
        raise fail("unsupported_xls", "unsupported_format", name=name, value=ext or None, expected=".xlsx")
    if ext and ext not in CSV_EXTENSIONS:
        raise fail(
            "unsupported_format",
            name=name,
            ext=ext,
            hint=phrase("hint_ods") if ext == ".ods" else nothing(),
            value=ext,
            expected=".csv, .tsv, .txt, .xlsx",
        )
    return read_csv(data, name, ext, schema, limits)


def sheet_names(data: bytes, file_name: str = "upload.xlsx", limits: Limits | None = None) -> list[str]:
    """The worksheets of an XLSX file, in workbook order (for the page's sheet picker); ReadError if unreadable."""
    limits = limits or Limits()
    name = PurePath(file_name or "").name or "upload.xlsx"
    if len(data) > limits.max_bytes:
        raise too_large(name, len(data), limits)
    wb = open_workbook(data, name, limits)
    try:
        return list(wb.sheets)
    finally:
        wb.close()
