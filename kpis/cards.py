"""Display-ready KPI cards and tables: every string a page shows for a KPI, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.charts.sparkline import sparkline_label, sparkline_svg
from kpis.engine import Kpi, Target
from kpis.events import fact_text
from kpis.i18n import fmt_delta, fmt_number, fmt_ratio, fmt_value, level_label, status_label, t, value_type_label
from kpis.registry import Indicator
from kpis.theme import STATUS_STYLE


@dataclass(frozen=True)
class Card:
    """What a KPI card shows."""

    title: str
    help: str
    value: str
    delta: str | None
    delta_color: str
    delta_arrow: str
    delta_description: str | None
    target: str
    attainment: str | None
    status: str  # what the badge shows: the status against this year's target, else the outlook toward the next
    status_prefix: str  # "" or "Toward 2030: " when the badge shows the outlook
    status_label: str
    status_colour: str
    status_icon: str
    outlook: str | None  # the outlook in words, when the badge shows this year's status
    missing: str | None  # "No data for 2025." under a headline that is an earlier year's value
    notes: tuple[str, ...]
    illustrative: bool
    sparkline: tuple[float, ...]
    sparkline_label: str | None  # the sparkline's text alternative ('Trend 2015–2024: from … to …')
    sparkline_svg: str | None  # the sparkline drawn (kpis.charts.sparkline), None under two values


def target_text(tg: Target | None, ind: Indicator, lang: str, target_value: float | None = None) -> str:
    """A target as a leader reads it: '≥ 2.260.000', '2.500.000–2.700.000', 'up at least 5 places on 2018'."""
    if tg is None:
        return t("st_no_target", lang)
    fv = lambda v: fmt_value(v, ind.unit, lang, ind.decimals)
    if tg.target_type == "improve_by":
        n = fmt_number(tg.value, lang)
        if tg.value_high is not None:
            text = t("target_improve_range", lang, n=n, m=fmt_number(tg.value_high, lang), base=tg.baseline_year)
        else:
            text = t("target_improve", lang, n=n, base=tg.baseline_year)
        return text + (f" (≤ {fv(target_value)})" if target_value is not None and ind.unit == "rank" else "")
    if tg.target_type == "range" and tg.value_high is not None:
        return f"{fv(tg.value)}–{fv(tg.value_high)}"
    return f"{'≥' if tg.target_type == 'at_least' else '≤'} {fv(tg.value)}"


def _delta_style(kpi: Kpi, ind: Indicator) -> tuple[str, str]:
    """(colour, arrow): colour by better/worse for the indicator's direction, zero neutral."""
    if kpi.delta is None or abs(kpi.delta) < 1e-12:
        return "gray", "off"
    better = kpi.delta * ind.sign > 0
    if ind.unit == "rank":
        arrow = "up" if better else "down"
    else:
        arrow = "up" if kpi.delta > 0 else "down"
    return ("green" if better else "red"), arrow


def headline(kpi: Kpi, ind: Indicator, lang: str) -> str:
    """A card's big figure with its year: '2.280.000 · 2020'; without a value for the year, the latest earlier one
    ('2.430.000 · 2024'); '–' when there is none at all."""
    if kpi.actual is not None:
        return f"{fmt_value(kpi.actual, ind.unit, lang, ind.decimals)} · {kpi.year}"
    if kpi.previous_value is not None:
        return f"{fmt_value(kpi.previous_value, ind.unit, lang, ind.decimals)} · {kpi.previous_year}"
    return "–"


