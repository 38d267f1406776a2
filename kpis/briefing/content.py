"""What the briefing says: per task of the plan, each indicator's value, target, attainment, status and chart.

Built from the same library calls as the overview (engine.kpi_table, cards.card, charts.trend_chart), so the
briefing and the page cannot disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kpis import charts, engine
from kpis.cards import card, status_counts, target_text
from kpis.events import facts_without_value
from kpis.frames import indicator_frames
from kpis.i18n import fmt_ratio, fmt_value, status_label, t, unit_label, value_type_label
from kpis.registry import Indicator, Registry, load_registry
from kpis.store import Store
from kpis.theme import STATUS_STYLE

# Printable status marks (the page's material icons do not print): shape as well as colour.
STATUS_MARK = {
    "achieved": "✔",
    "on_track": "↗",
    "acceleration_needed": "»",
    "limited_progress": "→",
    "not_achieved": "✖",
    "deterioration": "↘",
    "insufficient_data": "?",
    "no_target": "–",
}
FLAGGED_TYPES = ("illustrative", "preliminary", "estimate", "inferred")


@dataclass(frozen=True)
class DataVersion:
    dataset: str
    version_id: int
    number: int
    published_at: str


@dataclass(frozen=True)
class Line:
    """One indicator in the briefing."""

    indicator: str
    name: str
    unit: str
    value: str
    year: int | None
    actual: float | None
    target: str
    target_value: float | None
    attainment: str
    attainment_ratio: float | None
    status: str
    status_text: str
    status_mark: str
    status_colour: str
    delta: str
    value_type: str | None
    flags: tuple[str, ...]
    illustrative: bool
    source: str
    figure: go.Figure


@dataclass(frozen=True)
class Section:
    number: int
    name: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Briefing:
    lang: str
    year: int
    province: str
    scope: str
    title: str
    generated_at: str
    versions: tuple[DataVersion, ...]
    counts: dict[str, int]
    sections: tuple[Section, ...]
    kpis: tuple[engine.Kpi, ...]

    @property
    def lines(self) -> list[Line]:
        return [line for s in self.sections for line in s.lines]

    @property
    def illustrative(self) -> bool:
        return any(line.illustrative for line in self.lines)


class BriefingError(ValueError):
    """Bad input for a briefing, with a message in the user's language."""


def scope_name(frames: dict[str, pd.DataFrame], province: str, year: int, lang: str) -> str:
    """'Toàn quốc' / 'National', else the province's name in the vintage of the year."""
    if province == engine.NATIONAL:
        return t("brief_national", lang)
    rows = frames["provinces"]
    hit = rows[(rows["code"] == province) & (rows["vintage"] == engine.vintage_of(year))]
    if hit.empty:
        hit = rows[rows["code"] == province]
    if hit.empty:
        raise BriefingError(t("brief_unknown_province", lang, code=province))
    return str(hit.iloc[0]["name_vi" if lang == "vi" else "name_en"])


def data_versions(store: Store, versions: dict[str, int]) -> tuple[DataVersion, ...]:
    out = []
    for name, vid in sorted(versions.items()):
        v = store.version(vid)
        out.append(DataVersion(name, vid, v.number, v.created_at))
    return tuple(out)


def _flags(kpi: engine.Kpi, lang: str) -> tuple[str, ...]:
    flags = []
    if kpi.value_type in FLAGGED_TYPES:
        flags.append(value_type_label(kpi.value_type, lang))
    if kpi.target is not None and kpi.target.value_type in FLAGGED_TYPES and kpi.target.value_type != kpi.value_type:
        flags.append(f"{t('target_short', lang)}: {value_type_label(kpi.target.value_type, lang)}")
    return tuple(flags)


