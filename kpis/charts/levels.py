"""Enrolment by level (stacked), the finest levels published."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis.charts.common import _base, _count_axis, _year_axis, source_domains
from kpis.engine import NATIONAL
from kpis.i18n import level_label, t, unit_label, value_type_label
from kpis.levels import finest_rows, level_tree
from kpis.theme import PALETTE


def level_mix_chart(enrolment: pd.DataFrame, lang: str, province: str = NATIONAL) -> go.Figure:
    """Enrolment by level per year (stacked): the finest levels published, never the total twice."""
    rows = enrolment[(enrolment["province_code"] == province) & enrolment["value"].notna()]
    tree = level_tree()
    rows = finest_rows(rows, tree, ["year"])
    fig = go.Figure()
    for i, level in enumerate(tree.stack_order):
        part = rows[rows["level"] == level]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["year"],
                y=part["value"],
                name=level_label(level, lang),
                marker_color=PALETTE[i],
                customdata=[value_type_label(v, lang) for v in part["value_type"]],
                hovertemplate="%{x}: %{y:,.0f}<br>%{customdata}<extra>" + level_label(level, lang) + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    _year_axis(fig, rows["year"])
    _base(
        fig,
        lang,
        t("level_mix_title", lang),
        f"{t('page_enrolment', lang)} ({unit_label('persons', lang)})",
        source_domains(rows["source"]),
        bool((rows["value_type"] == "illustrative").any()),
    )
    _count_axis(fig, "persons")
    return fig
