"""Validation of a read file against its dataset's declared schema and business rules.

Collects every problem (not the first), vectorised over columns, each with the row number and the
column name as the user sees them in their file. Produces the canonical table when there are none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from kpis.engine import LIST_YEARS, LISTS, NATIONAL, REFORM_YEAR, vintage_of
from kpis.i18n import T
from kpis.levels import level_tree
from kpis.problems import ERROR, WARNING, Localised, Problem, catalogue_problem
from kpis.provinces import NAME_COLUMN, ProvinceIndex, norm_key
from kpis.reading import ReadResult
from kpis.schema import Field, TableSchema

MAX_PROBLEMS = 10_000  # beyond this the list says how many more of each kind there were
MAX_PER_CHECK = 2_000
LIST_FIELD = "vintage"  # the province list a row is on (engine.LISTS), in the datasets that keep it


@dataclass(frozen=True)
class Context:
    """Reference data that validation needs besides the file."""

    provinces: ProvinceIndex
    indicator_ids: frozenset[str]
    current_year: int


def problem(code: str, *, row=None, column=None, value=None, expected=None, severity=ERROR, **kw) -> Problem:
    """A problem with its message in both languages, from the i18n catalogue (`pb_<code>`)."""
    return catalogue_problem(
        f"pb_{code}", code, row=row, column=column, value=value, expected=expected, severity=severity, **kw
    )


class _Collector:
    """Problems in file order, bounded in number."""

    def __init__(self, read: ReadResult):
        self.read = read
        self.items: list[Problem] = []
        self.dropped: dict[str, int] = {}

    def column_of(self, field: str, i: int) -> str:
        cells = self.read.cell_columns.get(field)
        return cells[i] if cells else self.read.columns.get(field, field)

    def cells(
        self, code: str, field: str, mask: np.ndarray, values: pd.Series, expected: str | Localised, **kw
    ) -> None:
        """One problem per flagged cell (positions in the table), up to the caps."""
        positions = np.flatnonzero(mask)
        for n, i in enumerate(positions):
            if n >= MAX_PER_CHECK or len(self.items) >= MAX_PROBLEMS:
                self.dropped[code] = self.dropped.get(code, 0) + len(positions) - n
                return
            extra = {k: (v[i] if isinstance(v, (list, np.ndarray, pd.Series)) else v) for k, v in kw.items()}
            self.items.append(
                problem(
                    code,
                    row=self.read.rows[i],
                    column=self.column_of(field, i),
                    value=values.iloc[i],
                    expected=expected,
                    **extra,
                )
            )

    def add(self, p: Problem) -> None:
        self.items.append(p)

    def result(self) -> list[Problem]:
        out = sorted(self.items, key=lambda p: (p.row is not None, p.row or 0))
        for code, n in self.dropped.items():
            out.append(problem("too_many_problems", value=n, expected=code))
        return out


def _parse_numbers(raw: pd.Series, decimal: str, thousands: str, percent: bool) -> pd.Series:
    """Strings to numbers with the file's number style (decided once for the file).

    A cell that uses the grouping separator must group by threes ("1.234.567"); in a file with "."
    thousands, "85.5" is therefore an error rather than 855.
    """
    s = raw.str.replace("\u00a0", " ", regex=False).str.replace("\u202f", " ", regex=False).str.strip()
    if percent:
        s = s.str.removesuffix("%").str.strip()
    if thousands:
        sep, dec = re.escape(thousands), re.escape(decimal)
        grouped = s.str.contains(sep, regex=True)
        well_formed = s.str.fullmatch(rf"[-+]?\d{{1,3}}({sep}\d{{3}})+({dec}\d+)?")
        s = s.where(~grouped | well_formed.fillna(False), "not a number")
        s = s.str.replace(thousands, "", regex=False)
    s = s.str.replace(" ", "", regex=False)
    if decimal == ",":
        s = s.str.replace(",", ".", regex=False)
    return pd.to_numeric(s.where(s != "", None), errors="coerce")


def _per_unique(values: pd.Series, fn) -> pd.Series:
    """`fn` (Series -> Series of the same length) computed once per distinct value and spread back.

    A file repeats a few labels (provinces, levels, years) over a million rows: the Python-level work
    of a check is then paid per label, not per row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    if len(uniques) == len(values):
        return fn(values)
    result = fn(pd.Series(uniques, dtype=values.dtype))
    return pd.Series(result.to_numpy()[codes], index=values.index, name=values.name)


