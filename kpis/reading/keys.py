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
_ETH = "\u00f0"  # eth, the case-folded U+00D0 that some exports write for the capital d-bar
_D_LETTERS = frozenset((_D_BAR, _ETH))
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below
_WORD = re.compile(r"[^\W_]+")


def normalise_key(text: object) -> str:
    """A matching key: NFC, case-folded, no diacritics (d-bar to d), non-alphanumerics collapsed to one space."""
    s = unicodedata.normalize("NFC", str(text)).casefold().replace(_D_BAR, "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return _KEY_JUNK.sub(" ", s).strip()


def loose_key(text: str) -> str:
    """The key without units and footnote marks ("Dan so (nguoi)", "Tuyen sinh (*)"): they do not name a field."""
    return normalise_key(_PARENS.sub(" ", text))


def marked_key(text: object) -> str:
    """A matching key with the diacritics kept ("nam" with a breve, the year, is not "nam", male): NFC,
    case-folded, the look-alike eth (of U+00D0) as d-bar, each word's tone marks moved to its end (so "hoa" with the
    grave over the a or over the o, the old and new placement, are one key), non-alphanumerics collapsed."""
    s = unicodedata.normalize("NFC", str(text)).casefold().replace(_ETH, _D_BAR)
    words = []
    for word in _WORD.findall(s):
        letters = unicodedata.normalize("NFD", word)
        tones = "".join(c for c in letters if c in _TONES)
        words.append("".join(c for c in letters if c not in _TONES) + tones)
    return " ".join(words)


def writes_diacritics(cells: list[str]) -> bool:
    """Whether header cells write Vietnamese diacritics (then a header is matched with them)."""
    return any(
        unicodedata.combining(c) or c in _D_LETTERS
        for cell in cells
        for c in unicodedata.normalize("NFD", str(cell).casefold())
    )


class HeaderIndex(dict):
    """Every accepted header key without diacritics -> field name (the dict), and the same with diacritics kept
    (`marked`). `strict`: the file's header writes diacritics, so a header is matched with them: "Nam" (male) is
    not "Nam" with a breve (year) there; without diacritics in the file, keys without them match (an ASCII header "Nam" is the
    year)."""

    def __init__(self, loose: dict[str, str], marked: dict[str, str], strict: bool = False):
        super().__init__(loose)
        self.marked = marked
        self.strict = strict

    def strictly(self, strict: bool) -> HeaderIndex:
        """This index matching with diacritics (`strict`) or without."""
        return self if strict == self.strict else HeaderIndex(self, self.marked, strict)


def header_index(schema: TableSchema) -> HeaderIndex:
    """Every accepted header key (name, titles, aliases; also without parenthesised units) -> field name."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    marked: dict[str, str] = {}
    marked_loose: dict[str, str] = {}
    for f in schema.fields:
        for text in (f.name, *f.titles.values(), *f.aliases):
            exact.setdefault(normalise_key(text), f.name)
            loose.setdefault(loose_key(text), f.name)
            marked.setdefault(marked_key(text), f.name)
            marked_loose.setdefault(marked_key(_PARENS.sub(" ", text)), f.name)
    for index in (exact, loose, marked, marked_loose):
        index.pop("", None)
    return HeaderIndex({**loose, **exact}, {**marked_loose, **marked})


def enum_index(f: Field) -> dict[str, str]:
    """Accepted value keys (the enum values and their `enumAliases`) -> canonical enum value."""
    out = {normalise_key(v): str(v) for v in f.enum}
    for canonical, aliases in f.enum_aliases:
        for alias in aliases:
            out.setdefault(normalise_key(alias), canonical)
    return out


def match_header(text: str, index: dict[str, str]) -> str | None:
    """The field a header names, or None (with a strict index, the header's diacritics must be the field's)."""
    key = normalise_key(text)
    if not key:
        return None
    if isinstance(index, HeaderIndex) and index.strict:
        return index.marked.get(marked_key(text)) or index.marked.get(marked_key(_PARENS.sub(" ", text)))
    return index.get(key) or index.get(loose_key(text))


def for_header(cells: list[str], index: HeaderIndex) -> HeaderIndex:
    """The index a header row is matched with: with diacritics where the row writes them and at most one of its
    cells names a field only without them (that one is then a question); several such cells mean the file leaves
    diacritics out ("nam", "So tuyen sinh", "ghi chu" beside a header written with its diacritics), and the row is matched without them."""
    if not writes_diacritics(cells):
        return index.strictly(False)
    strict = index.strictly(True)
    dropped = sum(1 for c in cells if str(c).strip() and loose_only_match(c, strict))
    return strict if dropped <= 1 else index.strictly(False)


def loose_only_match(text: str, index: HeaderIndex) -> str | None:
    """The field a header would name were its diacritics dropped, where it names none with them: a question for
    the analyst in a file that writes diacritics ("Nam": male, or the year, "Nam" with a breve?), never a silent guess."""
    if not index.strict or match_header(text, index):
        return None
    return match_header(text, index.strictly(False))


def year_of_header(text: str) -> int | None:
    m = _YEAR_HEADER.match(loose_key(text))
    return int(m.group(2)) if m and 1990 <= int(m.group(2)) <= 2100 else None


def is_preliminary_header(text: str) -> bool:
    """Whether a year header marks its figures preliminary ("Prel. 2025", "So bo 2019" with its diacritics)."""
    m = _YEAR_HEADER.match(loose_key(text))
    return bool(m and m.group(1))
