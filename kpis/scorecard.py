"""A province's scorecard: every indicator with provincial values, its value, rank, the national value, the
province's own target and status, and its trend. The one implementation behind the province page and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from kpis import engine
from kpis.i18n import fmt_number, fmt_ratio, fmt_value, status_label, t, value_type_label
from kpis.registry import Indicator

VINTAGES = (34, 63)  # the lists a province page is offered on: today's first


@dataclass(frozen=True)
class Place:
    """One province on one list, with the provinces of the other list it came from (34) or went into (63)."""

    code: str
    vintage: int
    name_vi: str
    name_en: str
    region: str
    predecessors: tuple[str, ...] = ()
    successor: str | None = None

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


def places(provinces: pd.DataFrame, vintage: int) -> dict[str, Place]:
    """Every province of the list `vintage` by code, in code order."""
    rows = provinces[provinces["vintage"].astype(int) == vintage].sort_values("code")
    out = {}
    for r in rows.to_dict("records"):
        pred = str(r.get("predecessor_codes") or "").split()
        succ = r.get("successor_code")
        out[str(r["code"])] = Place(
            code=str(r["code"]),
            vintage=vintage,
            name_vi=r["name_vi"],
            name_en=r["name_en"],
            region=r["region"],
            predecessors=tuple(p for p in pred if p != "nan"),
            successor=None if pd.isna(succ) or not str(succ) else str(succ),
        )
    return out


def on_list(obs: pd.DataFrame, vintage: int) -> pd.DataFrame:
    """An indicator's observations with the provincial rows of years published on the list `vintage` only
    (national rows all kept): a code can name another area on the other list, so a trend never crosses the reform.
    """
    provincial = obs["province_code"] != engine.NATIONAL
    same_list = obs["year"].astype(int).map(engine.vintage_of) == vintage
    return obs[~provincial | same_list]


@dataclass(frozen=True)
class Line:
    """One indicator on a province's scorecard for one year."""

    indicator: str
    year: int
    province_code: str
    value: float | None
    value_type: str | None
    source: str | None
    rank: int | None  # 1 is best, among the provinces with a value that year
    ranked: int  # how many provinces have a value that year
    per_10k: float | None
    national: float | None
    national_value_type: str | None
    target: engine.Target | None  # the province's own target for the year, where one is set
    target_value: float | None
    attainment: float | None
    status: str
    trend: tuple[tuple[int, float], ...] = field(default=())

    @property
    def illustrative(self) -> bool:
        return "illustrative" in (self.value_type, self.target.value_type if self.target else None)

    def as_dict(self) -> dict:
        """The JSON form used by the CLI."""
        return {
            "indicator": self.indicator,
            "year": self.year,
            "province_code": self.province_code,
            "value": self.value,
            "value_type": self.value_type,
            "rank": self.rank,
            "ranked": self.ranked,
            "per_10k": None if self.per_10k is None else round(self.per_10k, 6),
            "national": self.national,
            "national_value_type": self.national_value_type,
            "target": self.target_value,
            "target_type": self.target.target_type if self.target else None,
            "target_source": self.target.source_document if self.target else None,
            "attainment": None if self.attainment is None else round(self.attainment, 6),
            "status": self.status,
            "trend": [[y, v] for y, v in self.trend],
            "source": self.source,
        }


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def line(
    indicator: Indicator,
    obs: pd.DataFrame,
    targets: pd.DataFrame,
    provinces: pd.DataFrame,
    population: pd.DataFrame | None,
    code: str,
    year: int,
    current_year: int,
) -> Line:
    """One indicator for one province and year (`obs`: its observations, already on the province's list)."""
    kpi = engine.evaluate(indicator, obs, engine.targets_for(targets, indicator.id, code), year, current_year, code)
    table = engine.province_table(indicator, obs, year, provinces, population)
    mine = table[table["province_code"] == code]
    national = engine.series(obs)
    national = national[national["year"] == year]
    return Line(
        indicator=indicator.id,
        year=year,
        province_code=code,
        value=kpi.actual,
        value_type=kpi.value_type,
        source=kpi.source,
        rank=None if mine.empty else int(mine["rank"].iloc[0]),
        ranked=len(table),
        per_10k=None if mine.empty else _float(mine["per_10k"].iloc[0]),
        national=None if national.empty else float(national["value"].iloc[0]),
        national_value_type=None if national.empty else national["value_type"].iloc[0],
        target=kpi.target,
        target_value=kpi.target_value,
        attainment=kpi.attainment,
        status=kpi.status,
        trend=kpi.trend,
    )


