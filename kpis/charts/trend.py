"""An indicator over time against its targets; a dataset's series before and after a publish."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis.charts.common import _base, _count_axis, _hover, _y_title, _year_axis, source_domains
from kpis.engine import NATIONAL, Target, target_band, target_level
from kpis.events import fact_text
from kpis.i18n import fmt_number, t, value_type_label
from kpis.registry import Indicator
from kpis.theme import PALETTE, PROJECTION_COLOUR, TARGET_BAND_FILL, TARGET_COLOUR


def add_targets(fig: go.Figure, ind: Indicator, targets: list[Target], obs: pd.DataFrame, lang: str) -> None:
    """Targets in the target colour: a dash at the value to reach each year; a target published as a band (a range,
    "up 20 to 25 places") also as a shaded band between its edges, the dash on the edge that counts as met."""
    xs, ys, labels = [], [], []
    bands = []
    for tg in targets:
        base = obs.loc[obs["year"] == tg.baseline_year, "value"] if tg.baseline_year is not None else pd.Series()
        base_value = float(base.iloc[0]) if len(base) else None
        level = target_level(tg, ind.sign, base_value)
        if level is None:
            continue
        label = f"{t('target', lang)} {tg.year}: {tg.source_document}" + (
            f" · {value_type_label(tg.value_type, lang)}" if tg.value_type != "actual" else ""
        )
        xs.append(tg.year)
        ys.append(level)
        labels.append(label)
        band = target_band(tg, ind.sign, base_value)
        if band is not None:
            bands.append((tg.year, band, label))
    if not xs:
        return
    for i, (year, (low, high), label) in enumerate(bands):
        fig.add_trace(
            go.Scatter(
                x=[year - 0.32, year + 0.32, year + 0.32, year - 0.32, year - 0.32],
                y=[low, low, high, high, low],
                mode="lines",
                fill="toself",
                fillcolor=TARGET_BAND_FILL,
                line={"color": TARGET_COLOUR, "width": 1},
                name=t("target_band", lang),
                legendgroup="target_band",
                showlegend=i == 0,
                hoveron="fills",
                text=f"{label}<br>{fmt_number(low, lang, ind.decimals)}–{fmt_number(high, lang, ind.decimals)}",
                hoverinfo="text",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=t("target", lang),
            customdata=labels,
            marker={
                "symbol": "line-ew-open",
                "size": 26,
                "line": {"width": 3, "color": TARGET_COLOUR},
                "color": TARGET_COLOUR,
            },
            hovertemplate=_hover(ind, lang),
        )
    )


def trend_chart(
    ind: Indicator,
    obs: pd.DataFrame,
    targets: list[Target],
    lang: str,
    *,
    projection: pd.DataFrame | None = None,
    title: str | None = None,
    facts: tuple[tuple[int, str], ...] = (),
) -> go.Figure:
    """An indicator over time (one place) against its targets, with the projection dashed.

    An event series (cadence "edition") is drawn as points only: no line suggests a value between editions. `facts`
    (events.facts_without_value) are written at their year ("2025: Vietnam did not take part"), never drawn as 0."""
    fig = go.Figure()
    custom = [
        f"{value_type_label(v, lang)} · {t('basis_' + b, lang)}"
        for v, b in zip(obs["value_type"], obs["basis"], strict=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=obs["year"],
            y=obs["value"],
            mode="markers" if ind.cadence == "edition" else "lines+markers",
            name=t("actual", lang),
            customdata=custom,
            line={"color": PALETTE[0], "width": 3},
            marker={"size": 9},
            hovertemplate=_hover(ind, lang),
            connectgaps=True,
        )
    )
    for year, reason in facts:
        fig.add_annotation(
            x=year, y=0, yref="paper", yanchor="bottom", text=fact_text(year, reason, lang), showarrow=False,
            textangle=-90, font={"size": 12},
        )  # fmt: skip
    if projection is not None and len(projection) > 1:
        fig.add_trace(
            go.Scatter(
                x=projection["year"],
                y=projection["value"],
                mode="lines",
                name=t("projection", lang),
                line={"color": PROJECTION_COLOUR, "dash": "dash", "width": 2},
                hoverinfo="skip",
            )
        )
    add_targets(fig, ind, targets, obs, lang)
    years = list(obs["year"]) + [tg.year for tg in targets]
    if projection is not None:
        years += list(projection["year"])
    _year_axis(fig, years)
    illustrative = bool((obs["value_type"] == "illustrative").any()) or any(
        tg.value_type == "illustrative" for tg in targets
    )
    _base(
        fig,
        lang,
        title or ind.name(lang),
        _y_title(ind, lang),
        source_domains(list(obs["source"]) + [tg.source for tg in targets]),
        illustrative,
    )
    _count_axis(fig, ind.unit)
    if ind.direction == "lower":
        fig.update_yaxes(autorange="reversed", rangemode="normal")
    return fig


def before_after_chart(schema, old: pd.DataFrame, new: pd.DataFrame, lang: str) -> go.Figure:
    """The affected series before and after a publish: the first measure summed by year (national rows
    where the file has them, else all rows), so a leader-visible change is seen before it is made."""
    measure = next(
        f
        for f in schema.fields
        if f.type in ("integer", "number") and f.name != "year" and f.name not in schema.primary_key
    )
    fig = go.Figure()
    for frame, name, colour, dash in (
        (old, t("before", lang), PALETTE[7], "dot"),
        (new, t("after", lang), PALETTE[0], "solid"),
    ):
        rows = frame
        if "province_code" in frame and (frame["province_code"] == NATIONAL).any():
            rows = frame[frame["province_code"] == NATIONAL]
        if "level" in rows:
            rows = rows[rows["level"] == "total"] if (rows["level"] == "total").any() else rows
        by_year = rows.groupby("year")[measure.name].sum(min_count=1).dropna()
        fig.add_trace(
            go.Scatter(
                x=by_year.index,
                y=by_year.values,
                name=name,
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3},
            )
        )
    _year_axis(fig, list(old["year"]) + list(new["year"]))
    _base(fig, lang, f"{schema.title(lang)}: {measure.title(lang)}", measure.title(lang), "", False, height=360)
    fig.update_yaxes(tickformat=",.0f" if measure.type == "integer" else ",.1f")
    return fig
