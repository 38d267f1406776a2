"""A KPI card's sparkline: a small inline SVG drawn from numbers, with its text alternative.

Streamlit's own metric sparkline (st.metric(chart_data=)) is an SVG with role="img" and no name, which axe-core
reports (svg-img-alt); this one carries role="img", an aria-label and a <title> in the reader's language.
"""

from __future__ import annotations

from html import escape

from kpis.i18n import fmt_value, t
from kpis.theme import PALETTE

# The drawing's own units (the SVG stretches to the card's width; the stroke keeps its width).
WIDTH, HEIGHT, PAD = 200.0, 40.0, 3.0
LINE_COLOUR = PALETTE[0]
FILL_COLOUR = "rgba(0, 114, 178, 0.12)"


def sparkline_points(
    years: tuple[int, ...], values: tuple[float, ...], width: float = WIDTH, height: float = HEIGHT, pad: float = PAD
) -> list[tuple[float, float]]:
    """(x, y) of each value: x by year (a gap in the years is a gap on the line), y from the lowest value at the
    bottom to the highest at the top; a flat series is drawn across the middle."""
    if len(years) != len(values):
        raise ValueError("a sparkline needs one year per value")
    if not values:
        return []
    y0, y1 = min(years), max(years)
    lo, hi = min(values), max(values)
    points = []
    for year, value in zip(years, values, strict=True):
        x = width / 2 if y1 == y0 else (year - y0) / (y1 - y0) * width
        y = height / 2 if hi == lo else pad + (hi - value) / (hi - lo) * (height - 2 * pad)
        points.append((round(x, 1), round(y, 1)))
    return points


def sparkline_path(years: tuple[int, ...], values: tuple[float, ...]) -> str:
    """The SVG path of the line: 'M0,37 L100,20 L200,3'."""
    points = sparkline_points(years, values)
    return " ".join(f"{'M' if i == 0 else 'L'}{x:g},{y:g}" for i, (x, y) in enumerate(points))


def sparkline_label(years: tuple[int, ...], values: tuple[float, ...], unit: str, lang: str, decimals: int = 0) -> str:
    """The text alternative: 'Xu hướng 2015–2024: từ 1.200.000 đến 2.400.000'."""
    fv = lambda v: fmt_value(v, unit, lang, decimals)
    return t("sparkline_label", lang, start=years[0], end=years[-1], first=fv(values[0]), last=fv(values[-1]))


def sparkline_svg(years: tuple[int, ...], values: tuple[float, ...], label: str) -> str:
    """The sparkline as inline SVG markup (numbers only, and the escaped label): role="img", named by its label."""
    points = sparkline_points(years, values)
    line = sparkline_path(years, values)
    area = f"{line} L{points[-1][0]:g},{HEIGHT:g} L{points[0][0]:g},{HEIGHT:g} Z"
    # protection: sparkline_label_escaped
    text = escape(label, quote=True)
    return (
        f'<svg class="kpi-sparkline" role="img" aria-label="{text}" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
        'preserveAspectRatio="none" width="100%" height="40" xmlns="http://www.w3.org/2000/svg" '
        'style="display:block;overflow:visible">'
        f"<title>{text}</title>"
        f'<path d="{area}" fill="{FILL_COLOUR}" stroke="none"/>'
        f'<path d="{line}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2" stroke-linejoin="round" '
        'stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        "</svg>"
    )
