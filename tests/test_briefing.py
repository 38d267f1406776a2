"""The leaders' briefing: content from the engine, PDF read back with poppler, Excel with openpyxl, chart images."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from kpis import engine
from kpis.briefing import content, document, files, images, workbook
from kpis.i18n import status_label, t
from kpis.registry import load_registry

REG = load_registry()
CASES = [("VN", "vi"), ("VN", "en"), ("01", "vi"), ("01", "en")]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "briefing"
needs_chromium = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def test_registry_not_empty():
    assert len(REG.indicators) >= 5 and REG.tasks


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    from kpis.store import open_store

    return open_store(f"sqlite:///{tmp_path_factory.mktemp('brief') / 'kpis.sqlite'}")


@pytest.mark.parametrize(("province", "lang"), CASES)
def test_content_has_every_indicator_with_the_overviews_status(sqlite_store, province, lang):
    b = content.build(sqlite_store, 2024, lang, province, registry=REG)
    by_task = sorted(REG.indicators, key=lambda i: [task.number for task in REG.tasks].index(i.task))
    assert [line.indicator for line in b.lines] == [i.id for i in by_task]
    assert {line.indicator for line in b.lines} == set(REG.ids)
    kpis = {k.indicator: k for k in b.kpis}
    for line in b.lines:
        assert line.status_text.endswith(status_label(line.status, lang))
        assert kpis[line.indicator].year == 2024
    assert sum(b.counts.values()) == len(REG.indicators)
    assert b.scope == (t("brief_national", lang) if province == "VN" else ("Hà Nội" if lang == "vi" else "Ha Noi"))
    assert {v.dataset for v in b.versions} == set(sqlite_store.active_versions())


def test_province_figures_are_flagged_illustrative(sqlite_store):
    b = content.build(sqlite_store, 2024, "vi", "01", registry=REG)
    assert b.illustrative
    html = document.html_document(b).page
    assert t("illustrative_note", "vi") in html


def test_unknown_province_is_a_clear_error_in_the_users_language(sqlite_store):
    with pytest.raises(content.BriefingError, match="Không có tỉnh, thành với mã 99"):
        content.build(sqlite_store, 2024, "vi", "99", registry=REG)


def test_year_without_data_is_refused_with_the_years_there_are(sqlite_store):
    with pytest.raises(content.BriefingError, match="No data or target for 1990. Years available: .*2024"):
        files.check_year(sqlite_store, 1990, "en")


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_chromium
@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize(("province", "lang"), CASES)
def test_pdf_reads_back_exactly(sqlite_store, province, lang):
    data = files.make(sqlite_store, 2024, lang, "pdf", province)
    assert data.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / files.file_name(2024, lang, "pdf", province)
    path.write_bytes(data)
    text = _pdftotext(path)
    flat = " ".join(text.split())
    assert t("brief_title", lang) in flat
    assert t("brief_generated", lang, at="").strip() in flat
    for ind in REG.indicators:
        assert " ".join(ind.name(lang).split()) in flat, ind.id
    b = content.build(sqlite_store, 2024, lang, province, registry=REG)
    for line in b.lines:
        assert " ".join(line.status_text.split()) in flat, line.indicator
    for status in b.counts:
        assert status_label(status, lang) in flat
    assert t("method_title", lang) in flat
    if lang == "vi":
        for word in ("Nhiệm vụ", "Tuyển sinh", "Tình trạng", "Mức đạt", "Nguồn"):
            assert word in flat
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 40
    assert f"{t('brief_page', lang)} {pages} {t('brief_of', lang)} {pages}" in flat
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), fonts  # the "emb" column
    assert any("DejaVuSans" in r for r in rows)
    # Charts are vector: plotly draws SVG, which Chromium prints as paths; every chart's title is text.
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", str(path), str(path.with_suffix(""))], check=True
    )
    assert len(list(ARTIFACTS.glob(path.stem + "-*.png"))) >= 4


def test_the_second_download_comes_from_the_cache(sqlite_store, monkeypatch):
    first = files.make(sqlite_store, 2024, "en", "xlsx")
    monkeypatch.setattr(content, "build", lambda *a, **k: pytest.fail("rebuilt a cached briefing"))
    assert files.make(sqlite_store, 2024, "en", "xlsx") is first


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_workbook_has_data_and_metadata_sheets(sqlite_store, lang):
    b = content.build(sqlite_store, 2024, lang, "01", registry=REG)
    book = openpyxl.load_workbook(io.BytesIO(workbook.briefing_workbook(b, REG)))
    assert book.sheetnames == [t("sheet_data", lang), t("sheet_meta", lang)]
    data = list(book[t("sheet_data", lang)].values)
    assert {r[1] for r in data[1:]} == set(REG.ids)
    meta = "\n".join(str(v) for row in book[t("sheet_meta", lang)].values for v in row)
    assert "CC BY-SA 4.0" in meta
    for v in b.versions:
        assert f"{t('meta_version_id', lang)}: {v.dataset}" in meta
    for ind in REG.indicators:
        assert ind.description(lang) in meta


def test_workbook_neutralises_formula_like_cells():
    import pandas as pd

    frame = pd.DataFrame({"a": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "ok"], "n": [1, 2, 3, 4, 5]})
    book = openpyxl.load_workbook(io.BytesIO(workbook.table_workbook(frame, frame, "vi")))
    for ws in book.worksheets:
        cells = [c.value for c in ws["A"][1:]]
        assert cells == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "ok"]
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
        assert [c.value for c in ws["B"][1:]] == [1, 2, 3, 4, 5]


@needs_chromium
@pytest.mark.slow
def test_chart_images_carry_title_source_and_illustrative_flag(sqlite_store):
    b = content.build(sqlite_store, 2024, "vi", "01", registry=REG)
    line = next(ln for ln in b.lines if ln.indicator == "enrolment_total")  # task 1 now leads with a national survey
    (svg,) = images.chart_images([line.figure], "svg", "vi")
    text = svg.decode("utf-8")
    assert text.startswith("<svg") and line.name in text
    assert "Nguồn:" in text and t("illustrative_badge", "vi") in text
    (png,) = images.chart_images([line.figure], "png", "vi")
    assert png.startswith(b"\x89PNG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "chart.png").write_bytes(png)


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("words", [1, 32])  # one line; three
def test_an_images_title_keeps_its_accents_inside_the_image(words):
    """A wrapped title is drawn higher than a one-line one: its first line's accents (Ả) stay inside the image,
    off its left edge too."""
    import numpy as np
    import plotly.graph_objects as go
    from PIL import Image

    from kpis.charts.common import _base

    fig = _base(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "vi", " ".join(["Ảnh"] * words), "", "", False)
    assert fig.layout.title.text.count("<br>") == (0 if words == 1 else 2)
    (png,) = images.chart_images([fig], "png", "vi", scale=1)
    ink = np.asarray(Image.open(io.BytesIO(png)).convert("L")) < 128
    rows, cols = np.where(ink[:60])  # the title's band
    assert rows.min() >= 4 and cols.min() >= 4


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_map_image_carries_the_boundaries_credit(shipped, lang):
    """CC BY-SA 4.0 asks for the credit wherever the boundaries go: a downloaded map image carries it."""
    from kpis import boundaries, charts, province_maps

    ind = REG.get("enrolment_total")
    table = engine.province_table(
        ind, engine.observations(ind, shipped), 2020, shipped["provinces"], shipped["population"]
    )
    geo = boundaries.load(63)
    value_map = province_maps.clickable(charts.province_map(table, geo, ind, lang), geo, table, lang)
    status_map = province_maps.status_map({"01": "achieved"}, geo, table, ind, lang)
    for svg in images.chart_images([value_map, status_map], "svg", lang):
        words = " ".join(re.sub(r"<[^>]+>", " ", svg.decode("utf-8")).split())  # the note's lines are tspans
        assert "Open Development Vietnam" in words and "CC BY-SA 4.0" in words


def test_national_is_the_engines_national_code():
    assert engine.NATIONAL == "VN"


def test_cli_report_refuses_bad_input_in_the_users_language(sqlite_store, tmp_path, monkeypatch, capsys):
    from kpis import cli

    monkeypatch.setattr(cli, "open_store", lambda: sqlite_store)
    assert (
        cli.main(["report", "--year", "2024", "--province", "99", "--lang", "vi", "--out", str(tmp_path / "a.pdf")])
        == 1
    )
    assert capsys.readouterr().err.strip() == "Không có tỉnh, thành với mã 99."
    assert cli.main(["report", "--year", "2024", "--lang", "vi", "--out", str(tmp_path / "a.doc")]) == 1
    assert capsys.readouterr().err.strip() == "Tệp kết quả phải có đuôi .pdf hoặc .xlsx."
    assert cli.main(["report", "--year", "2024", "--lang", "en", "--out", str(tmp_path / "a.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == ["Data", "Metadata"]


@pytest.mark.parametrize(
    ("key", "year", "stem"),
    [
        ("trend-enrolment_total", 2024, "gdnn-chart-trend-enrolment_total-2024"),
        ("overview-attainment", None, "gdnn-chart-overview-attainment"),
        ("Tỷ lệ đạt mục tiêu, năm 2024", None, "gdnn-chart-ty-le-dat-muc-tieu-nam-2024"),
        ("../../etc/passwd", 2025, "gdnn-chart-etc-passwd-2025"),
    ],
)
def test_chart_image_file_names_come_from_the_key_and_year(key, year, stem):
    assert images.file_stem(key, year) == stem


def test_the_image_keeps_the_figure_as_built_not_its_screen_layout(sqlite_store):
    from kpis import charts

    b = content.build(sqlite_store, 2024, "vi", registry=REG)
    fig = b.lines[0].figure
    built = images.figure_spec(fig)
    layout = images.layout_snapshot(fig)
    charts.screen_layout(fig)  # what the page does after offering the image
    assert images.figure_spec(fig)["layout"] != built["layout"]
    assert images.with_layout(fig, layout) == built


@needs_chromium
@pytest.mark.slow
def test_chart_images_are_drawn_once_per_figure_content(sqlite_store, monkeypatch):
    b = content.build(sqlite_store, 2024, "en", registry=REG)
    line = b.lines[0]
    svg = images.chart_image(line.figure, "svg", "en")
    assert svg.startswith(b"<svg") and line.name.encode() in svg and b"Source:" in svg
    monkeypatch.setattr(images, "_draw", lambda *a, **k: pytest.fail("drew a cached chart again"))
    assert images.chart_image(images.figure_spec(line.figure), "svg", "en") == svg
    monkeypatch.undo()
    other = images.figure_spec(line.figure)
    other["layout"]["title"]["text"] = "Another title"
    assert b"Another title" in images.chart_image(other, "svg", "en")
