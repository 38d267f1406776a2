"""Provinces as filled shapes on plain lon/lat axes (no base map fetched at view time)."""

from __future__ import annotations

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from kpis.charts.common import _base
from kpis.i18n import fmt_number, t, unit_label
from kpis.registry import Indicator


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The exterior rings of a Polygon or MultiPolygon (holes are slivers here and are left out)."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [poly[0] for poly in polys]


def province_map(table: pd.DataFrame, geojson: dict, ind: Indicator, lang: str, metric: str = "value") -> go.Figure:
    """Provinces as filled shapes on plain lon/lat axes (boundaries: ODV, CC BY-SA 4.0; the page credits it).

    Drawn without a geo or tile base map, which plotly would fetch from the internet at view time.
    """
    name_col = "name_vi" if lang == "vi" else "name_en"
    unit = t("unit_per_10k", lang) if metric == "per_10k" else unit_label(ind.unit, lang)
    decimals = ind.decimals if metric == "value" else 1
    values = table.set_index("province_code")[metric].astype(float)
    names = table.set_index("province_code")[name_col]
    lo, hi = float(values.min()), float(values.max())
    scale = "Blues" if ind.direction == "higher" else "Blues_r"
    fig = go.Figure()
    for feature in geojson["features"]:
        code = feature["id"]
        xs, ys = [], []
        for ring in _rings(feature["geometry"]):
            xs += [pt[0] for pt in ring] + [None]
            ys += [pt[1] for pt in ring] + [None]
        if code in values.index and pd.notna(values[code]):
            share = 0.5 if hi == lo else (values[code] - lo) / (hi - lo)
            colour = pcolors.sample_colorscale(scale, [0.08 + 0.92 * share])[0]
            label = f"{names[code]}: {fmt_number(values[code], lang, decimals)}"
        else:
            colour, label = "#eeeeee", f"{feature['properties'].get('ten_tinh', code)}: {t('no_data', lang)}"
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=colour,
                mode="lines",
                line={"color": "#7f8fa6", "width": 0.4},
                hoveron="fills",
                text=label,
                hoverinfo="text",
                showlegend=False,
                name=code,
            )
        )
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
                "colorbar": {
                    "title": {"text": unit, "side": "right"},
                    "thickness": 12,
                    "len": 0.7,
                    "tickformat": ",.0f" if decimals == 0 else ",.1f",
                },
            },
        )
    )
    illustrative = bool((table["value_type"] == "illustrative").any())
    _base(fig, lang, ind.name(lang), "", "", illustrative, height=640)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.04)  # 1/cos(16°N): shapes keep their form
    fig.update_layout(margin={"l": 0, "r": 0, "t": 50, "b": 0}, plot_bgcolor="white", dragmode="pan")
    return fig
