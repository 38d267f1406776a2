"""Read an uploaded CSV/TSV/TXT or XLSX file into a raw table of strings with canonical column names.

The reader only reads: it finds the encoding, the separator, the header row (below any title block)
and the end of the table (above any notes block), maps the headers to the schema's fields, melts a
wide table (one column per year), and decides the file's number style. It does not check types or
values and does not resolve province names: kpis/validate.py does, from `ReadResult`.

Rows are numbered as the user sees them: the physical line of a CSV (1 = first line), the sheet row
of an XLSX. Columns keep the header text as written in the file. Every message comes from the i18n
catalogue (kpis/i18n/reading.toml) as a `Problem`.

Modules: files (entry points), decoding, dialect (separator, header row), csv_table and csv_quotes,
xlsx_guard (zip and sheet bombs) and xlsx, columns (header matching, mapping), layout (notes and
numbering rows), wide (one column per year), number_style, assemble (grid to result), result, messages.
"""

from kpis.reading.files import read_file, sheet_names
from kpis.reading.keys import enum_index, header_index, normalise_key
from kpis.reading.result import ReadResult

__all__ = ["ReadResult", "enum_index", "header_index", "normalise_key", "read_file", "sheet_names"]
