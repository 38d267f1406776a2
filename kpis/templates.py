"""Templates an analyst fills in: CSV or XLSX, Vietnamese or English headers, with instructions (XLSX)."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from kpis.export import safe_frame
from kpis.i18n import t
from kpis.schema import TableSchema

# Fields validation finds by itself, left out of a template (a file may still state them).
FOUND_FROM_THE_FILE = ("vintage",)  # the province list: from the year and the names


def fields(schema: TableSchema) -> list[str]:
    """The fields a template asks for, in the schema's order."""
    return [n for n in schema.names if n not in FOUND_FROM_THE_FILE]


def header(schema: TableSchema, lang: str) -> list[str]:
    """The column headers as the template writes them (the readers accept them back)."""
    return [schema.field(n).title(lang) for n in fields(schema)]


def example(schema: TableSchema, frame: pd.DataFrame | None, rows: int = 3) -> pd.DataFrame:
    """A few real rows (national first) to show the expected form."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=fields(schema))
    if "province_code" in frame:
        frame = frame.sort_values("province_code", key=lambda s: s != "VN", kind="stable")
    return frame.head(rows)[fields(schema)]


def instructions(schema: TableSchema, lang: str) -> pd.DataFrame:
    """One row per column: header, meaning, type, unit, required, allowed values."""
    rows = []
    for f in schema.fields:
        allowed = ", ".join(str(e) for e in f.enum)
        if f.minimum is not None or f.maximum is not None:
            allowed = allowed or f"{'' if f.minimum is None else f.minimum:g}–{'' if f.maximum is None else f.maximum}"
        rows.append(
            {
                t("tpl_column", lang): f.title(lang),
                t("tpl_field", lang): f.name,
                t("tpl_meaning", lang): f.description,
                t("col_type", lang): t(f"type_{f.type}", lang),
                t("col_unit", lang): f.unit,
                t("tpl_required", lang): "✓" if f.required else "",
                t("tpl_allowed", lang): allowed,
            }
        )
    return pd.DataFrame(rows)


def template_bytes(schema: TableSchema, fmt: str, lang: str, frame: pd.DataFrame | None = None) -> bytes:
    """The template file: 'csv' (UTF-8 with BOM) or 'xlsx' (data sheet + instructions sheet)."""
    sample = safe_frame(example(schema, frame))
    sample.columns = header(schema, lang)
    if fmt == "csv":
        return sample.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    wb = Workbook()
    ws = wb.active
    ws.title = t("tpl_data_sheet", lang)
    ws.append(header(schema, lang))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in sample.astype(object).where(sample.notna(), None).itertuples(index=False):
        ws.append(list(row))
    help_ws = wb.create_sheet(t("tpl_help_sheet", lang))
    help_ws.append([t("tpl_intro", lang, name=schema.title(lang))])
    help_ws.append([])
    guide = instructions(schema, lang)
    help_ws.append(list(guide.columns))
    for cell in help_ws[3]:
        cell.font = Font(bold=True)
    for row in guide.itertuples(index=False):
        help_ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
