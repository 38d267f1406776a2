"""Real tables shipped in place of generated rows, read through the product's own reader (issue 10).

Each entry is a file as the statistics office published it and what an analyst would say on the command line
(`python -m kpis import FILE --dataset D --source TEXT --value-type TYPE`). Its rows replace the rows with the
same key (the generated province rows and the national row); the generated series stay only where nothing real
exists, still flagged illustrative. build_data.py calls `with_real_rows` for every dataset.

Usage alone (prints what would change): python scripts/real_data.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis import upload  # the product's reader and validation, as the CLI uses them
from kpis.engine import with_lists
from kpis.metadata import FileDefaults
from kpis.provinces import ProvinceIndex
from kpis.registry import load_registry
from kpis.schema import load_package, read_shipped
from kpis.validate import Context


@dataclass(frozen=True)
class RealFile:
    dataset: str
    path: str  # under ../shared/reference
    source: str
    value_type: str  # for every year the file does not mark otherwise ("Prel. 2025" is preliminary)


REAL_FILES = (
    RealFile(
        "certified_labour",
        "real-files/gso_E02.55_trained_labour_share_by_province_2008_2025.csv",
        "NSO PX-Web E02.55 Percentage of trained labour force aged 15 years and over by province",
        "actual",
    ),
)


class NotReadable(RuntimeError):
    """The product's reader does not read the file yet (its problems are the message)."""


def read_real(entry: RealFile, ref: Path) -> pd.DataFrame:
    """The file's rows as the product reads and validates them with the analyst's defaults."""
    path = ref / entry.path
    schemas = load_package()
    provinces = read_shipped(schemas["provinces"])
    ctx = Context(
        provinces=ProvinceIndex(provinces),
        indicator_ids=frozenset(load_registry().ids),
        current_year=2100,  # the shipped build is not tied to the day it runs; the file's years are its own
    )
    defaults = FileDefaults(source=entry.source, value_type=entry.value_type)
    result = upload.check_file(path.read_bytes(), path.name, entry.dataset, ctx, defaults=defaults)
    if not result.ok:
        raise NotReadable("\n".join(p.message("en") for p in result.errors[:10]))
    return result.frame


def with_real_rows(frame: pd.DataFrame, dataset: str, ref: Path, *, strict: bool = False) -> pd.DataFrame:
    """`frame` with the rows of the dataset's real files in place of the rows with the same key."""
    schema = load_package()[dataset]
    keys = list(schema.primary_key)
    if "vintage" in schema.names:  # each provincial row with its province list (the year's unless stated)
        frame = with_lists(frame)
    for entry in (e for e in REAL_FILES if e.dataset == dataset):
        try:
            real = read_real(entry, ref)
        except NotReadable as err:
            if strict:
                raise
            print(f"{entry.path}: not readable yet, generated rows kept:\n{err}", file=sys.stderr)
            continue
        real = with_lists(real) if "vintage" in schema.names else real
        real = real.reindex(columns=frame.columns)
        incoming = pd.MultiIndex.from_frame(real[keys].astype(str))
        same_key = pd.MultiIndex.from_frame(frame[keys].astype(str)).isin(incoming)
        # A year the real file covers keeps no generated row (2025: the real 63, not generated 34).
        generated = (frame["value_type"] == "illustrative") & frame["year"].isin(real["year"])
        frame = pd.concat([frame[~same_key & ~generated], real], ignore_index=True)
        frame = (
            frame.assign(_nat=frame["province_code"] != "VN")
            .sort_values(["_nat", "year", "province_code"], kind="stable")
            .drop(columns="_nat")
            .reset_index(drop=True)
        )
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    for entry in REAL_FILES:
        real = read_real(entry, args.shared / "reference")
        counts = real.groupby("value_type").size().to_dict()
        print(f"{entry.dataset}: {len(real)} real rows from {entry.path} {counts}")


if __name__ == "__main__":
    main()
