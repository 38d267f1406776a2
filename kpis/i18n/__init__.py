"""Every UI string and number format, in Vietnamese (default) and English.

The strings are data: the catalogue files beside this module (`*.toml`, one per area of the product), each
entry `key.vi` and `key.en`. They are loaded once, and a key defined twice or without both languages fails at
import, naming the file and the key.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
CATALOGUE_DIR = Path(__file__).resolve().parent


def load_catalogue(folder: Path = CATALOGUE_DIR) -> dict[str, dict[str, str]]:
    """Every entry of every catalogue file in `folder`: {key: {"vi": text, "en": text}}."""
    entries: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        for key, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in entries:
                raise ValueError(f"i18n: {key!r} is defined in both {where[key]} and {path.name}")
            if not isinstance(entry, dict) or set(entry) != set(LANGS) or not all(entry.values()):
                raise ValueError(f"i18n: {path.name}: {key!r} needs exactly a non-empty vi and en text")
            entries[key], where[key] = entry, path.name
    return entries


T: dict[str, dict[str, str]] = load_catalogue()


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The UI string `key` in `lang`, formatted with `kwargs`."""
    entry = T[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def norm_lang(value: object) -> str:
    """A language code from untrusted input (URL, widget): 'vi' unless exactly 'en'."""
    # protection: language_whitelist
    return value if value in LANGS else DEFAULT_LANG


def fmt_number(x: float | None, lang: str, decimals: int = 0) -> str:
    """Locale number: 2.280.000 and 100,9 in Vietnamese; 2,280,000 and 100.9 in English."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_value(x: float | None, unit: str, lang: str, decimals: int = 0) -> str:
    """A value with its unit's conventions (percent sign, no unit word for counts)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if unit == "percent":
        return f"{fmt_number(x, lang, decimals)}%"
    return fmt_number(x, lang, decimals)


def fmt_ratio(r: float | None, lang: str, decimals: int = 1) -> str:
    """An attainment ratio as a percentage: 1.009 -> '100,9%'."""
    return "–" if r is None else f"{fmt_number(r * 100, lang, decimals)}%"


def fmt_delta(delta: float | None, unit: str, lang: str, decimals: int = 0) -> str | None:
    """A change in the indicator's unit: percentage points for rates, places for a rank."""
    if delta is None:
        return None
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    magnitude = fmt_number(abs(delta), lang, decimals)
    if unit == "percent":
        return t("delta_pp", lang, sign=sign, value=magnitude)
    if unit == "rank":
        if delta == 0:
            return t("delta_places_same", lang)
        return t("delta_places_up" if delta < 0 else "delta_places_down", lang, value=magnitude)
    return f"{sign}{magnitude}"


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` (decimal, thousands) for the language."""
    return ",." if lang == "vi" else ".,"


def status_label(status: str, lang: str) -> str:
    return t(f"st_{status}", lang)


def unit_label(unit: str, lang: str) -> str:
    return t(f"unit_{unit}", lang)


def level_label(level: str, lang: str) -> str:
    return t(f"level_{level}", lang)


def region_label(region: str, lang: str) -> str:
    return t(f"region_{region}", lang) if f"region_{region}" in T else region


def value_type_label(value_type: str, lang: str) -> str:
    return t(f"vt_{value_type}", lang) if f"vt_{value_type}" in T else value_type


def wef_label(code: str, lang: str) -> str:
    return t(f"wef_{code}", lang) if f"wef_{code}" in T else code
