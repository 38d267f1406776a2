"""The Data & sources page's descriptions of a dataset: sources and value types counted per row."""

import pandas as pd
import pytest

from kpis import catalogue


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["a", "a", "b"], [("a", 2), ("b", 1)]),
        (["a | b", "b"], [("b", 2), ("a", 1)]),
        ([" a |  c ", "c"], [("c", 2), ("a", 1)]),  # parts are stripped
        (["a | a"], [("a", 2)]),  # a part cited twice by one row counts twice
        (["", " | ", None], []),  # empty parts and missing cells cite nothing
        (["x|y"], [("x|y", 1)]),  # only ' | ' separates
        (["b"] * 3 + ["a | b"] * 3 + ["a"] * 2, [("b", 6), ("a", 5)]),
    ],
)
def test_source_table_counts_rows_per_source(cells, expected):
    for dtype in ("str", object):
        got = catalogue.source_table(
            catalogue.cell_counts(pd.DataFrame({"source": pd.Series(cells, dtype=dtype)}), "source")
        )
        assert list(got.itertuples(index=False, name=None)) == expected


def test_value_type_counts_in_order_of_certainty():
    frame = pd.DataFrame({"value_type": ["illustrative", "actual", "estimate", "actual"]})
    counts = catalogue.value_type_counts(catalogue.cell_counts(frame, "value_type"))
    assert list(counts.items()) == [("actual", 2), ("estimate", 1), ("illustrative", 1)]
    assert catalogue.value_type_counts(catalogue.cell_counts(frame.drop(columns="value_type"), "value_type")) == {}
