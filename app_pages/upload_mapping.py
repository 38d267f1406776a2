"""The update page's mapping step (issue 10, class 11): for each column of the file, the field it feeds or none.

Each column is pre-selected with what was remembered for this layout (the header signature) in this dataset, else
with what the reader matched. A choice that differs is remembered for the next file of the same layout (signed-in
analysts only) and applied as the CLI's `--map 'HEADER=field'` would be. Headers are shown as text, never Markdown.
"""

import streamlit as st

from app_pages import session
from kpis.column_maps import column_map
from kpis.i18n import fmt_number, t
from kpis.provinces import NAME_COLUMN


def column_choices(store, result, schema, dataset: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The (header, field or "") pairs the analyst chose that differ from the reader's match; () if none."""
    read = result.read
    if read is None or not read.header:
        return ()
    header, matched = read.header, read.header_fields
    remembered = store.column_map(dataset, header)
    if remembered is not None and len(remembered) != len(header):
        remembered = None
    baseline = remembered if remembered is not None else matched
    years = set(read.year_columns)
    mappable = [
        j for j, h in enumerate(header) if j not in years and matched[j] != NAME_COLUMN and (h.strip() or matched[j])
    ]
    unknown = [j for j in mappable if not matched[j]]
    options = ["", *schema.names]

    def label(name: str) -> str:
        return f"{schema.field(name).title(lang)} ({name})" if name else t("colmap_none", lang)

    chosen = list(matched)
    with st.expander(
        t("colmap_heading", lang), expanded=bool(unknown) or remembered is not None, icon=":material/view_column:"
    ):
        st.caption(t("colmap_help", lang))
        if remembered is not None:
            st.info(t("colmap_remembered", lang), icon=":material/history:")
        elif unknown:
            st.warning(t("colmap_unknown", lang, count=fmt_number(len(unknown), lang)), icon=":material/help:")
        for j in mappable:
            left, right = st.columns([2, 3], vertical_alignment="center")
            # protection: header_text_as_text
            left.text(f"{t('colmap_column', lang, number=j + 1)}: {header[j].strip() or t('colmap_no_header', lang)}")
            pre = baseline[j] if baseline[j] in options else ""
            chosen[j] = right.selectbox(
                t("colmap_field_for", lang, number=j + 1),
                options,
                index=options.index(pre),
                format_func=label,
                key=f"upd_map_{result.sha256[:16]}_{j}",
                label_visibility="collapsed",
            )
        measure = next((f for f in read.cell_columns if f != "year"), "")
        if years and measure and "year" in read.table:
            found = sorted({str(y) for y in read.table["year"]})
            st.caption(
                t("colmap_years", lang, count=len(years), first=found[0], last=found[-1], measure=label(measure))
            )
        for j in (j for j in range(len(header)) if matched[j] == NAME_COLUMN):
            st.text(f"{t('colmap_column', lang, number=j + 1)}: {header[j].strip()} · {t('colmap_names', lang)}")
    if tuple(chosen) != tuple(baseline) and session.save_column_map(store, dataset, header, chosen):
        st.toast(t("colmap_saved", lang), icon=":material/bookmark:")
    return column_map(header, matched, chosen)
