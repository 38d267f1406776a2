"""The file's number style (decimal comma or point, thousands separator), decided once from its numeric cells."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kpis.problems import WARNING, Problem
from kpis.reading.messages import phrase, problem
from kpis.schema import Field

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


def _count(values: pa.Array, pattern: str) -> tuple[int, int | None]:
    """How many cells match, and the position of the first."""
    mask = pc.match_substring_regex(values, pattern)
    k = pc.sum(mask).as_py() or 0
    return k, (int(pc.index(mask, True).as_py()) if k else None)


def number_style(
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
            problem(
                "mixed_number_style",
                name=name,
                vi=vi,
                en=en,
                style=phrase("style_vietnamese" if decimal == "," else "style_english"),
                severity=WARNING,
                row=row,
                column=header,
                value=value,
            )
        )
    return decimal, thousands, notices


_THOUSANDS = {"": "thousands_none", ".": "thousands_dot", ",": "thousands_comma", " ": "thousands_space"}
_EXAMPLES = {
    (",", "."): "1.234.567 · 85,5",
    (",", ""): "1234567 · 85,5",
    (",", " "): "1 234 567 · 85,5",
    (".", ","): "1,234,567 · 85.5",
    (".", ""): "1234567 · 85.5",
    (".", " "): "1 234 567 · 85.5",
}


def _style_notice(name: str, decimal: str, thousands: str) -> Problem:
    return problem(
        "number_style_detected",
        name=name,
        decimal=phrase("decimal_comma" if decimal == "," else "decimal_point"),
        thousands=phrase(_THOUSANDS[thousands]),
        example=_EXAMPLES[(decimal, thousands)],
        severity=WARNING,
        value=f"decimal={decimal!r} thousands={thousands!r}",
    )
