"""Header matching: matching keys, the schema's header index, finding the header row, columns to fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from kpis.problems import ERROR, WARNING, Localised, Problem, ReadError
from kpis.provinces import NAME_COLUMN
from kpis.reading.messages import both, column_label, fail, nothing, phrase, preview, problem, quoted, titled
from kpis.reading.result import Grid, trim
from kpis.reading.wide import wide_measure
from kpis.schema import Field, TableSchema

HEADER_SCAN_ROWS = 100  # the header must be within the first rows (title blocks are short)
# A year as the statistics office heads it: "2019", "Nam 2019", "2019 (*)", "2001(1)" (the marks are dropped by
# loose_key), "Total 1995", and a preliminary year: "Prel. 2025", "So bo 2019" (keys are without diacritics).
_YEAR_HEADER = re.compile(r"^(?:nam|year|fy|total|tong so)?\s*(prel|preliminary|so bo)?\s*((?:19|20)\d{2})$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\*+")
_KEY_JUNK = re.compile(r"[^0-9a-z]+")
_D_BAR = "\u0111"  # Vietnamese d with stroke, which has no decomposition


def normalise_key(text: object) -> str:
    """A matching key: NFC, case-folded, no diacritics (d-bar to d), non-alphanumerics collapsed to one space."""
    s = unicodedata.normalize("NFC", str(text)).casefold().replace(_D_BAR, "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return _KEY_JUNK.sub(" ", s).strip()


def loose_key(text: str) -> str:
    """The key without units and footnote marks ("Dan so (nguoi)", "Tuyen sinh (*)"): they do not name a field."""
    return normalise_key(_PARENS.sub(" ", text))


def header_index(schema: TableSchema) -> dict[str, str]:
    """Every accepted header key (name, titles, aliases; also without parenthesised units) -> field name."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for f in schema.fields:
        for text in (f.name, *f.titles.values(), *f.aliases):
            exact.setdefault(normalise_key(text), f.name)
            loose.setdefault(loose_key(text), f.name)
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


def match_header(text: str, index: dict[str, str]) -> str | None:
    """The field a header names, or None."""
    key = normalise_key(text)
    if not key:
        return None
    return index.get(key) or index.get(loose_key(text))


def year_of_header(text: str) -> int | None:
    m = _YEAR_HEADER.match(loose_key(text))
    return int(m.group(2)) if m and 1990 <= int(m.group(2)) <= 2100 else None


def is_preliminary_header(text: str) -> bool:
    """Whether a year header marks its figures preliminary ("Prel. 2025", "So bo 2019" with its diacritics)."""
    m = _YEAR_HEADER.match(loose_key(text))
    return bool(m and m.group(1))


PLACE_FIELD = "province_code"  # the field a table's unlabelled first column names, when it has one


def _marked_words(text: str) -> str:
    """Words with their diacritics kept (case-folded, NFC), space-separated and padded: for whole-word search."""
    s = unicodedata.normalize("NFC", text).casefold()
    return " " + " ".join("".join(c if c.isalnum() else " " for c in s).split()) + " "


def _titles_name_places(titles: list[str], schema: TableSchema) -> bool:
    """Whether a title above the table says its rows are places ("... by Cities, provincies and Year"): one of the
    place field's titles or aliases, as whole words with their diacritics."""
    f = schema.field(PLACE_FIELD)
    names = {_marked_words(t) for t in (*f.titles.values(), *f.aliases)} - {"  "}
    return any(n in _marked_words(title) for title in titles for n in names)


def row_label_field(
    cells: list[str], index: dict[str, str], schema: TableSchema, titles: list[str] | None = None
) -> str | None:
    """The field of an unlabelled first column in a row whose other cells are years: the statistics office leaves
    the cell above its row labels blank or a single space, and says in the title what the rows are. The place
    field when a title names places; None otherwise (indicators as rows, or no title: not such a header)."""
    if not cells or cells[0].strip() or PLACE_FIELD not in schema.names or "year" not in schema.names:
        return None
    if any(match_header(c, index) == PLACE_FIELD for c in cells if c.strip()):
        return None
    rest = trim(cells)[1:]
    years = [year_of_header(c) for c in rest]
    # Years over measures leave blank cells between the years; measures over years repeat them: two header rows.
    if sum(y is not None for y in years) < 2 or any(not c.strip() for c in rest):
        return None
    if len({y for y in years if y is not None}) < sum(y is not None for y in years):
        return None
    return PLACE_FIELD if _titles_name_places(titles or [], schema) else None


def header_score(cells: list[str], index: dict[str, str], schema: TableSchema, titles: list[str] | None = None) -> int:
    """How many schema fields a row's cells name (a run of year columns counts for `year`; an unlabelled first
    column above place names, as the title says, counts for the place field)."""
    found = {m for c in cells if c and (m := match_header(c, index))}
    if label := row_label_field(cells, index, schema, titles):
        found.add(label)
    score = len(found)
    years = sum(year_of_header(c) is not None for c in cells)
    # A run of year columns, or a single year beside the place column (the office's table of one year).
    if "year" in schema.names and "year" not in found and (years >= 2 or (years == 1 and PLACE_FIELD in found)):
        score += 1
    return score


