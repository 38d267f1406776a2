"""History on today's 34 provinces: counts summed over predecessors, rates recomputed or weighted, 2025 once."""

import json

import pandas as pd
import pytest

from kpis import engine
from kpis.registry import load_registry
from tests.test_cli import run

# One merged province of the 34 in every socio-economic region, with the 63-list codes that formed it.
MERGED = {
    "08": ("02", "08"),  # Tuyên Quang: northern midlands and mountains
    "37": ("35", "36", "37"),  # Ninh Bình: Red River delta
    "44": ("44", "45"),  # Quảng Trị: north central coast
    "66": ("54", "66"),  # Đắk Lắk: central highlands
    "79": ("74", "77", "79"),  # Hồ Chí Minh: southeast
    "92": ("92", "93", "94"),  # Cần Thơ: Mekong delta
}


@pytest.fixture(scope="module")
def registry():
    reg = load_registry()
    assert reg.indicators
    return {ind.id: ind for ind in reg.indicators}


def _value(obs: pd.DataFrame, year: int, code: str) -> float | None:
    hit = obs[(obs["year"] == year) & (obs["province_code"] == code)]
    return None if hit.empty else float(hit["value"].iloc[0])


def _raw(shipped, dataset: str, year: int, codes) -> pd.DataFrame:
    frame = shipped[dataset]
    return frame[(frame["year"] == year) & frame["province_code"].isin(codes)]


def test_the_mapping_covers_the_63_and_the_34(shipped):
    succ, pred = engine.successors(shipped["provinces"]), engine.predecessors(shipped["provinces"])
    assert len(succ) == 63 and len(pred) == 34
    assert sorted(c for codes in pred.values() for c in codes) == sorted(succ)
    for code, old in MERGED.items():
        assert pred[code] == old


@pytest.mark.parametrize("code", sorted(MERGED))
def test_counts_are_summed_over_the_predecessors(shipped, registry, code):
    ind = registry["enrolment_total"]
    on_63 = engine.observations(ind, shipped)
    on_34 = engine.observations_on(ind, shipped, shipped["provinces"], 34, shipped["population"])
    for year in engine.province_years(on_63):
        if year >= engine.REFORM_YEAR:
            continue
        by_hand = sum(_value(on_63, year, old) for old in MERGED[code])
        assert _value(on_34, year, code) == pytest.approx(by_hand)
    row = on_34[(on_34["province_code"] == code) & (on_34["year"] == 2020)].iloc[0]
    assert row["basis"] == engine.SUM_OF_PREDECESSORS


@pytest.mark.slow  # starts the command line in a process
def test_cli_vintage_34_returns_the_hand_sum_in_every_region(shipped, tmp_path):
    db = f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    enrolment = shipped["enrolment"]
    for code, old in MERGED.items():
        proc = run(
            db, "kpi", "--year", "2020", "--province", code, "--vintage", "34", "--json", "--current-year", "2026"
        )
        assert proc.returncode == 0, proc.stderr
        rows = {r["indicator"]: r for r in json.loads(proc.stdout)}
        # By hand from the CSV: the total is college_intermediate + elementary_other of each predecessor.
        parts = enrolment[(enrolment["year"] == 2020) & enrolment["province_code"].isin(old)]
        parts = parts[parts["level"].isin(["college_intermediate", "elementary_other"])]
        assert set(parts["province_code"]) == set(old)
        assert rows["enrolment_total"]["actual"] == pytest.approx(float(parts["value"].sum()))
        assert rows["enrolment_total"]["basis"] == engine.SUM_OF_PREDECESSORS
        assert rows["enrolment_total"]["province_code"] == code


def test_rates_are_recomputed_from_numerator_and_denominator(shipped, registry):
    ind = registry["rural_employment_rate"]
    on_34 = engine.observations_on(ind, shipped, shipped["provinces"], 34, shipped["population"])
    year = 2014  # the year with provincial rural-training counts
    for code, old in MERGED.items():
        raw = _raw(shipped, "rural_training", year, old)
        assert len(raw) == len(old)
        by_hand = 100.0 * raw["employed_after"].sum() / raw["trained"].sum()
        row = on_34[(on_34["province_code"] == code) & (on_34["year"] == year)].iloc[0]
        assert row["value"] == pytest.approx(by_hand)
        assert row["basis"] == engine.RATIO_OF_PREDECESSORS


def test_a_share_without_counts_is_weighted_by_population_and_inferred(registry):
    ind = registry["certified_labour_share"]
    provinces = pd.DataFrame(
        {
            "code": ["02", "08", "08"],
            "vintage": [63, 63, 34],
            "successor_code": ["08", "08", None],
            "predecessor_codes": [None, None, "02 08"],
        }
    )
    share = pd.DataFrame(
        {
            "year": [2020, 2020],
            "province_code": ["02", "08"],
            "share": [10.0, 40.0],
            "source": ["a", "b"],
            "value_type": ["actual", "actual"],
        }
    )
    population = pd.DataFrame(
        {"year": [2019, 2021], "province_code": ["02", "08"], "vintage": [63, 63], "population": [300.0, 100.0]}
    )
    frames = {"certified_labour": share}
    on_34 = engine.observations_on(ind, frames, provinces, 34, population)
    row = on_34[on_34["province_code"] == "08"].iloc[0]
    assert row["value"] == pytest.approx((10.0 * 300 + 40.0 * 100) / 400)
    assert row["value_type"] == "inferred"
    assert row["basis"] == engine.POPULATION_WEIGHTED
    assert "02" not in set(on_34["province_code"])
    # Without a population figure for a predecessor there is no honest weight: no value.
    no_weight = engine.observations_on(ind, frames, provinces, 34, population[population["province_code"] == "02"])
    assert no_weight[no_weight["province_code"] != engine.NATIONAL].empty


