"""The dashboard's pages, declared once: the entry point, the tests and the screenshot script loop over PAGES.

Adding a page: its module in app_pages/, one entry here, and its title (`title_key`) in the i18n catalogue.
This module imports nothing from Streamlit, so tests and scripts can read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard."""

    module: str  # file name in app_pages/, without .py
    url_path: str  # "" for the default page
    title_key: str  # i18n key of its title
    icon: str  # Material icon shortcode
    charts: bool = True  # whether the page draws at least one chart (checked by the browser test)

    @property
    def script(self) -> str:
        """The page's script, relative to the repository root (what st.Page and AppTest.switch_page take)."""
        return f"app_pages/{self.module}.py"

    @property
    def name(self) -> str:
        """A short name for test ids and screenshot files."""
        return self.url_path or self.module


PAGES = (
    PageSpec("overview", "", "page_overview", ":material/dashboard:"),
    PageSpec("enrolment", "enrolment", "page_enrolment", ":material/group_add:"),
    PageSpec("rural_training", "rural-training", "page_rural", ":material/agriculture:"),
    PageSpec("quality_ranking", "quality-ranking", "page_quality", ":material/military_tech:"),
    PageSpec("provinces", "provinces", "page_provinces", ":material/map:"),
    PageSpec("province", "province", "page_province", ":material/location_city:"),
    PageSpec("data_sources", "data", "page_data", ":material/database:", charts=False),
    PageSpec("update_data", "update", "page_update", ":material/upload_file:", charts=False),
)
