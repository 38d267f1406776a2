"""Pure KPI arithmetic: observations, attainment, status, deltas and projections. No I/O, no Streamlit.

Definitions (shown to users by the Data & sources page and the README):

- Attainment is a ratio; 1.0 means exactly on target and above 1.0 always means better than the
  target, whatever the direction:
  at_least: actual / target.  at_most: target / actual (for a rank, lower is better).
  range [lo, hi]: the value enters the band from its worse side: actual / lo where higher is
  better, hi / actual where lower is better; going beyond the band on the better side still counts.
  improve_by N against baseline b: the change in the better direction divided by N,
  ((actual - b) * sign) / N.
- Status of a year with a target: `achieved` / `not_achieved` when the target year is past and its
  data is in; `insufficient_data` when the year is past and there is no data for it (never a
  judgement); for the current or a future target year, Open SDG's released progress measure
  (open-sdg/sdg-build, sdg/ProgressMeasure.py at commit 139fede74ba534d2ed8b9eee4cd878b41f54cb67, the
  version Open SDG 2.4 documents), followed exactly on the values known in the year looked at:
  `achieved` once the latest value meets the target (even a single value), else R = s x d x
  CAGR_observed / |CAGR_required| from the base year (the target's baseline year, else 2015; the
  first year with data after it when it has none) and R's category (`on_track`,
  `acceleration_needed`, `limited_progress`, `deterioration`); `insufficient_data` without two years
  from the base. A zero target or base value counts as 0.001. `no_target` otherwise. Tested against a
  port of the released code: tests/reference/open_sdg_progress.py.
- Delta against the previous year with data: a difference in the indicator's unit, so a rate moves
  in percentage points, never in percent of a percent.

The package's rooms: `observations` (values by year and place), `targets` (target rows, the level each asks
for, attainment), `progress` (Open SDG's measure, projections), `kpi` (a KPI per indicator, `kpi_table`),
`places` (province lists, province tables, regions), `vintages` (history carried onto the 34). Everything public is importable from `kpis.engine`.
"""

from kpis.engine.kpi import (
    STATUSES,
    Kpi,
    default_year,
    evaluate,
    kpi_table,
    latest_year,
    target_verdicts,
    years_with_data,
)
from kpis.engine.observations import (
    LIST_COLUMN,
    LIST_YEARS,
    LISTS,
    NATIONAL,
    OBS_COLUMNS,
    SUM_KEYS,
    VALUE_TYPES,
    _level_values,
    is_illustrative,
    measure_rows,
    observations,
    observations_as_given,
    on_year_lists,
    series,
    summed_column,
    worst_value_type,
)
from kpis.engine.places import (
    REFORM_YEAR,
    province_table,
    province_years,
    region_statistic,
    region_summary,
    vintage_of,
)
from kpis.engine.progress import (
    ACCELERATION,
    DEFAULT_BASE_YEAR,
    ON_TRACK,
    PROGRESS_SOURCE,
    SCORE_LOWER,
    SCORE_UPPER,
    ZERO_SUBSTITUTE,
    progress,
    progress_category,
    projection,
    trend_projection,
)
from kpis.engine.targets import (
    Target,
    attainment,
    province_targets,
    target_band,
    target_from_row,
    target_level,
    targets_by_indicator,
    targets_for,
)
from kpis.engine.vintages import (
    POPULATION_WEIGHTED,
    RATIO_OF_PREDECESSORS,
    SUM_OF_PREDECESSORS,
    VINTAGES,
    carried_methods,
    observations_on,
    population_on,
    predecessors,
    published_lists,
    row_vintages,
    successors,
    with_lists,
)

__all__ = [
    "ACCELERATION",
    "DEFAULT_BASE_YEAR",
    "LISTS",
    "LIST_COLUMN",
    "LIST_YEARS",
    "NATIONAL",
    "OBS_COLUMNS",
    "ON_TRACK",
    "POPULATION_WEIGHTED",
    "PROGRESS_SOURCE",
    "RATIO_OF_PREDECESSORS",
    "REFORM_YEAR",
    "SCORE_LOWER",
    "SCORE_UPPER",
    "STATUSES",
    "SUM_KEYS",
    "SUM_OF_PREDECESSORS",
    "VALUE_TYPES",
    "VINTAGES",
    "ZERO_SUBSTITUTE",
    "Kpi",
    "Target",
    "_level_values",
    "attainment",
    "carried_methods",
    "default_year",
    "evaluate",
    "is_illustrative",
    "kpi_table",
    "latest_year",
    "measure_rows",
    "observations",
    "observations_as_given",
    "observations_on",
    "on_year_lists",
    "population_on",
    "predecessors",
    "progress",
    "progress_category",
    "projection",
    "province_table",
    "province_targets",
    "province_years",
    "published_lists",
    "region_statistic",
    "region_summary",
    "row_vintages",
    "series",
    "successors",
    "summed_column",
    "target_band",
    "target_from_row",
    "target_level",
    "target_verdicts",
    "targets_by_indicator",
    "targets_for",
    "trend_projection",
    "vintage_of",
    "with_lists",
    "worst_value_type",
    "years_with_data",
]
