"""Open SDG's released progress measure, ported as the reference the engine is tested against. Not production code.

Source: open-sdg/sdg-build, `sdg/ProgressMeasure.py` at commit 139fede74ba534d2ed8b9eee4cd878b41f54cb67, the version
that Open SDG 2.4's `docs/progress-methodology.md` describes (read at open-sdg/open-sdg commit
26d2e38700e4fee329fea4823e908c4298064693: R = d x CAGR_i / |CAGR_T|, 0.001 for a zero target and for a zero base
value, the mean score of the series for the indicator, "released with Open SDG Version 2.4.0"). Earlier versions of
the file differ where it matters here: 27c0bf0 computes cagr_o / cagr_r (no d, no absolute value) and returns early
on an achieved target only after the base-year checks; 67105145/67134908 (later class-based drafts) refuse a zero
base value instead of substituting 0.001 and score an achieved target only when a progress value exists.

The port keeps the released code's structure: the same attributes, the same checks in the same order, the same
constants, the same pandas look-ups (so the same numpy scalar types: a division by a zero required growth gives
+-inf or NaN, as it does there, and a base year without data at or after it raises, as `.item()` does there). What is
left out does not apply to one series of (year, value) points: disaggregation filtering, series/unit columns, the
cache, logging (warnings are collected in a list instead).

Licence of the source (MIT):

    Copyright (c) 2018 Office for National Statistics

    Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
    documentation files (the "Software"), to deal in the Software without restriction, including without limitation
    the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
    to permit persons to whom the Software is furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all copies or substantial portions
    of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
    THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
    CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
    IN THE SOFTWARE.

`category()` at the end is ours: it maps the product's inputs onto the released configuration (direction, one
target value, target year, base year) and the released labels onto the product's statuses.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

SOURCE = "open-sdg/sdg-build sdg/ProgressMeasure.py @ 139fede74ba534d2ed8b9eee4cd878b41f54cb67"


class SeriesProgress:
    """One series' progress, as `SeriesProgress.__init__` computes it in the released code."""

    def __init__(self, data: pd.DataFrame, config: dict):
        self.warnings: list[str] = []
        self.data = data
        # Options, with the released defaults.
        self.base_year = config.get("base_year", 2015)
        self.target = config.get("target")
        if self.target == 0:
            self.warn("target is zero: 0.001 instead")
            self.target = 0.001
        self.target_year = config.get("target_year", 2030)
        self.direction = 1 if config.get("direction") == "positive" else -1
        self.limit = config.get("limit")
        self.method = 1 if self.target is None else 2
        self.progress_thresholds = config.get("progress_thresholds", {})
        self.base_value = None
        self.current_year = None
        self.current_value = None
        self.sign = None
        self.target_achieved = False
        self.progress_value = None
        self.status = "not_available"
        self.score = None

        self.data = self.filter_data()
        if self.data is None:
            self.warn("no data")
        else:
            years = self.data["Year"]
            self.current_year = years.max()
            self.current_value = self.data.Value[self.data.Year == self.current_year].item()
            if self.base_year not in years.values:
                # The first year with data after the base year (NaN when there is none: `.item()` below then raises).
                self.base_year = years[years > self.base_year].min()
            self.base_value = self.data.Value[self.data.Year == self.base_year].item()

            self.sign = -1 if self.base_value < 0 else 1
            self.progress_thresholds = self.get_progress_thresholds()

            self.target_achieved = self.is_target_achieved()
            self.progress_value = self.calculate_progress_value()
            self.status = get_progress_status(self.progress_value, self.progress_thresholds, self.target_achieved)
            self.score = self.get_score()

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def filter_data(self) -> pd.DataFrame | None:
        """The released filter for a frame that is only Year and Value: drop NA, floats, no duplicate years."""
        data = self.data
        data = data[data["Value"].notna()]
        data = data.assign(Value=data["Value"].astype("float"))
        duped = data.loc[data["Year"].duplicated(False)]
        if duped.empty is False:
            raise ValueError(f"duplicate years: {sorted(set(duped['Year']))}")
        if data.shape[0] < 1:
            return None
        return data

    def calculate_progress_value(self):
        if self.data is None:
            return None
        if not all_rows_unique(self.data):
            return None
        if self.base_value == 0:
            self.warn("base value is zero: 0.001 instead")
            self.base_value = 0.001
        if (self.base_value > 0 and self.current_value < 0) or (self.base_value < 0 and self.current_value > 0):
            self.warn("base and current values on opposite sides of zero")
            return None
        if self.base_year > self.current_year:  # unreachable: such a base year already raised above
            return None
        if self.current_year - self.base_year < 1:
            self.warn("fewer than two years of data from the base year")
            return None
        if self.method == 1:
            return self.methodology_1()
        return self.methodology_2()

    def methodology_1(self):
        """No numeric target: the observed growth, in the desired direction."""
        return (
            self.sign
            * self.direction
            * growth_calculation(self.current_value, self.base_value, self.current_year, self.base_year)
        )

    def methodology_2(self):
        """A numeric target: R = s x d x CAGR_observed / |CAGR_required|."""
        cagr_o = growth_calculation(self.current_value, self.base_value, self.current_year, self.base_year)
        cagr_r = growth_calculation(self.target, self.base_value, self.target_year, self.base_year)
        return self.sign * self.direction * cagr_o / abs(cagr_r)

    def is_target_achieved(self) -> bool:
        if self.target is not None:  # noqa: SIM102 (the released structure)
            if (self.direction == -1 and self.current_value <= self.target) or (
                self.direction == 1 and self.current_value >= self.target
            ):
                return True
        return False

    def get_score(self):
        """The score in [-5, 5]; 5 for an achieved target, whatever the progress value (even none)."""
        if self.target_achieved:
            return 5
        if self.progress_value is None:
            return None
        high = self.progress_thresholds["high"]
        med = self.progress_thresholds["med"]
        low = self.progress_thresholds["low"]
        if self.method == 1:
            coeff = self.progress_thresholds.get("coefficient", 1)
            if self.progress_value < low:
                return max(125 * self.progress_value - 2.5, -5)
            if coeff == 0:
                return 5
            if self.progress_value >= high:
                return min(500 * self.progress_value / coeff - 5, 5)
            if self.progress_value >= med:
                return 250 * self.progress_value / coeff - 1.25
            if self.progress_value >= low:
                return 500 * self.progress_value / coeff - 2.5
        else:
            if self.progress_value >= high:
                return min((7.1429 * self.progress_value) - 4.2857, 5)
            if self.progress_value >= med:
                return min((7.1429 * self.progress_value) - 4.2857, 5)
            if self.progress_value >= low:
                return max((4.1667 * self.progress_value) - 2.5, -5)
            if self.progress_value < low:
                return max((4.1667 * self.progress_value) - 2.5, -5)
        return None  # a NaN progress value passes no comparison

    def get_progress_thresholds(self) -> dict:
        user_thresholds = self.progress_thresholds
        if self.method == 1:
            progress_thresholds = {"high": 0.015, "med": 0.005, "low": 0}
            progress_thresholds.update(user_thresholds)
            if self.limit is not None:
                base_value = abs(self.base_value)
                limit = abs(self.limit)
                a = 4.44
                if base_value >= 2 * limit:
                    coeff = 1
                elif base_value <= limit:
                    coeff = 1 - (base_value / limit) ** a
                else:
                    coeff = 1 - ((2 * limit - base_value) / limit) ** a
                for key in ["high", "med", "low"]:
                    progress_thresholds[key] *= coeff
                progress_thresholds["coefficient"] = coeff
        else:
            progress_thresholds = {"high": 0.95, "med": 0.6, "low": 0}
            progress_thresholds.update(user_thresholds)
        return progress_thresholds