def _enrolment(rows) -> dict:
    frame = pd.DataFrame(rows, columns=["year", "province_code", "vintage", "level", "value", "value_type", "source"])
    return {"enrolment": frame}


PROVINCES = pd.DataFrame(
    {
        "code": ["02", "08", "10", "15", "08", "15"],
        "vintage": [63, 63, 63, 63, 34, 34],
        "successor_code": ["08", "08", "15", "15", None, None],
        "predecessor_codes": [None, None, None, None, "02 08", "10 15"],
    }
)


def test_the_transition_year_never_counts_a_province_twice(registry):
    ind = registry["enrolment_total"]
    frames = _enrolment(
        [
            (2025, "08", 34, "total", 100.0, "preliminary", "on the 34"),
            (2025, "02", 63, "total", 30.0, "preliminary", "on the 63"),
            (2025, "08", 63, "total", 60.0, "preliminary", "on the 63"),
            (2025, "10", 63, "total", 5.0, "preliminary", "on the 63"),
            (2025, "15", 63, "total", 7.0, "preliminary", "on the 63"),
        ]
    )
    on_34 = engine.observations_on(ind, frames, PROVINCES, 34)
    assert _value(on_34, 2025, "08") == 100.0  # published on the 34: the predecessors are not added again
    assert _value(on_34, 2025, "15") == 12.0  # only on the 63: summed once
    assert len(on_34[on_34["province_code"] != engine.NATIONAL]) == 2
    on_63 = engine.observations_on(ind, frames, PROVINCES, 63)
    assert _value(on_63, 2025, "08") == 60.0 and _value(on_63, 2025, "02") == 30.0


def test_a_new_province_needs_every_predecessor(registry):
    ind = registry["enrolment_total"]
    frames = _enrolment(
        [
            (2020, "02", 63, "total", 30.0, "actual", "s"),
            (2020, "10", 63, "total", 5.0, "actual", "s"),
            (2020, "15", 63, "total", 7.0, "actual", "s"),
        ]
    )
    on_34 = engine.observations_on(ind, frames, PROVINCES, 34)
    assert _value(on_34, 2020, "08") is None  # 08 of the 63 is missing: no partial sum
    assert _value(on_34, 2020, "15") == 12.0


def test_a_year_published_on_the_34_cannot_be_split_back(registry):
    ind = registry["enrolment_total"]
    frames = _enrolment([(2026, "08", 34, "total", 100.0, "actual", "s")])
    assert _value(engine.observations_on(ind, frames, PROVINCES, 34), 2026, "08") == 100.0
    on_63 = engine.observations_on(ind, frames, PROVINCES, 63)
    assert on_63[on_63["province_code"] != engine.NATIONAL].empty
    with pytest.raises(ValueError, match="vintage"):
        engine.observations_on(ind, frames, PROVINCES, 64)


POPULATION = pd.DataFrame(
    {
        "year": [2019, 2019, 2019, 2019, 2020, 2020, 2024, 2024],
        "province_code": ["02", "08", "10", "15", "02", "08", "08", "15"],
        "vintage": [63, 63, 63, 63, 63, 63, 34, 34],
        "population": [100.0, 200.0, 30.0, 40.0, 110.0, 210.0, 999.0, 888.0],
    }
)


@pytest.mark.parametrize(
    ("vintage", "expected"),
    [
        # On the 34: 2019 summed over the predecessors; 2020 only where every predecessor has a figure (08, not 15);
        # 2024, counted on the 34, kept as it is.
        (34, {(2019, "08"): 300.0, (2019, "15"): 70.0, (2020, "08"): 320.0, (2024, "08"): 999.0, (2024, "15"): 888.0}),
        (63, {(2019, "02"): 100.0, (2019, "08"): 200.0, (2019, "10"): 30.0, (2019, "15"): 40.0, (2020, "02"): 110.0,
              (2020, "08"): 210.0}),
    ],
)  # fmt: skip
def test_population_on_a_list(vintage, expected):
    on = engine.population_on(POPULATION, PROVINCES, vintage)
    got = {(int(y), c): float(p) for y, c, p in zip(on["year"], on["province_code"], on["population"], strict=True)}
    assert got == expected
    assert set(on["vintage"].astype(int)) == {vintage}
    with pytest.raises(ValueError):
        engine.population_on(POPULATION, PROVINCES, 64)


def test_a_carried_year_is_ranked_on_the_34_with_its_names_and_own_population(registry, shipped):
    ind = registry["enrolment_total"]
    provinces = shipped["provinces"]
    frames = {"enrolment": shipped["enrolment"]}
    on_34 = engine.observations_on(ind, frames, provinces, 34)
    population = engine.population_on(shipped["population"], provinces, 34)
    table = engine.province_table(ind, on_34, 2019, provinces, population, vintage=34)
    assert len(table) == 34 and table["name_en"].notna().all()
    assert list(table["rank"]) == list(range(1, 35))
    hcmc = table[table["province_code"] == "79"].iloc[0]
    pop_2019 = shipped["population"]
    pop_2019 = pop_2019[(pop_2019["year"] == 2019) & pop_2019["province_code"].isin(MERGED["79"])]
    assert hcmc["per_10k"] == pytest.approx(hcmc["value"] / pop_2019["population"].sum() * 10_000)
    assert engine.carried_methods(table) == [engine.SUM_OF_PREDECESSORS]
    published = engine.observations_on(ind, frames, provinces, 63)
    assert engine.carried_methods(engine.province_table(ind, published, 2019, provinces)) == []
