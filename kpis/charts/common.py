"""What every chart shares: fonts, the title/legend/source-note layout, axes for counts and years."""

from __future__ import annotations

from urllib.parse import urlparse

import plotly.graph_objects as go
import plotly.io as pio

from kpis.i18n import plotly_separators, t, unit_label
from kpis.registry import Indicator

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
# Characters a line of a chart's title (16 px) and of its source note (11 px, right of the y axis's labels) may hold:
# in a half-width column of the page or an image of the chart, and on a 390 px phone (screen_layout re-wraps).
TITLE_LINE_CHARS, SOURCE_LINE_CHARS = 58, 60
SCREEN_TITLE_LINE_CHARS, SCREEN_SOURCE_LINE_CHARS = 40, 42
SOURCE_NOTE = "source_note"  # the name of the notes' annotations under the plot (the source, a credit)
NOTE_LINE_PX = 15  # one line of an 11 px note


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


def _white(fig: go.Figure) -> None:
    """The plotly_white template, assigned as plotly assigns its default one: without validating plotly's own
    registered template again (validating it took 20-50 ms a figure, most of a briefing's 29 charts' time)."""
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = pio.templates["plotly_white"]
    finally:
        layout._validate = fig._validate


def set_layout(fig: go.Figure, **props) -> go.Figure:
    """`fig.update_layout(**props)` without plotly's batch relayout bookkeeping (about 10 ms a call, most of a
    chart's build time): each property is set once, merged into what the figure already has, as update_layout does."""
    layout = fig.layout
    for key, value in props.items():
        current = layout[key]
        if isinstance(value, dict) and hasattr(current, "to_plotly_json") and current.to_plotly_json():
            current.update(value)
        else:
            layout[key] = value
    return fig


def _title_lines(text: str, width: int) -> list[str]:
    """A title's lines of at most `width` characters; an illustrative flag ('⚠ …') kept whole, after the title where
    it fits, else on a line of its own."""
    plain = " ".join(text.replace("<br>", " ").split())
    base, mark, flag = plain.partition("⚠ ")
    lines = _wrap(base.strip().removesuffix("·").strip(), width)
    if mark:
        flag = mark + flag
        if lines and len(lines[-1]) + 3 + len(flag) <= width:
            lines[-1] += f" · {flag}"
        else:
            lines.append(flag)
    return lines


def add_notes(fig: go.Figure, notes: list[str], below_px: int) -> int:
    """Each note (a paragraph: the source, a credit) wrapped and stacked under the plot, `below_px` under its
    bottom edge; returns the bottom margin they need. A fixed distance in pixels (not a share of the plot's height),
    so the notes stay clear of the tick labels when a legend's rows take some of the plot's height (a phone)."""
    shift = below_px
    for note in notes:
        lines = _wrap(note, SOURCE_LINE_CHARS)
        fig.add_annotation(
            name=SOURCE_NOTE,
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-shift,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            font={"size": 11, "color": "#555"},
        )
        shift += NOTE_LINE_PX * len(lines)
    return shift + 10


def _base(
    fig: go.Figure,
    lang: str,
    title: str,
    y_title: str,
    sources: str,
    illustrative: bool,
    height: int = 420,
    x_title: bool = False,
    credit: str = "",
    below_px: int | None = None,
) -> go.Figure:
    """Common layout: title and legend on top, locale separators, units, the source note (and a credit, such as a
    map's boundaries') below, illustrative flag. `below_px`: the notes' distance under the plot (default: room for
    the x axis's labels)."""
    # Half-width columns cut a long line: titles and notes wrap to fit them.
    notes = ([t("source_note", lang, sources=sources)] if sources else []) + ([credit] if credit else [])
    flag = f" · ⚠ {t('illustrative_badge', lang)}" if illustrative else ""
    title_lines = _title_lines(title + flag, TITLE_LINE_CHARS)
    axis_px = (62 if x_title else 34) if below_px is None else below_px  # room for the x axis's labels and title
    bottom = add_notes(fig, notes, axis_px) if notes else axis_px + 10
    top = 84 + 20 * (len(title_lines) - 1)
    _white(fig)
    set_layout(
        fig,
        title={
            "text": "<br>".join(title_lines),
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": title_pad(len(title_lines)), "l": 10},  # l: off an image's edge
            "font": {"size": 16},
        },
        separators=plotly_separators(lang),
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        yaxis={"title": {"text": y_title}, "rangemode": "tozero"},
        hoverlabel={"namelength": -1},
    )
    return fig


def _count_axis(fig: go.Figure, ind_unit: str, axis: str = "y") -> None:
    """Full locale numbers on count axes (2.500.000, not 2.5M); a % suffix on rates."""
    spec = {"tickformat": ",.0f"}
    if ind_unit == "percent":
        spec["ticksuffix"] = "%"
    set_layout(fig, **{f"{axis}axis": spec})  # the charts have one axis of each (no subplots)


