"""Map additions for the province pages: a clickable dot per province (plotly reports clicks on points, not on
filled shapes), so a click on the map opens that province's scorecard."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

CLICK_TRACE = "province_dots"


def _label_point(geometry: dict) -> tuple[float, float]:
    """The mean vertex of a feature's largest exterior ring: inside the mainland part for Vietnam's provinces."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    ring = max((p[0] for p in polys), key=len)
    return sum(pt[0] for pt in ring) / len(ring), sum(pt[1] for pt in ring) / len(ring)


def clickable(fig: go.Figure, geojson: dict, table: pd.DataFrame, lang: str) -> go.Figure:
    """`fig` with a dot on each province (hover: its name), whose click selects the province's code."""
    names = table.set_index("province_code")["name_vi" if lang == "vi" else "name_en"]
    codes, xs, ys, labels = [], [], [], []
    for feature in geojson["features"]:
        x, y = _label_point(feature["geometry"])
        codes.append(feature["id"])
        xs.append(x)
        ys.append(y)
        labels.append(names.get(feature["id"], feature["properties"].get("ten_tinh", feature["id"])))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=CLICK_TRACE,
            customdata=codes,
            text=labels,
            hoverinfo="text",
            showlegend=False,
            marker={"size": 9, "color": "rgba(255,255,255,0.85)", "line": {"color": "#333", "width": 1}},
        )
    )
    return fig


def code_of_point(fig: go.Figure, point: dict) -> str | None:
    """The province code of a selected point: a dot of the click trace, else None."""
    n = point.get("curve_number")
    if n is None or not 0 <= n < len(fig.data) or fig.data[n].name != CLICK_TRACE:
        return None
    index = point.get("point_index", point.get("point_number"))
    return None if index is None else str(fig.data[n].customdata[index])
