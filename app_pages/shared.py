"""What every page shares: the store, caches keyed by the active data versions, language, common widgets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from kpis import charts, engine, scorecard
from kpis.cards import Card
from kpis.frames import indicator_frames
from kpis.i18n import DEFAULT_LANG, LANGS, norm_lang, status_label, t
from kpis.registry import Indicator, Registry, load_registry
from kpis.store import Store, open_store
from kpis.theme import STATUS_STYLE


@st.cache_resource
def get_store() -> Store:
    """One store per server process (migrated and seeded on first use)."""
    return open_store()


@st.cache_resource
def registry() -> Registry:
    return load_registry()


def versions_key() -> tuple[tuple[str, int], ...]:
    """The active version of every dataset: one cheap query per rerun, the key of every data cache."""
    return tuple(sorted(get_store().active_versions().items()))


@st.cache_resource(max_entries=4)
def _frames(key: tuple[tuple[str, int], ...]) -> dict[str, pd.DataFrame]:
    # cache_resource: shared and not copied on every hit; pages never mutate these frames.
    return indicator_frames(get_store(), registry().indicators, dict(key))


def frames() -> dict[str, pd.DataFrame]:
    """Every dataset at its active version as the indicators read it (enrolment summed per level and source)."""
    return _frames(versions_key())


@st.cache_resource(max_entries=16)
def _table(name: str, version_id: int) -> pd.DataFrame:
    return get_store().read(name, version_id=version_id)


def table(name: str) -> pd.DataFrame:
    """Every row and column of one dataset at its active version, as stored (downloads, templates, diffs)."""
    return _table(name, dict(versions_key())[name])


@st.cache_data(max_entries=256)
def _row_counts(name: str, column: str, version_id: int) -> pd.Series:
    if column not in get_store().schemas[name].names:
        return pd.Series(dtype="int64")
    return get_store().count_rows(name, column, version_id)


def row_counts(name: str, column: str) -> pd.Series:
    """Rows per distinct value of one column of a dataset at its active version (counted in SQL, cached)."""
    return _row_counts(name, column, dict(versions_key())[name])


def _observe(key: tuple[tuple[str, int], ...]):
    return lambda ind: _observations(ind.id, key)


@st.cache_resource(max_entries=64)
def _observations(indicator_id: str, key: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    return engine.observations(registry().get(indicator_id), _frames(key))


def observations(indicator_id: str) -> pd.DataFrame:
    """An indicator's values (all years and places), cached per data version."""
    return _observations(indicator_id, versions_key())


