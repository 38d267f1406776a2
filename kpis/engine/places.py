"""Places: the province list in force for a year, provinces' values ranked, and regions summarised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpis.engine.observations import NATIONAL, REFORM_YEAR, vintage_of
from kpis.registry import Indicator

__all__ = ["REFORM_YEAR", "province_table", "province_years", "region_statistic", "region_summary", "vintage_of"]


def province_years(obs: pd.DataFrame) -> list[int]:
    """The years in which an indicator has values for provinces (not only the national one)."""
    return sorted({int(y) for y in obs.loc[obs["province_code"] != NATIONAL, "year"]})


def province_table(
    indicator: Indicator,
    obs: pd.DataFrame,
    year: int,
    provinces: pd.DataFrame,
    population: pd.DataFrame | None = None,
    vintage: int | None = None,
) -> pd.DataFrame:
    """Provinces' values for one year, ranked best first, with names, region and per-10,000 values.

    `vintage`: the province list `obs` is on (engine.observations_on); by default the list in force that year."""
    rows = obs[(obs["year"] == year) & (obs["province_code"] != NATIONAL)].copy()
    if rows.empty:
        return rows.assign(rank=[], name_vi=[], name_en=[], region=[], per_10k=[])
    vintage = vintage_of(year) if vintage is None else vintage
    names = provinces[provinces["vintage"] == vintage][["code", "name_vi", "name_en", "region"]]
    rows = rows.merge(names, left_on="province_code", right_on="code", how="left").drop(columns="code")
    rows["per_10k"] = np.nan
    if population is not None and indicator.per_capita:
        pop = population[population["vintage"] == vintage]
        nearest = pop.assign(_d=(pop["year"].astype(int) - year).abs()).sort_values(["_d", "year"])
        pop = nearest.drop_duplicates("province_code").set_index("province_code")["population"].astype(float)
        rows["per_10k"] = rows["value"] / rows["province_code"].map(pop) * 10_000
    rows = rows.sort_values("value", ascending=indicator.direction == "lower").reset_index(drop=True)
    rows["rank"] = np.arange(1, len(rows) + 1)
    return rows


def region_summary(table: pd.DataFrame, indicator: Indicator, metric: str = "value") -> pd.DataFrame:
    """Per region: number of provinces and their total (counts) or median (rates, ranks, per-10,000 values)."""
    if table.empty:
        return pd.DataFrame(columns=["region", "provinces", "value"])
    how = region_statistic(indicator, metric)
    out = table.groupby("region").agg(provinces=("province_code", "size"), value=(metric, how)).reset_index()
    return out.sort_values("value", ascending=indicator.direction == "lower").reset_index(drop=True)


def region_statistic(indicator: Indicator, metric: str = "value") -> str:
    """Counts add up across a region's provinces; rates and per-10,000 values are summarised by the median."""
    return "sum" if indicator.aggregation == "sum" and metric == "value" else "median"
