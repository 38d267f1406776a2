"""Dữ liệu & nguồn / Data & sources: each dataset, its active version, sources, value types, CSV download."""

import streamlit as st

from app_pages import shared
from kpis import catalogue
from kpis.export import to_csv_bytes
from kpis.i18n import t, value_type_label

lang = shared.lang()
store = shared.get_store()
data = shared.frames()
shared.page_header("page_data", lang)
st.markdown(t("data_intro", lang))
shared.illustrative_flag(lang)

versions = dict(shared.versions_key())
for name, schema in store.schemas.items():
    frame = data[name]
    version = store.version(versions[name])
    with st.container(border=True):
        st.subheader(schema.title(lang))
        st.caption(t("dataset_meta", lang, name=name, number=version.number, rows=len(frame),
                     at=version.created_at, user=version.created_by))
        counts = catalogue.value_type_counts(frame)
        if counts:
            st.markdown(" · ".join(f"{value_type_label(k, lang)}: **{v}**" for k, v in counts.items()))
        with st.expander(t("sources", lang)):
            st.dataframe(catalogue.source_table(frame).rename(columns={
                "source": t("source", lang), "rows": t("rows", lang)}), hide_index=True, width="stretch")
        with st.expander(t("fields", lang)):
            st.dataframe(catalogue.field_table(schema, lang), hide_index=True, width="stretch")
        st.download_button(t("download_csv", lang), data=to_csv_bytes(frame), file_name=f"{name}_v{version.number}.csv",
                           mime="text/csv", key=f"data_dl_{name}", icon=":material/download:", on_click="ignore")

st.subheader(t("geo_title", lang), divider="gray")
st.caption(shared.GEO_ATTRIBUTION[lang])
shared.method_expander(lang)