def provincial(indicators, observe: Callable[[Indicator], pd.DataFrame]) -> list[Indicator]:
    """The indicators with a value for some province in some year (the others have no line on a scorecard)."""
    return [ind for ind in indicators if engine.province_years(observe(ind))]


def scorecard(
    indicators,
    observe: Callable[[Indicator], pd.DataFrame],
    frames: Mapping[str, pd.DataFrame],
    code: str,
    year: int,
    current_year: int,
    observe_on_34: Callable[[Indicator], pd.DataFrame] | None = None,
) -> list[Line]:
    """The scorecard of province `code` for `year`, on the list in force that year: a line per indicator with
    provincial values (`observe`: an indicator's observations, e.g. the pages' cache).

    On the 34 a province's trend is its history on today's map: the years published on the 63 carried onto it from
    the old provinces that formed it (engine.observations_on; `observe_on_34` gives them, e.g. from a cache). On the
    63 a trend never crosses the reform (`on_list`)."""
    if engine.vintage_of(year) == 34:

        def carried(ind: Indicator) -> pd.DataFrame:
            if observe_on_34 is not None:
                return observe_on_34(ind)
            if ind.measure.dataset not in frames:  # observations given without their rows: the 34's years only
                return on_list(observe(ind), 34)
            return engine.observations_on(ind, frames, frames["provinces"], 34, frames.get("population"))

    else:

        def carried(ind: Indicator) -> pd.DataFrame:
            return on_list(observe(ind), 63)

    return [
        line(
            ind,
            carried(ind),
            frames["targets"],
            frames["provinces"],
            frames.get("population"),
            code,
            year,
            current_year,
        )
        for ind in provincial(indicators, observe)
    ]


def years(indicators, observe: Callable[[Indicator], pd.DataFrame], code: str) -> dict[int, int]:
    """Each year with a value for the province `code` (on the list in force that year) -> how many indicators
    have one."""
    out: dict[int, int] = {}
    for ind in indicators:
        obs = observe(ind)
        for y in {int(y) for y in obs.loc[obs["province_code"] == code, "year"]}:
            out[y] = out.get(y, 0) + 1
    return dict(sorted(out.items()))


def default_year(counts: Mapping[int, int], current_year: int) -> int | None:
    """The latest year up to now in which the most indicators have a value (else the earliest one ahead), so a
    page opens on the fullest recent picture; None without any year."""
    past = {y: n for y, n in counts.items() if y <= current_year}
    if past:
        most = max(past.values())
        return max(y for y, n in past.items() if n == most)
    return min(counts) if counts else None


# A mark in table cells beside the status text (a table cell cannot hold a badge): never colour alone.
STATUS_MARK = {
    "achieved": "✔",
    "on_track": "↗",
    "acceleration_needed": "⏩",
    "limited_progress": "→",
    "not_achieved": "✘",
    "deterioration": "↘",
    "insufficient_data": "?",
    "no_target": "–",
}


def frame(lines: list[Line], indicators: Mapping[str, Indicator], lang: str) -> pd.DataFrame:
    """The scorecard as the page shows it: text in the reader's language, the trend as a list for a sparkline."""
    rows = []
    for ln in lines:
        ind = indicators[ln.indicator]
        rows.append(
            {
                t("indicator", lang): ind.name(lang),
                t("value", lang): fmt_value(ln.value, ind.unit, lang, ind.decimals),
                t("sc_rank", lang): "–" if ln.rank is None else t("sc_rank_of", lang, rank=ln.rank, of=ln.ranked),
                t("per_10k", lang): fmt_number(ln.per_10k, lang, 1) if ind.per_capita else "",
                t("sc_national", lang): fmt_value(ln.national, ind.unit, lang, ind.decimals),
                t("target", lang): fmt_value(ln.target_value, ind.unit, lang, ind.decimals),
                t("sc_attainment", lang): fmt_ratio(ln.attainment, lang) if ln.attainment is not None else "–",
                t("sc_status", lang): f"{STATUS_MARK[ln.status]} {status_label(ln.status, lang)}",
                t("sc_trend", lang): [v for _, v in ln.trend],
                t("value_type", lang): value_type_label(ln.value_type, lang) if ln.value_type else "–",
            }
        )
    return pd.DataFrame(rows)


def page_link(code: str, year: int | None = None, lang: str = "vi") -> str:
    """The shareable address of a province's scorecard, relative to the app's root."""
    params = (
        [f"code={code}"] + ([f"year={year}"] if year is not None else []) + ([f"lang={lang}"] if lang != "vi" else [])
    )
    return "province?" + "&".join(params)
