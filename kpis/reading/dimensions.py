"""Tables of two dimensions as the statistics office lays them out (issue 10, classes 3 and 15).

- A header cell of a year and a measure, in either order: "Total 2000", "Total Prel. 2025", "2019 Total",
  "2024 Average population (Thous. pers.)"; the measure names a schema field or a value of a key field (a level,
  a sex, an ownership).
- Two header rows, measures over years or years over measures, the upper row's cells followed by blank fillers:
  read as one row of "upper lower" cells, so the same split applies.
- Indicators as rows: the first column holds "Measure - Breakdown (unit)", the other columns are years; the
  table is the whole country's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kpis.problems import WARNING, Localised
from kpis.reading.keys import (
    enum_index,
    is_preliminary_header,
    loose_key,
    match_header,
    normalise_key,
    year_of_header,
)
from kpis.reading.messages import preview, problem, quoted, ranges, titled
from kpis.reading.result import trim
from kpis.reading.units import unit_of
from kpis.schema import Field, TableSchema

PLACE_FIELD = "province_code"  # the field a table's unlabelled first column names, when it has one
NATIONAL = "VN"
_NOT_KEYS = frozenset({"year", PLACE_FIELD, "vintage"})
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_MARK = re.compile(r"^\s*(?:\(\s*(?:\*+|\d{1,2})\s*\)|\*+)")  # a footnote mark right after the year
_PRELIMINARY = ("prel", "preliminary", "so bo")  # matching keys (no diacritics)
_UNITS = re.compile(r"\([^)]*\)*")
_BREAKDOWN = re.compile(r"\s+-\s*|\s*-\s+")  # "Teachers - Male", "nghiep- Ngoai cong lap", "nghiep  - Cong lap"


@dataclass(frozen=True)
class Split:
    """A header cell split into its year and the other dimension's label (as written, with its unit)."""

    year: int
    preliminary: bool
    label: str


@dataclass(frozen=True)
class Target:
    """What a label names: a measure field (None: the table's one measure) and key values, with its stated unit."""

    measure: str | None
    keys: tuple[tuple[str, str], ...] = ()
    unit: str | None = None


@dataclass(frozen=True)
class YearColumn:
    """A header cell of a year column: its year, whether preliminary, and what its label names (None: a bare year)."""

    year: int
    preliminary: bool
    target: Target | None
    labelled: bool  # the cell has a label beside its year ("Male 2000"), whether or not it names anything


@dataclass(frozen=True)
class Cell:
    """A year column of a table of two dimensions: its year, whether preliminary, the measure field its cells feed
    and the key values its label names (for indicators as rows, the row's label names them: measure "")."""

    column: int
    year: int
    preliminary: bool
    measure: str
    keys: tuple[tuple[str, str], ...] = ()
    unit: str | None = None


def split_header(text: str) -> Split | None:
    """The year and the label of a cell "Label [Prel.] Year [(mark)]" or "[Prel.] Year [(mark)] Label"; None for a
    bare year or a cell without exactly one year."""
    found = _YEAR.findall(text)
    if len(found) != 1:
        return None
    m = _YEAR.search(text)
    year = int(m.group(1))
    if not 1990 <= year <= 2100:
        return None
    pre, post = text[: m.start()], _MARK.sub("", text[m.end() :], count=1)
    pre_key, post_key = normalise_key(pre), normalise_key(post)
    if not post_key:
        label, preliminary = _without_preliminary(pre)
    elif not pre_key or pre_key in _PRELIMINARY:
        label, preliminary = post, bool(pre_key)
    else:
        return None
    label = label.strip()
    if not any(c.isalpha() for c in normalise_key(label)):
        return None
    return Split(year, preliminary, label)


def _without_preliminary(pre: str) -> tuple[str, bool]:
    """A label written before its year, without a trailing preliminary mark ("Total Prel." -> "Total")."""
    key = normalise_key(pre)
    for mark in _PRELIMINARY:
        if key == mark:
            return "", True
        if key.endswith(" " + mark):
            return " ".join(pre.split()[: -len(mark.split())]), True
    return pre, False


def key_fields(schema: TableSchema) -> list[Field]:
    """The key fields beside year and place whose values a label can name (level, sex, ownership)."""
    return [f for f in schema.fields if f.name in schema.primary_key and f.name not in _NOT_KEYS and f.enum]


def measure_fields(schema: TableSchema) -> set[str]:
    return {
        f.name
        for f in schema.fields
        if f.type in ("integer", "number")
        and f.name not in schema.primary_key
        and f.name != "year"
        and not f.name.startswith("valid_")
    }


