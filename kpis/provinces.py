"""Province names and codes as people type them: with or without diacritics, prefixes, old or new list."""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from kpis.engine import LISTS, NATIONAL, vintage_of

# A province name column read beside the code column (a file with both), for validation to check they agree.
NAME_COLUMN = "province_name"
NAMES_FILE = Path(__file__).with_name("province_names.toml")
# Administrative prefixes and suffixes that people write or leave out ("Ho Chi Minh city").
_PREFIX = re.compile(r"^(tinh|thanh pho|tp|province|city)\s+")
_SUFFIX = re.compile(r"\s+(province|city)$")


def norm_key(text: object) -> str:
    """A matching key: NFC, case-folded, no diacritics (đ and the look-alike ð of Ð U+00D0 → d), punctuation and
    spaces collapsed."""
    s = unicodedata.normalize("NFC", str(text)).casefold().replace("đ", "d").replace("ð", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^0-9a-z]+", " ", s).strip()


def _name_key(text: object) -> str:
    return _SUFFIX.sub("", _PREFIX.sub("", norm_key(text)))


@cache
def names() -> dict:
    """The spellings of kpis/province_names.toml: `national`, `aliases` (name -> province name), `regions`."""
    return tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))


NATIONAL_NAMES = tuple(_name_key(n) for n in names()["national"])
_ALIASES = {_name_key(alias): _name_key(name) for alias, name in names()["aliases"].items()}
REGION_NAMES = {_name_key(n): region for region, spellings in names()["regions"].items() for n in spellings}


@dataclass(frozen=True)
class Resolution:
    """Codes for the given texts, with why each unresolved one failed."""

    codes: pd.Series  # resolved code or None
    unknown: pd.Series  # True where the text matches no province of any list
    wrong_vintage: pd.Series  # True where the province exists only on other lists than the row's
    successor: pd.Series  # for a 63-era province used after the reform: "Name (code)" of its successor
    region: pd.Series  # the region id where the text names a socio-economic region (an aggregate), else None
    lists: pd.Series  # for a wrong_vintage text: the lists it names a province on, oldest first (a tuple)


class ProvinceIndex:
    """Lookup of province codes and names on every province list (engine.LISTS: the 61, 64, 63 and 34)."""

    def __init__(self, provinces: pd.DataFrame):
        self.frame = provinces
        self.by_vintage: dict[int, dict[str, str]] = {}
        self.names: dict[int, dict[str, str]] = {}
        for vintage in LISTS:
            rows = provinces[provinces["vintage"].astype(int) == vintage]
            lookup = {c: c for c in rows["code"]}
            for code, vi, en in zip(rows["code"], rows["name_vi"], rows["name_en"], strict=True):
                lookup[_name_key(vi)] = code
                lookup[_name_key(en)] = code
            for alias, target in _ALIASES.items():
                if target in lookup:
                    lookup.setdefault(alias, lookup[target])
            lookup.update({n: NATIONAL for n in NATIONAL_NAMES})
            lookup[NATIONAL.lower()] = NATIONAL
            self.by_vintage[vintage] = lookup
            self.names[vintage] = dict(zip(rows["code"], rows["name_vi"], strict=True))
        old = provinces[provinces["vintage"].astype(int) == 63]
        self.successor_of = dict(zip(old["code"], old["successor_code"], strict=True))

    def _key(self, text: str) -> str:
        raw = str(text).strip()
        if re.fullmatch(r"\d{1,2}", raw):
            return raw.zfill(2)
        return _name_key(raw)

    def resolve(self, texts: pd.Series, years: pd.Series, lists: pd.Series | None = None) -> Resolution:
        """Resolve each text on its row's list of provinces (`lists`, else the year's list), computed once per
        distinct text and list."""
        years = pd.to_numeric(pd.Series(years, index=texts.index), errors="coerce")
        if lists is None:
            lists = years.map({y: vintage_of(int(y)) for y in years.dropna().unique()})
        vintages = pd.Series(lists, index=texts.index).fillna(63).astype(int)
        vintages = vintages.where(vintages.isin(LISTS), 63)  # a list that is none (the schema's enum refuses it)
        text_codes, text_values = pd.factorize(texts, use_na_sentinel=False)
        list_index = pd.Index(LISTS).get_indexer(vintages)
        pair_codes = text_codes.astype(np.int64) * len(LISTS) + list_index
        distinct, codes_of = np.unique(pair_codes, return_inverse=True)
        found, on, successor, region = [], [], [], []
        for text, v in ((text_values[c // len(LISTS)], LISTS[c % len(LISTS)]) for c in distinct):
            k = self._key(text)
            code = self.by_vintage[v].get(k)
            elsewhere = () if code is not None else tuple(w for w in LISTS if k in self.by_vintage[w])
            region.append(REGION_NAMES.get(k) if code is None else None)
            found.append(code)
            on.append(elsewhere or None)
            old = self.by_vintage[63].get(k)
            successor.append(
                f"{self.names[34].get(self.successor_of.get(old, ''), '?')} ({self.successor_of.get(old, '?')})"
                if code is None and old is not None and v == 34
                else None
            )

        def spread(values: list) -> pd.Series:
            cells = np.empty(len(values), dtype=object)
            for i, value in enumerate(values):  # one by one: a tuple is one cell, not a row of cells
                cells[i] = value
            return pd.Series(cells[codes_of], index=texts.index)

        codes, others, regions = spread(found), spread(on), spread(region)
        wrong = codes.isna() & others.notna()
        return Resolution(
            codes=codes,
            unknown=codes.isna() & others.isna() & regions.isna(),
            wrong_vintage=wrong,
            successor=spread(successor),
            region=regions,
            lists=others,
        )

    def lists_of(self, texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Whether each text names a province of the 63 list and of the 34 list (the national row: neither)."""
        keys = {text: self._key(text) for text in pd.unique(texts)}
        national = {k for k, v in self.by_vintage[63].items() if v == NATIONAL}

        def on(vintage: int) -> pd.Series:
            lookup = self.by_vintage[vintage]
            return texts.map(lambda text: keys[text] in lookup and keys[text] not in national).astype(bool)

        return on(63), on(34)

    def national(self, texts: pd.Series) -> pd.Series:
        """Whether each text names the whole country (the national row)."""
        keys = {text: self._key(text) for text in pd.unique(texts)}
        return texts.map(lambda text: self.by_vintage[63].get(keys[text]) == NATIONAL).astype(bool)

    def regions(self, texts: pd.Series) -> pd.Series:
        """The region id of each text that names a socio-economic region (not a province), else None."""
        keys = {text: self._key(text) for text in pd.unique(texts)}
        return texts.map(lambda text: REGION_NAMES.get(keys[text])).astype(object)

    def label(self, code: str | None, year: int | None, vintage: int | None = None) -> str | None:
        """ "Name (code)" of a code on the list `vintage` (else the year's; the national row as VN), None for no
        province."""
        if code is None or pd.isna(code):
            return None
        if code == NATIONAL:
            return NATIONAL
        name = self.names[vintage or (vintage_of(year) if year else 63)].get(code)
        return None if name is None else f"{name} ({code})"

    def suggest(self, text: str, year: int | None, n: int = 3, vintage: int | None = None) -> list[str]:
        """The closest province names of the list `vintage` (else the year's), for an error message."""
        vintage = vintage or (vintage_of(year) if year else 63)
        names = list(self.names[vintage].values())
        by_key = {_name_key(n): n for n in names}
        hits = difflib.get_close_matches(_name_key(text), list(by_key), n=n, cutoff=0.5)
        return [by_key[h] for h in hits]
