"""Excel of any table, and of the briefing's data: a data sheet plus a metadata sheet (definitions, units,
sources, value types, data version ids, the boundaries' licence, generated-at). Text cells that a spreadsheet
would run as formulas are neutralised by kpis.export, the one implementation the CSV export uses."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from kpis.briefing.content import Briefing
from kpis.export import safe_frame
from kpis.i18n import t, unit_label, value_type_label
from kpis.registry import Registry

GEO_LICENCE = (
    'Open Development Vietnam, "Địa phận tỉnh" (Dept of Survey and Mapping), CC BY-SA 4.0 '
    "(https://creativecommons.org/licenses/by-sa/4.0/)"
)


def table_workbook(data: pd.DataFrame, meta: pd.DataFrame, lang: str) -> bytes:
    """Any table as XLSX: its data sheet and a metadata sheet, every text cell neutralised."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        safe_frame(data).to_excel(xw, index=False, sheet_name=t("sheet_data", lang))
        safe_frame(meta).to_excel(xw, index=False, sheet_name=t("sheet_meta", lang))
        for ws in xw.book.worksheets:
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col[:200])
                ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 10), 80)
    return buf.getvalue()


def data_frame(b: Briefing) -> pd.DataFrame:
    """The briefing's figures with canonical values and the words it prints."""
    lang = b.lang
    rows = []
    for s in b.sections:
        for line in s.lines:
            rows.append(
                {
                    t("task", lang, n=s.number): s.name,
                    "id": line.indicator,
                    t("indicator", lang): line.name,
                    t("year", lang): line.year,
                    t("actual", lang): line.actual,
                    t("brief_unit", lang): line.unit,
                    t("target", lang): line.target,
                    t("attainment", lang): line.attainment_ratio,
                    t("status", lang): line.status_text,
                    t("brief_change", lang): line.delta,
                    t("value_type", lang): value_type_label(line.value_type, lang) if line.value_type else "",
                    t("meta_source", lang): line.source,
                }
            )
    return pd.DataFrame(rows)


def meta_frame(b: Briefing, registry: Registry, generated_at: str | None = None) -> pd.DataFrame:
    """(field, value) rows: scope, generated-at, licence, data versions, then each indicator's definition."""
    lang = b.lang
    field, value = t("meta_field", lang), t("meta_value", lang)
    rows = [
        (t("meta_scope", lang), f"{b.scope} · {b.year}"),
        (t("meta_generated", lang), generated_at or b.generated_at),
        (t("meta_geo_licence", lang), GEO_LICENCE),
    ]
    rows += [
        (f"{t('meta_version_id', lang)}: {v.dataset}", f"{v.version_id} (v{v.number}, {v.published_at})")
        for v in b.versions
    ]
    types = sorted({line.value_type for line in b.lines if line.value_type})
    rows.append((t("meta_value_types", lang), ", ".join(f"{v}: {value_type_label(v, lang)}" for v in types)))
    for line in b.lines:
        ind = registry.get(line.indicator)
        rows.append((f"{line.indicator}: {t('meta_definition', lang)}", ind.description(lang)))
        rows.append((f"{line.indicator}: {t('brief_unit', lang)}", unit_label(ind.unit, lang)))
        rows.append((f"{line.indicator}: {t('meta_source', lang)}", line.source or ind.source_org))
    return pd.DataFrame(rows, columns=[field, value])


def briefing_workbook(b: Briefing, registry: Registry) -> bytes:
    return table_workbook(data_frame(b), meta_frame(b, registry), b.lang)


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
