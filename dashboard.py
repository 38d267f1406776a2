"""Entry point: page config, language, navigation. Nothing else."""

import streamlit as st

from app_pages import PAGES
from app_pages.session import sign_out_button
from app_pages.shared import language_picker
from kpis.i18n import t

st.set_page_config(page_title="GDNN KPI", page_icon=":material/school:", layout="wide")
lang = language_picker()
page = st.navigation(
    [
        st.Page(p.script, title=t(p.title_key, lang), icon=p.icon, default=not p.url_path, url_path=p.url_path or None)
        for p in PAGES
    ]
)
sign_out_button(lang)
page.run()
