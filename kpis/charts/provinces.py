"""Provinces ranked for one year, coloured by region, with province targets."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis.charts.common import REGION_ORDER, _base, _count_axis, source_domains
from kpis.engine import target_from_row, target_level
from kpis.i18n import region_label, t, unit_label
from kpis.registry import Indicator
from kpis.theme import PALETTE, TARGET_BAND_FILL, TARGET_COLOUR


def province_bar_chart(
    table: pd.DataFrame,
    ind: Indicator,
    lang: str,
    *,
    metric: str = "value",
    targets: pd.DataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """Provinces ranked for one year, coloured by region; province targets as dashes where set."""
    name_col = "name_vi" if lang == "vi" else "name_en"
    table = table.sort_values(metric, ascending=ind.direction == "lower" and metric == "value")
    fig = go.Figure()
    for i, region in enumerate(REGION_ORDER):
        part = table[table["region"] == region]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                y=part[name_col],
                x=part[metric],
                orientation="h",
                name=region_label(region, lang),
                marker_color=PALETTE[i],
                hovertemplate="%{y}: %{x:,." + str(ind.decimals if metric == "value" else 1) + "f}<extra></extra>",
            )
        )
    if targets is not None and not targets.empty and metric == "value":
        tg = targets.merge(table[["province_code", name_col]], on="province_code")
        banded = tg[(tg["target_type"] == "range") & tg["value_high"].notna()]
        if len(banded):  # a province's target band: a light bar from its low to its high edge
            fig.add_trace(
                go.Bar(
                    y=banded[name_col],
                    x=banded["value_high"] - banded["value"],
                    base=banded["value"],
                    orientation="h",
                    name=t("target_band", lang),
                    marker={"color": TARGET_BAND_FILL, "line": {"color": TARGET_COLOUR, "width": 1}},
                    width=0.5,
                    hovertemplate="%{y}: " + t("target_band", lang) + " %{base:,.0f}–%{x:,.0f}<extra></extra>",
                )
            )
        # The dash on the value to reach (a band's edge that counts as met).
        tg = tg.assign(met=[target_level(target_from_row(r), ind.sign) for r in tg.to_dict("records")])
        tg = tg[tg["met"].notna()]
        fig.add_trace(
            go.Scatter(
                y=tg[name_col],
                x=tg["met"],
                mode="markers",
                name=t("target", lang),
                marker={"symbol": "line-ns-open", "size": 14, "line": {"width": 3, "color": TARGET_COLOUR}},
                hovertemplate="%{y}: " + t("target", lang) + " %{x:,.0f}<extra></extra>",
            )
        )
    order = list(table[name_col])[::-1]
    height = max(360, 22 * len(table) + 170)
    unit = t("unit_per_10k", lang) if metric == "per_10k" else unit_label(ind.unit, lang)
    _base(
        fig,
        lang,
        title or ind.name(lang),
        "",
        source_domains(table["source"]),
        bool((table["value_type"] == "illustrative").any()),
        height=height,
        x_title=True,
    )
    # Six region names wrap in a half-width column: give the legend its own room above the bars.
    fig.update_layout(barmode="overlay", margin={"t": fig.layout.margin.t + 22 * 3})
    fig.update_yaxes(categoryorder="array", categoryarray=order, title={"text": ""}, rangemode="normal")
    fig.update_xaxes(title={"text": unit}, rangemode="tozero")
    if metric == "value":
        _count_axis(fig, ind.unit, axis="x")
    return fig
