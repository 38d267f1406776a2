"""What reading and validating an uploaded file can report: problems (errors, warnings) and limits.

A problem names the file's row as the user sees it (the line or sheet row number), the column as
named in their file, the value found and what was expected, in Vietnamese and English.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

from kpis.i18n import LANGS, T

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One problem of an uploaded file."""

    code: str
    message_vi: str
    message_en: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None  # in Vietnamese where it is words (a field's title), else as it is (a code, "≤ 8")
    severity: str = ERROR
    expected_en: str | None = None  # its English, where it differs

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en

    def expected_in(self, lang: str) -> str | None:
        """What was expected, in `lang`."""
        return self.expected_en if lang == "en" and self.expected_en is not None else self.expected

    def as_dict(self, lang: str = "en") -> dict:
        """The JSON form (CLI `validate --json`, downloadable problem list), in `lang`."""
        out = asdict(self)
        del out["expected_en"]
        out["message"], out["expected"] = self.message(lang), self.expected_in(lang)
        return out


@dataclass(frozen=True)
class Localised:
    """A message argument that reads differently in each language (a number, a quoted list, a phrase)."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


def catalogue_problem(
    key: str,
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    expected: object = None,
    severity: str = ERROR,
    **args,
) -> Problem:
    """A problem whose message, in both languages, is the i18n catalogue's entry `key` formatted with the
    problem's fields and `args` (a `Localised` argument gives each language its own text)."""
    entry = T[key]
    fields = {"row": row, "column": column, "value": value, "expected": expected, **args}

    def message(lang: str) -> str:
        return entry[lang].format(**{k: v.text(lang) if isinstance(v, Localised) else v for k, v in fields.items()})

    vi, en = (message(lang) for lang in LANGS)
    return Problem(
        code=code,
        message_vi=vi,
        message_en=en,
        row=row,
        column=column,
        value=None if value is None else str(value),
        expected=None if expected is None else expected.vi if isinstance(expected, Localised) else str(expected),
        severity=severity,
        expected_en=expected.en if isinstance(expected, Localised) else None,
    )


class ReadError(Exception):
    """The file cannot be read at all (not a table, too large, a decompression bomb, ...)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message_en)
        self.problem = problem


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """What an upload may be; anything beyond is refused with a clear message, memory bounded."""

    # protection: upload_size_limit
    max_bytes: int = field(default_factory=lambda: _env_int("KPIS_MAX_UPLOAD_MB", 50) * 1024 * 1024)
    max_rows: int = field(default_factory=lambda: _env_int("KPIS_MAX_ROWS", 2_000_000))
    max_columns: int = 200
    max_cell_chars: int = 10_000
    # XLSX is a zip: the sum of its members' uncompressed sizes, and their ratio to the compressed size.
    max_xlsx_uncompressed: int = field(default_factory=lambda: _env_int("KPIS_MAX_XLSX_MB", 400) * 1024 * 1024)
    max_xlsx_ratio: int = 200