@st.cache_resource(max_entries=64)
def _observations_on(indicator_id: str, vintage: int, key: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    data = _frames(key)
    return engine.observations_on(registry().get(indicator_id), data, data["provinces"], vintage, data["population"])


def observations_on(indicator_id: str, vintage: int) -> pd.DataFrame:
    """An indicator's values with every provincial value on the list `vintage` (63-era years carried onto the 34),
    cached per data version."""
    return _observations_on(indicator_id, vintage, versions_key())


@st.cache_resource(max_entries=8)
def _population_on(vintage: int, key: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    data = _frames(key)
    return engine.population_on(data["population"], data["provinces"], vintage)


def population_on(vintage: int) -> pd.DataFrame:
    """Population on the list `vintage` (63-era years summed onto the 34), cached per data version."""
    return _population_on(vintage, versions_key())


@st.cache_data(max_entries=256)
def _kpis(year: int, province: str, current: int, key: tuple[tuple[str, int], ...]) -> list[engine.Kpi]:
    return engine.kpi_table(registry().indicators, _frames(key), year, current, province, observe=_observe(key))


def kpis(year: int, province: str = engine.NATIONAL) -> list[engine.Kpi]:
    """The KPI of every indicator for a year, cached per data version."""
    return _kpis(year, province, current_year(), versions_key())


def current_year() -> int:
    return dt.date.today().year


def url_choice(
    label: str, options: list, key: str, default, *, format_func=str, widget: str = "selectbox", container=st, **kwargs
):
    """A choice kept in the URL as the option's plain value (?key=value), so a copied link reproduces the view.

    Query parameters are untrusted: a value that is not one of the options is ignored. (Streamlit's own
    bind="query-params" keeps the *displayed* label in the URL, which changes with the language.)
    """
    by_text = {str(o): o for o in options}
    raw = st.query_params.get(key)
    # protection: url_choice_whitelist
    value = by_text.get(raw, default if default in options else options[0])

    # The widget key follows the options, so a page with other options never inherits a stale value.
    widget_key = f"_url_{key}_{abs(hash(tuple(by_text)))}"

    def _store() -> None:
        chosen = st.session_state[widget_key]
        if chosen == default:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = str(chosen)

    # The URL wins over a state the widget kept from before a link or a click brought the value (a map click
    # switching to ?code=01 found the picker's old choice); set only before the widget is drawn, and then the
    # widget takes no index of its own (both at once is refused by Streamlit).
    if widget_key not in st.session_state or (raw in by_text and st.session_state[widget_key] != value):
        st.session_state[widget_key] = value
    make = getattr(container, widget)
    return make(label, options, key=widget_key, format_func=format_func, on_change=_store, **kwargs)


def language_picker() -> str:
    """The UI language: ?lang=en in the URL, or the sidebar switch (Vietnamese by default)."""
    if "lang" not in st.query_params and st.session_state.get("lang") == "en":
        st.query_params["lang"] = "en"  # keep the language in the URL across page switches
    choice = url_choice(
        t("language", "vi") + " / Language",
        list(LANGS),
        "lang",
        DEFAULT_LANG,
        widget="radio",
        container=st.sidebar,
        horizontal=True,
        format_func=lambda code: t(f"lang_{code}", code),
    )
    st.session_state["lang"] = norm_lang(choice)
    return st.session_state["lang"]


def lang() -> str:
    return norm_lang(st.session_state.get("lang"))


def year_picker(key: str, years: list[int], default: int, label: str | None = None, container=st) -> int:
    """A year selector kept in the URL."""
    years = sorted(set(years))
    default = default if default in years else years[-1]
    return url_choice(label or t("year", lang()), years, key, default, container=container)


def badge_markdown(label: str, icon: str, colour: str) -> str:
    """st.badge's own Markdown (':colour-badge[icon label]', square brackets escaped), for several badges in one
    element."""
    escaped = label.replace("[", "\\[").replace("]", "\\]")
    return f":{colour}-badge[{icon} {escaped}]"


def status_markdown(status: str, language: str, label_prefix: str = "") -> str:
    """Status as colour + icon + text, in Markdown."""
    colour, icon, _ = STATUS_STYLE[status]
    return badge_markdown(label_prefix + status_label(status, language), icon, colour)


def status_badge(status: str, language: str, container=st, label_prefix: str = "") -> None:
    """Status as colour + icon + text."""
    colour, icon, _ = STATUS_STYLE[status]
    container.badge(label_prefix + status_label(status, language), icon=icon, color=colour)


def illustrative_flag(language: str, container=st) -> None:
    """The mark on every chart, card or table that shows illustrative data."""
    container.warning(t("illustrative_note", language), icon=":material/science:")


def kpi_card(c: Card, language: str) -> None:
    """One KPI card: value, delta, sparkline, target, attainment, status (colour + icon + text)."""
    with st.container(border=True):
        st.markdown(f"**{c.title}**", help=c.help)
        st.metric(
            c.title,
            c.value,
            delta=c.delta,
            delta_color=c.delta_color,
            delta_arrow=c.delta_arrow,
            delta_description=c.delta_description,
            label_visibility="collapsed",
        )
        if c.sparkline_svg:
            # Our own SVG (numbers and the catalogue's escaped label only), named for screen readers.
            st.markdown(c.sparkline_svg, unsafe_allow_html=True)
        # Lines that follow each other share one element, a line break between them: the overview draws 29 cards,
        # and every element is a block a new visitor's browser renders and lays out.
        above = [c.missing] if c.missing else []
        if c.target:
            above.append(c.target + (f" · {c.attainment}" if c.attainment else ""))
        if above:
            st.caption("  \n".join(above))
        badges = [status_markdown(c.status, language, c.status_prefix)]
        if c.illustrative:
            badges.append(badge_markdown(t("illustrative_badge", language), ":material/science:", "violet"))
        st.markdown(" ".join(badges))
        below = ([c.outlook] if c.outlook else []) + ([" · ".join(c.notes)] if c.notes else [])
        if below:
            st.caption("  \n".join(below))


def method_expander(language: str) -> None:
    with st.expander(t("method_title", language), icon=":material/info:"):
        st.markdown(t("method_text", language))


@st.cache_resource
def start_browser() -> bool:
    """Start the headless browser of the chart images and the briefing in the background, once per server process
    (no wait): by the first click on a download it has started and loaded plotly.js."""
    from kpis.briefing import browser

    browser.warm_up()
    return True


def chart_downloads(fig, key: str, year: int | None = None) -> None:
    """PNG and SVG buttons for a chart: the whole figure (title, source note, illustrative flag) as an image, drawn
    only when a button is clicked, without rerunning the page, and cached per figure content (kpis.briefing.images,
    the briefing's own renderer). Call it before the figure is laid out for the screen."""
    from kpis.briefing import images

    start_browser()
    language = lang()
    # Only the layout is kept now (the screen layout changes it; the traces it leaves alone): a few kB, not the data.
    layout = images.layout_snapshot(fig)
    stem = images.file_stem(key, year)
    with st.container(horizontal=True, horizontal_alignment="right", gap="small"):
        for fmt in images.FORMATS:
            st.download_button(
                t(f"chart_download_{fmt}", language),
                data=lambda fmt=fmt: images.chart_image(images.with_layout(fig, layout), fmt, language),
                file_name=f"{stem}.{fmt}",
                mime=images.MIME[fmt],
                icon=":material/download:",
                type="tertiary",
                help=t(f"chart_download_{fmt}_help", language),
                on_click="ignore",
                key=f"chart_{fmt}_{stem}",
            )


def plotly(fig, key: str | None = None, year: int | None = None) -> None:
    """The chart with its PNG and SVG downloads, and under it its text alternative: the figure's data as a table.

    `key` names the chart's buttons and files (default: from its title); `year` goes into the file name.
    The table is drawn when its expander is opened (a rerun), not on every page load: five closed tables were a
    third of the enrolment page's time to drawn for a new visitor (benchmarks/pageload.py)."""
    from kpis.briefing import images

    key = key or charts.figure_title(fig)
    chart_downloads(fig, key, year)
    st.plotly_chart(charts.screen_layout(fig), width="stretch", config=charts.PLOTLY_CONFIG)
    language = lang()
    table_view = st.expander(
        t("a11y_table", language, title=charts.figure_title(fig)),
        icon=":material/table:",
        on_change="rerun",
        key=f"table_{images.file_stem(key, year)}",
    )
    if table_view.open:
        table_view.table(charts.figure_table(fig, language), hide_index=True)


@st.cache_data(max_entries=16)
def _kpi_years(key: tuple[tuple[str, int], ...]) -> list[int]:
    return engine.years_with_data(registry().indicators, _frames(key), _observe(key))


def kpi_years() -> list[int]:
    """Years with a national value or a target for some indicator."""
    return _kpi_years(versions_key())


def grid(items: list, per_row: int):
    """(column, item) pairs laying `items` out `per_row` to a row."""
    for start in range(0, len(items), per_row):
        yield from zip(st.columns(per_row), items[start : start + per_row], strict=False)


def flag_if_illustrative(frame: pd.DataFrame, language: str) -> None:
    """The illustrative flag above a chart or table when any of its rows is illustrative."""
    if engine.is_illustrative(frame):
        illustrative_flag(language)


def trend(ind: Indicator, language: str) -> None:
    """An indicator's national series against its targets, with the projection toward the next target."""
    national = engine.series(observations(ind.id))
    targets = engine.targets_for(frames()["targets"], ind.id)
    projection = engine.trend_projection(national, targets, current_year())
    latest = int(national["year"].max()) if len(national) else None
    plotly(charts.trend_chart(ind, national, targets, language, projection=projection), f"trend-{ind.id}", latest)


def page_header(title_key: str, language: str) -> None:
    st.title(t(title_key, language))
    st.caption(t("app_subtitle", language))


PROVINCE_PAGE = "app_pages/province.py"


def province_chart(fig, key: str, code_of_point, year: int | None = None, name: str | None = None) -> None:
    """A province chart (map or bars) whose click opens that province's scorecard (/province?code=XX), with its
    PNG and SVG downloads.

    `code_of_point(point)` gives the province code of a selected point (plotly selection event), or None; `name`
    (default `key`) and `year` name the image files.
    """
    chart_downloads(fig, name or key, year)
    event = st.plotly_chart(
        charts.screen_layout(fig),
        width="stretch",
        config=charts.PLOTLY_CONFIG,
        on_select="rerun",
        selection_mode="points",
        key=key,
    )
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        code = code_of_point(point)
        if code:
            params = {"code": code}
            # The province page's pickers keep their last choice in session state: forget it, so the URL decides.
            # (A widget's state cannot be set once it is drawn in this run, and the picker is drawn above the map.)
            for widget_key in [k for k in st.session_state if str(k).startswith(("_url_code_", "_url_year_"))]:
                del st.session_state[widget_key]
            if lang() != DEFAULT_LANG:
                params["lang"] = lang()
            st.switch_page(PROVINCE_PAGE, query_params=params)


def observations_of(ind: Indicator) -> pd.DataFrame:
    """`observations` for callers that hold the indicator (the scorecard's `observe`)."""
    return observations(ind.id)


@st.cache_data(max_entries=128)
def _scorecard(code: str, year: int, current: int, key: tuple[tuple[str, int], ...]):
    on_34 = lambda ind: _observations_on(ind.id, 34, key)
    return scorecard.scorecard(registry().indicators, _observe(key), _frames(key), code, year, current, on_34)


def scorecard_lines(code: str, year: int) -> list:
    """A province's scorecard for a year, cached per data version."""
    return _scorecard(code, year, current_year(), versions_key())


def briefing_downloads(year: int | None, language: str, province: str = engine.NATIONAL, container=st) -> None:
    """The briefing's PDF and Excel buttons (the overview's and the province page's): the file is made only when
    a button is clicked, on its own thread, without rerunning the page, and cached per scope, year, language and
    data versions (kpis.briefing.files)."""
    from kpis.briefing import files

    start_browser()
    if year is None:  # the latest picture: the briefing of the latest year with a value
        year = max((k.year for k in kpis(None, province) if k.actual is not None), default=current_year())
    store = get_store()
    with container.container(horizontal=True):
        for fmt, icon in (("pdf", ":material/picture_as_pdf:"), ("xlsx", ":material/table_view:")):
            st.download_button(
                t(f"brief_download_{fmt}", language),
                data=lambda fmt=fmt: files.make(store, year, language, fmt, province),
                file_name=files.file_name(year, language, fmt, province),
                mime=files.MIME[fmt],
                icon=icon,
                on_click="ignore",
                key=f"brief_{fmt}_{province}_{year}_{language}",
            )
