"""Number formats, the catalogue's completeness, and CSV export safety."""

import ast
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpis import i18n
from kpis.export import to_csv_bytes, to_xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (2_280_000, "vi", 0, "2.280.000"),
        (2_280_000, "en", 0, "2,280,000"),
        (100.9, "vi", 1, "100,9"),
        (100.9, "en", 1, "100.9"),
        (None, "vi", 0, "–"),
    ],
)
def test_fmt_number(value, lang, decimals, expected):
    assert i18n.fmt_number(value, lang, decimals) == expected


def test_attainment_and_deltas():
    assert i18n.fmt_ratio(1.00885, "vi") == "100,9%"
    assert i18n.fmt_delta(1.0, "percent", "en", 1) == "+1.0 pp"
    assert i18n.fmt_delta(-13, "rank", "vi") == "tăng 13 bậc"
    assert i18n.fmt_delta(3, "rank", "en") == "down 3 places"


def test_every_string_exists_in_both_languages():
    assert len(i18n.T) > 50
    for key, entry in i18n.T.items():
        assert set(entry) == set(i18n.LANGS), key
        assert all(v.strip() for v in entry.values()), key


def test_the_catalogue_refuses_a_key_defined_twice_or_half_translated(tmp_path):
    (tmp_path / "a.toml").write_text('x.vi = "một"\nx.en = "one"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('x.vi = "hai"\nx.en = "two"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="'x' is defined in both a.toml and b.toml"):
        i18n.load_catalogue(tmp_path)
    (tmp_path / "b.toml").write_text('y.vi = "hai"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="b.toml: 'y' needs exactly"):
        i18n.load_catalogue(tmp_path)


def test_every_key_used_in_code_exists():
    used = set()
    for path in list((ROOT / "kpis").rglob("*.py")) + list((ROOT / "app_pages").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    assert used, "the walk found no t() calls"
    assert used <= set(i18n.T), used - set(i18n.T)


@pytest.mark.parametrize("value", ["fr", "", "<script>", None, "EN", "vi;drop"])
def test_language_from_untrusted_input_defaults_to_vietnamese(value, reliability):
    assert i18n.norm_lang(value) == "vi"
    reliability.record("attack_injection", 1, "untrusted language code")


FORMULAS = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "Hà Nội"]


def test_csv_export_neutralises_formulas_and_keeps_numbers(reliability):
    frame = pd.DataFrame({"name": FORMULAS, "value": [-1, 2, 3, 4, 5]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    back = pd.read_csv(pd.io.common.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist() == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "Hà Nội"]
    assert back["value"].tolist() == [-1, 2, 3, 4, 5]
    reliability.record("attack_injection", len(FORMULAS), "CSV export of cells starting with = + - @")


def test_xlsx_export_neutralises_formulas_and_keeps_numbers(reliability):
    frame = pd.DataFrame({"name": [*FORMULAS, "=1+1"], "value": [-1, 2, 3, 4, 5, 6]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    cells = [c for c in sheet["A"][1:]]
    assert [c.value for c in cells] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "Hà Nội", "'=1+1"]
    assert {c.data_type for c in cells} == {"s"}  # text, never a formula ("f")
    assert [c.value for c in sheet["B"][1:]] == [-1, 2, 3, 4, 5, 6]
    reliability.record("attack_injection", len(cells), "XLSX export of cells starting with = + - @")


def test_kpis_never_imports_streamlit():
    offenders = []
    files = list((ROOT / "kpis").rglob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            if any(n.split(".")[0] == "streamlit" for n in names):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders
