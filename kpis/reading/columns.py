"""Header matching: matching keys, the schema's header index, finding the header row, columns to fields."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kpis.problems import ERROR, WARNING, Localised, Problem, ReadError
from kpis.provinces import NAME_COLUMN
from kpis.reading.dimensions import (
    PLACE_FIELD,
    Cell,
    Split,
    Target,
    indicator_header,
    indicator_target,
    merge_header_rows,
    national_allowed,
    row_label_field,
    split_header,
    year_column,
)
from kpis.reading.keys import (
    HeaderIndex,
    for_header,
    header_index,
    is_preliminary_header,
    loose_key,
    loose_only_match,
    match_header,
    normalise_key,
    year_of_header,
)
from kpis.reading.messages import both, column_label, fail, nothing, phrase, preview, problem, quoted, titled
from kpis.reading.result import Grid
from kpis.reading.wide import wide_measure
from kpis.reading.year_rows import group_rows, year_rows_column
from kpis.schema import TableSchema

HEADER_SCAN_ROWS = 100  # the header must be within the first rows (title blocks are short)


def header_score(cells: list[str], index: dict[str, str], schema: TableSchema, titles: list[str] | None = None) -> int:
    """How many schema fields a row's cells name (a run of year columns counts for `year`, a cell of a year and a
    measure for both; an unlabelled first column above place names, as the title says, counts for the place
    field)."""
    found = {m for c in cells if c and (m := match_header(c, index))}
    for c in cells:
        if c.strip() and (col := year_column(c, index, schema)) and col.target:
            found |= {"year", *(k for k, _ in col.target.keys)} | ({col.target.measure} - {None})
    if label := row_label_field(cells, index, schema, titles):
        found.add(label)
    score = len(found)
    years = sum(year_of_header(c) is not None for c in cells)
    # A run of year columns, or a single year beside the place column (the office's table of one year).
    if "year" in schema.names and "year" not in found and (years >= 2 or (years == 1 and PLACE_FIELD in found)):
        score += 1
    return score


@dataclass
class HeaderFound:
    """Where the header is among the first rows: its cells (two header rows merged into one), its first and last
    row, the title rows above it, its score; whether the rows below are indicators (the first column's labels)."""

    cells: list[str]
    first: int
    last: int
    titles: list[tuple[int, str]]
    score: int
    indicators: bool = False


INDICATOR_SCAN_ROWS = 20  # indicators as rows: labels looked at below a header of years


def find_header(records: list[tuple[int, int, list[str]]], index: HeaderIndex, schema: TableSchema):
    """The header among (first row, last row, cells) records: the first row (or pair of header rows) that names
    enough of the schema's fields, or a row of years over indicator labels; None if there is none."""
    titles: list[tuple[int, str]] = []
    threshold = header_threshold(schema)
    for k, (start, end, cells) in enumerate(records):
        seen = [t for _, t in titles]
        merged = merge_header_rows(cells, records[k + 1][2]) if k + 1 < len(records) else None
        # Two header rows are one only when a label names something of the schema ("Nam 2018" of a table without
        # sexes is not the year 2018 written "Nam 2018").
        if merged:
            both_rows = for_header(merged, index)
            if any((col := year_column(c, both_rows, schema)) and col.target for c in merged):
                score = header_score(merged, both_rows, schema, seen)
                if score >= threshold:
                    return HeaderFound(merged, start, records[k + 1][1], titles, score)
        row = for_header(cells, index)  # a header that writes diacritics is matched with them
        score = header_score(cells, row, schema, seen)
        below = records[k + 1 : k + 1 + INDICATOR_SCAN_ROWS]
        if score < threshold and _years_below(cells, below, row, schema):
            score += 1
        if score >= threshold:
            return HeaderFound(cells, start, end, titles, score)
        labels = [r[2][0] for r in below if r[2]]
        if indicator_header(cells, labels, row, schema, seen):
            return HeaderFound(cells, start, end, titles, threshold, indicators=True)
        if any(c.strip() for c in cells):
            titles.append((start, " ".join(c.strip() for c in cells if c.strip())))
    return None


def _years_below(cells: list[str], below: list[tuple[int, int, list[str]]], index: HeaderIndex, schema) -> bool:
    """Whether a header that names no year has the years as rows below it, in a blank-headed column."""
    if "year" not in schema.names or any(match_header(c, index) == "year" for c in cells if c.strip()):
        return False
    return year_rows_column(cells, lambda j: [r[2][j] if j < len(r[2]) else "" for r in below]) is not None


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
        expected=Localised(*(", ".join(f.title(lang) for f in required) for lang in ("vi", "en"))),
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
    # A table of two dimensions: the year columns with what each holds (for indicators as rows, what each row
    # holds: file position -> target); the labels (and rows) of measures the schema has not; whether the table is
    # the whole country's (no place column).
    cells: list[Cell] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    unused_rows: list[int] = field(default_factory=list)
    indicators: dict[int, Target] | None = None
    national: bool = False
    # Years as rows: the column of years under a blank header cell, and the group rows above them (positions).
    year_rows: int | None = None
    group_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


def _ambiguous_header(grid: Grid, schema: TableSchema, name: str, j: int, field_name: str) -> Problem:
    """A header that names a field only once its diacritics are dropped, in a file that writes them: not read as
    that field, and the analyst asked which it is."""
    f = schema.field(field_name)
    h = grid.header[j]
    spellings = [
        t
        for t in (*f.titles.values(), *f.aliases)
        if normalise_key(t) == normalise_key(h) or loose_key(t) == loose_key(h)
    ]
    return problem(
        "ambiguous_header",
        name=name,
        header=grid.header[j].strip(),
        label=column_label(grid.letters, j),
        spelling=spellings[0] if spellings else f.title("vi"),
        field=titled(f),
        field_name=f.name,
        severity=WARNING,
        row=grid.header_row,
        column=grid.header[j],
        expected=f.name,
    )


def is_code_header(text: str) -> bool:
    return bool({"ma", "code", "id"} & set(normalise_key(text).split()))


def map_columns(grid: Grid, schema: TableSchema, name: str, keep: np.ndarray) -> Mapping:
    header = grid.header
    index = for_header(header, header_index(schema))
    by_field: dict[str, list[int]] = {}
    questions: list[Problem] = []
    for j, h in enumerate(header):
        if h.strip() and (m := match_header(h, index)):
            by_field.setdefault(m, []).append(j)
        elif h.strip() and (m := loose_only_match(h, index)):
            questions.append(_ambiguous_header(grid, schema, name, j, m))
    if label := row_label_field(header, index, schema, [t for _, t in grid.title_rows]):
        by_field[label] = [0]
    year_rows = None
    if "year" in schema.names and "year" not in by_field:
        year_rows = year_rows_column(header, lambda j: grid.columns[j][keep])
    groups = np.empty(0, dtype=np.int64)
    if year_rows is not None:
        by_field["year"] = [year_rows]
        groups = group_rows(grid.columns, year_rows, keep)
        keep = keep.copy()
        keep[groups] = False
    fields: dict[str, int] = {}
    problems: list[Problem] = questions
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
    two_way = _two_way(grid, schema, index, fields, matched, keep)
    if two_way is not None:
        two_way.problems[:0] = problems
        two_way.matched = matched_fields
        return two_way
    year_cols = [(j, y) for j, h in enumerate(header) if j not in matched and (y := year_of_header(h))]
    measure = None
    one_year = len(year_cols) == 1 and PLACE_FIELD in fields  # the office's table of one year, by place
    if "year" in schema.names and "year" not in fields and (len(year_cols) >= 2 or one_year):
        measure = wide_measure(schema, fields)
    if measure is None:
        year_cols = []
    used = matched | {j for j, _ in year_cols}
    unknown = _unknown(grid, used, keep)
    preliminary = frozenset(j for j, _ in year_cols if is_preliminary_header(header[j]))
    mapping = Mapping(fields, year_cols, measure, unknown, problems, matched_fields, preliminary)
    if year_rows is not None:
        mapping.year_rows, mapping.group_rows = year_rows, groups
        mapping.national = PLACE_FIELD not in fields and national_allowed(schema)
    return mapping


def _unknown(grid: Grid, used: set[int], keep: np.ndarray) -> list[int]:
    """Columns that feed no field, with a header or with data."""
    return [
        j
        for j, h in enumerate(grid.header)
        if j not in used and (h.strip() or any(str(v).strip() for v in grid.columns[j][keep]))
    ]


def _two_way(
    grid: Grid, schema: TableSchema, index: dict[str, str], fields: dict[str, int], matched: set[int], keep: np.ndarray
) -> Mapping | None:
    """The mapping of a table of two dimensions: year columns whose labels name measures or key values (one or two
    header rows), or indicators as rows under a row of years; None for any other table."""
    if "year" not in schema.names or "year" in fields:
        return None
    header = grid.header
    columns = {
        j: col
        for j, h in enumerate(header)
        if j not in matched and h.strip() and (col := year_column(h, index, schema))
    }
    national = PLACE_FIELD not in fields and national_allowed(schema)
    if any(c.target for c in columns.values()):
        one = wide_measure(schema, fields)
        cells: list[Cell] = []
        unused: list[str] = []
        for j, c in columns.items():
            target = c.target or (Target(None) if not c.labelled else None)
            measure = target and (target.measure or one)
            if target is None or measure is None:
                unused.append((split_header(header[j]) or Split(c.year, False, header[j])).label)
                continue
            cells.append(Cell(j, c.year, c.preliminary, measure, target.keys, target.unit))
        others = [j for j, h in enumerate(header) if j not in matched and j not in columns and split_header(h)]
        unused += [split_header(header[j]).label for j in others]  # "Male 2000" of a table without sexes
        used = matched | set(columns) | set(others)
        return Mapping(
            dict(fields), [], None, _unknown(grid, used, keep), [], cells=cells, unused=unused, national=national
        )
    titles = [t for _, t in grid.title_rows]
    labels = grid.columns[0][keep].tolist() if header else []
    if fields or not indicator_header(header, labels, index, schema, titles):
        return None
    years = [Cell(j, c.year, c.preliminary, "") for j, c in columns.items()]
    targets: dict[int, Target] = {}
    unused_rows: list[int] = []
    unused = []
    for i in np.flatnonzero(keep):
        label = str(grid.columns[0][i])
        if not label.strip():
            continue
        if target := indicator_target(label, index, schema):
            targets[int(i)] = target
        else:
            unused_rows.append(int(grid.rows[i]))
            unused.append(label.strip())
    used = {0} | {c.column for c in years}
    return Mapping(
        {},
        [],
        None,
        _unknown(grid, used, keep),
        [],
        cells=years,
        unused=unused,
        unused_rows=unused_rows,
        indicators=targets,
        national=True,
    )