def label_target(label: str, index: dict[str, str], schema: TableSchema) -> Target | None:
    """The measure field or the key value a label names ("Rural", "Dan so trung binh (Nghin nguoi)", "College")."""
    unit = unit_of(label)
    if (m := match_header(label, index)) in measure_fields(schema):
        return Target(m, (), unit)
    key = loose_key(label)
    for f in key_fields(schema):
        if value := enum_index(f).get(key):
            return Target(None, ((f.name, value),), unit)
    return None


def year_column(text: str, index: dict[str, str], schema: TableSchema) -> YearColumn | None:
    """The year column a header cell heads (bare, or with a label naming a measure or a key value), or None."""
    split = split_header(text)
    if split and (target := label_target(split.label, index, schema)):
        return YearColumn(split.year, split.preliminary, target, True)
    if (year := year_of_header(text)) is not None:
        return YearColumn(year, is_preliminary_header(text), None, split is not None)
    return None


def indicator_target(label: str, index: dict[str, str], schema: TableSchema) -> Target | None:
    """What an indicator row's label names: "Measure - Breakdown (unit)", each breakdown a key value."""
    unit = unit_of(label)
    parts = [p.strip() for p in _BREAKDOWN.split(_UNITS.sub(" ", label))]
    measures = measure_fields(schema)
    if len(parts) > 1 and (m := match_header(parts[0], index)) in measures:
        keys: list[tuple[str, str]] = []
        for part in parts[1:]:
            hit = next(((f.name, v) for f in key_fields(schema) if (v := enum_index(f).get(normalise_key(part)))), None)
            if hit is None or any(k == hit[0] for k, _ in keys):
                break
            keys.append(hit)
        else:
            return Target(m, tuple(keys), unit)
    if (m := match_header(label, index)) in measures:
        return Target(m, (), unit)
    return None


def national_allowed(schema: TableSchema) -> bool:
    """Whether the schema's place field takes the whole country's code."""
    if PLACE_FIELD not in schema.names:
        return False
    pattern = schema.field(PLACE_FIELD).pattern
    return pattern is None or re.fullmatch(pattern, NATIONAL) is not None


def _marked_words(text: str) -> str:
    """Words with their diacritics kept (case-folded, NFC), space-separated and padded: for whole-word search."""
    s = unicodedata.normalize("NFC", text).casefold()
    return " " + " ".join("".join(c if c.isalnum() else " " for c in s).split()) + " "


def title_rows_field(titles: list[str], schema: TableSchema) -> str | None:
    """The field a title above the table says its rows are ("... by Cities, provincies and Year", "... by Trinh do,
    Nam and Chi tieu"): the place field or a key field whose title or alias comes first in the title, as whole words
    with their diacritics; None when the title names neither (indicators as rows, or no title)."""
    candidates = ([schema.field(PLACE_FIELD)] if PLACE_FIELD in schema.names else []) + key_fields(schema)
    best: tuple[int, str] | None = None
    for title in titles:
        words = _marked_words(title)
        for f in candidates:
            for name in {_marked_words(t) for t in (*f.titles.values(), *f.aliases)} - {"  "}:
                at = words.find(name)
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, f.name)
    return best[1] if best else None


def row_label_field(
    cells: list[str], index: dict[str, str], schema: TableSchema, titles: list[str] | None = None
) -> str | None:
    """The field of an unlabelled first column in a row whose other cells are years: the statistics office leaves
    the cell above its row labels blank or a single space, and says in the title what the rows are. The place
    field (or a key field) the title names; None otherwise (indicators as rows, or no title: not such a header)."""
    if not cells or cells[0].strip() or PLACE_FIELD not in schema.names or "year" not in schema.names:
        return None
    if any(match_header(c, index) == PLACE_FIELD for c in cells if c.strip()):
        return None
    rest = trim(cells)[1:]
    columns = [year_column(c, index, schema) for c in rest]
    found = [(c.year, c.target) for c in columns if c is not None]
    # Years over measures leave blank cells between the years; measures over years repeat them: two header rows.
    if len(found) < 2 or any(not c.strip() for c in rest) or len(set(found)) < len(found):
        return None
    return title_rows_field(titles or [], schema)


