"""Issue 10 class 8: each row keeps the province list it was published on (63 or 34). 2025 is the transition year:
a file for it is on one list or the other, decided from its rows; a code means a different province on each list
(91 is Kiên Giang on the 63 and the new An Giang on the 34), so the list decides what a code is."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from kpis import DATA_DIR, engine, upload
from kpis.metadata import FileDefaults
from kpis.provinces import ProvinceIndex
from kpis.registry import load_registry
from kpis.schema import load_package, read_shipped
from kpis.store import Store
from kpis.validate import Context

DEFAULTS = FileDefaults(source="NSO", value_type="actual")
TITLE = '"Tỷ lệ lao động đã qua đào tạo có bằng, chứng chỉ (%) chia theo Tỉnh, thành phố và Năm"\n\n'


@pytest.fixture(scope="module")
def ctx() -> Context:
    provinces = read_shipped(load_package()["provinces"])
    return Context(ProvinceIndex(provinces), frozenset(load_registry().ids), current_year=2100)


def check(text: str, ctx: Context, dataset: str = "certified_labour") -> upload.CheckResult:
    return upload.check_file(text.encode("utf-8"), "lists.csv", dataset, ctx, defaults=DEFAULTS)


def rows(result: upload.CheckResult) -> dict[tuple[int, str], object]:
    frame = result.frame
    return {
        (int(y), c): (None if pd.isna(v) else int(v)) for y, c, v in zip(frame.year, frame.province_code, frame.vintage)
    }


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def test_a_2025_file_naming_merged_away_provinces_is_on_the_63(ctx):
    result = check(
        TITLE + '"Tỉnh, thành phố";"2024";"Sơ bộ 2025"\n"CẢ NƯỚC";28,8;29,34\n"Vĩnh Phúc";30,1;31,2\n'
        '"Phú Thọ";25,0;26,1\n"Kiên Giang";15,2;16,0\n',
        ctx,
    )
    assert result.ok, [p.message("en") for p in result.errors]
    assert rows(result) == {
        (2024, "VN"): None,
        (2025, "VN"): None,  # the national row is on no list: one national figure a year
        (2024, "26"): 63,
        (2025, "26"): 63,  # Vĩnh Phúc still exists on the 63 list of 2025
        (2024, "25"): 63,
        (2025, "25"): 63,  # the old Phú Thọ, not the new one of Phú Thọ + Vĩnh Phúc + Hòa Bình
        (2024, "91"): 63,
        (2025, "91"): 63,  # Kiên Giang
    }
    notice = next(p for p in result.problems if p.code == "province_list_63")
    assert "63" in notice.message("vi") and "trước 1/7/2025" in notice.message("vi")
    assert "before 1 July 2025" in notice.message("en")


def test_a_2025_file_on_the_34_reads_each_code_as_the_new_province(ctx):
    result = check(
        TITLE + '"Tỉnh, thành phố";"Sơ bộ 2025"\n"CẢ NƯỚC";29,34\n"Thành phố Đà Nẵng";40,2\n"An Giang";18,3\n'
        '"Tuyên Quang";24,0\n',
        ctx,
    )
    assert result.ok, [p.message("en") for p in result.errors]
    assert rows(result) == {(2025, "VN"): None, (2025, "48"): 34, (2025, "91"): 34, (2025, "08"): 34}
    assert "province_list_34" in codes(result)
    labels = {ctx.provinces.label(c, 2025, 34) for c in ("91", "08")}
    assert labels == {"An Giang (91)", "Tuyên Quang (08)"}


def test_other_years_are_on_their_own_list_and_a_stated_list_must_fit_the_year(ctx):
    result = check("Năm,Tỉnh,Tỷ lệ (%)\n2019,Hà Nội,48\n2026,Hà Nội,55\n", ctx)
    assert result.ok and rows(result) == {(2019, "01"): 63, (2026, "01"): 34}
    stated = check("Năm,Tỉnh,Danh mục,Tỷ lệ (%)\n2025,Vĩnh Phúc,63,31\n2026,Hà Nội,63,55\n2019,Hà Nội,34,48\n", ctx)
    bad = [p for p in stated.errors if p.code == "vintage_year"]
    assert [p.row for p in bad] == [3]  # 2019 on the 34 is history on today's provinces: allowed
    assert (
        "2026" in bad[0].message("en") and "2,026" not in bad[0].message("en") and "2026.0" not in bad[0].message("en")
    )


def test_both_lists_of_2025_are_kept_and_the_34_view_never_counts_a_province_twice(store, ctx):
    on_63 = check(TITLE + '"Tỉnh, thành phố";"Sơ bộ 2025"\n"Vĩnh Phúc";31,2\n"Phú Thọ";26,1\n"Hòa Bình";20,0\n', ctx)
    on_34 = check(TITLE + '"Tỉnh, thành phố";"2025"\n"Phú Thọ";27,5\n"Tuyên Quang";24,0\n', ctx)
    for result, mode in ((on_63, upload.REPLACE), (on_34, upload.MERGE)):
        assert result.ok, [p.message("en") for p in result.errors]
        upload.publish(store, result, user="analyst", mode=mode)
    stored = store.read("certified_labour").query("year == 2025 and province_code != 'VN'")
    assert sorted(zip(stored.province_code, stored.vintage.astype(int))) == [
        ("08", 34),
        ("17", 63),
        ("25", 34),
        ("25", 63),  # the old and the new Phú Thọ, both kept
        ("26", 63),
    ]
    indicator = next(i for i in load_registry().indicators if i.measure.dataset == "certified_labour")
    frames = {"certified_labour": store.read("certified_labour")}
    provinces = read_shipped(load_package()["provinces"])
    on_today = engine.observations_on(indicator, frames, provinces, 34)
    phu_tho = on_today.query("year == 2025 and province_code == '25'")
    assert phu_tho["value"].tolist() == [27.5]  # as published on the 34, not again from its predecessors
    on_old = engine.observations_on(indicator, frames, provinces, 63).query("year == 2025")
    assert set(on_old["province_code"]) >= {"17", "25", "26"} and "08" not in set(on_old["province_code"])
    assert engine.published_lists(indicator, frames, 2025) == (63, 34)
    # As published, a year is read on its own list only: the 63's 2025 rows never pass for provinces of the 34.
    as_published = engine.observations(indicator, frames).query("year == 2025 and province_code != 'VN'")
    assert sorted(as_published["province_code"]) == ["08", "25"] and as_published["value"].tolist() == [24.0, 27.5]


def test_rows_stored_before_datasets_kept_a_list_get_their_year_s_list(db_url, tmp_path):
    """An existing store (certified_labour without `vintage`) opened with today's package: its rows are on their
    year's list, the national row on none; a later publish by key replaces them, not adds beside them."""
    old_dir = tmp_path / "old"
    shutil.copytree(DATA_DIR, old_dir, ignore=shutil.ignore_patterns("geo"))
    schema = json.loads((old_dir / "schemas/certified_labour.json").read_text(encoding="utf-8"))
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "vintage"]
    schema["primaryKey"] = [k for k in schema["primaryKey"] if k != "vintage"]
    (old_dir / "schemas/certified_labour.json").write_text(json.dumps(schema), encoding="utf-8")
    frame = pd.read_csv(old_dir / "certified_labour.csv", dtype=str, keep_default_na=False)
    hanoi = frame[(frame.province_code == "01") & (frame.year == "2019")]
    early = pd.concat([hanoi.assign(year="2002"), hanoi.assign(year="2005")])  # before the lists of 2004 and 2008
    pd.concat([frame, early]).drop(columns="vintage").to_csv(old_dir / "certified_labour.csv", index=False)
    old = Store(db_url, load_package(old_dir))
    old.migrate()
    old.seed(old_dir)
    old.engine.dispose()

    store = Store(db_url, load_package())
    store.migrate()
    stored = store.read("certified_labour")
    provincial = stored[stored.province_code != "VN"]
    assert set(provincial.loc[provincial.year.between(2008, 2024), "vintage"].astype(int)) == {63}
    assert provincial.query("year < 2008").set_index("year")["vintage"].astype(int).to_dict() == {2002: 61, 2005: 64}
    assert set(provincial.loc[provincial.year >= 2025, "vintage"].astype(int)) == {34}  # the year's list then
    assert stored.loc[stored.province_code == "VN", "vintage"].isna().all()
    with store.engine.connect() as conn:
        changes = conn.execute(sa.text("SELECT dataset, column_name FROM data_table_migrations")).all()
    assert ("certified_labour", "vintage") in [tuple(c) for c in changes]


