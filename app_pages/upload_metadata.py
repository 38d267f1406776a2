"""The update page's questions about the whole file: source, value type and unit (issue 10, classes 5, 12)."""

import streamlit as st

from kpis import metadata
from kpis.engine import VALUE_TYPES
from kpis.i18n import t, value_type_label
from kpis.metadata import FileDefaults


def file_defaults(result, schema, data: bytes, lang: str) -> FileDefaults | None:
    """Ask for the source and value type of the whole file when it has no such column (pre-filled from a
    `Nguồn:` / `Source:` line), and for the unit of its counts where the dataset has any; None if nothing to ask."""
    read = result.read
    if read is None:
        return None
    missing = [n for n in ("source", "value_type") if n in schema.names and metadata.lacks(read, n)]
    counts = bool(metadata.scales(schema, "thousand"))
    if not missing and not counts:
        return None
    st.subheader(t("meta_heading", lang), divider="gray")
    source, value_type, unit = "", "", ""
    if missing:
        st.caption(t("meta_help", lang))
    left, mid, right = st.columns(3)
    if "source" in missing:
        source = left.text_input(t("meta_file_source", lang), value=metadata.source_line(data), key="upd_meta_source")
    if "value_type" in missing:
        value_type = mid.selectbox(
            t("meta_value_type", lang),
            VALUE_TYPES,
            index=None,
            placeholder=t("choose_option", lang),  # Streamlit's own placeholder is English
            key="upd_meta_value_type",
            format_func=lambda v: value_type_label(v, lang),
        )
    if counts:
        unit = right.selectbox(
            t("meta_unit", lang),
            ("", *metadata.UNITS),
            key="upd_meta_unit",
            format_func=lambda u: t(f"file_unit_{u}", lang) if u else t("meta_unit_auto", lang),
        )
    defaults = FileDefaults(source=source.strip(), value_type=value_type or "", unit=unit or "")
    return defaults if defaults != FileDefaults() else None
