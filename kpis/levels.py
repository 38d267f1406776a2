"""The hierarchy of training levels (declared once, on the enrolment schema's `level` field) and sums over it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from kpis.schema import load_package

LEVEL_FIELD = "level"
DECLARED_IN = "enrolment"


@dataclass(frozen=True)
class LevelTree:
    """Levels and the levels each is the sum of: total = college_intermediate + elementary_other, and so on."""

    parts: dict[str, tuple[str, ...]]

    @property
    def root(self) -> str:
        """The level every other one adds up to (the total)."""
        children = {c for cs in self.parts.values() for c in cs}
        (root,) = [p for p in self.parts if p not in children]
        return root

    def children(self, level: str) -> tuple[str, ...]:
        return self.parts.get(level, ())

    @property
    def levels(self) -> list[str]:
        """Every level, parts before the level they add up to, the root last (college, intermediate, ...)."""
        out: list[str] = []

        def visit(level: str) -> None:
            for child in self.children(level):
                visit(child)
            out.append(level)

        visit(self.root)
        return out

    @property
    def stack_order(self) -> list[str]:
        """The levels below the root in the order a stacked chart draws them."""
        return self.levels[:-1]


def finest_rows(rows: pd.DataFrame, tree: LevelTree, by: list[str]) -> pd.DataFrame:
    """`rows` without the root and without any level whose parts all have rows in the same group (`by`, e.g. year):
    what a stacked chart draws, so that no figure is stacked twice (college + intermediate, not also their sum)."""
    rows = rows[rows[LEVEL_FIELD] != tree.root]
    present = rows.groupby(by)[LEVEL_FIELD].agg(frozenset)
    for level in tree.levels:
        parts = set(tree.children(level))
        if level == tree.root or not parts:
            continue
        split = present[present.map(parts.issubset)].index
        in_split = pd.MultiIndex.from_frame(rows[by]).isin(split) if len(by) > 1 else rows[by[0]].isin(split)
        rows = rows[~((rows[LEVEL_FIELD] == level) & in_split)]
    return rows


@cache
def level_tree() -> LevelTree:
    """The level hierarchy of the data package; every schema with a `level` field must use the same levels."""
    schemas = load_package()
    field = schemas[DECLARED_IN].field(LEVEL_FIELD)
    tree = LevelTree(parts=dict(field.hierarchy))
    for schema in schemas.values():
        if LEVEL_FIELD in schema.names and set(schema.field(LEVEL_FIELD).enum) != set(tree.levels):
            raise ValueError(
                f"schema {schema.name}: its levels {schema.field(LEVEL_FIELD).enum} are not those of the hierarchy "
                f"declared in {DECLARED_IN}: {tree.levels}"
            )
    return tree
