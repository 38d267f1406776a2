"""Issue 10 classes 6 and 7: province, region and whole-country names as the statistics office writes them."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from kpis.provinces import REGION_NAMES, ProvinceIndex, names
from kpis.schema import load_package, read_shipped
from tests.test_cli import run

HERE = Path(__file__).resolve().parent / "realfiles"


@pytest.fixture(scope="module")
def index() -> ProvinceIndex:
    return ProvinceIndex(read_shipped(load_package()["provinces"]))


def _codes(index: ProvinceIndex, texts, year: int = 2020) -> list:
    res = index.resolve(pd.Series(texts), pd.Series([year] * len(texts)))
    return res.codes.tolist()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ho Chi Minh city", "79"),
        ("Ho Chi Minh city ", "79"),
        ("Nam Ðịnh", "36"),  # Ð U+00D0, the look-alike of Đ
        (" Bình Ðịnh", "52"),
        ("Ðắk Lắk ", "66"),
        ("Ðắk  Nông", "67"),  # a double space
        ("Ðiện Biên", "11"),
        ("Lâm Ðồng", "68"),
        ("Hoà Bình", "17"),
        ("WHOLE COUNTRY", "VN"),
        (" WHOLE COUNTRY", "VN"),
        ("CẢ NƯỚC", "VN"),
        ("TP.HCM", "79"),
    ],
)
def test_names_as_written_resolve(index, text, code):
    assert _codes(index, [text]) == [code]


def test_every_spelling_seen_in_the_office_s_tables_resolves(index):
    """The spellings recorded beside the 63-list in tests/realfiles/province_periods.csv, each to its code."""
    rows = [r for r in csv.DictReader((HERE / "province_periods.csv").open(encoding="utf-8")) if r["list"] == "63"]
    assert len(rows) == 63
    texts, wanted = [], []
    for r in rows:
        for spelling in [r["name_vi"], r["name_en"], *r["spellings_seen"].split("|")]:
            if spelling.strip():
                texts.append(spelling)
                wanted.append(r["code"])
    assert _codes(index, texts) == wanted


def test_the_six_regions_are_aggregates_not_provinces(index):
    rows = list(csv.DictReader((HERE / "regions.csv").open(encoding="utf-8")))
    regions = [r for r in rows if r["region"] != "national"]
    assert len(regions) == 6 and set(names()["regions"]) == {r["region"] for r in regions}
    for r in regions:
        spellings = [r["name_vi"], r["name_en"], *r["spellings_seen"].split("|")]
        res = index.resolve(pd.Series(spellings), pd.Series([2020] * len(spellings)))
        assert res.region.tolist() == [r["region"]] * len(spellings)
        assert not res.unknown.any() and res.codes.isna().all()
    assert len(set(REGION_NAMES.values())) == 6


@pytest.mark.slow  # starts the command line in a process
def test_a_file_with_region_rows_validates_with_one_notice(tmp_path):
    """Region rows are left out (one warning listing their rows), never an error, a duplicate key, or a total."""
    path = tmp_path / "rural.csv"
    lines = ["Năm,Tỉnh,Số được đào tạo,Số có việc làm,Nguồn,Loại số liệu"]
    for name, trained in [
        ("CẢ NƯỚC", 1000),
        ("Đồng bằng sông Hồng", 900),
        ("Ha Noi", 300),
        ("Ho Chi Minh city", 400),
        ("Ðồng bằng sông Cửu Long", 950),
        ("Southeast", 400),
    ]:
        lines.append(f"2020,{name},{trained},{trained // 2},Test source,actual")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    proc = run(db, "validate", str(path), "--dataset", "rural_training", "--json")
    problems = json.loads(proc.stdout)
    assert proc.returncode == 0, json.dumps(problems, ensure_ascii=False)
    # Counted as provinces, the regions (3,650) would exceed the national 1,000: a "total below its parts" error.
    assert not [p for p in problems if p["severity"] == "error"]
    regional = [p for p in problems if p["code"] == "region_rows"]
    assert len(regional) == 1
    notice = regional[0]
    assert notice["severity"] == "warning"
    assert "3" in notice["message_en"] and "rows 3, 6, 7" in notice["message_en"]
    assert "Red River Delta" in notice["message_en"] and "Đồng bằng sông Hồng" not in notice["message_en"]
    assert "Đồng bằng sông Hồng" in notice["message_vi"]


@pytest.mark.slow  # starts the command line in a process
def test_a_row_s_code_and_name_must_agree(tmp_path):
    """Class 9: codes beside names (the exam board's codes are other provinces): each disagreement is an error
    naming both; empty codes of the national and region rows take their names."""
    path = tmp_path / "codes.csv"
    path.write_text(
        "Năm,Mã tỉnh,Địa phương,Tỷ lệ,Nguồn,Loại số liệu\n"
        "2020,,CẢ NƯỚC,45,s,actual\n"
        "2020,,Đồng bằng sông Hồng,44,s,actual\n"
        "2020,01,Hà Nội,50.3,s,actual\n"
        "2020,02,TP. Hồ Chí Minh,40.1,s,actual\n"
        "2020,03,Hà Giang,40.1,s,actual\n"
        "2020,79,Ho Chi Minh city,40.1,s,actual\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    proc = run(db, "validate", str(path), "--dataset", "certified_labour", "--json")
    assert proc.returncode == 1
    problems = json.loads(proc.stdout)
    errors = [p for p in problems if p["severity"] == "error"]
    disagree = {p["row"]: p for p in errors if p["code"] == "province_code_name"}
    assert sorted(disagree) == [5, 6]
    assert "Hà Giang (02)" in disagree[5]["message_en"] and "Hồ Chí Minh (79)" in disagree[5]["message_en"]
    assert "is no province" in disagree[6]["message_en"] and "Hà Giang (02)" in disagree[6]["message_en"]
    assert "không phải mã" in disagree[6]["message_vi"]
    assert {p["row"] for p in errors} == {5, 6}  # rows 2 and 3 (no code) and 4, 7 (agreeing) are fine
    assert [p["code"] for p in problems].count("region_rows") == 1


@pytest.mark.slow  # starts the command line in a process
@pytest.mark.parametrize("national", ["CẢ NƯỚC", " WHOLE COUNTRY"])
def test_a_whole_country_row_is_left_out_where_the_dataset_has_none(tmp_path, national):
    """Population holds provinces only (its code admits no VN): the office's whole-country row is left out with one
    notice, never stored as a province-less row; certified_labour keeps its national row."""
    path = tmp_path / "population.csv"
    path.write_text(
        "Năm,Tỉnh,Dân số,Nguồn,Loại số liệu\n"
        f"2020,{national},97582700,s,actual\n"
        "2020,Đồng bằng sông Hồng,22920000,s,actual\n"
        "2020,Hà Nội,8246500,s,actual\n"
        "2021,Hà Nội,8330800,s,actual\n"
        f"2021,{national},98506200,s,actual\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    proc = run(db, "validate", str(path), "--dataset", "population", "--json")
    problems = json.loads(proc.stdout)
    assert proc.returncode == 0, json.dumps(problems, ensure_ascii=False)
    left = [p for p in problems if p["code"] == "national_rows"]
    assert len(left) == 1 and left[0]["severity"] == "warning"
    assert "rows 2, 6" in left[0]["message_en"] and "Population" in left[0]["message_en"]
    assert "dòng 2, 6" in left[0]["message_vi"] and "Dân số" in left[0]["message_vi"]
    shares = tmp_path / "shares.csv"
    shares.write_text(f"Năm,Tỉnh,Tỷ lệ,Nguồn,Loại số liệu\n2020,{national},26.1,s,actual\n2020,Hà Nội,50.3,s,actual\n")
    kept = json.loads(run(db, "validate", str(shares), "--dataset", "certified_labour", "--json").stdout)
    assert not [p for p in kept if p["code"] == "national_rows" or p["severity"] == "error"]