def _year_axis(fig: go.Figure, years) -> None:
    """Integer years only: no 2019.5 ticks."""
    years = sorted({int(y) for y in years})
    if not years:
        return
    span = years[-1] - years[0]
    set_layout(
        fig,
        xaxis={
            "tickformat": "d",
            "dtick": 1 if span <= 12 else 2,
            "range": [years[0] - 0.5, years[-1] + 0.5],
            "title": {"text": ""},
        },
    )


def _y_title(ind: Indicator, lang: str) -> str:
    """The unit: the chart's title names the indicator (an axis title of both ran past a phone chart's height)."""
    return unit_label(ind.unit, lang)


def _hover(ind: Indicator, lang: str) -> str:
    fmt = ",.0f" if ind.decimals == 0 else f",.{ind.decimals}f"
    suffix = "%" if ind.unit == "percent" else ""
    return "%{x}: %{y:" + fmt + "}" + suffix + "<br>%{customdata}<extra></extra>"


# Plotly's modebar (the chart's tool buttons) is drawn inside the figure, 2 px from its top right, 22 px high plus
# padding: on a 390 px phone it lay over the start of a long title. And a legend on top grows upward when its items
# wrap onto more rows (a phone: one item a row), over the title. One config and one layout for every chart the app
# shows: the modebar on hover (a tap on a phone), without plotly's logo; the title below the modebar; the legend
# below the title (plotly then pushes the plot area down as far as the legend's rows need).
MODEBAR_PX = 28
TITLE_PAD_PX = 12  # the title's usual distance from the figure's top (_base)
MULTILINE_LIFT_PX = 12  # plotly.js draws a title of two lines or more about 11 px higher than its pad says
TITLE_LINE_PX = 22  # one line of a 16 px title
PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": "hover"}


def title_pad(lines: int) -> int:
    """The title's top pad for a title of `lines` lines: its first line as far from the top as a one-line title's
    (else a wrapped title's accents are cut off an image's top edge)."""
    return TITLE_PAD_PX + (MULTILINE_LIFT_PX if lines > 1 else 0)


def screen_layout(fig: go.Figure) -> go.Figure:
    """`fig` laid out for the screen, top to bottom: the modebar, the title, a top legend, the plot.

    The title moves MODEBAR_PX down and the top margin grows by as much; a horizontal legend above the plot hangs
    from under the title instead of standing on the plot, so however many rows it wraps to it covers no title. The
    title and the source note wrap to fit a phone's width, their margins growing by the lines they gain."""
    margin_t = fig.layout.margin.t if fig.layout.margin.t is not None else 100  # plotly's default
    lift = 0
    if fig.layout.title.text:
        before = fig.layout.title.text.count("<br>") + 1
        lines = _title_lines(fig.layout.title.text, SCREEN_TITLE_LINE_CHARS)
        fig.layout.title.text = "<br>".join(lines)
        margin_t += 20 * (len(lines) - before)
        lift = title_pad(len(lines)) - title_pad(before)
    gained = 0  # lines the notes gain: each note below another moves down by what those above it gained
    for note in sorted((a for a in fig.layout.annotations if a.name == SOURCE_NOTE), key=lambda a: -(a.yshift or 0)):
        before = note.text.count("<br>") + 1
        lines = _wrap(" ".join(note.text.replace("<br>", " ").split()), SCREEN_SOURCE_LINE_CHARS)
        note.text = "<br>".join(lines)
        note.yshift = (note.yshift or 0) - NOTE_LINE_PX * gained
        gained += len(lines) - before
    if gained:
        fig.layout.margin.b = (fig.layout.margin.b or 0) + NOTE_LINE_PX * gained
    pad_t = fig.layout.title.pad.t if fig.layout.title.pad.t is not None else TITLE_PAD_PX
    if fig.layout.title.yref != "container" or fig.layout.title.yanchor != "top":
        pad_t = TITLE_PAD_PX  # an 'auto' title sits in the middle of the margin: anchor it to the top instead
    pad_t += MODEBAR_PX + lift
    fig.update_layout(
        margin={"t": margin_t + MODEBAR_PX},
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": pad_t}},
    )
    legend = fig.layout.legend
    on_top = legend.orientation == "h" and (legend.y or 0) >= 1 and legend.yanchor == "bottom"
    if on_top and legend.yref in (None, "paper") and fig.layout.height:
        title = fig.layout.title.text or ""
        below_title = pad_t + (TITLE_LINE_PX * (title.count("<br>") + 1) if title else 0) + 6
        # Only its height moves: it keeps its place over the plot's left edge, clear of the y axis title.
        fig.update_layout(legend={"yref": "container", "y": 1 - below_title / fig.layout.height, "yanchor": "top"})
    return fig
