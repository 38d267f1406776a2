"""The analyst's pipeline, shared by the page and the CLI: read → validate → preview → publish."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from kpis import metadata
from kpis.diff import Diff, compare
from kpis.i18n import t
from kpis.metadata import FileDefaults
from kpis.problems import ERROR, WARNING, Limits, Problem, ReadError
from kpis.provinces import ProvinceIndex
from kpis.reading import ReadResult, read_file
from kpis.registry import load_registry
from kpis.schema import load_package, uploadable
from kpis.store import Store, Version, merge_by_key
from kpis.validate import Context, validate

MERGE, REPLACE = "merge", "replace"


def safe_file_name(name: str) -> str:
    """A file name as metadata only: no directories, no control characters, bounded length."""
    # protection: file_name_sanitising
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", str(name)))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    return base[:200] or "upload"


@dataclass
class CheckResult:
    """The outcome of reading and validating one file."""

    dataset: str
    file_name: str
    sha256: str
    size: int
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    read: ReadResult | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        # protection: check_ok_needs_no_errors
        return self.frame is not None and not self.errors


def context_from(store: Store, current_year: int | None = None) -> Context:
    """Reference data from the store's active versions (provinces) and the registry."""
    return Context(
        provinces=ProvinceIndex(store.read("provinces")),
        indicator_ids=frozenset(load_registry().ids),
        current_year=current_year or dt.date.today().year,
    )


def check_file(
    data: bytes,
    file_name: str,
    dataset: str,
    ctx: Context,
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
    defaults: FileDefaults | None = None,
) -> CheckResult:
    """Read and validate an uploaded file; never raises for a bad file, never touches the store.

    `defaults`: what the analyst says about the whole file (source, value type, unit, column map); a column in
    the file wins over a default. MetadataError for a default that cannot apply (the caller's input)."""
    if dataset not in uploadable():
        raise ValueError(f"unknown dataset {dataset!r}; one of {uploadable()}")
    schema = load_package()[dataset]
    defaults = defaults or FileDefaults()
    defaults.check(schema)
    name = safe_file_name(file_name)
    result = CheckResult(dataset=dataset, file_name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    try:
        result.read = read_file(
            data, name, metadata.mapped_schema(schema, defaults.column_map), sheet=sheet, limits=limits or Limits()
        )
    except ReadError as err:
        result.problems = [err.problem]
        return result
    metadata.drop_unmapped(result.read, defaults.column_map)
    metadata.apply_defaults(result.read, schema, defaults)
    unit = defaults.unit or getattr(result.read, "unit", None) or ""  # the analyst's word, else the file's
    result.frame, result.problems = validate(
        result.read, schema, ctx, scales=metadata.scales(schema, unit), unit_stated=bool(unit)
    )
    return result


def next_version(schema, active: pd.DataFrame, result: CheckResult, mode: str = MERGE) -> pd.DataFrame:
    """The table the new version will hold.

    merge (default): the file's rows replace the active rows with the same key and add new ones; every
    other row is kept, so a province's file for one year touches only that. replace: the file is the
    whole new version.
    """
    if not result.ok:
        raise ValueError("a file with errors is never published")
    if mode == REPLACE:
        return result.frame
    if mode != MERGE:
        raise ValueError(f"mode must be {MERGE!r} or {REPLACE!r}")
    return merge_by_key(schema, active, result.frame)


@dataclass(frozen=True)
class Preview:
    """What publishing a checked file would do: the table of the new version and its change against the active one."""

    after: pd.DataFrame
    diff: Diff


def preview(schema, active: pd.DataFrame, result: CheckResult, mode: str = MERGE) -> Preview:
    """What publishing the checked file would change against `active` (the active version's rows)."""
    after = next_version(schema, active, result, mode)
    return Preview(after=after, diff=compare(schema, active, after))


def publish(store: Store, result: CheckResult, *, user: str, note: str = "", mode: str = MERGE) -> Version:
    """Publish a valid file as the new active version (atomic, audited): the table `next_version` gives.

    A merge goes to the store as the file's rows (Store.merge), so it writes only them, whatever the table's size."""
    if not result.ok:
        raise ValueError("a file with errors is never published")
    meta = {"user": user, "note": note, "file_name": result.file_name, "sha256": result.sha256}
    if mode == REPLACE:
        return store.publish(result.dataset, result.frame, **meta)
    if mode != MERGE:
        raise ValueError(f"mode must be {MERGE!r} or {REPLACE!r}")
    return store.merge(result.dataset, result.frame, **meta)


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Problems as a table for the page and its CSV download (errors first, then file order), in `lang`: its
    headers too; a notice about the whole file has an empty row cell."""
    rows = sorted(problems, key=lambda p: (p.severity != ERROR, p.row is None, p.row or 0))
    columns = ["row", "column", "message", "value", "expected", "severity", "code"]
    out = pd.DataFrame(
        [
            {
                "row": p.row,
                "column": p.column or "",
                "message": p.message(lang),
                "value": p.value or "",
                "expected": p.expected_in(lang) or "",
                "severity": t(f"sev_{p.severity}", lang),
                "code": p.code,
            }
            for p in rows
        ],
        columns=columns,
    )
    out["row"] = out["row"].astype("Int64").astype("string").fillna("")
    return out.rename(columns={c: t(f"pb_col_{c}", lang) for c in columns})
