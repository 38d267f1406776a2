"""The reader's messages: problems from the i18n catalogue (`rd_*`), their arguments, and the common refusals."""

from __future__ import annotations

import unicodedata

from openpyxl.utils import get_column_letter

from kpis.i18n import LANGS, t
from kpis.problems import ERROR, Limits, Localised, Problem, ReadError, catalogue_problem

MAX_ROW_PROBLEMS = 1000  # ragged rows reported one by one, then one summary


def problem(key: str, code: str | None = None, *, severity: str = ERROR, **args) -> Problem:
    """A problem with code `code` (default: `key`) and the message `rd_<key>` of the catalogue."""
    return catalogue_problem(f"rd_{key}", code or key, severity=severity, **args)


def fail(key: str, code: str | None = None, **args) -> ReadError:
    """The file cannot be read: a ReadError carrying `problem(key, code, ...)`."""
    return ReadError(problem(key, code, **args))


def phrase(key: str, **args) -> Localised:
    """A part of a message, itself from the catalogue (`rd_<key>`), in both languages."""
    vi, en = (
        t(f"rd_{key}", lang, **{k: v.text(lang) if isinstance(v, Localised) else v for k, v in args.items()})
        for lang in LANGS
    )
    return Localised(vi=vi, en=en)


def nothing() -> Localised:
    return Localised(vi="", en="")


def both(vi: str, en: str) -> Localised:
    return Localised(vi=vi, en=en)


def titled(thing) -> Localised:
    """A field's or a table's title in each language."""
    return Localised(vi=thing.title("vi"), en=thing.title("en"))


def number(n: int) -> Localised:
    """A count with the language's thousands separator (1.234 / 1,234)."""
    return Localised(vi=f"{n:,}".replace(",", "."), en=f"{n:,}")


def quoted(items: list[str] | tuple[str, ...] | str) -> Localised:
    """A quoted item, or a list of them: «a», «b» in Vietnamese, 'a', 'b' in English."""
    items = [items] if isinstance(items, str) else list(items)
    return Localised(vi=", ".join(f"«{x}»" for x in items), en=", ".join(f"'{x}'" for x in items))


def fmt_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def ranges(rows: list[int]) -> str:
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


def preview(text: str, n: int = 60) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def column_label(by_letter: bool, j: int) -> Localised:
    """How to name file column j (0-based) in messages: by letter in XLSX, by position in CSV."""
    if by_letter:
        return phrase("column_letter", letter=get_column_letter(j + 1))
    return phrase("column_position", position=j + 1)


def where_column(column: str | None) -> Localised:
    return phrase("where_column", column=column) if column else nothing()


# -------------------------------------------------------------------------------- common refusals


def too_large(name: str, size: int, limits: Limits) -> ReadError:
    return fail(
        "too_large",
        name=name,
        size=fmt_size(size),
        limit=fmt_size(limits.max_bytes),
        value=size,
        expected=f"≤ {limits.max_bytes}",
    )


def empty(name: str) -> ReadError:
    return fail("empty_file", name=name)


def not_a_table(name: str, why: Localised) -> ReadError:
    return fail("not_a_table", name=name, why=why)


def too_long(name: str, row: int, column: str | None, n: int, limits: Limits) -> ReadError:
    return fail(
        "cell_too_long",
        name=name,
        where=where_column(column),
        length=number(n),
        limit=number(limits.max_cell_chars),
        row=row,
        column=column,
        value=n,
        expected=f"≤ {limits.max_cell_chars}",
    )


def too_many_columns(name: str, row: int, k: int, limits: Limits) -> ReadError:
    return fail(
        "too_many_columns",
        name=name,
        count=k,
        limit=limits.max_columns,
        row=row,
        value=k,
        expected=f"≤ {limits.max_columns}",
    )


def too_many_rows(name: str, limits: Limits) -> ReadError:
    return fail("too_many_rows", name=name, limit=number(limits.max_rows), expected=f"≤ {limits.max_rows}")


def ragged_row(name: str, row: int, found: int, n: int, extra: list[str]) -> Problem:
    shown = quoted([preview(e, 30) for e in extra[:3]]) if extra else phrase("ragged_empty")
    return problem("ragged_row", name=name, found=found, columns=n, extra=shown, row=row, value=found, expected=n)


def unterminated(name: str, row: int, column: str | None) -> ReadError:
    return fail("unterminated_quote", name=name, where=where_column(column), row=row, column=column, value='"')


def xlsx_invalid(name: str, detail: str | Localised) -> ReadError:
    if isinstance(detail, str):
        detail = both(preview(detail, 120), preview(detail, 120))
    return fail("xlsx_invalid", name=name, detail=detail, value=detail.en)
