"""Matching keys: a header or a value as the reader compares it, the schema's header and enum indexes, year headers."""

from __future__ import annotations

import re
import unicodedata

from kpis.schema import Field, TableSchema

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