def all_rows_unique(df: pd.DataFrame, ignore_columns=("Value", "Progress")) -> bool:
    cols = [col for col in df.columns if col not in ignore_columns]
    return not df.duplicated(subset=cols).any()


def growth_calculation(val1, val2, t1, t2):
    """Compound annual growth rate from (t2, val2) to (t1, val1)."""
    return ((val1 / val2) ** (1 / (t1 - t2))) - 1


def get_progress_status(value, thresholds: dict, target_achieved: bool = False) -> str:
    """The series' label from its progress value (the documented thresholds)."""
    x = float(thresholds["high"])
    y = float(thresholds["med"])
    z = float(thresholds["low"])
    if target_achieved:
        return "target_achieved"
    if value is not None:
        if value >= x:
            return "substantial_progress"
        elif y <= value < x:
            return "moderate_progress"
        elif z <= value < y:
            return "limited_progress"
        elif value < z:
            return "deterioration"
    return "not_available"


def get_progress_status_from_score(score, target_achieved: bool = False) -> str | None:
    """The indicator's label from its (mean) score: what the platform publishes for the indicator."""
    if target_achieved:
        return "target_achieved"
    if score is None:
        return "not_available"
    elif 2.5 <= score <= 5:
        return "substantial_progress"
    elif 0 <= score < 2.5:
        return "moderate_progress"
    elif -2.5 <= score < 0:
        return "limited_progress"
    elif -5 <= score < -2.5:
        return "deterioration"
    return None