def _enum_lookup(f: Field) -> dict[str, str]:
    lookup = {norm_key(v): v for v in f.enum}
    for canonical, aliases in f.enum_aliases:
        for alias in aliases:
            lookup.setdefault(norm_key(alias), canonical)
    return lookup


def _header(f: Field) -> Localised:
    """A field as the expected header: its title in each language, and its name."""
    return Localised(*(f"{f.title(lang)} ({f.name})" for lang in ("vi", "en")))


def validate(
    read: ReadResult,
    schema: TableSchema,
    ctx: Context,
    *,
    scales: dict[str, float] | None = None,
    unit_stated: bool = False,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check a read table; return the canonical frame (None if any error) and every problem found.

    `scales`: factors a field's numbers are converted by to the schema's unit (a table in thousands: 1,000);
    `unit_stated`: whether the file or the analyst stated the unit (else implausible values ask for it)."""
    read, left_out = _without_regions(read, ctx)
    read, national_left_out = _without_national(read, schema, ctx)
    out = _Collector(read)
    for notice in read.notices:
        out.add(notice)
    for notice in (left_out, national_left_out):
        if notice is not None:
            out.add(notice)
    table = read.table
    # A row's province list (vintage) is found from its year and names when the file does not state it.
    derived = {LIST_FIELD} if LIST_FIELD in schema.names and {"year", "province_code"} <= set(table.columns) else set()
    missing = [f for f in schema.fields if f.required and f.name not in table.columns and f.name not in derived]
    for f in missing:
        out.add(problem("missing_column", expected=_header(f)))  # no column of the file: named in each language
    if missing:
        return None, out.result()
    if table.empty:
        out.add(problem("no_rows"))
        return None, out.result()

    parsed: dict[str, pd.Series] = {}
    years = (
        _per_unique(table["year"], lambda u: _parse_numbers(u, read.decimal, read.thousands, False))
        if "year" in table
        else None
    )
    lists = _province_lists(out, table, years, ctx) if derived else None
    for f in schema.fields:
        if f.name not in table.columns:
            parsed[f.name] = pd.Series([None] * len(table), index=table.index)
            continue
        raw = table[f.name].astype(str).str.strip()
        empty = (raw == "").to_numpy()
        if f.required:
            out.cells("required", f.name, empty, raw, _header(f))
        if f.type in ("integer", "number"):
            factor = (scales or {}).get(f.name, 1)
            parsed[f.name] = _check_number(out, f, raw, empty, read, schema, ctx, factor)
            _check_unit(out, f, parsed[f.name], factor, unit_stated)
        elif f.name == "province_code":
            parsed[f.name] = _check_province(out, f, raw, empty, years, ctx, lists)
            if NAME_COLUMN in table:
                names = table[NAME_COLUMN].astype(str).str.strip()
                _check_code_names(out, raw, names, parsed[f.name], years, ctx, lists)
        elif f.enum:
            parsed[f.name] = _check_enum(out, f, raw, empty)
        else:
            if f.pattern:
                bad = ~empty & ~raw.str.fullmatch(f.pattern).fillna(False).to_numpy()
                out.cells("pattern", f.name, bad, raw, f.pattern)
            parsed[f.name] = raw.where(~empty, None)
    if lists is not None:  # the national row is on no list: one national figure per year, whichever list
        parsed[LIST_FIELD] = lists.where(parsed["province_code"].fillna("") != NATIONAL, None)
    frame = pd.DataFrame(parsed)
    _check_keys(out, schema, frame)
    _check_rules(out, schema, frame)
    _check_totals(out, schema, frame)
    if "indicator_id" in frame and ctx.indicator_ids:
        bad = frame["indicator_id"].notna() & ~frame["indicator_id"].isin(ctx.indicator_ids)
        out.cells(
            "unknown_indicator",
            "indicator_id",
            bad.to_numpy(),
            table["indicator_id"],
            ", ".join(sorted(ctx.indicator_ids)),
        )
    problems = out.result()
    # protection: validation_no_table_on_errors
    if any(p.severity == ERROR for p in problems):
        return None, problems
    return schema.coerce(frame), problems


def _without_regions(read: ReadResult, ctx: Context) -> tuple[ReadResult, Problem | None]:
    """The read table without its socio-economic region rows (aggregates, not provinces), and one notice.

    Where the file has names beside codes, an empty code cell takes the row's name (the national and region rows
    of the office's tables carry no code)."""
    if "province_code" not in read.table.columns or read.table.empty:
        return read, None
    if NAME_COLUMN in read.table.columns:
        codes = read.table["province_code"].astype(str)
        read = replace(
            read,
            table=read.table.assign(
                province_code=codes.where(codes.str.strip() != "", read.table[NAME_COLUMN].astype(str))
            ),
        )
    regions = ctx.provinces.regions(read.table["province_code"].astype(str))
    hit = regions.notna().to_numpy()
    if not hit.any():
        return read, None
    keep = np.flatnonzero(~hit)
    rows = list(dict.fromkeys(read.rows[i] for i in np.flatnonzero(hit)))  # a wide table repeats a row per year
    found = list(dict.fromkeys(regions[hit]))
    notice = problem(
        "region_rows",
        value=len(rows),
        regions_vi=", ".join(T[f"region_{r}"]["vi"] for r in found),
        regions_en=", ".join(T[f"region_{r}"]["en"] for r in found),
        rows=", ".join(str(r) for r in rows),
        severity=WARNING,
    )
    return _rows_kept(read, keep), notice


def _without_national(read: ReadResult, schema: TableSchema, ctx: Context) -> tuple[ReadResult, Problem | None]:
    """The read table without its whole-country rows where the dataset has no national row (its province code
    admits no VN: population), and one notice; elsewhere the table as read."""
    if "province_code" not in read.table.columns or read.table.empty or "province_code" not in schema.names:
        return read, None
    pattern = schema.field("province_code").pattern
    if not pattern or re.fullmatch(pattern, NATIONAL):
        return read, None
    hit = ctx.provinces.national(read.table["province_code"].astype(str)).to_numpy()
    if not hit.any():
        return read, None
    rows = list(dict.fromkeys(read.rows[i] for i in np.flatnonzero(hit)))  # a wide table repeats a row per year
    notice = problem(
        "national_rows",
        value=len(rows),
        rows=", ".join(str(r) for r in rows),
        table_vi=schema.title("vi"),
        table_en=schema.title("en"),
        severity=WARNING,
    )
    return _rows_kept(read, np.flatnonzero(~hit)), notice


def _rows_kept(read: ReadResult, keep: np.ndarray) -> ReadResult:
    """The read result with only the table rows at positions `keep`."""
    return replace(
        read,
        table=read.table.iloc[keep].reset_index(drop=True),
        rows=[read.rows[i] for i in keep],
        cell_columns={k: [v[i] for i in keep] for k, v in read.cell_columns.items()},
    )


def _check_number(
    out: _Collector,
    f: Field,
    raw: pd.Series,
    empty: np.ndarray,
    read: ReadResult,
    schema: TableSchema,
    ctx: Context,
    factor: float = 1,
) -> pd.Series:
    nums = _per_unique(raw, lambda u: _parse_numbers(u, read.decimal, read.thousands, f.unit == "percent"))
    if factor != 1:  # to the schema's unit before any check of it (1.168,5 thousand persons: 1,168,500)
        nums = (nums * factor).round(6)
    bad_type = ~empty & nums.isna().to_numpy()
    expected = Localised(**T["pb_expect_integer" if f.type == "integer" else "pb_expect_number"])
    out.cells("type", f.name, bad_type, raw, expected)
    ok = ~empty & ~bad_type
    if f.type == "integer":
        frac = ok & (np.abs(nums.fillna(0) - np.round(nums.fillna(0))) > 1e-9).to_numpy()
        out.cells("not_integer", f.name, frac, raw, Localised(**T["pb_expect_integer"]))
    lo, hi = f.minimum, f.maximum
    if f.name == "year" and schema.name != "targets":
        hi = min(hi if hi is not None else ctx.current_year, ctx.current_year)  # no results from the future
    if lo is not None:
        code = (
            "rate_range"
            if f.unit == "percent"
            else "negative"
            if lo == 0
            else "year_range"
            if f.name == "year"
            else "minimum"
        )
        out.cells(
            code,
            f.name,
            ok & (nums < lo).fillna(False).to_numpy(),
            raw,
            f"≥ {lo:g}" if hi is None else f"{lo:g}–{hi:g}",
        )
    if hi is not None:
        code = "rate_range" if f.unit == "percent" else ("year_range" if f.name == "year" else "maximum")
        out.cells(
            code,
            f.name,
            ok & (nums > hi).fillna(False).to_numpy(),
            raw,
            f"{lo:g}–{hi:g}" if lo is not None else f"≤ {hi:g}",
        )
    return nums


def _check_unit(out: _Collector, f: Field, nums: pd.Series, factor: float, unit_stated: bool) -> None:
    """One notice for a converted column; without a stated unit, values implausible in the schema's unit refused."""
    if factor != 1:
        column = out.read.columns.get(f.name, f.name)
        out.add(problem("unit_converted", column=column, value=f"{factor:,.0f}", severity=WARNING))
        return
    if f.plausible_minimum is not None and not unit_stated:
        low = ((nums > 0) & (nums < f.plausible_minimum)).fillna(False).to_numpy()
        if low.any():
            rows = [out.read.rows[i] for i in np.flatnonzero(low)]
            shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
            out.add(
                problem(
                    "unit_needed",
                    row=rows[0],
                    column=out.read.columns.get(f.name, f.name),
                    value=f"{nums.iloc[int(np.flatnonzero(low)[0])]:g}",
                    expected=f"≥ {f.plausible_minimum:g}",
                    rows=shown,
                    count=len(rows),
                )
            )


def _province_lists(out: _Collector, table: pd.DataFrame, years: pd.Series, ctx: Context) -> pd.Series:
    """The province list (61, 64, 63 or 34) of each row: the file's `vintage` cell where it names a list, else the
    year's (a list may hold figures of years before it began, history carried onto it, never of years after it).
    In the transition year (2025: the office's preliminary figures came on the 63, later ones on the 34) the list is
    decided once from the file's rows: a province of the 63 merged away on 1 July 2025 puts them on the 63, else
    they are on the 34 (every name and code of the 34 is also one of the 63, so nothing else decides: the name of
    a merged province in a file of 34 is the new province, e.g. the Da Nang of Da Nang + Quang Nam)."""
    by_year = years.map(lambda y: vintage_of(int(y)) if pd.notna(y) else np.nan)
    if LIST_FIELD in table.columns:
        given = pd.to_numeric(table[LIST_FIELD].astype(str).str.strip(), errors="coerce")
        # A list holds no figure of a year after it ended (the 63 ended with 2025); a figure of an earlier year
        # may be on a later list (history on today's provinces).
        last = pd.to_numeric(given.map(lambda v: LIST_YEARS.get(v, (None, None))[1]), errors="coerce")
        too_new = (last.notna() & (years > last)).to_numpy()
        year_list = [None if pd.isna(y) else int(y) for y in years]
        last_list = [None if pd.isna(y) else int(y) for y in last]
        out.cells("vintage_year", LIST_FIELD, too_new, table[LIST_FIELD], "", year=year_list, last=last_list)
        return given.where(given.isin(LISTS), by_year)
    lists = by_year.copy()
    transition = (years == REFORM_YEAR).to_numpy()
    if not transition.any():
        return lists
    texts = table["province_code"].astype(str).str.strip()
    texts = texts.where(texts != "", table[NAME_COLUMN].astype(str).str.strip()) if NAME_COLUMN in table else texts
    on63, on34 = ctx.provinces.lists_of(texts[transition])
    chosen = 63 if (on63 & ~on34).any() else 34
    lists[transition] = chosen
    out.add(problem(f"province_list_{chosen}", value=chosen, year=REFORM_YEAR, severity=WARNING))
    return lists


def _check_province(
    out: _Collector,
    f: Field,
    raw: pd.Series,
    empty: np.ndarray,
    years: pd.Series | None,
    ctx: Context,
    lists: pd.Series | None = None,
) -> pd.Series:
    yrs = years if years is not None else pd.Series([None] * len(raw), index=raw.index)
    res = ctx.provinces.resolve(raw, yrs, lists)
    unknown = ~empty & res.unknown.to_numpy()
    suggestions = np.full(len(raw), "", dtype=object)
    for i in np.flatnonzero(unknown)[:MAX_PER_CHECK]:  # the collector reports no more than these
        y = yrs.iloc[i]
        vintage = None if lists is None or pd.isna(lists.iloc[i]) else int(lists.iloc[i])
        suggestions[i] = ", ".join(ctx.provinces.suggest(raw.iloc[i], None if pd.isna(y) else int(y), vintage=vintage))
    out.cells("unknown_province", f.name, unknown, raw, "", suggestions=suggestions)
    wrong = ~empty & res.wrong_vintage.to_numpy()
    successor = res.successor.fillna("").tolist()
    year_list = yrs.tolist()
    out.cells(
        "province_vintage",
        f.name,
        wrong & (res.successor.notna().to_numpy()),
        raw,
        "",
        successor=successor,
        year=year_list,
    )
    # Only on the 34, used for an earlier year: a province formed on 1 July 2025.
    on_34_only = res.lists.map(lambda on: on == (34,)).to_numpy(dtype=bool)
    out.cells("province_reform", f.name, wrong & on_34_only, raw, "", year=year_list)
    # Any other list: a province of an earlier period (Ha Tay until 2008), or not yet one (Dien Bien before 2004).
    period = wrong & res.successor.isna().to_numpy() & ~on_34_only
    row_lists = (
        lists.fillna(63).astype(int)
        if lists is not None
        else yrs.map(lambda y: vintage_of(int(y)) if pd.notna(y) else 63)
    )
    names = {f"{key}_{lang}": [""] * len(raw) for key in ("list", "lists") for lang in ("vi", "en")}
    for i in np.flatnonzero(period)[:MAX_PER_CHECK]:  # the collector reports no more than these
        for lang in ("vi", "en"):
            names[f"list_{lang}"][i] = T[f"list_{row_lists.iloc[i]}"][lang]
            names[f"lists_{lang}"][i] = "; ".join(T[f"list_{v}"][lang] for v in res.lists.iloc[i])
    out.cells("province_period", f.name, period, raw, "", year=year_list, **names)
    return res.codes


def _check_code_names(
    out: _Collector,
    raw: pd.Series,
    names: pd.Series,
    codes: pd.Series,
    years: pd.Series | None,
    ctx: Context,
    lists: pd.Series | None = None,
) -> None:
    """Where a file has a code and a name column, each row's code and name must be the same province."""
    yrs = years if years is not None else pd.Series([None] * len(raw), index=raw.index)
    by_name = ctx.provinces.resolve(names, yrs, lists).codes
    written = (raw != names).to_numpy() & (names != "").to_numpy() & by_name.notna().to_numpy()
    bad = written & (codes.fillna("").to_numpy() != by_name.fillna("").to_numpy())
    seen: set[int] = set()
    for i in np.flatnonzero(bad)[:MAX_PER_CHECK]:
        if out.read.rows[i] in seen:  # one error per row of the file, not per year of a wide table
            continue
        seen.add(out.read.rows[i])
        code, year = codes.iloc[i], yrs.iloc[i]
        vintage = None if lists is None or pd.isna(lists.iloc[i]) else int(lists.iloc[i])
        label = ctx.provinces.label(code, None if pd.isna(year) else int(year), vintage)
        out.add(
            problem(
                "province_code_name",
                row=out.read.rows[i],
                column=out.column_of("province_code", i),
                value=raw.iloc[i],
                name=names.iloc[i],
                name_code=ctx.provinces.label(by_name.iloc[i], None if pd.isna(year) else int(year), vintage),
                code_vi=T["places_is"]["vi"].format(label=label) if label else T["places_no_province"]["vi"],
                code_en=T["places_is"]["en"].format(label=label) if label else T["places_no_province"]["en"],
            )
        )


def _check_enum(out: _Collector, f: Field, raw: pd.Series, empty: np.ndarray) -> pd.Series:
    lookup = _enum_lookup(f)
    values = _per_unique(raw, lambda u: u.map(lambda v: lookup.get(norm_key(v))).astype(object))
    bad = ~empty & values.isna().to_numpy()
    out.cells("enum", f.name, bad, raw, ", ".join(str(e) for e in f.enum))
    return values


def _check_keys(out: _Collector, schema: TableSchema, frame: pd.DataFrame) -> None:
    """Every repeat of a primary key after its first row (empty or unresolved key cells compare as text)."""
    keys = [k for k in schema.primary_key if k in frame]
    # Integer codes per column (empty or unresolved cells are one value) find the repeats fast.
    codes = pd.DataFrame({k: pd.factorize(frame[k], use_na_sentinel=False)[0] for k in keys})
    dup = codes.duplicated(keep="first").to_numpy()
    if not dup.any():
        return
    key = frame[keys].astype(object).where(frame[keys].notna(), "").astype(str)
    position = pd.Series(np.arange(len(frame)), index=frame.index)
    first = position.groupby([key[k] for k in keys], dropna=False).transform("min").to_numpy()
    first_rows = np.asarray(out.read.rows, dtype=object)[first]
    out.cells(
        "duplicate_key", schema.primary_key[-1], dup, key.agg(" · ".join, axis=1), " + ".join(keys), first=first_rows
    )


def _check_rules(out: _Collector, schema: TableSchema, frame: pd.DataFrame) -> None:
    for rule in schema.rules:
        kind = rule["rule"]
        if kind == "not_greater" and rule["field"] in frame and rule["than"] in frame:
            a, b = frame[rule["field"]], frame[rule["than"]]
            bad = (pd.to_numeric(a, errors="coerce") > pd.to_numeric(b, errors="coerce")).fillna(False).to_numpy()
            out.cells(
                "not_greater",
                rule["field"],
                bad,
                a.astype(str),
                f"≤ {b.name}",
                other=out.read.columns.get(rule["than"], rule["than"]),
                other_value=b.astype(str).tolist(),
            )
        elif kind == "any_of":
            present = [frame[c].notna() for c in rule["fields"] if c in frame]
            none = ~np.logical_or.reduce(present) if present else np.ones(len(frame), dtype=bool)
            names = " / ".join(out.read.columns.get(c, c) for c in rule["fields"])
            out.cells("any_of", rule["fields"][0], np.asarray(none), pd.Series([""] * len(frame)), names)
        elif kind == "required_if" and rule["field"] in frame:
            cond = np.logical_and.reduce([(frame[k] == v).to_numpy() for k, v in rule["when"].items() if k in frame])
            bad = cond & frame[rule["field"]].isna().to_numpy()
            out.cells(
                "required_if",
                rule["field"],
                bad,
                pd.Series([""] * len(frame)),
                ", ".join(f"{k}={v}" for k, v in rule["when"].items()),
            )


def _check_totals(out: _Collector, schema: TableSchema, frame: pd.DataFrame) -> None:
    """A total smaller than its parts: a total level below its levels; a national row below its provinces."""
    counts = [f.name for f in schema.fields if f.type == "integer" and f.unit == "persons"]
    if not counts or "province_code" not in frame or "year" not in frame:
        return
    keys = ["year", "province_code"] + (["level"] if "level" in frame else [])
    keys += [LIST_FIELD] if LIST_FIELD in frame else []
    data = frame[keys + counts].copy()
    if LIST_FIELD in data:  # the national row is on no list: a key value of its own, not a missing one
        data[LIST_FIELD] = pd.to_numeric(data[LIST_FIELD], errors="coerce").fillna(0).astype(int)
    data["_pos"] = np.arange(len(frame))
    for col in counts:
        data[col] = pd.to_numeric(data[col], errors="coerce")
        if "level" in frame:
            by = ["year", "province_code"] + ([LIST_FIELD] if LIST_FIELD in frame else [])
            tree = level_tree()
            levels = data[data["level"] != tree.root].pivot_table(index=by, columns="level", values=col, aggfunc="sum")

            def level(name: str, levels=levels, tree=tree) -> pd.Series:
                """A level's published value, else the sum of its parts when all of them have one."""
                own = levels[name] if name in levels else pd.Series(np.nan, index=levels.index)
                parts = [level(child) for child in tree.children(name)]
                return own.fillna(sum(parts)) if parts else own

            level_sum = sum(level(child).fillna(0) for child in tree.children(tree.root))
            joined = data[data["level"] == tree.root].set_index(by).join(level_sum.rename("_parts"), how="inner")
            bad = joined[joined[col] < joined["_parts"] - 0.5]
            _flag_totals(out, col, bad["_pos"].to_numpy(), bad[col], bad["_parts"], len(frame), "level")
        national = data[data["province_code"] == NATIONAL]
        provinces = data[data["province_code"] != NATIONAL]
        by = ["year"] + (["level"] if "level" in frame else [])
        lists = [LIST_FIELD] if LIST_FIELD in frame else []  # the provinces of each list are summed apart
        prov_sum = provinces.groupby(by + lists)[col].sum(min_count=1).rename("_parts")
        prov_sum = prov_sum.droplevel(LIST_FIELD) if lists else prov_sum
        joined = national.set_index(by).join(prov_sum, how="inner")
        bad = joined[joined[col] < joined["_parts"] - 0.5]
        _flag_totals(out, col, bad["_pos"].to_numpy(), bad[col], bad["_parts"], len(frame), "province")


def _flag_totals(
    out: _Collector, col: str, positions: np.ndarray, totals: pd.Series, parts: pd.Series, n: int, kind: str
) -> None:
    if not len(positions):
        return
    mask = np.zeros(n, dtype=bool)
    mask[positions] = True
    values = pd.Series([""] * n, dtype=object)
    sums = np.zeros(n, dtype=object)
    values.iloc[positions] = [f"{v:,.0f}" for v in totals]
    sums[positions] = [f"{v:,.0f}" for v in parts]
    out.cells(f"total_less_than_{kind}s", col, mask, values, "", parts=sums)