def build(
    store: Store,
    year: int,
    lang: str,
    province: str = engine.NATIONAL,
    *,
    registry: Registry | None = None,
    frames: dict[str, pd.DataFrame] | None = None,
    versions: dict[str, int] | None = None,
    current_year: int | None = None,
    now: dt.datetime | None = None,
    observe: Callable[[Indicator], pd.DataFrame] | None = None,
    on_figure: Callable[[go.Figure], None] | None = None,
) -> Briefing:
    """The briefing of one scope (national or a province code), year and language at the given data versions.

    `observe`: the indicator's observations at those versions (a cache of `engine.observations`, as the pages keep);
    without it each indicator's are computed once here. `on_figure`: called with each chart as soon as it is built
    (files.make starts drawing it while the rest is computed)."""
    reg = registry or load_registry()
    versions = dict(versions) if versions is not None else store.active_versions()
    frames = frames if frames is not None else indicator_frames(store, reg.indicators, versions)
    if observe is None:
        seen: dict[str, pd.DataFrame] = {}

        def observe(ind: Indicator) -> pd.DataFrame:
            if ind.id not in seen:
                seen[ind.id] = engine.observations(ind, frames)
            return seen[ind.id]

    current = current_year or dt.date.today().year
    scope = scope_name(frames, province, year, lang)
    facts = {i.id: facts_without_value(i, frames) if province == engine.NATIONAL else () for i in reg.indicators}
    targets = engine.targets_by_indicator(frames["targets"], province)
    # The charts first, in the document's order: each is handed on (to be drawn) while the next is computed.
    series, figures = {}, {}
    for task in reg.tasks:
        for ind in reg.indicators:
            if ind.task == task.number:
                series[ind.id] = engine.series(observe(ind), province)
                figures[ind.id] = charts.trend_chart(
                    ind, series[ind.id], targets.get(ind.id, []), lang, facts=facts[ind.id]
                )
                if on_figure is not None:
                    on_figure(figures[ind.id])
    kpis = engine.kpi_table(reg.indicators, frames, year, current, province, observe=observe, targets=targets)
    by_id = {i.id: i for i in reg.indicators}
    cards = [card(k, by_id[k.indicator], lang, facts[k.indicator]) for k in kpis]
    sections = []
    for task in reg.tasks:
        lines = []
        for k, c in zip(kpis, cards, strict=True):
            ind = by_id[k.indicator]
            if ind.task != task.number:
                continue
            obs, fig = series[ind.id], figures[ind.id]
            value = fmt_value(k.actual, ind.unit, lang, ind.decimals) if k.actual is not None else "–"
            lines.append(
                Line(
                    indicator=ind.id,
                    name=ind.name(lang),
                    unit=unit_label(ind.unit, lang),
                    value=value if k.actual is not None else t("no_data_year", lang, year=year),
                    year=k.year if k.actual is not None else None,
                    actual=k.actual,
                    target=target_text(k.target, ind, lang, k.target_value) if k.target else "–",
                    target_value=k.target_value,
                    attainment=fmt_ratio(k.attainment, lang),
                    attainment_ratio=k.attainment,
                    status=c.status,
                    status_text=c.status_label,
                    status_mark=STATUS_MARK[c.status],
                    status_colour=STATUS_STYLE[c.status][2],
                    delta=c.delta or "–",
                    value_type=k.value_type,
                    flags=_flags(k, lang),
                    illustrative=k.illustrative or engine.is_illustrative(obs),
                    source=k.source or "",
                    figure=fig,
                )
            )
        sections.append(Section(task.number, task.name(lang), tuple(lines)))
    generated = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return Briefing(
        lang=lang,
        year=year,
        province=province,
        scope=scope,
        title=t("brief_title", lang),
        generated_at=generated,
        versions=data_versions(store, versions),
        counts=status_counts(cards),
        sections=tuple(sections),
        kpis=tuple(kpis),
    )


def status_words(b: Briefing) -> list[str]:
    """The status words of the summary, as the document prints them."""
    return [f"{n} {status_label(s, b.lang)}" for s, n in b.counts.items()]