# -- the lists before 2008: the 61 (to 2003) and the 64 (2004-2007) --------------------------------------------


def test_the_lists_before_2008_are_the_63_before_its_changes():
    """The 64 is the 63 with Ha Tay (28), merged into Ha Noi on 1 August 2008; the 61 is the 64 before the splits
    of 1 January 2004 (Lai Chau, Dak Lak and Can Tho held Dien Bien, Dak Nong and Hau Giang). Each list's years are
    the engine's (vintage_of), and every code of every list is in the code list the datasets' keys point to."""
    provinces = read_shipped(load_package()["provinces"])
    codes = {v: set(provinces.loc[provinces.vintage == v, "code"]) for v in engine.LISTS}
    assert {v: len(c) for v, c in codes.items()} == {61: 61, 64: 64, 63: 63, 34: 34}
    assert codes[64] == codes[63] | {"28"} and codes[61] == codes[64] - {"11", "67", "93"}
    on_64 = provinces[provinces.vintage == 64].set_index("code")
    assert on_64.loc["28", "name_vi"] == "Hà Tây" and on_64.loc["28", "successor_code"] == "01"
    assert (on_64.drop(index="28")["successor_code"] == on_64.drop(index="28").index).all()
    for v, (first, last) in engine.LIST_YEARS.items():
        rows = provinces[provinces.vintage == v]
        assert {engine.vintage_of(int(y)) for y in rows["valid_from"]} == {v}, v  # each list from its first year
        if last is not None:
            assert engine.vintage_of(last) == v or last == engine.REFORM_YEAR
            assert (rows["valid_to"] >= last).all()
    areas = set(read_shipped(load_package()["areas"])["code"])
    assert set().union(*codes.values()) <= areas


