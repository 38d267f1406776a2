"""Dữ liệu & nguồn / Data & sources: each dataset, its active version, sources, value types, CSV download."""

import streamlit as st

from app_pages import shared
from kpis import catalogue
from kpis.export import to_csv_bytes
from kpis.i18n import t, value_type_label

lang = shared.lang()
store = shared.get_store()
data = {name: shared.table(name) for name in store.schemas}   # every row as stored, for counts and downloads
shared.page_header("page_data", lang)
st.markdown(t("data_intro", lang))
shared.illustrative_flag(lang)

versions = {name: store.version(vid) for name, vid in shared.versions_key()}
summary = catalogue.dataset_summary(store.schemas, data, versions, lang)
st.dataframe(summary.rename(columns={c: t(f"col_{c}", lang) for c in summary.columns}), hide_index=True,
             width="stretch")

for name, schema in store.schemas.items():
    frame, version = data[name], versions[name]
    with st.expander(f"{schema.title(lang)} · `{name}`", icon=":material/table:"):
        counts = catalogue.value_type_counts(frame)
        if counts:
            st.markdown(" · ".join(f"{value_type_label(k, lang)}: **{v}**" for k, v in counts.items()))
        st.markdown(f"**{t('sources', lang)}**")
        st.dataframe(catalogue.source_table(frame).rename(columns={"source": t("source", lang),
                                                                    "rows": t("rows", lang)}),
                     hide_index=True, width="stretch")
        st.markdown(f"**{t('fields', lang)}**")
        fields = catalogue.field_table(schema, lang)
        st.dataframe(fields.rename(columns={c: t(f"col_{c}", lang) for c in fields.columns}), hide_index=True,
                     width="stretch")
        # A callable: the CSV is written when someone downloads it, not on every run of the page.
        st.download_button(t("download_csv", lang), data=lambda frame=frame: to_csv_bytes(frame),
                           file_name=f"{name}_v{version.number}.csv", mime="text/csv", key=f"data_dl_{name}",
                           icon=":material/download:", on_click="ignore")

st.subheader(t("geo_title", lang), divider="gray")
st.caption(shared.GEO_ATTRIBUTION[lang])
shared.method_expander(lang)
