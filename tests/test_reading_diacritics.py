"""Issue 10, class 10: header matching that respects diacritics.

Where a file's header writes diacritics, a header is matched with them: 'Nam' (male) is not 'Năm' (year). A header
that names a field only once its diacritics are dropped is a question to the analyst (a notice naming it, in both
languages), never a silent guess. A header written without diacritics throughout (or in English) matches as before.
"""

from __future__ import annotations

import json

import pytest

from kpis.metadata import mapped_schema
from kpis.problems import ReadError
from kpis.reading import read_file
from kpis.reading.keys import header_index, marked_key, match_header
from kpis.schema import load_package
from tests.test_cli import run

SCHEMAS = load_package()
CERT = SCHEMAS["certified_labour"]


def vi_csv(lines: list[str]) -> bytes:
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def notices(result, code: str) -> list:
    return [p for p in result.notices if p.code == code]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Năm", "Nam", False),  # the year and male
        ("Nữ", "Nu", False),
        ("Hoà Bình", "Hòa Bình", True),  # old and new tone placement
        ("Thanh Hoá", "Thanh Hóa", True),
        ("Nam Ðịnh", "Nam Định", True),  # U+00D0, the look-alike of Đ
        ("NĂM", "năm", True),
        ("Tỷ lệ  (%)", "tỷ lệ", True),  # punctuation and spaces collapse
        ("Tỷ lệ", "Ty le", False),
    ],
)
def test_keys_keep_the_diacritics_and_not_their_placement(a, b, same):
    assert (marked_key(a) == marked_key(b)) is same


def test_a_strict_index_matches_with_diacritics_a_loose_one_without():
    index = header_index(CERT)
    assert match_header("Nam", index) == "year"  # a header without diacritics anywhere: as before
    assert match_header("Nam", index.strictly(True)) is None
    assert match_header("Năm", index.strictly(True)) == "year"
    assert match_header("Tỉnh, thành phố", index.strictly(True)) == "province_code"
    assert match_header("Cities, provincies", index.strictly(True)) == "province_code"


def test_nam_beside_nam_with_a_breve_is_not_a_second_year_column():
    """'Năm' is the year; 'Nam' (male) beside it is no duplicate year column (an error before) but a question."""
    data = vi_csv(
        [
            '"Năm";"Tỉnh, thành phố";"Tỷ lệ (%)";"Nam";"Nữ"',
            '"2019";"Hà Nội";50.3;52.1;48.4',
            '"2019";"Bắc Ninh";30.1;31.0;29.2',
        ]
    )
    result = read_file(data, "ty_le.csv", CERT)
    assert result.columns["year"] == "Năm"
    assert result.table["year"].tolist() == ["2019", "2019"]
    assert result.table["share"].tolist() == ["50.3", "30.1"]
    assert not notices(result, "duplicate_column")
    (question,) = notices(result, "ambiguous_header")
    assert question.severity == "warning" and question.column == "Nam"
    assert (
        "'Nam'" in question.message_en and "'Năm'" in question.message_en and "--map 'Nam=year'" in question.message_en
    )
    assert "«Nam»" in question.message_vi and "«Năm»" in question.message_vi and "bỏ dấu" in question.message_vi


def test_nam_alone_is_not_taken_for_the_year_and_the_analyst_can_say_it_is():
    """The only year-like header is 'Nam' in a header with diacritics: no silent guess; mapped, it is the year."""
    data = vi_csv(['"Nam";"Tỉnh, thành phố";"Tỷ lệ (%)"', '"2019";"Hà Nội";50.3', '"2020";"Hà Nội";51.0'])
    result = read_file(data, "ty_le.csv", CERT)
    assert "year" not in result.table.columns
    (question,) = notices(result, "ambiguous_header")
    assert question.value is None and question.expected == "year"
    mapped = read_file(data, "ty_le.csv", mapped_schema(CERT, (("Nam", "year"),)))
    assert mapped.table["year"].tolist() == ["2019", "2020"]
    assert not notices(mapped, "ambiguous_header")


@pytest.mark.slow  # starts the command line in a process
def test_the_question_reaches_the_analyst_through_the_command_line(tmp_path):
    path = tmp_path / "ty_le.csv"
    path.write_bytes(vi_csv(['"Nam";"Tỉnh, thành phố";"Tỷ lệ (%)"', '"2019";"Hà Nội";50.3']))
    db = f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    flags = ("--dataset", "certified_labour", "--source", "s", "--value-type", "actual", "--json")
    proc = run(db, "validate", str(path), *flags)
    assert proc.returncode == 1
    problems = json.loads(proc.stdout)
    assert {p["code"] for p in problems} >= {"ambiguous_header", "missing_column"}
    proc = run(db, "validate", str(path), *flags, "--map", "Nam=year")
    assert proc.returncode == 0, proc.stdout
    assert "ambiguous_header" not in {p["code"] for p in json.loads(proc.stdout)}


@pytest.mark.parametrize(
    "header",
    [
        '"Nam","Tinh","Ty le (%)"',  # Vietnamese without diacritics throughout: 'Nam' is the year, as before
        '"nam";"Tỉnh/thành phố";"Ty le";"ghi chu"',  # the file leaves diacritics out of several headers
        '"Year","Cities, provincies","Percentage"',  # English
    ],
)
def test_headers_without_diacritics_match_as_before(header):
    sep = ";" if ";" in header else ","
    data = vi_csv([header, sep.join(['"2019"', '"Ha Noi"', "50.3"] + (['""'] if header.count(sep) == 3 else []))])
    result = read_file(data, "ty_le.csv", CERT)
    assert result.table["year"].tolist() == ["2019"]
    assert result.table["share"].tolist() == ["50.3"]
    assert not notices(result, "ambiguous_header")


def test_a_breakdown_header_of_male_and_female_in_english_names_no_year():
    data = vi_csv(['"Year","Cities, provincies","Percentage","Male","Female"', '"2019","Ha Noi",50.3,52.1,48.4'])
    result = read_file(data, "share.csv", CERT)
    assert result.table["year"].tolist() == ["2019"]
    assert not notices(result, "ambiguous_header") and not notices(result, "duplicate_column")


def test_no_header_at_all_is_still_the_no_header_error():
    with pytest.raises(ReadError):
        read_file(vi_csv(['"Nữ";"Thành thị"', "1;2"]), "x.csv", CERT)
