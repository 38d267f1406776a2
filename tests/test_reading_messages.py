"""One message system for the reader: every text from the i18n catalogue, English messages English throughout."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kpis.i18n import T
from kpis.problems import Limits, ReadError
from kpis.reading import read_file
from kpis.schema import load_package

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "kpis" / "reading").glob("*.py")) + [ROOT / "kpis" / "validate.py"]
ENROL = load_package()["enrolment"]


def vietnamese(text: str) -> list[str]:
    """The characters of `text` that only Vietnamese writing would hold: a letter with a diacritic, or d-bar."""
    return [c for c in text if c in "\u0110\u0111" or (c.isalpha() and unicodedata.normalize("NFD", c) != c)]


def test_the_detector_finds_vietnamese_and_nothing_else():
    assert vietnamese("Số tuyển sinh") == ["ố", "ể"]
    assert vietnamese("\u0110\u1ed3ng Nai") == ["\u0110", "\u1ed3"]
    assert vietnamese("File 'a.csv', row 3: 1,234 × 5 ≤ 10 – ok…") == []


def test_no_vietnamese_literal_in_the_reader_or_validation():
    assert len(SOURCES) > 10  # the package is there: a broken glob must not pass vacuously
    found = {
        f"{path.relative_to(ROOT)}:{n}": "".join(vietnamese(line))
        for path in SOURCES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if vietnamese(line)
    }
    assert not found, found


def test_every_reading_and_validation_message_has_an_english_text_in_english():
    keys = [k for k in T if k.startswith(("rd_", "pb_"))]
    assert len(keys) > 60
    assert not {k: T[k]["en"] for k in keys if vietnamese(T[k]["en"])}


BAD_FILES = [
    (b"", "empty.csv", {}),
    (b"x" * 2000, "big.csv", {"limits": Limits(max_bytes=1000)}),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "old.xls", {}),
    (b"a,b\n1,2\n", "table.ods", {}),
    (b"nothing,here\n1,2\n", "nohead.csv", {}),
    (b"PK\x03\x04" + b"\x00" * 100, "broken.xlsx", {}),
    (b'year,province_code,value\n2020,VN,"5\n2021,VN,6\n', "quote.csv", {}),
    (b"\x00\x01\x02\x03" * 100, "binary.csv", {}),
]


@pytest.mark.parametrize(("data", "name", "kwargs"), BAD_FILES, ids=[b[1] for b in BAD_FILES])
def test_a_refusal_in_english_is_english_throughout(data, name, kwargs):
    with pytest.raises(ReadError) as err:
        read_file(data, name, ENROL, **kwargs)
    problem = err.value.problem
    assert problem.message_en and not vietnamese(problem.message_en), problem.message_en
    assert vietnamese(problem.message_vi), problem.message_vi  # the Vietnamese text is Vietnamese


def test_notices_in_english_are_english_throughout():
    text = (
        "Report 2020\n\nyear;province_code;value;extra\n(1);(2);(3);(4)\n2020;VN;1.234.567;x\n"
        "2021;VN;1,5;y\n\nSource: GSO\n"
    )
    result = read_file(text.encode(), "notes.csv", ENROL)
    codes = {p.code for p in result.notices}
    assert {"title_rows_ignored", "notes_rows_ignored", "numbering_row_ignored", "unknown_columns"} <= codes
    for p in result.notices:
        assert not vietnamese(p.message_en), p.message_en
        assert vietnamese(p.message_vi), p.message_vi


def test_the_problems_table_in_english_is_english_apart_from_the_files_own_text():
    """Every cell of the upload page's problem table (and its CSV) is in the UI's language, its headers too; the
    found value and the file's column names are the file's. A notice about the whole file has an empty row cell."""
    from kpis import upload
    from kpis.metadata import FileDefaults
    from kpis.provinces import ProvinceIndex
    from kpis.registry import load_registry
    from kpis.schema import read_shipped
    from kpis.validate import Context

    ctx = Context(ProvinceIndex(read_shipped(load_package()["provinces"])), frozenset(load_registry().ids), 2100)
    text = "Năm,Tỉnh,Tỷ lệ (%)\n2019,Hà Nội,abc\n2010,Hà Tây,5\n2019,Huế,150\n"
    problems = [
        p
        for value_type in ("", "actual")  # without a value type, a required column is missing
        for p in upload.check_file(
            text.encode(), "x.csv", "certified_labour", ctx, defaults=FileDefaults(source="NSO", value_type=value_type)
        ).problems
    ]
    own = {"Năm", "Tỉnh", "Tỷ lệ (%)", "Hà Tây"}  # the file's headers and values, quoted as written
    en, vi = (upload.problems_frame(problems, lang) for lang in ("en", "vi"))
    assert list(en.columns) == [T[f"pb_col_{c}"]["en"] for c in ("row", "column", "message", "value", "expected",
                                                               "severity", "code")]  # fmt: skip
    assert {"missing_column", "type", "province_period", "rate_range"} <= set(en["Code"])
    for column in ("Message", "Expected", "Severity"):
        for cell in en[column]:
            assert not vietnamese(_without(cell, own)), cell
    assert vietnamese(" ".join(vi[T["pb_col_expected"]["vi"]]))  # the Vietnamese table says it in Vietnamese
    assert (en["Row"] == "").any() and "None" not in set(en["Row"]) and "<NA>" not in set(en["Row"])


def _without(text: str, words: set[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text
