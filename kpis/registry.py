"""The indicator registry (data/indicators.toml) loaded into frozen dataclasses, validated at load time."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kpis import DATA_DIR
from kpis.levels import LEVEL_FIELD
from kpis.schema import load_package

UNITS = {"persons", "percent", "rank", "score", "institutions", "medals"}
KINDS = {"sum", "ratio", "value"}
AGGREGATION = {"sum": "sum", "ratio": "ratio", "value": "none"}  # by measure kind
OPTIONAL = ("topic", "cadence")
CADENCES = {"annual", "edition"}  # edition: events held some years only; a year between editions is no data
TOPICS = {"", "enrolment", "rural_training", "quality_ranking"}  # pages that show a topic's indicators
REQUIRED = (
    "id",
    "name_vi",
    "name_en",
    "description_vi",
    "description_en",
    "unit",
    "decimals",
    "direction",
    "task",
    "source_org",
    "per_capita",
    "measure",
)


@dataclass(frozen=True)
class Measure:
    """How an indicator's value is computed from a dataset."""

    kind: str
    dataset: str
    column: str = ""
    numerator: str = ""
    denominator: str = ""
    published: str = ""
    level: str = ""
    levels: tuple[str, ...] = ()
    filter: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Indicator:
    """One KPI of the dashboard."""

    id: str
    name_vi: str
    name_en: str
    description_vi: str
    description_en: str
    unit: str
    decimals: int
    direction: str
    task: int
    source_org: str
    per_capita: bool
    measure: Measure
    topic: str = ""
    cadence: str = "annual"

    @property
    def aggregation(self) -> str:
        """How values combine across provinces, from the measure: counts sum, ratios recompute, values do not."""
        return AGGREGATION[self.measure.kind]

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def description(self, lang: str) -> str:
        return self.description_vi if lang == "vi" else self.description_en

    @property
    def sign(self) -> int:
        """+1 where higher is better, -1 where lower is better."""
        return 1 if self.direction == "higher" else -1


@dataclass(frozen=True)
class Task:
    """One of the eight tasks of the 2021 plan."""

    number: int
    name_vi: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Registry:
    """All indicators and tasks, in file order."""

    indicators: tuple[Indicator, ...]
    tasks: tuple[Task, ...]

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(f"unknown indicator {indicator_id!r}")

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def on_topic(self, topic: str) -> list[Indicator]:
        """The indicators a topic page shows, in registry order (its first is the page's headline)."""
        return [i for i in self.indicators if i.topic == topic]

    def for_task(self, number: int) -> list[Indicator]:
        return [i for i in self.indicators if i.task == number]


class RegistryError(ValueError):
    """The registry file is inconsistent; the message names the entry."""


def _measure(entry: dict, where: str) -> Measure:
    spec = dict(entry["measure"])
    kind = spec.get("kind")
    if kind not in KINDS:
        raise RegistryError(f"{where}: measure.kind {kind!r} is not one of {sorted(KINDS)}")
    schemas = load_package()
    dataset = spec.get("dataset")
    if dataset not in schemas:
        raise RegistryError(f"{where}: measure.dataset {dataset!r} is not a dataset of the data package")
    schema = schemas[dataset]
    measure = Measure(
        kind=kind,
        dataset=dataset,
        column=spec.get("column", ""),
        numerator=spec.get("numerator", ""),
        denominator=spec.get("denominator", ""),
        published=spec.get("published", ""),
        level=spec.get("level", ""),
        levels=tuple(spec.get("levels", ())),
        filter=tuple(sorted(spec.get("filter", {}).items())),
    )
    needed = [measure.column] if kind in ("sum", "value") else [measure.numerator, measure.denominator]
    needed += [measure.published] if measure.published else []
    needed += [k for k, _ in measure.filter]
    unknown = [c for c in needed if c not in schema.names]
    if unknown:
        raise RegistryError(f"{where}: columns {unknown} are not fields of dataset {dataset!r}")
    levels = [measure.level] if measure.level else list(measure.levels)
    if levels:
        allowed = schema.field(LEVEL_FIELD).enum if LEVEL_FIELD in schema.names else ()
        bad = [lv for lv in levels if lv not in allowed]
        if bad:
            raise RegistryError(f"{where}: levels {bad} are not levels of dataset {dataset!r}")
    return measure


@cache
def load_registry(path: Path = DATA_DIR / "indicators.toml") -> Registry:
    """Load and validate the registry; every problem names the offending entry."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    tasks = tuple(
        Task(number=entry["number"], name_vi=entry["name_vi"], name_en=entry["name_en"])
        for entry in raw.get("task", [])
    )
    if sorted(task.number for task in tasks) != list(range(1, 9)):
        raise RegistryError(f"{path.name}: expected tasks 1..8, found {[task.number for task in tasks]}")
    indicators, seen = [], set()
    for n, entry in enumerate(raw.get("indicator", []), start=1):
        where = f"{path.name}: indicator #{n} ({entry.get('id', '?')})"
        missing = [k for k in REQUIRED if k not in entry]
        extra = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        if missing or extra:
            raise RegistryError(f"{where}: missing keys {missing}, unknown keys {extra}")
        if entry["id"] in seen:
            raise RegistryError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if entry["unit"] not in UNITS:
            raise RegistryError(f"{where}: unit {entry['unit']!r} is not one of {sorted(UNITS)}")
        if entry["direction"] not in ("higher", "lower"):
            raise RegistryError(f"{where}: direction must be 'higher' or 'lower'")
        if entry["task"] not in range(1, 9):
            raise RegistryError(f"{where}: task must be 1..8")
        if entry.get("topic", "") not in TOPICS:
            raise RegistryError(f"{where}: topic {entry['topic']!r} is not one of {sorted(TOPICS - {''})}")
        if entry.get("cadence", "annual") not in CADENCES:
            raise RegistryError(f"{where}: cadence {entry['cadence']!r} is not one of {sorted(CADENCES)}")
        fields = {k: entry[k] for k in (*REQUIRED, *OPTIONAL) if k in entry and k != "measure"}
        indicators.append(Indicator(**fields, measure=_measure(entry, where)))
    if not indicators:
        raise RegistryError(f"{path.name}: no indicators")
    return Registry(indicators=tuple(indicators), tasks=tasks)
