"""Plotly figure builders. Pages only call st.plotly_chart on what these return."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from kpis.engine import NATIONAL, Target, target_band, target_from_row, target_level
from kpis.i18n import (
    fmt_number,
    level_label,
    plotly_separators,
    region_label,
    status_label,
    t,
    unit_label,
    value_type_label,
    wef_label,
)
from kpis.levels import finest_rows, level_tree
from kpis.registry import Indicator
from kpis.theme import PALETTE, PROJECTION_COLOUR, STATUS_STYLE, TARGET_BAND_FILL, TARGET_COLOUR

FONT = "Inter, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
REGION_ORDER = [
    "northern_midlands_mountains",
    "red_river_delta",
    "north_central_coast",
    "central_highlands",
    "southeast",
    "mekong_delta",
]
NO_EDITION_FILL = "rgba(150,150,150,0.15)"


def source_domains(sources) -> str:
    """Short source note: the distinct web domains (or texts) of the sources, in order."""
    out: list[str] = []
    for s in sources:
        for part in str(s).split(" | "):
            part = part.strip()
            if not part:
                continue
            host = urlparse(part).netloc if part.startswith("http") else part.split(" (")[0]
            host = host.removeprefix("www.")
            if host and host not in out:
                out.append(host)
    return ", ".join(out)


def _wrap(text: str, width: int = 80) -> list[str]:
    """Split a long note into lines of at most `width` characters, at commas or spaces."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _base(
    fig: go.Figure,
    lang: str,
    title: str,
    y_title: str,
    sources: str,
    illustrative: bool,
    height: int = 420,
    x_title: bool = False,
) -> go.Figure:
    """Common layout: title and legend on top, locale separators, units, source note below, illustrative flag."""
    if illustrative:
        title = f"{title} · ⚠ {t('illustrative_badge', lang)}"
    # Half-width columns cut a long line: titles and source notes wrap to fit them.
    lines = _wrap(t("source_note", lang, sources=sources), 60) if sources else []
    title_lines = _wrap(title, 58)
    axis_px = 62 if x_title else 34  # room for tick labels (and the axis title) under the plot
    bottom = axis_px + 10 + 15 * len(lines)
    top = 84 + 20 * (len(title_lines) - 1)
    fig.update_layout(
        title={
            "text": "<br>".join(title_lines),
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 12},
            "font": {"size": 16},
        },
        separators=plotly_separators(lang),
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        yaxis={"title": {"text": y_title}, "rangemode": "tozero"},
        hoverlabel={"namelength": -1},
    )
    if lines:
        plot_h = max(height - top - bottom, 50)
        fig.add_annotation(
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=-axis_px / plot_h,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            font={"size": 11, "color": "#555"},
        )
    return fig


def _count_axis(fig: go.Figure, ind_unit: str, axis: str = "y") -> None:
    """Full locale numbers on count axes (2.500.000, not 2.5M); a % suffix on rates."""
    spec = {"tickformat": ",.0f"}
    if ind_unit == "percent":
        spec["ticksuffix"] = "%"
    (fig.update_yaxes if axis == "y" else fig.update_xaxes)(**spec)


def _year_axis(fig: go.Figure, years) -> None:
    """Integer years only: no 2019.5 ticks."""
    years = sorted({int(y) for y in years})
    if not years:
        return
    span = years[-1] - years[0]
    fig.update_xaxes(
        tickformat="d", dtick=1 if span <= 12 else 2, range=[years[0] - 0.5, years[-1] + 0.5], title={"text": ""}
    )


def _y_title(ind: Indicator, lang: str) -> str:
    return f"{ind.name(lang)} ({unit_label(ind.unit, lang)})"


def _hover(ind: Indicator, lang: str) -> str:
    fmt = ",.0f" if ind.decimals == 0 else f",.{ind.decimals}f"
    suffix = "%" if ind.unit == "percent" else ""
    return "%{x}: %{y:" + fmt + "}" + suffix + "<br>%{customdata}<extra></extra>"


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
) -> go.Figure:
    """An indicator over time (one place) against its targets, with the projection dashed."""
    fig = go.Figure()
    custom = [
        f"{value_type_label(v, lang)} · {t('basis_' + b, lang)}"
        for v, b in zip(obs["value_type"], obs["basis"], strict=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=obs["year"],
            y=obs["value"],
            mode="lines+markers",
            name=t("actual", lang),
            customdata=custom,
            line={"color": PALETTE[0], "width": 3},
            marker={"size": 9},
            hovertemplate=_hover(ind, lang),
            connectgaps=True,
        )
    )
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
            x=0, xref="paper", y=y + 0.24, text=name, showarrow=False, xanchor="left", yanchor="bottom",
            font={"size": 12, "color": "#333"},
        )  # fmt: skip
    fig.add_vline(x=100, line_color=TARGET_COLOUR, line_dash="dash", line_width=2)
    fig.add_annotation(
        x=100, y=1, yref="paper", text=f"100% = {t('target_short', lang).lower()}", showarrow=False, xanchor="left",
        yanchor="bottom", font={"size": 11, "color": TARGET_COLOUR},
    )  # fmt: skip
    _base(fig, lang, title, "", "", False, height=130 + 58 * n, x_title=True)
    fig.update_xaxes(title={"text": f"{t('attainment', lang)} (%)"}, ticksuffix="%", rangemode="tozero")
    fig.update_yaxes(visible=False, range=[-0.6, n - 0.2])
    fig.update_layout(showlegend=False)
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
