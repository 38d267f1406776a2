"""Provinces as filled shapes on plain lon/lat axes (no base map fetched at view time)."""

from __future__ import annotations

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from kpis.boundaries import Boundaries
from kpis.charts.common import _base, source_domains
from kpis.i18n import fmt_number, t, unit_label
from kpis.registry import Indicator


def province_map(
    table: pd.DataFrame, boundaries: Boundaries, ind: Indicator, lang: str, metric: str = "value"
) -> go.Figure:
    """Provinces as filled shapes on plain lon/lat axes (boundaries: ODV, CC BY-SA 4.0, credited under the map).

    Drawn without a geo or tile base map, which plotly would fetch from the internet at view time.
    """
    name_col = "name_vi" if lang == "vi" else "name_en"
    unit = t("unit_per_10k", lang) if metric == "per_10k" else unit_label(ind.unit, lang)
    decimals = ind.decimals if metric == "value" else 1
    values = table.set_index("province_code")[metric].astype(float)
    names = table.set_index("province_code")[name_col]
    lo, hi = float(values.min()), float(values.max())
    scale = "Blues" if ind.direction == "higher" else "Blues_r"
    valued = [c for c in boundaries.codes if c in values.index and pd.notna(values[c])]
    shares = [0.5 if hi == lo else (values[c] - lo) / (hi - lo) for c in valued]
    colours = dict(zip(valued, pcolors.sample_colorscale(scale, [0.08 + 0.92 * s for s in shares]), strict=True))
    shapes = []
    for code in boundaries.codes:
        xs, ys = boundaries.outlines[code]
        if code in colours:
            colour, label = colours[code], f"{names[code]}: {fmt_number(values[code], lang, decimals)}"
        else:
            colour, label = "#eeeeee", f"{boundaries.names[code]}: {t('no_data', lang)}"
        shapes.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "fill": "toself",
                "fillcolor": colour,
                "mode": "lines",
                "line": {"color": "#7f8fa6", "width": 0.4},
                "hoveron": "fills",
                "text": label,
                "hoverinfo": "text",
                "showlegend": False,
                "name": code,
            }
        )
    fig = go.Figure(data=shapes)  # one figure from all shapes: 63 add_trace calls cost as much again
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "colorscale": scale,
                "cmin": lo,
                "cmax": hi,
                "color": [lo],
                "showscale": True,
                # In the sea north-east of the land, where no province is: the map keeps the column's whole width.
                "colorbar": {
                    "title": {"text": unit, "side": "top"},
                    "thickness": 12,
                    "len": 0.3,  # clear of the Hoang Sa label below it
                    "x": 1,
                    "xanchor": "right",
                    "y": 1,
                    "yanchor": "top",
                    "tickformat": ",.0f" if decimals == 0 else ",.1f",
                },
            },
        )
    )
    return map_layout(fig, table, lang, ind.name(lang))


def map_layout(fig: go.Figure, table: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """A map's layout (the value map, the status map): title with the illustrative flag where `table` holds
    illustrative values; the values' source and the boundaries' credit under it, inside the figure, so its images
    carry both; plain lon/lat axes hidden, shapes in their form."""
    illustrative = bool((table["value_type"] == "illustrative").any())
    credit = t("geo_attribution", lang)
    _base(fig, lang, title, "", source_domains(table["source"]), illustrative, height=640, credit=credit, below_px=6)
    fig.update_xaxes(visible=False)
    # Latitudes span the country, not from 0 as a chart's values do; 1.04 = 1/cos(16°N): shapes keep their form.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.04, rangemode="normal")
    fig.update_layout(plot_bgcolor="white", dragmode="pan")
    return fig
