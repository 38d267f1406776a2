"""Display-ready tables of provinces and regions: text columns in the reader's language, as pages show them."""

from __future__ import annotations

import re

import pandas as pd

from kpis import engine
from kpis.i18n import fmt_number, fmt_value, region_label, t, value_type_label
from kpis.registry import Indicator

# What Markdown reads as syntax, with Streamlit's own (:emoji: and :red[colour] directives, $maths$): st.table
# renders every cell as Markdown, and a province name or a source is data, shown as written.
MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]()<>#|~$:!{}])")


def markdown_text(value: object) -> str:
    """`value` as a Markdown cell shows it: every syntax character escaped (a missing value: empty)."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    # protection: markdown_cells_escaped
    return MARKDOWN_SYNTAX.sub(r"\\\1", str(value))


def markdown_frame(
    frame: pd.DataFrame, links: dict[str, list[str]] | None = None, unbroken: tuple[str, ...] = ()
) -> pd.DataFrame:
    """`frame` for st.table: every cell escaped so it shows as written, the columns in `links` each a link to the
    address given for its row (addresses are the app's own, built from validated codes), the columns in
    `unbroken` kept on one line (a phone scrolls the table sideways instead of wrapping a region's name onto five
    lines in every row). Headers are the catalogue's and kept."""
    out = frame.map(markdown_text)
    for column in unbroken:
        out[column] = out[column].str.replace(" ", "\u00a0")
    for column, urls in (links or {}).items():
        out[column] = [f"[{text}]({url})" for text, url in zip(out[column], urls, strict=True)]
    return out


def name_column(lang: str) -> str:
    """The column of a province table that holds names in `lang`."""
    return "name_vi" if lang == "vi" else "name_en"


def region_frame(table: pd.DataFrame, ind: Indicator, metric: str, lang: str) -> pd.DataFrame:
    """Per region: its name, how many provinces, and their total (counts) or median (rates, per-10,000 values)."""
    regions = engine.region_summary(table, ind, metric)
    unit, decimals = (ind.unit, ind.decimals) if metric == "value" else ("", 1)
    out = pd.DataFrame(
        {
            t("region", lang): regions["region"].map(lambda r: region_label(r, lang)),
            t("province_count", lang): regions["provinces"],
            t(f"region_{engine.region_statistic(ind, metric)}", lang): regions["value"].map(
                lambda v: fmt_value(v, unit, lang, decimals)
            ),
        }
    )
    return out.reset_index(drop=True)


def province_frame(table: pd.DataFrame, ind: Indicator, lang: str) -> pd.DataFrame:
    """Provinces ranked for one year: rank, name, value, per 10,000 (counts only), value type, region, code. The
    figures come first: on a phone they are what shows before the table scrolls sideways."""
    columns = {
        t("rank", lang): table["rank"],
        t("province", lang): table[name_column(lang)],
        t("value", lang): table["value"].map(lambda v: fmt_value(v, ind.unit, lang, ind.decimals)),
    }
    if ind.per_capita:
        columns[t("per_10k", lang)] = table["per_10k"].map(lambda v: fmt_number(v, lang, 1))
    columns[t("value_type", lang)] = table["value_type"].map(lambda v: value_type_label(v, lang))
    columns[t("region", lang)] = table["region"].map(lambda r: region_label(r, lang))
    columns[t("code", lang)] = table["province_code"]
    return pd.DataFrame(columns).reset_index(drop=True)
