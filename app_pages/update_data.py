"""Cập nhật dữ liệu / Update data: signed-in analysts upload, check, preview, publish, and roll back.

Everything a user typed or uploaded (file names, notes, cell values) is shown as data (tables, plain
text), never as Markdown or HTML.
"""

import dataclasses

import streamlit as st

from app_pages import session, shared, upload_mapping, upload_metadata
from kpis import charts, history, upload
from kpis.export import to_csv_bytes
from kpis.i18n import fmt_number, t
from kpis.metadata import FileDefaults
from kpis.problems import Limits
from kpis.reading import sheet_names
from kpis.schema import uploadable
from kpis.templates import template_bytes

lang = shared.lang()
store = shared.get_store()
shared.page_header("page_update", lang)

user = session.current_user()
if user is None:
    session.sign_in_form(lang)
    st.stop()
# protection: viewer_gate
if not user.can_write:
    st.info(t("viewer_only", lang), icon=":material/visibility:")
    st.stop()

limits = Limits()
names = {d: store.schemas[d].title(lang) for d in uploadable()}
upload_tab, history_tab = st.tabs([t("tab_upload", lang), t("tab_history", lang)])

with upload_tab:
    dataset = st.selectbox(t("dataset", lang), list(names), format_func=names.get, key="upd_dataset")
    schema = store.schemas[dataset]
    with st.expander(t("templates", lang), icon=":material/download:"):
        cols = st.columns(4)
        for col, (fmt, tlang) in zip(cols, [("xlsx", "vi"), ("csv", "vi"), ("xlsx", "en"), ("csv", "en")], strict=True):
            col.download_button(
                f"{fmt.upper()} · {tlang}",
                key=f"upd_tpl_{fmt}_{tlang}",
                on_click="ignore",
                data=lambda fmt=fmt, tlang=tlang: template_bytes(schema, fmt, tlang, shared.table(dataset)),
                file_name=f"{dataset}_template_{tlang}.{fmt}",
            )
    file = st.file_uploader(
        t("upload_file", lang, mb=limits.max_bytes // (1024 * 1024)),
        type=["csv", "tsv", "txt", "xlsx"],
        key="upd_file",
        max_upload_size=limits.max_bytes // (1024 * 1024),
    )
    if file is not None:
        data = file.getvalue()
        sheet = None
        if file.name.lower().endswith(".xlsx"):
            try:
                options = [""] + sheet_names(data)
            except Exception:  # noqa: BLE001 (a corrupt workbook is reported by the check below)
                options = [""]
            sheet = (
                st.selectbox(
                    t("sheet", lang), options, key="upd_sheet", format_func=lambda s: s or t("sheet_auto", lang)
                )
                or None
            )
        result = session.checked(store, data, file.name, dataset, sheet, lang)
        column_map = upload_mapping.column_choices(store, result, schema, dataset, lang)
        if column_map:
            result = session.checked(store, data, file.name, dataset, sheet, lang, FileDefaults(column_map=column_map))
        defaults = upload_metadata.file_defaults(result, schema, data, lang)
        if defaults is not None or column_map:
            defaults = dataclasses.replace(defaults or FileDefaults(), column_map=column_map)
            result = session.checked(store, data, file.name, dataset, sheet, lang, defaults)
        # protection: user_text_as_text
        st.text(
            t("file_summary", lang, name=result.file_name, size=fmt_number(result.size, lang), sha=result.sha256[:16])
        )
        if result.errors:
            st.error(t("file_has_errors", lang, n=fmt_number(len(result.errors), lang)), icon=":material/error:")
        problems = upload.problems_frame(result.problems, lang)
        if len(problems):
            st.dataframe(problems, hide_index=True, width="stretch")
            st.download_button(
                t("download_problems", lang),
                to_csv_bytes(problems),
                on_click="ignore",
                file_name=f"{result.file_name}.problems.csv",
                key="upd_problems_dl",
            )
        if result.ok:
            st.success(t("file_valid", lang, rows=fmt_number(len(result.frame), lang)), icon=":material/check:")
            st.header(t("preview", lang), divider="gray")
            mode = st.radio(
                t("publish_mode", lang),
                [upload.MERGE, upload.REPLACE],
                key="upd_mode",
                format_func=lambda m: t(f"mode_{m}", lang),
            )
            active = shared.table(dataset)
            change = upload.preview(schema, active, result, mode)
            diff = change.diff
            c1, c2, c3, c4 = st.columns(4)
            c1.metric(t("rows_added", lang), fmt_number(len(diff.added), lang))
            c2.metric(t("cells_changed", lang), fmt_number(len(diff.changed), lang))
            c3.metric(t("rows_removed", lang), fmt_number(len(diff.removed), lang))
            c4.metric(t("rows_unchanged", lang), fmt_number(diff.unchanged, lang))
            st.caption(t("affected", lang, years=", ".join(map(str, diff.years)) or "–", provinces=len(diff.provinces)))
            for label, frame in (
                (t("cells_changed", lang), diff.changed),
                (t("rows_added", lang), diff.added),
                (t("rows_removed", lang), diff.removed),
            ):
                if len(frame):
                    with st.expander(f"{label} ({fmt_number(len(frame), lang)})"):
                        st.dataframe(frame.head(1000), hide_index=True, width="stretch")
            if not diff.empty:
                shared.plotly(charts.before_after_chart(schema, active, change.after, lang), f"update-{dataset}")
            note = st.text_area(t("publish_note", lang), key="upd_note", max_chars=500)
            if st.button(t("publish", lang), type="primary", key="upd_publish", disabled=diff.empty):
                version = session.publish(store, result, note, mode)
                if version is not None:
                    st.success(t("published", lang, number=version.number), icon=":material/cloud_done:")

with history_tab:
    hist = st.selectbox(
        t("dataset", lang),
        list(store.schemas),
        key="upd_hist_dataset",
        format_func=lambda d: store.schemas[d].title(lang),
    )
    versions = store.versions(hist)
    st.dataframe(history.versions_frame(versions, lang), hide_index=True, width="stretch")
    numbers = [v.number for v in versions]
    chosen = st.selectbox(t("version", lang), numbers, key="upd_hist_version")
    version = next(v for v in versions if v.number == chosen)
    left, right = st.columns(2)
    left.download_button(
        t("download_version", lang, number=chosen),
        on_click="ignore",
        data=lambda vid=version.id: to_csv_bytes(store.read(hist, vid)),
        file_name=f"{hist}_v{chosen}.csv",
        key="upd_hist_dl",
    )
    if not version.active and right.button(t("restore_version", lang, number=chosen), key="upd_restore"):
        session.restore(store, hist, version)
    st.header(t("audit_log", lang), divider="gray")
    st.dataframe(history.audit_frame(store.audit(hist), lang), hide_index=True, width="stretch")
