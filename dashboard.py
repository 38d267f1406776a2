"""Entry point: page config, language, navigation. Nothing else."""

import streamlit as st

from app_pages.session import sign_out_button
from app_pages.shared import language_picker
from kpis.i18n import t

st.set_page_config(page_title="GDNN KPI", page_icon=":material/school:", layout="wide")
lang = language_picker()

pages = [
    st.Page("app_pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True),
    st.Page(
        "app_pages/enrolment.py", title=t("page_enrolment", lang), icon=":material/group_add:", url_path="enrolment"
    ),
    st.Page(
        "app_pages/rural_training.py",
        title=t("page_rural", lang),
        icon=":material/agriculture:",
        url_path="rural-training",
    ),
    st.Page(
        "app_pages/quality_ranking.py",
        title=t("page_quality", lang),
        icon=":material/military_tech:",
        url_path="quality-ranking",
    ),
    st.Page("app_pages/provinces.py", title=t("page_provinces", lang), icon=":material/map:", url_path="provinces"),
    st.Page("app_pages/data_sources.py", title=t("page_data", lang), icon=":material/database:", url_path="data"),
    st.Page("app_pages/update_data.py", title=t("page_update", lang), icon=":material/upload_file:", url_path="update"),
]
page = st.navigation(pages)
sign_out_button(lang)
page.run()
