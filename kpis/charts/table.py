"""A chart's text alternative: the figure's data as a table (one row per mark), for readers who cannot see it."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from kpis.i18n import t


def figure_title(fig: go.Figure) -> str:
    """The figure's title as plain text (line breaks and markup removed)."""
    text = (fig.layout.title.text or "") if fig.layout.title else ""
    return re.sub(r"<[^>]+>", " ", text).replace("  ", " ").strip()


def figure_table(fig: go.Figure, lang: str) -> pd.DataFrame:
    """Series, item and value of every mark a reader sees; shapes (a map's provinces, a target band) by their label.

    Traces with nothing to read (a colour bar's placeholder, a hidden trace) are left out."""
    rows: list[tuple[str, str, object]] = []
    for trace in fig.data:
        if trace.visible is False:
            continue
        series = trace.name or ""
        if getattr(trace, "fill", None) == "toself":  # a shape: its hover label says what it is
            if trace.text:  # a map's province is named by its code: its series is the map, not the code
                rows.append((series if trace.legendgroup else "", str(trace.text).replace("<br>", " · "), ""))
            continue
        xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
        horizontal = getattr(trace, "orientation", None) == "h"
        items, values = (ys, xs) if horizontal else (xs, ys)
        for item, value in zip(items, values, strict=False):
            if item is None or value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            rows.append((series, str(item), value))
    table = pd.DataFrame(rows, columns=[t("a11y_series", lang), t("a11y_category", lang), t("a11y_value", lang)])
    # One type per column (a table's cells are sent to the browser as Arrow): numbers with blanks for shapes,
    # else text.
    column = table.columns[-1]
    numbers = pd.to_numeric(table[column].replace("", None), errors="coerce")
    if numbers.notna().sum() == (table[column] != "").sum():
        table[column] = numbers
    else:
        table[column] = table[column].astype(str)
    return table
