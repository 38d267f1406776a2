"""Header matching: matching keys, the schema's header index, finding the header row, columns to fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from kpis.problems import ERROR, WARNING, Localised, Problem, ReadError
from kpis.reading.messages import both, column_label, fail, nothing, phrase, preview, problem, quoted, titled
from kpis.reading.result import Grid
from kpis.reading.wide import wide_measure
from kpis.schema import Field, TableSchema

HEADER_SCAN_ROWS = 100  # the header must be within the first rows (title blocks are short)
_YEAR_HEADER = re.compile(r"^(?:nam|year|fy)?\s*((?:19|20)\d{2})$")
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
    return int(m.group(1)) if m and 1990 <= int(m.group(1)) <= 2100 else None


def header_score(cells: list[str], index: dict[str, str], schema: TableSchema) -> int:
    """How many schema fields a row's cells name (a run of year columns counts for `year`)."""
    found = {m for c in cells if c and (m := match_header(c, index))}
    score = len(found)
    if "year" in schema.names and "year" not in found and sum(year_of_header(c) is not None for c in cells) >= 2:
        score += 1
    return score


def header_threshold(schema: TableSchema) -> int:
    return min(2, len(schema.fields))


def no_header(name: str, schema: TableSchema, first: tuple[int, str] | None, sheet: str | None = None) -> ReadError:
    """No row of the first HEADER_SCAN_ROWS names enough of the schema's fields."""
    required = [f for f in schema.fields if f.required]
    found = phrase("first_content", row=first[0], text=preview(first[1])) if first else nothing()
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


def is_code_header(text: str) -> bool:
    return bool({"ma", "code", "id"} & set(normalise_key(text).split()))


def map_columns(grid: Grid, schema: TableSchema, name: str, keep: np.ndarray) -> Mapping:
    index = header_index(schema)
    header = grid.header
    by_field: dict[str, list[int]] = {}
    for j, h in enumerate(header):
        if h.strip() and (m := match_header(h, index)):
            by_field.setdefault(m, []).append(j)
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
    matched = {j for js in by_field.values() for j in js}
    year_cols = [(j, y) for j, h in enumerate(header) if j not in matched and (y := year_of_header(h))]
    measure = None
    if "year" in schema.names and "year" not in fields and len(year_cols) >= 2:
        measure = wide_measure(schema, fields)
    if measure is None:
        year_cols = []
    used = matched | {j for j, _ in year_cols}
    unknown = [
        j
        for j, h in enumerate(header)
        if j not in used and (h.strip() or any(str(v).strip() for v in grid.columns[j][keep]))
    ]
    return Mapping(fields, year_cols, measure, unknown, problems)
