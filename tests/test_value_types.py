"""The value types, `preliminary` (sơ bộ) among them: their order of certainty, the schemas, the labels, and
everywhere a value type is shown (cards, chart hovers, the data page's counts)."""

import pandas as pd
import pytest

from kpis import catalogue, charts, engine
from kpis.cards import card
from kpis.i18n import value_type_label
from kpis.registry import load_registry
from kpis.schema import load_package

REG = load_registry()


def test_value_types_from_most_to_least_certain():
    assert engine.VALUE_TYPES == ("actual", "preliminary", "estimate", "inferred", "illustrative")


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["actual", "preliminary"], "preliminary"),
        (["preliminary", "actual", "actual"], "preliminary"),
        (["preliminary", "estimate"], "estimate"),
        (["inferred", "preliminary"], "inferred"),
        (["illustrative", "preliminary"], "illustrative"),
        (["actual"], "actual"),
    ],
)
def test_the_weakest_type_of_the_parts_wins(types, expected):
    assert engine.worst_value_type(types) == expected


def _enrolment(rows):
    return pd.DataFrame(
        [
            {"year": y, "province_code": "VN", "level": lv, "value": v, "source": lv, "value_type": vt, "note": ""}
            for y, lv, v, vt in rows
        ]
    )


@pytest.mark.parametrize(
    ("second", "expected"),
    [("actual", "preliminary"), ("estimate", "estimate"), ("preliminary", "preliminary")],
)
def test_a_sum_of_levels_with_a_preliminary_part_is_preliminary(second, expected):
    frame = _enrolment([(2025, "college_intermediate", 580, "preliminary"), (2025, "elementary_other", 1750, second)])
    obs = engine._level_values(frame, "value", "total")
    assert obs["value"].tolist() == [2330] and obs["value_type"].tolist() == [expected]


def test_every_schema_with_a_value_type_offers_every_value_type_in_order():
    with_type = [s for s in load_package().values() if "value_type" in s.names]
    assert len(with_type) >= 7  # guard: the walk is not empty
    for schema in with_type:
        f = schema.field("value_type")
        assert f.enum == engine.VALUE_TYPES, schema.name
        assert "Sơ bộ" in dict(f.enum_aliases)["preliminary"], schema.name


@pytest.mark.parametrize(("lang", "label"), [("vi", "sơ bộ"), ("en", "preliminary")])
def test_label(lang, label):
    assert value_type_label("preliminary", lang) == label


def _preliminary_2024(shipped):
    """The shipped enrolment with its 2024 national total marked preliminary."""
    frames = dict(shipped)
    frame = shipped["enrolment"].copy()
    frame.loc[frame["year"] == 2024, "value_type"] = "preliminary"
    frames["enrolment"] = frame
    return frames


@pytest.mark.parametrize(("lang", "label"), [("vi", "sơ bộ"), ("en", "preliminary")])
def test_a_card_says_its_value_is_preliminary(shipped, lang, label):
    frames = _preliminary_2024(shipped)
    ind = REG.get("enrolment_total")
    kpi = engine.evaluate(
        ind, engine.observations(ind, frames), engine.targets_for(frames["targets"], ind.id), 2024, 2026
    )
    assert kpi.value_type == "preliminary" and not kpi.illustrative
    assert any(label in note for note in card(kpi, ind, lang).notes)
    actual = engine.evaluate(
        ind, engine.observations(ind, shipped), engine.targets_for(shipped["targets"], ind.id), 2024, 2026
    )
    assert not any(label in note for note in card(actual, ind, lang).notes)


def test_a_trend_chart_hover_says_preliminary(shipped):
    frames = _preliminary_2024(shipped)
    ind = REG.get("enrolment_total")
    national = engine.series(engine.observations(ind, frames))
    fig = charts.trend_chart(ind, national, engine.targets_for(frames["targets"], ind.id), "en")
    hover = dict(zip(fig.data[0].x, fig.data[0].customdata, strict=True))
    assert hover[2024].startswith("preliminary") and hover[2020].startswith("actual")


def test_the_data_page_counts_preliminary_rows_after_actual():
    frame = pd.DataFrame({"value_type": ["estimate", "preliminary", "actual", "preliminary"]})
    counts = catalogue.value_type_counts(catalogue.cell_counts(frame, "value_type"))
    assert list(counts.items()) == [("actual", 1), ("preliminary", 2), ("estimate", 1)]