def card(kpi: Kpi, ind: Indicator, lang: str, facts: tuple[tuple[int, str], ...] = ()) -> Card:
    """The card of one KPI: what is known leads (the value and its year), the judgement follows.

    `facts`: (year, reason) of the editions without a value (events.facts_without_value), shown as text: the one of
    the year shown replaces "no data for YEAR", the later ones are notes ("2025: Vietnam did not take part")."""
    if kpi.target is None and kpi.outlook is not None and kpi.next_target is not None:
        status, prefix = kpi.outlook, t("toward", lang, year=kpi.next_target.year)
    else:
        status, prefix = kpi.status, ""
    colour, icon, _ = STATUS_STYLE[status]
    delta_colour, arrow = _delta_style(kpi, ind)
    years, values = tuple(y for y, _ in kpi.trend), tuple(v for _, v in kpi.trend)
    label = sparkline_label(years, values, ind.unit, lang, ind.decimals) if len(values) > 1 else None
    notes = []
    if kpi.value_type and kpi.value_type != "actual":
        notes.append(f"{t('value_type', lang)}: {value_type_label(kpi.value_type, lang)}")
    if kpi.basis in ("sum_of_levels", "sum_of_provinces"):
        notes.append(t(f"basis_{kpi.basis}", lang))
    if kpi.level_used and kpi.level_used != "total" and ind.measure.kind == "ratio":
        notes.append(level_label(kpi.level_used, lang))
    if kpi.target is not None and kpi.target.value_type != "actual":
        notes.append(f"{t('target_short', lang)}: {value_type_label(kpi.target.value_type, lang)}")
    outlook = None
    if not prefix and kpi.next_target is not None and kpi.outlook is not None:
        outlook = t("outlook", lang, year=kpi.next_target.year, status=status_label(kpi.outlook, lang))
    missing = t("no_data_year", lang, year=kpi.year) if kpi.actual is None else None
    if kpi.actual is None and kpi.previous_value is None:
        missing = t("no_result_yet", lang)  # published targets only
    for year, reason in facts:
        if year == kpi.year and kpi.actual is None:
            missing = fact_text(year, reason, lang)
        elif year > kpi.year or (year > (kpi.previous_year or 0) and kpi.actual is None):
            notes.append(fact_text(year, reason, lang))
    return Card(
        title=ind.name(lang),
        help=ind.description(lang),
        value=headline(kpi, ind, lang),
        delta=fmt_delta(kpi.delta, ind.unit, lang, ind.decimals),
        delta_color=delta_colour,
        delta_arrow=arrow,
        delta_description=t("vs_year", lang, year=kpi.previous_year) if kpi.delta is not None else None,
        target=f"{t('target_short', lang)} {kpi.year}: {target_text(kpi.target, ind, lang, kpi.target_value)}"
        if kpi.target
        else "",
        attainment=f"{t('attainment', lang)}: {fmt_ratio(kpi.attainment, lang)}"
        if kpi.attainment is not None
        else None,
        status=status,
        status_prefix=prefix,
        status_label=prefix + status_label(status, lang),
        status_colour=colour,
        status_icon=icon,
        outlook=outlook,
        missing=missing,
        notes=tuple(notes),
        illustrative=kpi.illustrative,
        sparkline=values,
        sparkline_label=label,
        sparkline_svg=sparkline_svg(years, values, label) if label else None,
    )


def kpi_frame(kpis: list[Kpi], indicators: dict[str, Indicator], lang: str) -> pd.DataFrame:
    """The KPI table as a leader reads it (text columns, localised)."""
    rows = []
    for k in kpis:
        ind = indicators[k.indicator]
        rows.append(
            {
                t("indicator", lang): ind.name(lang),
                t("year", lang): k.year,
                t("actual", lang): fmt_value(k.actual, ind.unit, lang, ind.decimals),
                t("target", lang): target_text(k.target, ind, lang, k.target_value) if k.target else "–",
                t("attainment", lang): fmt_ratio(k.attainment, lang),
                t("status", lang): status_label(k.status, lang),
                t("value_type", lang): value_type_label(k.value_type, lang) if k.value_type else "–",
            }
        )
    return pd.DataFrame(rows)


def target_lines(kpi: Kpi, ind: Indicator, lang: str) -> tuple[str, str]:
    """A target's card on a topic page: '2019 · up at least 5 places on 2018 (≤ 110) · NQ 02', 'Actual: 102'.

    A year without a value says there was no edition (the WEF published none), never a zero."""
    tg = kpi.target
    heading = f"**{kpi.year}** · {target_text(tg, ind, lang, kpi.target_value)} · {tg.source_document}"
    actual = fmt_value(kpi.actual, ind.unit, lang) if kpi.actual is not None else t("no_edition_text", lang)
    return heading, f"{t('actual', lang)}: {actual}"


def attainment_rows(kpis: list[Kpi], indicators: dict[str, Indicator], lang: str) -> list[tuple[str, float, str]]:
    """(name, attainment, status) of every KPI with an attainment, for the attainment chart."""
    return [(indicators[k.indicator].name(lang), k.attainment, k.status) for k in kpis if k.attainment is not None]


def status_counts(cards: list[Card]) -> dict[str, int]:
    """How many cards show each status (this year's, else the outlook), in the order of STATUS_STYLE."""
    counts: dict[str, int] = {}
    for status in STATUS_STYLE:
        n = sum(1 for c in cards if c.status == status)
        if n:
            counts[status] = n
    return counts