def test_a_file_across_the_lists_keeps_each_row_on_its_own(ctx):
    """Lai Chau of 2002 is the larger province of the 61 (with Dien Bien), of 2005 the one of the 64; Ha Tay reads
    until 2007; the same code means its own list's territory."""
    result = check(
        "Năm,Tỉnh,Tỷ lệ (%)\n2002,Lai Châu,10\n2005,Lai Châu,11\n2005,Điện Biên,12\n2007,Hà Tây,13\n"
        "2002,Ha Tay,14\n2010,Lai Châu,15\n",
        ctx,
    )
    assert result.ok, [p.message("en") for p in result.errors]
    assert rows(result) == {(2002, "12"): 61, (2005, "12"): 64, (2005, "11"): 64, (2007, "28"): 64, (2002, "28"): 61,
                            (2010, "12"): 63}  # fmt: skip


@pytest.mark.parametrize(
    ("line", "year_list", "on_lists"),
    [
        ("2010,Hà Tây,13", ("63 provinces (2008 to 30 June 2025)", "63 tỉnh, thành phố (2008 đến 30/6/2025)"),
         ("61 provinces (1997–2003); 64 provinces (2004–2007)", "61 tỉnh, thành phố (1997–2003); 64 tỉnh, thành phố (2004–2007)")),
        ("2002,Điện Biên,12", ("61 provinces (1997–2003)", "61 tỉnh, thành phố (1997–2003)"),
         ("64 provinces (2004–2007); 63 provinces (2008 to 30 June 2025); 34 provinces (from 1 July 2025)",
          "64 tỉnh, thành phố (2004–2007); 63 tỉnh, thành phố (2008 đến 30/6/2025); 34 tỉnh, thành phố (từ 1/7/2025)")),
        ("2026,Ha Tay,14", ("34 provinces (from 1 July 2025)", "34 tỉnh, thành phố (từ 1/7/2025)"),
         ("61 provinces (1997–2003); 64 provinces (2004–2007)", "61 tỉnh, thành phố (1997–2003); 64 tỉnh, thành phố (2004–2007)")),
    ],
)  # fmt: skip
def test_a_province_of_another_period_is_refused_naming_the_lists(ctx, line, year_list, on_lists):
    """Ha Tay after 2008 or Dien Bien before 2004 is no province of the row's year: an error that names the year's
    list and the lists the name belongs to, entirely in each language; never read as another province."""
    result = check(f"Năm,Tỉnh,Tỷ lệ (%)\n{line}\n", ctx)
    (bad,) = result.errors
    assert (bad.code, bad.row, bad.column) == ("province_period", 2, "Tỉnh")
    en, vi = bad.message("en"), bad.message("vi")
    assert year_list[0] in en and on_lists[0] in en and line.split(",")[0] in en
    assert year_list[1] in vi and on_lists[1] in vi and "provinces" not in vi


def test_a_stated_list_holds_no_year_after_it_ended(ctx):
    result = check("Năm,Tỉnh,Danh mục,Tỷ lệ (%)\n2005,Hà Tây,61,31\n2003,Hà Tây,64,30\n2009,Hà Tây,64,29\n", ctx)
    bad = [p for p in result.errors if p.code == "vintage_year"]
    assert [p.row for p in bad] == [2, 4]  # the 61 ended with 2003, the 64 with 2007; 2003 on the 64 is history
    assert "2003" in bad[0].message("en") and "2007" in bad[1].message("vi")
