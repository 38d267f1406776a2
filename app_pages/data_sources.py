"""Dữ liệu & nguồn / Data & sources: each dataset, its active version, sources, value types, CSV download."""

import streamlit as st

from app_pages import shared
from kpis import catalogue
from kpis.export import to_csv_bytes
from kpis.i18n import t, value_type_label

lang = shared.lang()
store = shared.get_store()
shared.page_header("page_data", lang)
st.markdown(t("data_intro", lang))
shared.illustrative_flag(lang)

versions = {name: store.version(vid) for name, vid in shared.versions_key()}
# Counted in SQL: the page never holds a dataset's rows (a million for a detailed enrolment table).
value_types = {name: catalogue.value_type_counts(shared.row_counts(name, "value_type")) for name in store.schemas}
summary = catalogue.dataset_summary(store.schemas, value_types, versions, lang)
st.dataframe(
    summary.rename(columns={c: t(f"col_{c}", lang) for c in summary.columns}), hide_index=True, width="stretch"
)

for name, schema in store.schemas.items():
    version, counts = versions[name], value_types[name]
    with st.expander(f"{schema.title(lang)} · `{name}`", icon=":material/table:"):
        if counts:
            st.markdown(" · ".join(f"{value_type_label(k, lang)}: **{v}**" for k, v in counts.items()))
        st.markdown(f"**{t('sources', lang)}**")
        sources = catalogue.source_table(shared.row_counts(name, "source"))
        st.dataframe(
            sources.rename(columns={"source": t("source", lang), "rows": t("rows", lang)}),
            hide_index=True,
            width="stretch",
        )
        st.markdown(f"**{t('fields', lang)}**")
        fields = catalogue.field_table(schema, lang)
        st.dataframe(
            fields.rename(columns={c: t(f"col_{c}", lang) for c in fields.columns}), hide_index=True, width="stretch"
        )
        # A callable: the rows are read and written as CSV when someone downloads them, not on every run.
        st.download_button(
            t("download_csv", lang),
            data=lambda name=name, vid=version.id: to_csv_bytes(store.read(name, vid)),
            file_name=f"{name}_v{version.number}.csv",
            mime="text/csv",
            key=f"data_dl_{name}",
            icon=":material/download:",
            on_click="ignore",
        )

st.header(t("geo_title", lang), divider="gray")
st.caption(t("geo_attribution", lang))
shared.method_expander(lang)
