"""A KPI card's sparkline: the line from the values, and its text alternative in both languages."""

import re
import xml.etree.ElementTree as ET

import pytest

from kpis.charts.sparkline import HEIGHT, PAD, WIDTH, sparkline_label, sparkline_path, sparkline_points, sparkline_svg


@pytest.mark.parametrize(
    ("years", "values", "expected"),
    [
        # lowest at the bottom, highest at the top, x by year
        ((2015, 2020), (1.0, 3.0), [(0.0, HEIGHT - PAD), (WIDTH, PAD)]),
        ((2015, 2016, 2019), (2.0, 1.0, 3.0), [(0.0, 20.0), (50.0, 37.0), (200.0, 3.0)]),
        # a flat series across the middle
        ((2018, 2019, 2020), (5.0, 5.0, 5.0), [(0.0, 20.0), (100.0, 20.0), (200.0, 20.0)]),
        # one year: the middle of the card
        ((2020,), (7.0,), [(100.0, 20.0)]),
        ((), (), []),
    ],
)
def test_points(years, values, expected):
    assert sparkline_points(years, values) == expected


def test_a_point_needs_its_year():
    with pytest.raises(ValueError):
        sparkline_points((2015, 2016), (1.0,))


def test_path():
    assert sparkline_path((2015, 2020), (1.0, 3.0)) == "M0,37 L200,3"


@pytest.mark.parametrize(
    ("lang", "unit", "decimals", "expected"),
    [
        ("vi", "persons", 0, "Xu hướng 2015–2024: từ 1.200.000 đến 2.400.000"),
        ("en", "persons", 0, "Trend 2015–2024: from 1,200,000 to 2,400,000"),
        ("vi", "percent", 1, "Xu hướng 2015–2024: từ 1.200.000,0% đến 2.400.000,0%"),
    ],
)
def test_label(lang, unit, decimals, expected):
    assert sparkline_label((2015, 2020, 2024), (1.2e6, 2.0e6, 2.4e6), unit, lang, decimals) == expected


def test_the_svg_is_an_image_named_by_its_label():
    label = "Trend 2015–2024: from 1,200,000 to 2,400,000"
    svg = sparkline_svg((2015, 2024), (1.2e6, 2.4e6), label)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == label
    assert root.find("{http://www.w3.org/2000/svg}title").text == label
    paths = root.findall("{http://www.w3.org/2000/svg}path")
    assert [p.get("d") for p in paths][1] == "M0,37 L200,3"


def test_the_label_is_escaped_in_the_markup():
    svg = sparkline_svg((2015, 2024), (1.0, 2.0), '"><script>alert(1)</script>')
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # still one well-formed element
    assert root.get("aria-label") == '"><script>alert(1)</script>'
    assert not re.search(r"<(?!/?(svg|title|path)\b)", svg)
