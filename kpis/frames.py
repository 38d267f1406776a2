"""Every dataset at its active (or a given) version, as the indicators read it: the one loader of the CLI and pages."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kpis import engine
from kpis.registry import Indicator
from kpis.store import Store


def indicator_frames(
    store: Store, indicators: tuple[Indicator, ...], versions: Mapping[str, int] | None = None
) -> dict[str, pd.DataFrame]:
    """{dataset: frame} for every dataset, at `versions` (dataset -> version id; the active ones by default).

    A detail table the indicators only sum per level (enrolment) comes summed from SQL: a million rows become a few
    thousand, read in a fraction of the time and memory, with the same results (engine.summed_column).
    """
    versions = dict(versions) if versions is not None else store.active_versions()
    out = {}
    for name, version_id in versions.items():
        names = store.schemas[name].names
        column = engine.summed_column(indicators, name, names)
        by = engine.SUM_KEYS + [c for c in (engine.LIST_COLUMN,) if c in names]  # a province list is never summed over
        out[name] = (
            store.read_sums(name, by, column, version_id=version_id)
            if column
            else store.read(name, version_id=version_id)
        )
    return out
