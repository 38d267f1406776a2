"""Units as the statistics office states them in parentheses: thousands of persons, persons, institutions, percent.

A unit is read as one of the words the upload takes for a file's counts (kpis/metadata.py `UNITS`): "thousand"
(thousands of the schema's unit), "unit" (the schema's unit itself) or "percent". Anything else (a density, an
area, a unit not known here) is no count unit: None, and nothing is converted on its account."""

from __future__ import annotations

import re

from kpis.reading.keys import normalise_key

_PARENTHESISED = re.compile(r"\(([^()]*)\)")
# Matching keys (no diacritics) of the first word(s) of a unit: thousands of, and counts of persons or things.
_THOUSAND = ("nghin", "ngan", "thous", "thousand", "thousands")
_COUNT = ("nguoi", "pers", "person", "persons", "co so", "institution", "institutions")


def unit_of(text: str) -> str | None:
    """The count unit a header, a row label or a title states in parentheses, or None."""
    for inner in reversed(_PARENTHESISED.findall(text)):
        if "%" in inner:
            return "percent"
        if "/" in inner:
            continue  # a ratio: persons per km2
        key = normalise_key(inner)
        if not key:
            continue
        if any(key == w or key.startswith(w + " ") for w in _THOUSAND):
            return "thousand"
        if any(key == w or key.startswith(w + " ") for w in _COUNT):
            return "unit"
    return None