def indicator_progress(data: pd.DataFrame, configs: list[dict]) -> tuple[float | None, str]:
    """`IndicatorProgress.get_indicator_progress` with `auto_progress_calculation: true`: (score, status)."""
    indicator_score = None
    indicator_status = ""
    scores, targets = [], []
    for config in configs:
        series = SeriesProgress(data, config)
        if series.score is not None:
            scores.append(series.score)
            targets.append(series.target_achieved)
    if scores:
        indicator_score = np.mean(scores)
        target_achieved = all(targets)
        indicator_status = get_progress_status_from_score(indicator_score, target_achieved)
    return indicator_score, indicator_status


# -- ours: the product's inputs in, the product's statuses out ------------------------------------------------------

# The released labels as the product's statuses. "" is the indicator status when no series has a score.
STATUS = {
    "target_achieved": "achieved",
    "substantial_progress": "on_track",
    "moderate_progress": "acceleration_needed",
    "limited_progress": "limited_progress",
    "deterioration": "deterioration",
    "not_available": "insufficient_data",
    "": "insufficient_data",
}


def released_target(target_type: str, value: float, value_high: float | None, direction: str) -> float:
    """The one target value the released code takes. A band's edge on the side the series must cross to enter
    it: its low edge when higher is better, its high edge when lower is better (the product's `target_level`)."""
    if target_type == "range" and value_high is not None:
        return value if direction == "higher" else value_high
    return value


def config_for(direction: str, target_value: float, target_year: int, base_year: int | None) -> dict:
    config = {"direction": "positive" if direction == "higher" else "negative"}
    config["target"] = target_value
    config["target_year"] = target_year
    if base_year is not None:
        config["base_year"] = base_year
    return config


def category(
    points,
    direction: str,
    target_value: float,
    target_year: int,
    target_type: str = "at_least",
    value_high: float | None = None,
    base_year: int | None = None,
    level: str = "indicator",
) -> str:
    """The product status Open SDG gives one series of (year, value) points.

    `level="indicator"` is what the platform publishes for an indicator of one series (the status of its score);
    `level="series"` is the series' own label (the thresholds on R directly). They differ only for R in
    [0.9499923, 0.95) and [0.5999952, 0.6), where the published score constants (7.1429, 4.2857, 4.1667) round.
    Where the released code raises (a base year with no data at or after it, a required growth over zero years, a
    complex growth rate), Open SDG publishes no assessment: `insufficient_data`.
    """
    years = [int(y) for y, _ in points]
    frame = pd.DataFrame({"Year": pd.Series(years, dtype="int64"), "Value": [float(v) for _, v in points]})
    config = config_for(
        direction, released_target(target_type, target_value, value_high, direction), target_year, base_year
    )
    try:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            if level == "series":
                return STATUS[SeriesProgress(frame, config).status]
            return STATUS[indicator_progress(frame, [config])[1]]
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return "insufficient_data"
