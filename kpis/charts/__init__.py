"""Plotly figure builders. Pages only call st.plotly_chart on what these return.

One module per concept; the public builders are re-exported here so that callers use `charts.trend_chart`."""

from kpis.charts.attainment import attainment_chart
from kpis.charts.common import (
    FONT,
    MODEBAR_PX,
    NO_EDITION_FILL,
    PLOTLY_CONFIG,
    REGION_ORDER,
    screen_layout,
    source_domains,
)
from kpis.charts.levels import level_mix_chart
from kpis.charts.maps import province_map
from kpis.charts.provinces import province_bar_chart
from kpis.charts.rankings import rank_chart, related_ranks_chart, score_chart
from kpis.charts.table import figure_table, figure_title
from kpis.charts.trend import add_targets, before_after_chart, trend_chart

__all__ = [
    "FONT",
    "MODEBAR_PX",
    "NO_EDITION_FILL",
    "PLOTLY_CONFIG",
    "REGION_ORDER",
    "add_targets",
    "attainment_chart",
    "before_after_chart",
    "figure_table",
    "figure_title",
    "level_mix_chart",
    "province_bar_chart",
    "province_map",
    "rank_chart",
    "related_ranks_chart",
    "score_chart",
    "screen_layout",
    "source_domains",
    "trend_chart",
]
