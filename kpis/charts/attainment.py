"""Attainment of each indicator with a target, coloured by status."""

from __future__ import annotations

import plotly.graph_objects as go

from kpis.charts.common import _base
from kpis.i18n import fmt_number, status_label, t
from kpis.theme import STATUS_STYLE, TARGET_COLOUR


def attainment_chart(rows: list[tuple[str, float, str]], lang: str, title: str) -> go.Figure:
    """Attainment of each indicator with a target: bars coloured by status, 100% marked.

    Each indicator's name stands above its bar, not beside it, so that on a phone the bars keep the width."""
    n = len(rows)
    values = [r[1] * 100 for r in rows]
    statuses = [r[2] for r in rows]
    positions = list(range(n - 1, -1, -1))  # first row on top
    fig = go.Figure(
        go.Bar(
            y=positions,
            x=values,
            orientation="h",
            width=0.42,
            marker_color=[STATUS_STYLE[s][2] for s in statuses],
            text=[
                f"{fmt_number(v, lang, 1)}% · {status_label(s, lang)}" for v, s in zip(values, statuses, strict=True)
            ],
            textposition="auto",
            customdata=[r[0] for r in rows],
            hovertemplate="%{customdata}: %{x:.1f}%<extra></extra>",
            name=t("attainment", lang),
        )
    )
    for (name, _, _), y in zip(rows, positions, strict=True):
        fig.add_annotation(
            x=0,
            xref="paper",
            y=y + 0.24,
            text=name,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 12, "color": "#333"},
            bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip (the name's background keeps the 100% line from striking through it)
    fig.add_vline(x=100, line_color=TARGET_COLOUR, line_dash="dash", line_width=2)
    # Below the last bar, where no name stands: at the top it met the first name (with a single bar, always).
    fig.add_annotation(
        x=100, y=0, yref="paper", text=f"100% = {t('target_short', lang).lower()}", showarrow=False, xanchor="left",
        yanchor="bottom", font={"size": 11, "color": TARGET_COLOUR},
    )  # fmt: skip
    _base(fig, lang, title, "", "", False, height=170 + 58 * n, x_title=True)
    fig.update_xaxes(title={"text": f"{t('attainment', lang)} (%)"}, ticksuffix="%", rangemode="tozero")
    fig.update_yaxes(visible=False, range=[-0.6, n - 0.2])
    fig.update_layout(showlegend=False)
    return fig
