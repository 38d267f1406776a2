"""The registry walks: every indicator is complete, computes on the shipped data, and renders."""

import pytest

from kpis import charts, engine
from kpis.i18n import LANGS
from kpis.registry import UNITS, RegistryError, load_registry

REGISTRY = load_registry()
REQUIRED_IDS = {
    "enrolment_total",
    "enrolment_college_intermediate",
    "graduate_employment_rate",
    "rural_trained",
    "rural_employment_rate",
    "vocational_training_quality_rank",
    "vocational_training_quality_score",
    "certified_labour_share",
}


def test_registry_is_not_empty_and_has_the_required_ids():
    # Guards the parametrised walks below: an empty registry must not make them vanish.
    assert len(REGISTRY.indicators) >= len(REQUIRED_IDS)
    assert REQUIRED_IDS <= set(REGISTRY.ids)
    assert [t.number for t in REGISTRY.tasks] == list(range(1, 9))


@pytest.mark.parametrize("ind", REGISTRY.indicators, ids=lambda i: i.id)
def test_indicator_is_complete(ind):
    for lang in LANGS:
        assert ind.name(lang).strip() and ind.description(lang).strip()
    assert ind.name_vi != ind.name_en
    assert ind.unit in UNITS
    assert ind.direction in {"higher", "lower"}
    assert 1 <= ind.task <= 8
    assert ind.source_org


@pytest.mark.parametrize("ind", REGISTRY.indicators, ids=lambda i: i.id)
def test_indicator_computes_and_renders_on_shipped_data(ind, shipped):
    obs = engine.observations(ind, shipped)
    national = engine.series(obs)
    targets = engine.targets_for(shipped["targets"], ind.id)
    # A value, or published targets only (a plan measure without a published result shows its targets).
    assert not national.empty or targets
    assert national["year"].is_unique
    for lang in LANGS:
        fig = charts.trend_chart(ind, national, targets, lang)
        assert len(fig.data[0].x) == len(national)


def test_every_target_names_a_registered_indicator(shipped):
    assert set(shipped["targets"]["indicator_id"]) <= set(REGISTRY.ids)


def _write(tmp_path, body):
    path = tmp_path / "indicators.toml"
    tasks = "".join(f'[[task]]\nnumber = {n}\nname_vi = "v{n}"\nname_en = "e{n}"\n' for n in range(1, 9))
    path.write_text(tasks + body, encoding="utf-8")
    return path


GOOD = """
[[indicator]]
id = "x"
name_vi = "x"
name_en = "x"
description_vi = "x"
description_en = "x"
unit = "persons"
decimals = 0
direction = "higher"
task = 3
source_org = "x"
per_capita = true
measure = { kind = "sum", dataset = "enrolment", column = "value", level = "total" }
"""


def test_a_new_indicator_with_an_existing_formula_needs_only_the_registry(tmp_path):
    reg = load_registry(_write(tmp_path, GOOD))
    assert reg.ids == ["x"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('unit = "persons"', 'unit = "kg"'), "unit"),
        (('column = "value"', 'column = "nope"'), "not fields"),
        (('dataset = "enrolment"', 'dataset = "nope"'), "not a dataset"),
        (('level = "total"', 'level = "phd"'), "not levels"),
        (('direction = "higher"', 'direction = "up"'), "direction"),
        (("task = 3", "task = 9"), "task"),
        (('source_org = "x"\n', 'source_org = "x"\ncolour = "red"\n'), "unknown keys"),
    ],
)
def test_bad_registry_entries_fail_naming_the_entry(tmp_path, change, message):
    with pytest.raises(RegistryError, match=message) as err:
        load_registry(_write(tmp_path, GOOD.replace(*change)))
    assert "(x)" in str(err.value)


def test_duplicate_ids_fail(tmp_path):
    with pytest.raises(RegistryError, match="duplicate"):
        load_registry(_write(tmp_path, GOOD + GOOD))