def indicator_header(
    cells: list[str], labels: list[str], index: dict[str, str], schema: TableSchema, titles: list[str]
) -> bool:
    """Whether a row is the header of indicators as rows: a blank first cell over the indicator labels, bare years
    in the other cells, a title that does not say the rows are places, and a label below naming a measure."""
    if not cells or cells[0].strip() or "year" not in schema.names or not national_allowed(schema):
        return False
    rest = trim(cells)[1:]
    if not rest or any(not c.strip() or year_of_header(c) is None or split_header(c) for c in rest):
        return False
    if title_rows_field(titles, schema):
        return False
    return any(indicator_target(label, index, schema) for label in labels if label.strip())


def _is_label(text: str) -> bool:
    """A header label: has a letter, is not a year and not a number."""
    key = normalise_key(text)
    if not any(c.isalpha() for c in key) or year_of_header(text) is not None or split_header(text):
        return False
    try:
        float(text.replace(",", "."))
    except ValueError:
        return True
    return False


def merge_header_rows(top: list[str], bottom: list[str]) -> list[str] | None:
    """Two header rows as one row of "upper lower" cells ("Tong so 2017", "2017 Dien tich (Km2)"), the upper row's
    cells carried over the blank fillers after them; None unless one row holds years and the other labels, below a
    blank cell over the row labels."""
    n = max(len(trim(top)), len(trim(bottom)))
    top, bottom = list(top) + [""] * (n - len(top)), list(bottom) + [""] * (n - len(bottom))
    stub = 0
    while stub < n and not top[stub].strip():
        stub += 1
    if stub == 0 or n - stub < 2:
        return None
    upper = [c.strip() for c in top[stub:n]]
    lower = [c.strip() for c in bottom[stub:n]]
    if not all(lower):
        return None
    filled = [c for c in upper if c]
    years_over = all(year_of_header(c) is not None for c in filled) and all(_is_label(c) for c in lower)
    labels_over = all(_is_label(c) for c in filled) and all(year_of_header(c) is not None for c in lower)
    if not (years_over or labels_over):
        return None
    merged, last = [], ""
    for up, low in zip(upper, lower, strict=True):
        last = up or last
        merged.append(f"{last} {low}")
    return [bottom[j] if bottom[j].strip() else top[j] for j in range(stub)] + merged


def stated_unit(schema: TableSchema, units: dict[str, set[str | None]]) -> str:
    """The one unit the file states for the counts of persons it feeds ("" when none, or when they disagree)."""
    persons = {f.name for f in schema.fields if f.unit == "persons"}
    stated = {u for m, us in units.items() if m in persons for u in us if u in ("thousand", "unit")}
    return stated.pop() if len(stated) == 1 else ""


def two_way_notices(grid, mapping, schema: TableSchema, name: str, units: dict[str, set[str | None]]) -> list:
    """The notices of a table of two dimensions: how it was read, and the measures (or indicator rows) not read."""
    read = quoted([schema.field(m).title("vi") for m in units])
    read_en = quoted([schema.field(m).title("en") for m in units])
    both_read = Localised(vi=read.vi, en=read_en.en)
    out = []
    years = sorted({c.year for c in mapping.cells})
    row = grid.header_row
    if mapping.indicators is not None:
        out.append(problem("indicator_rows", name=name, read=both_read, severity=WARNING, row=row))
    else:
        out.append(
            problem(
                "two_way_table",
                name=name,
                first=years[0],
                last=years[-1],
                count=len(mapping.cells),
                read=both_read,
                severity=WARNING,
                row=row,
                value=f"{years[0]}–{years[-1]}",
            )
        )
        if mapping.national and PLACE_FIELD not in mapping.fields:
            stub = next((f for f, j in mapping.fields.items() if j == 0), None)
            field = titled(schema.field(stub)) if stub else Localised(vi="", en="")
            out.append(problem("national_table", name=name, field=field, severity=WARNING, row=row))
    labels = list(dict.fromkeys(mapping.unused))
    if labels and mapping.indicators is not None:
        out.append(
            problem(
                "indicator_rows_not_used",
                name=name,
                count=len(labels),
                table=titled(schema),
                rows=ranges(mapping.unused_rows),
                labels=quoted([preview(x) for x in labels]),
                severity=WARNING,
                row=mapping.unused_rows[0],
                value=labels[0],
            )
        )
    elif labels:
        out.append(
            problem(
                "measures_not_used",
                name=name,
                count=len(labels),
                table=titled(schema),
                labels=quoted([preview(x) for x in labels]),
                severity=WARNING,
                row=row,
                column=", ".join(labels),
            )
        )
    return out