def header_threshold(schema: TableSchema) -> int:
    return min(2, len(schema.fields))


def likely_header(rows: list[tuple[int, list[str]]]) -> tuple[int, str, bool] | None:
    """The row a person would take for the header among (row, cells) scanned: the first of the widest rows of at
    least two filled cells (a title above it fills one), else the first row with content; with whether it is the
    first row with content."""
    filled = [(r, [c.strip() for c in cells if c.strip()]) for r, cells in rows]
    filled = [(r, cells) for r, cells in filled if cells]
    if not filled:
        return None
    widest = max(len(cells) for _, cells in filled)
    r, cells = next((r, cells) for r, cells in filled if len(cells) == widest) if widest >= 2 else filled[0]
    return r, " ".join(cells), r == filled[0][0]


def no_header(
    name: str, schema: TableSchema, first: tuple[int, str, bool] | None, sheet: str | None = None
) -> ReadError:
    """No row of the first HEADER_SCAN_ROWS names enough of the schema's fields; `first` is `likely_header`'s."""
    required = [f for f in schema.fields if f.required]
    if first:
        found = phrase("first_content" if first[2] else "likely_header", row=first[0], text=preview(first[1]))
    else:
        found = nothing()
    return fail(
        "no_header",
        name=name,
        table=titled(schema),
        scan=HEADER_SCAN_ROWS,
        where=phrase("where_sheet", sheet=sheet) if sheet else nothing(),
        wanted=quoted_titles(required),
        found=found,
        row=first[0] if first else None,
        value=preview(first[1]) if first else None,
        expected=", ".join(f.title("vi") for f in required),
    )


def quoted_titles(fields) -> Localised:
    """The fields' titles, quoted, in each language."""
    return both(quoted([f.title("vi") for f in fields]).vi, quoted([f.title("en") for f in fields]).en)


@dataclass
class Mapping:
    """Which file column holds which field."""

    fields: dict[str, int]  # field -> file column
    year_cols: list[tuple[int, int]]  # wide table: (file column, year)
    measure: str | None  # wide table: the field the year columns hold
    ignored: list[int]  # unknown columns with a header, or without one but with data
    problems: list[Problem]
    matched: dict[int, str] = field(default_factory=dict)  # file column -> the field its header matched
    preliminary: frozenset[int] = frozenset()  # wide table: year columns headed as preliminary ("Prel. 2025")


def is_code_header(text: str) -> bool:
    return bool({"ma", "code", "id"} & set(normalise_key(text).split()))


def map_columns(grid: Grid, schema: TableSchema, name: str, keep: np.ndarray) -> Mapping:
    index = header_index(schema)
    header = grid.header
    by_field: dict[str, list[int]] = {}
    for j, h in enumerate(header):
        if h.strip() and (m := match_header(h, index)):
            by_field.setdefault(m, []).append(j)
    if label := row_label_field(header, index, schema, [t for _, t in grid.title_rows]):
        by_field[label] = [0]
    fields: dict[str, int] = {}
    problems: list[Problem] = []
    for m, js in by_field.items():
        # A code column beside a name column of the same field: use the code column, the names only repeat it.
        codes = [j for j in js if is_code_header(header[j])]
        chosen = codes[0] if codes else js[0]
        fields[m] = chosen
        f = schema.field(m)
        for j in js:
            if j == chosen:
                continue
            soft = is_code_header(header[chosen]) and not is_code_header(header[j])
            if soft and m == "province_code" and NAME_COLUMN not in fields:
                fields[NAME_COLUMN] = j  # names beside codes: validation checks that each row's two agree
                continue
            problems.append(
                problem(
                    "duplicate_column",
                    name=name,
                    other=header[j].strip(),
                    other_label=column_label(grid.letters, j),
                    chosen=header[chosen].strip(),
                    chosen_label=column_label(grid.letters, chosen),
                    field=titled(f),
                    severity=WARNING if soft else ERROR,
                    row=grid.header_row,
                    column=header[j],
                    expected=f.name,
                )
            )
    matched_fields = {j: m for m, js in by_field.items() for j in js}
    if NAME_COLUMN in fields:
        matched_fields[fields[NAME_COLUMN]] = NAME_COLUMN
    matched = set(matched_fields)
    year_cols = [(j, y) for j, h in enumerate(header) if j not in matched and (y := year_of_header(h))]
    measure = None
    one_year = len(year_cols) == 1 and PLACE_FIELD in fields  # the office's table of one year, by place
    if "year" in schema.names and "year" not in fields and (len(year_cols) >= 2 or one_year):
        measure = wide_measure(schema, fields)
    if measure is None:
        year_cols = []
    used = matched | {j for j, _ in year_cols}
    unknown = [
        j
        for j, h in enumerate(header)
        if j not in used and (h.strip() or any(str(v).strip() for v in grid.columns[j][keep]))
    ]
    preliminary = frozenset(j for j, _ in year_cols if is_preliminary_header(header[j]))
    return Mapping(fields, year_cols, measure, unknown, problems, matched_fields, preliminary)
