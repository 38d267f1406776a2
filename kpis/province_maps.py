"""Map additions for the province pages: a clickable dot per province (plotly reports clicks on points, not on
filled shapes), so a click on the map opens that province's scorecard."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis import engine
from kpis.boundaries import Boundaries
from kpis.charts.maps import map_layout
from kpis.i18n import status_label, t
from kpis.registry import Indicator
from kpis.theme import STATUS_STYLE

CLICK_TRACE = "province_dots"


def clickable(fig: go.Figure, boundaries: Boundaries, table: pd.DataFrame, lang: str) -> go.Figure:
    """`fig` with a dot on each province (hover: its name), whose click selects the province's code."""
    names = table.set_index("province_code")["name_vi" if lang == "vi" else "name_en"]
    codes = list(boundaries.codes)
    fig.add_trace(
        go.Scatter(
            x=[boundaries.label_points[c][0] for c in codes],
            y=[boundaries.label_points[c][1] for c in codes],
            mode="markers",
            name=CLICK_TRACE,
            customdata=codes,
            text=[names.get(c, boundaries.names[c]) for c in codes],
            hoverinfo="text",
            showlegend=False,
            marker={"size": 9, "color": "rgba(255,255,255,0.85)", "line": {"color": "#333", "width": 1}},
        )
    )
    return label_islands(fig, lang)


def code_of_point(fig: go.Figure, point: dict) -> str | None:
    """The province code of a selected point: a dot of the click trace, else None."""
    n = point.get("curve_number")
    if n is None or not 0 <= n < len(fig.data) or fig.data[n].name != CLICK_TRACE:
        return None
    index = point.get("point_index", point.get("point_number"))
    return None if index is None else str(fig.data[n].customdata[index])


# Where the two archipelagos are drawn (both files keep them: data/geo/PROVENANCE.md), and the province they are in.
ISLANDS = (("map_hoang_sa", 112.0, 17.2), ("map_truong_sa", 114.2, 11.4))
# Status on a map as colour and fill pattern (and the legend's text): never colour alone.
STATUS_PATTERN = {
    "achieved": "",
    "on_track": ".",
    "acceleration_needed": "/",
    "limited_progress": "-",
    "not_achieved": "x",
    "deterioration": "\\",
    "insufficient_data": "+",
    "no_target": "",
}


def label_islands(fig: go.Figure, lang: str) -> go.Figure:
    """Hoàng Sa and Trường Sa labelled on the map, beside their drawn shapes; the province they belong to on a
    second line, so that on a phone's narrow map the label stays over the sea, off the coast's dots."""
    for key, lon, lat in ISLANDS:
        name, _, province = t(key, lang).rpartition(" (")
        text = f"{name}<br>({province}" if name else t(key, lang)
        fig.add_annotation(
            x=lon, y=lat, text=text, showarrow=False, xanchor="center", font={"size": 10, "color": "#333"}
        )
    return fig


def province_statuses(
    indicator: Indicator, obs: pd.DataFrame, targets: pd.DataFrame, year: int, current_year: int
) -> dict[str, str]:
    """Each province with its own target for `year` -> its status against it (engine.evaluate)."""
    rows = engine.province_targets(targets, indicator.id, year)
    out = {}
    for code in sorted(set(rows["province_code"])):
        own = engine.targets_for(targets, indicator.id, code)
        out[code] = engine.evaluate(indicator, obs, own, year, current_year, code).status
    return out


def status_map(
    statuses: dict[str, str], boundaries: Boundaries, table: pd.DataFrame, ind: Indicator, lang: str
) -> go.Figure:
    """Provinces filled by their status against their own target: colour + pattern, named in the legend."""
    names = table.set_index("province_code")["name_vi" if lang == "vi" else "name_en"]
    counts = pd.Series(list(statuses.values())).value_counts()
    shown: set[str] = set()
    shapes = []
    for code in boundaries.codes:
        status = statuses.get(code, "no_target")
        xs, ys = boundaries.outlines[code]
        colour = STATUS_STYLE[status][2]
        label = status_label(status, lang)
        shape = {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "fill": "toself",
            "fillcolor": colour if status != "no_target" else "#eeeeee",
            "mode": "lines",
            "line": {"color": "#555", "width": 0.4},
            "hoveron": "fills",
            "text": f"{names.get(code, code)}: {label}",
            "hoverinfo": "text",
            "name": f"{label} ({int(counts.get(status, 0))})" if status != "no_target" else label,
            "legendgroup": status,
            "showlegend": status not in shown,
        }
        if STATUS_PATTERN[status]:
            shape["fillpattern"] = {"shape": STATUS_PATTERN[status], "fgcolor": "#222", "bgcolor": colour, "size": 6}
        shapes.append(shape)
        shown.add(status)
    fig = map_layout(go.Figure(data=shapes), table, lang, t("map_status_title", lang, name=ind.name(lang)))
    return label_islands(fig, lang)
