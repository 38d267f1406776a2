"""WEF rankings: rank by edition, score, related skills indicators."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis.charts.common import NO_EDITION_FILL, _base, _year_axis, source_domains
from kpis.charts.trend import add_targets
from kpis.engine import Target
from kpis.i18n import fmt_number, t, value_type_label, wef_label
from kpis.registry import Indicator
from kpis.theme import PALETTE


def rank_chart(ranking: pd.DataFrame, targets: list[Target], ind: Indicator, lang: str, until_year: int) -> go.Figure:
    """Rank by WEF edition, 1 at the top, with the Resolution 02/NQ-CP target band and years with no edition."""
    rows = ranking[ranking["rank"].notna()].sort_values("year")
    obs = pd.DataFrame({"year": rows["year"].astype(int), "value": rows["rank"].astype(float)})
    labels = [
        f"{int(r)}/{int(c)} · {value_type_label(v, lang)}" if pd.notna(c) else value_type_label(v, lang)
        for r, c, v in zip(rows["rank"], rows["countries_ranked"], rows["value_type"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=obs["year"],
            y=obs["value"],
            mode="lines+markers+text",
            name=t("actual", lang),
            customdata=labels,
            text=[str(int(v)) for v in obs["value"]],
            textposition="top center",
            line={"color": PALETTE[0], "width": 3},
            marker={"size": 11},
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    add_targets(fig, ind, targets, obs, lang)
    years = list(obs["year"]) + [tg.year for tg in targets] + [until_year]
    published = set(obs["year"])
    first = min(obs["year"]) if len(obs) else until_year
    for y in range(first, max(years) + 1):
        if y not in published:
            fig.add_vrect(x0=y - 0.45, x1=y + 0.45, fillcolor=NO_EDITION_FILL, line_width=0, layer="below")
            fig.add_annotation(
                x=y,
                y=1,
                yref="paper",
                text=t("no_edition", lang),
                showarrow=False,
                font={"size": 11, "color": "#555"},
                yanchor="top",
            )
    _year_axis(fig, years)
    _base(
        fig,
        lang,
        ind.name(lang),
        f"{t('rank', lang)} ({t('rank_axis_hint', lang)})",
        source_domains(list(rows["source"]) + [tg.source for tg in targets]),
        bool((rows["value_type"] == "illustrative").any()),
    )
    top = max([float(obs["value"].max()) if len(obs) else 140] + [float(c) for c in rows["countries_ranked"].dropna()])
    fig.update_yaxes(autorange=False, range=[top + 5, 1], rangemode="normal")
    return fig


def score_chart(ranking: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """The WEF score (0–100) by edition."""
    rows = ranking[ranking["score"].notna()].sort_values("year")
    fig = go.Figure(
        go.Bar(
            x=rows["year"],
            y=rows["score"],
            marker_color=PALETTE[2],
            name=t("score", lang),
            text=[fmt_number(v, lang, 1) for v in rows["score"]],
            textposition="outside",
            customdata=[value_type_label(v, lang) for v in rows["value_type"]],
            hovertemplate="%{x}: %{y:.1f}<br>%{customdata}<extra></extra>",
        )
    )
    _year_axis(fig, rows["year"])
    _base(fig, lang, title, t("unit_score", lang), source_domains(rows["source"]), False, height=360)
    fig.update_yaxes(range=[0, 100])
    return fig


def related_ranks_chart(ranking: pd.DataFrame, lang: str) -> go.Figure:
    """Related WEF skills indicators: rank per edition (1 is best), one row per indicator."""
    rows = ranking[ranking["rank"].notna()].copy()
    rows["label"] = [wef_label(i, lang) for i in rows["indicator"]]
    fig = go.Figure()
    for i, year in enumerate(sorted(rows["year"].unique())):
        part = rows[rows["year"] == year]
        fig.add_trace(
            go.Scatter(
                y=part["label"],
                x=part["rank"],
                mode="markers",
                name=str(int(year)),
                marker={"size": 13, "color": PALETTE[i % len(PALETTE)], "symbol": ["circle", "diamond"][i % 2]},
                customdata=[
                    f"{int(r)}/{int(c)}" if pd.notna(c) else str(int(r))
                    for r, c in zip(part["rank"], part["countries_ranked"], strict=True)
                ],
                hovertemplate="%{y}: %{customdata}<extra>" + str(int(year)) + "</extra>",
            )
        )
    height = max(320, 40 * rows["label"].nunique() + 190)
    _base(fig, lang, t("related_title", lang), "", source_domains(rows["source"]), False, height=height, x_title=True)
    fig.update_xaxes(autorange="reversed", title={"text": f"{t('rank', lang)} ({t('rank_axis_hint', lang)})"})
    fig.update_yaxes(title={"text": ""}, rangemode="normal")
    return fig
