"""Facts without a number: an edition Vietnam did not take part in, one not held, a result not found.

Such a fact is a row of its indicator's dataset with no value and a `no_value_reason`; the engine leaves it out of
the series (never a zero, never interpolated) and the cards and tables show it as text.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kpis.engine import measure_rows
from kpis.i18n import t
from kpis.registry import Indicator

REASON = "no_value_reason"


def facts_without_value(indicator: Indicator, frames: Mapping[str, pd.DataFrame]) -> tuple[tuple[int, str], ...]:
    """(year, reason) of every row of the indicator's series that states a reason instead of a value, by year."""
    rows = measure_rows(indicator, frames)
    if REASON not in rows.columns:
        return ()
    column = indicator.measure.column
    rows = rows[rows[column].isna() & (rows[REASON].fillna("") != "")]
    return tuple(sorted((int(y), str(r)) for y, r in zip(rows["year"], rows[REASON], strict=True)))


def fact_text(year: int, reason: str, lang: str) -> str:
    """'2025: Vietnam did not take part'."""
    return t("no_value_fact", lang, year=year, reason=t(f"reason_{reason}", lang))
