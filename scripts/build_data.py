"""Build the shipped data package (data/) from ../shared/reference and ../shared/geo.

Deterministic: running it twice writes the same bytes. The national rows are taken from the
published reference figures with their source and value type; annual series only (periods
such as "2016-2020" or "2019-H1" stay out). The province rows for demonstration come from
scripts/illustrative.py and are flagged `illustrative`, except where a real table of the statistics
office replaces them (scripts/real_data.py, read through the product's own reader).

Usage: python scripts/build_data.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT))

from kpis.engine import with_lists
from kpis.schema import TableSchema, load_package

LEVELS = {
    "total": "total",
    "cao_dang": "college",
    "trung_cap": "intermediate",
    "cao_dang_trung_cap": "college_intermediate",
    "so_cap_va_khac": "elementary_other",
    "so_cap_duoi_3_thang": "elementary_other",
}

# (reference indicator, level segment or None for any) -> (dataset, measure)
ENROLMENT = {"vet_enrol_total": "value"}
GRADUATES = {"vet_grad_total": "graduates", "vet_grad_employment_rate": "employment_rate"}
RURAL = {("rural_vt_trained", "total"): "trained", ("rural_vt_employed", "total"): "employed_after"}
RANKING_INDICATORS = {
    "wef_gci_vocational_training": "vocational_training",
    "wef_gci_skillset_graduates": "skillset_graduates",
    "wef_gci_skillset_university_graduates": "skillset_university_graduates",
    "wef_gci_extent_staff_training": "extent_staff_training",
    "wef_gci_ease_finding_skilled_employees": "ease_finding_skilled_employees",
    "wef_gci_skills_current_workforce": "skills_current_workforce",
    "wef_gci_skills_pillar": "skills_pillar",
    "wef_gci_overall": "gci_overall",
}
VALUE_TYPE_ORDER = ["actual", "preliminary", "estimate", "inferred", "illustrative"]

REGIONS = {
    "Trung du và miền núi phía Bắc": "northern_midlands_mountains",
    "Đồng bằng sông Hồng": "red_river_delta",
    "Bắc Trung Bộ và Duyên hải miền Trung": "north_central_coast",
    "Tây Nguyên": "central_highlands",
    "Đông Nam Bộ": "southeast",
    "Đồng bằng sông Cửu Long": "mekong_delta",
}
GEO_SOURCE = "../shared/geo (NQ 202/2025/QH15; QĐ 19/2025/QĐ-TTg; GSO codes), see data/geo/PROVENANCE.md"


def _annual(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep rows whose year is a plain 4-digit year."""
    keep = frame["year"].astype(str).str.fullmatch(r"\d{4}")
    out = frame[keep].copy()
    out["year"] = out["year"].astype(int)
    return out


def _worst(types: list[str]) -> str:
    return max(types, key=VALUE_TYPE_ORDER.index)


def _merge_measures(records: list[dict], keys: list[str], measures: list[str]) -> pd.DataFrame:
    """Merge one-measure-per-row records into one row per key, joining sources and notes."""
    merged: dict[tuple, dict] = {}
    for rec in records:
        key = tuple(rec[k] for k in keys)
        row = merged.setdefault(key, {**{k: rec[k] for k in keys}, "_sources": [], "_types": [], "_notes": []})
        row[rec["measure"]] = rec["value"]
        if rec["source"] not in row["_sources"]:
            row["_sources"].append(rec["source"])
        row["_types"].append(rec["value_type"])
        if rec.get("note"):
            row["_notes"].append(f"{rec['measure']}: {rec['note']}")
    rows = []
    for row in merged.values():
        out = {k: row[k] for k in keys}
        for m in measures:
            out[m] = row.get(m)
        out["source"] = " | ".join(row["_sources"])
        out["value_type"] = _worst(row["_types"])
        out["note"] = "; ".join(row["_notes"])
        rows.append(out)
    return pd.DataFrame(rows, columns=keys + measures + ["source", "value_type", "note"])


def _record(ref: pd.Series, measure: str, **keys) -> dict:
    note = ref["notes"] if isinstance(ref["notes"], str) else ""
    return {
        **keys,
        "measure": measure,
        "value": ref["value"],
        "source": ref["source_url"],
        "value_type": ref["value_type"],
        "note": note,
    }


def build_enrolment(ref: Path) -> pd.DataFrame:
    raw = _annual(pd.read_csv(ref / "enrolment.csv", dtype=str))
    recs = [
        _record(
            pd.Series(r),
            ENROLMENT[r["indicator_id"]],
            year=r["year"],
            province_code="VN",
            level=LEVELS[r["level_segment"]],
        )
        for r in raw.to_dict("records")
        if r["indicator_id"] in ENROLMENT
    ]
    out = _merge_measures(recs, ["year", "province_code", "level"], ["value"])
    out["value"] = out["value"].astype(float).round().astype("Int64")
    return out


def build_graduates(ref: Path) -> pd.DataFrame:
    raw = _annual(pd.read_csv(ref / "graduates_employment.csv", dtype=str))
    recs = []
    for r in raw.to_dict("records"):
        if r["indicator_id"] in GRADUATES and r["level_segment"] in LEVELS:
            recs.append(
                _record(
                    pd.Series(r),
                    GRADUATES[r["indicator_id"]],
                    year=r["year"],
                    province_code="VN",
                    level=LEVELS[r["level_segment"]],
                )
            )
    out = _merge_measures(recs, ["year", "province_code", "level"], ["graduates", "employed", "employment_rate"])
    out["graduates"] = pd.to_numeric(out["graduates"]).round().astype("Int64")
    out["employed"] = pd.to_numeric(out["employed"]).astype("Int64")
    out["employment_rate"] = pd.to_numeric(out["employment_rate"])
    return out


def build_rural(ref: Path) -> pd.DataFrame:
    raw = _annual(pd.read_csv(ref / "rural_training.csv", dtype=str))
    recs = []
    for r in raw.to_dict("records"):
        measure = RURAL.get((r["indicator_id"], r["level_segment"]))
        if measure:
            recs.append(_record(pd.Series(r), measure, year=r["year"], province_code="VN"))
    out = _merge_measures(recs, ["year", "province_code"], ["trained", "employed_after"])
    out["trained"] = pd.to_numeric(out["trained"]).astype("Int64")
    out["employed_after"] = pd.to_numeric(out["employed_after"]).astype("Int64")
    return out


def build_quality_ranking(ref: Path) -> pd.DataFrame:
    raw = _annual(pd.read_csv(ref / "wef_gci.csv", dtype=str))
    counts = {r["year"]: r for r in raw.to_dict("records") if r["indicator_id"] == "wef_gci_countries_ranked"}
    recs = []
    for r in raw.to_dict("records"):
        m = re.fullmatch(r"(wef_gci_.+)_(rank|score)", r["indicator_id"])
        if not m or m.group(1) not in RANKING_INDICATORS:
            continue
        code = RANKING_INDICATORS[m.group(1)]
        recs.append(_record(pd.Series(r), m.group(2), year=r["year"], indicator=code))
        if m.group(2) == "rank" and r["year"] in counts:
            recs.append(_record(pd.Series(counts[r["year"]]), "countries_ranked", year=r["year"], indicator=code))
    out = _merge_measures(recs, ["year", "indicator"], ["rank", "countries_ranked", "score"])
    for col in ("rank", "countries_ranked"):
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    out["score"] = pd.to_numeric(out["score"])
    return out


def build_certified(ref: Path) -> pd.DataFrame:
    raw = _annual(pd.read_csv(ref / "certified_labour.csv", dtype=str))
    raw = raw[raw["indicator_id"] == "certified_labour_share"]
    recs = [_record(pd.Series(r), "share", year=r["year"], province_code="VN") for r in raw.to_dict("records")]
    out = _merge_measures(recs, ["year", "province_code"], ["share"])
    out["share"] = pd.to_numeric(out["share"])
    return out


TARGET_COLUMNS = [
    "indicator_id",
    "year",
    "province_code",
    "level",
    "target_type",
    "value",
    "value_high",
    "baseline_year",
    "source_document",
    "source",
    "value_type",
    "note",
]
_NLD14 = "https://nld.com.vn/cong-doan/79-hoc-vien-hoc-nghe-co-viec-lam-20141230214009234.htm"
_TP17 = "https://tienphong.vn/bo-ld-tb-xh-dat-chi-tieu-tuyen-22-trieu-thi-sinh-nam-2017-post943602.tpo"
_CDK19 = "https://cdktktct.edu.vn/85-sinh-vien-tot-nghiep-truong-nghe-co-viec-lam/"
_GDNN20 = "http://en.gdnn.gov.vn/infomation/news/gdvt-news/2021/2/297.aspx"
_CADN22 = (
    "https://cadn.com.vn/cac-co-so-giao-duc-nghe-nghiep-can-tap-trung-uu-tien-cho-cong-tac-tuyen-sinh-"
    "nam-2022-post263082.html"
)
_LNV23 = (
    "https://langngheviet.com.vn/dao-tao-nghe/phan-dau-tuyen-sinh-dao-tao-nghe-nam-2023-dat-gan-2-3-"
    "trieu-nguoi.html37258"
)
_ND73 = "https://en.nhandan.vn/vietnam-aims-to-have-1800-vocational-education-facilities-by-2025-post122460.html"
_NGO = "https://ngocentre.org.vn/news/vietnam-must-improve-vocational-training-trainers-boost-workforce-experts"
_GD15 = (
    "http://giaoduc.edu.vn/news/nhip-song-hoc-duong-672/nam-2015-day-nghe-cho-khoang-950-ngan-lao-dong-"
    "nong-thon-244721.aspx"
)
_VP1956 = "https://en.vietnamplus.vn/almost-26-trillion-vnd-for-rural-vocational-training/14868.vnp"
_VNA30 = (
    "https://vietnam.vnanet.vn/english/tin-van/vietnam-launches-comprehensive-reform-to-improve-vocational-"
    "training-quality-for-rural-workers-431249.html"
)
_KTDB = "https://kinhtevadubao.vn/chat-luong-dao-tao-nghe-nghiep-viet-nam-tang-13-bac-12430.html"
_BVL = (
    "https://baovinhlong.com.vn/xa-hoi/giao-duc-dao-tao/202201/phat-trien-giao-duc-nghe-nghiep-dap-ung-nhu-"
    "cau-da-dang-thi-truong-lao-dong-3099663/"
)

# National targets as published (or, where marked inferred, derived from a published attainment).
# (indicator, year, level, type, value, value_high, baseline_year, document, source, value_type, note)
NATIONAL_TARGETS = [
    (
        "enrolment_total",
        2015,
        "total",
        "at_least",
        2321000,
        None,
        None,
        "Kế hoạch tuyển sinh 2015, Tổng cục Dạy nghề",
        _NLD14,
        "actual",
        "",
    ),
    (
        "enrolment_total",
        2017,
        "total",
        "at_least",
        2200000,
        None,
        None,
        "Kế hoạch tuyển sinh 2017, Bộ LĐ-TB&XH",
        _TP17,
        "actual",
        "",
    ),
    (
        "enrolment_total",
        2019,
        "total",
        "at_least",
        2260000,
        None,
        None,
        "Kế hoạch tuyển sinh 2019, Tổng cục GDNN",
        _CDK19,
        "actual",
        "",
    ),
    (
        "enrolment_total",
        2020,
        "total",
        "at_least",
        2260000,
        None,
        None,
        "Kế hoạch tuyển sinh 2020, Tổng cục GDNN",
        _GDNN20,
        "inferred",
        "= 2,280,000 / 1.009: the published attainment of 100.9% (inference)",
    ),
    (
        "enrolment_total",
        2022,
        "total",
        "at_least",
        2086000,
        None,
        None,
        "Kế hoạch tuyển sinh 2022, Tổng cục GDNN",
        _CADN22,
        "actual",
        "",
    ),
    (
        "enrolment_total",
        2023,
        "total",
        "at_least",
        2295000,
        None,
        None,
        "Kế hoạch tuyển sinh 2023, Tổng cục GDNN",
        _LNV23,
        "actual",
        "110% of the 2022 plan",
    ),
    (
        "enrolment_total",
        2025,
        "total",
        "range",
        2500000,
        2700000,
        2020,
        "QĐ 73/QĐ-TTg (10/02/2023), quy hoạch mạng lưới cơ sở GDNN",
        _ND73,
        "actual",
        "2.5–2.7 million a year by 2025",
    ),
    (
        "enrolment_total",
        2030,
        "total",
        "range",
        3800000,
        4000000,
        2020,
        "QĐ 73/QĐ-TTg (10/02/2023), quy hoạch mạng lưới cơ sở GDNN",
        _ND73,
        "actual",
        "3.8–4 million a year by 2030",
    ),
    (
        "enrolment_college_intermediate",
        2019,
        "college_intermediate",
        "at_least",
        560000,
        None,
        None,
        "Kế hoạch tuyển sinh 2019, Tổng cục GDNN",
        _CDK19,
        "actual",
        "",
    ),
    (
        "enrolment_college_intermediate",
        2023,
        "college_intermediate",
        "at_least",
        530000,
        None,
        None,
        "Kế hoạch tuyển sinh 2023, Tổng cục GDNN",
        _LNV23,
        "actual",
        "",
    ),
    (
        "enrolment_elementary_other",
        2019,
        "elementary_other",
        "at_least",
        1700000,
        None,
        None,
        "Kế hoạch tuyển sinh 2019, Tổng cục GDNN",
        _CDK19,
        "actual",
        "",
    ),
    (
        "enrolment_elementary_other",
        2020,
        "elementary_other",
        "at_least",
        1679842,
        None,
        None,
        "Kế hoạch tuyển sinh 2020, Tổng cục GDNN",
        _GDNN20,
        "inferred",
        "= 1,700,000 / 1.012: the published attainment of 101.2% (inference)",
    ),
    (
        "enrolment_elementary_other",
        2023,
        "elementary_other",
        "at_least",
        1765000,
        None,
        None,
        "Kế hoạch tuyển sinh 2023, Tổng cục GDNN",
        _LNV23,
        "actual",
        "",
    ),
    (
        "graduate_employment_rate",
        2025,
        "",
        "at_least",
        85,
        None,
        None,
        "Dự thảo kế hoạch 5 năm 2021–2025 (12/2020)",
        _NGO,
        "actual",
        "draft five-year plan",
    ),
    (
        "graduate_employment_rate",
        2030,
        "",
        "at_least",
        90,
        None,
        None,
        "Dự thảo kế hoạch 5 năm 2026–2030 (12/2020)",
        _NGO,
        "actual",
        "draft",
    ),
    (
        "rural_trained",
        2015,
        "",
        "at_least",
        950000,
        None,
        None,
        "Kế hoạch dạy nghề cho lao động nông thôn 2015 (QĐ 1956/QĐ-TTg)",
        _GD15,
        "actual",
        "of which 550,000 supported under Decision 1956",
    ),
    (
        "rural_trained",
        2030,
        "",
        "at_least",
        1500000,
        None,
        2014,
        "Chương trình đào tạo nghề cho lao động nông thôn đến 2030 (2026)",
        _VNA30,
        "actual",
        "per year",
    ),
    (
        "rural_employment_rate",
        2015,
        "",
        "at_least",
        70,
        None,
        None,
        "Kế hoạch dạy nghề cho lao động nông thôn 2015 (QĐ 1956/QĐ-TTg)",
        _GD15,
        "actual",
        "'employment >70%'",
    ),
    (
        "rural_employment_rate",
        2020,
        "",
        "at_least",
        80,
        None,
        None,
        "QĐ 1956/QĐ-TTg (27/11/2009), giai đoạn 2016–2020",
        _VP1956,
        "actual",
        "'at least 80 percent' for 2016–2020",
    ),
    (
        "rural_employment_rate",
        2030,
        "",
        "at_least",
        85,
        None,
        2014,
        "Chương trình đào tạo nghề cho lao động nông thôn đến 2030 (2026)",
        _VNA30,
        "actual",
        "'expected to exceed 85%'",
    ),
    (
        "vocational_training_quality_rank",
        2019,
        "",
        "improve_by",
        5,
        None,
        2018,
        "Nghị quyết 02/NQ-CP (01/01/2019)",
        _KTDB,
        "actual",
        "at least 5 places up in 2019",
    ),
    (
        "vocational_training_quality_rank",
        2021,
        "",
        "improve_by",
        20,
        25,
        2018,
        "Nghị quyết 02/NQ-CP (01/01/2019)",
        _KTDB,
        "actual",
        "20 to 25 places up by 2021",
    ),
    (
        "certified_labour_share",
        2025,
        "",
        "at_least",
        30,
        None,
        2020,
        "QĐ 2239/QĐ-TTg (30/12/2021), Chiến lược phát triển GDNN 2021–2030",
        _BVL,
        "actual",
        "",
    ),
    (
        "certified_labour_share",
        2030,
        "",
        "range",
        35,
        40,
        2020,
        "QĐ 2239/QĐ-TTg (30/12/2021), Chiến lược phát triển GDNN 2021–2030",
        _BVL,
        "actual",
        "35–40%",
    ),
]


def build_targets() -> pd.DataFrame:
    from plan_measures import PLAN_TARGETS  # sibling script, on sys.path via __main__

    rows = [
        dict(
            zip(TARGET_COLUMNS[:2], t[:2]),
            province_code="VN",
            level=t[2],
            target_type=t[3],
            value=t[4],
            value_high=t[5],
            baseline_year=t[6],
            source_document=t[7],
            source=t[8],
            value_type=t[9],
            note=t[10],
        )
        for t in NATIONAL_TARGETS + PLAN_TARGETS
    ]
    out = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    out["baseline_year"] = out["baseline_year"].astype("Int64")
    return out


def _ascii(name: str) -> str:
    name = name.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")


def build_provinces(geo: Path) -> pd.DataFrame:
    p63 = pd.read_csv(geo / "provinces_63.csv", dtype=str)
    p34 = pd.read_csv(geo / "provinces_34.csv", dtype=str)
    rows = []
    for r in p63.to_dict("records"):
        rows.append(
            {
                "code": r["code"],
                "vintage": 63,
                "name_vi": r["name"],
                "name_en": _ascii(r["name"]),
                "type": "city" if r["type"] == "Thành phố" else "province",
                "region": REGIONS[r["region_6"]],
                "successor_code": r["new_code_2025"],
                "predecessor_codes": "",
                "valid_from": 2008,
                "valid_to": 2025,
                "source": GEO_SOURCE,
                "note": "",
            }
        )
    region_of = {r["code"]: REGIONS[r["region_6"]] for r in p63.to_dict("records")}
    for r in p34.to_dict("records"):
        rows.append(
            {
                "code": r["code"],
                "vintage": 34,
                "name_vi": r["name"],
                "name_en": _ascii(r["name"]),
                "type": "city" if r["type_2025_07_01"] == "Thành phố" else "province",
                "region": region_of[r["capital_in_old_code"]],
                "successor_code": "",
                "predecessor_codes": r["old_codes"],
                "valid_from": 2025,
                "valid_to": 2100,
                "source": GEO_SOURCE,
                "note": "region: that of the old province holding the new capital" if " " in r["old_codes"] else "",
            }
        )
    return pd.concat([pd.DataFrame(rows), *lists_before_2008(rows[:63])], ignore_index=True)


# The 64 (2004-2007) and the 61 (1997-2003) lists, as their differences from the 63 (data/geo/lists_before_2008.csv,
# each with its act): `add` a province the 63 no longer has, `replace` one whose territory was larger, `drop` one
# that did not exist yet. The 61 is the 64 before the splits of 1 January 2004.
EARLIER_LISTS = {64: (2004, 2008), 61: (1997, 2003)}
EARLIER_SOURCE = f"{GEO_SOURCE}; earlier lists: data/geo/lists_before_2008.csv (NQ 22/2003/QH11, NQ 15/2008/QH12)"


def lists_before_2008(rows_63: list[dict]) -> list[pd.DataFrame]:
    changes = pd.read_csv(DATA / "geo" / "lists_before_2008.csv", dtype=str, keep_default_na=False)
    out, base = [], {r["code"]: dict(r) for r in rows_63}
    for vintage, (first, last) in EARLIER_LISTS.items():
        # Each province not named in the changes kept its code and name on the next list.
        listed = {code: {**r, "successor_code": code, "source": EARLIER_SOURCE} for code, r in base.items()}
        for c in changes[changes["vintage"] == str(vintage)].to_dict("records"):
            if c["change"] == "drop":
                listed.pop(c["code"])
                continue
            listed[c["code"]] = {
                "code": c["code"],
                "name_vi": c["name_vi"],
                "name_en": _ascii(c["name_vi"]),
                "type": c["type"],
                "region": c["region"],
                "successor_code": c["successor_code"],
                "predecessor_codes": "",
                "source": c["source"],
                "note": c["note"],
            }
        frame = pd.DataFrame(sorted(listed.values(), key=lambda r: r["code"]))
        out.append(frame.assign(vintage=vintage, valid_from=first, valid_to=last)[list(rows_63[0])])
        base = listed
    return out


def build_population(ref: Path, provinces: pd.DataFrame) -> pd.DataFrame:
    pop = pd.read_csv(ref / "population_63.csv", dtype={"code": str})
    census = "GSO 2019 Population and Housing Census (1 April 2019), summed from districts"
    avg = "NSO table V02.01 average population (thousand persons); 2024 probably preliminary"
    rows = []
    for r in pop.to_dict("records"):
        rows.append(
            {
                "year": 2019,
                "province_code": r["code"],
                "vintage": 63,
                "population": int(r["population_2019"]),
                "rural_population": int(r["population_2019_rural"]),
                "source": census,
                "value_type": "actual",
                "note": "",
            }
        )
        for y in range(2020, 2025):
            rows.append(
                {
                    "year": y,
                    "province_code": r["code"],
                    "vintage": 63,
                    "population": round(float(r[f"avg_pop_{y}_thousand"]) * 1000),
                    "rural_population": None,
                    "source": avg,
                    "value_type": "actual",
                    "note": "",
                }
            )
    out = pd.DataFrame(rows)
    # The 34 units: sums of their predecessors, latest year available (2024).
    p34 = provinces[provinces["vintage"] == 34]
    latest = out[out["year"] == 2024].set_index("province_code")["population"]
    merged = []
    for r in p34.to_dict("records"):
        merged.append(
            {
                "year": 2024,
                "province_code": r["code"],
                "vintage": 34,
                "population": int(sum(latest[c] for c in r["predecessor_codes"].split())),
                "rural_population": None,
                "source": avg,
                "value_type": "inferred",
                "note": "sum of the 2024 populations of the merged provinces " + r["predecessor_codes"],
            }
        )
    out = pd.concat([out, pd.DataFrame(merged)], ignore_index=True)
    out["rural_population"] = out["rural_population"].astype("Int64")
    return out


def as_shipped(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """A built dataset as it is written: each provincial row with its province list where the schema keeps one,
    the schema's fields first, in its order."""
    if "vintage" in schema.names:
        frame = with_lists(frame)
    order = [c for c in schema.names if c in frame.columns]
    return frame[order + [c for c in frame.columns if c not in order]]


def build_areas(provinces: pd.DataFrame) -> pd.DataFrame:
    """The reference areas a row may be about: the whole country (VN) and each province code of any list, named
    as on the latest list it belongs to (data/provinces.csv has each list's own names). The datasets' province_code
    points here: a foreign key the national row satisfies."""
    by_start = provinces.assign(_from=provinces["valid_from"].astype(int)).sort_values("_from", kind="stable")
    latest = by_start.drop_duplicates("code", keep="last")  # the 34 (from 2025) over the 63
    package = "the data package's code list (scripts/build_data.py: build_areas)"
    rows = [{"code": "VN", "area_type": "country", "name_vi": "Cả nước", "name_en": "Whole country", "source": package}]
    rows += [
        {
            "code": r["code"],
            "area_type": "province",
            "name_vi": r["name_vi"],
            "name_en": r["name_en"],
            "source": r["source"],
        }
        for r in latest.sort_values("code").to_dict("records")
    ]
    return pd.DataFrame(rows, columns=["code", "area_type", "name_vi", "name_en", "source"])


def write_csv(frame: pd.DataFrame, name: str) -> None:
    frame.to_csv(DATA / f"{name}.csv", index=False, lineterminator="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    ref, geo = args.shared / "reference", args.shared / "geo"

    from illustrative import SEED, add_illustrative  # sibling script, on sys.path via __main__
    from plan_measures import build_institutions, build_plan_measures, build_teachers
    from real_data import with_real_rows  # real tables in place of generated rows, read by the product

    national = {
        "enrolment": build_enrolment(ref),
        "graduates": build_graduates(ref),
        "rural_training": build_rural(ref),
        "certified_labour": build_certified(ref),
        "targets": build_targets(),
    }
    provinces = build_provinces(geo)
    population = build_population(ref, provinces)
    full = add_illustrative(national, provinces, population, seed=SEED)
    full = {name: with_real_rows(frame, name, ref) for name, frame in full.items()}
    schemas = load_package()
    for name, frame in full.items():
        write_csv(as_shipped(frame, schemas[name]), name)
    write_csv(build_quality_ranking(ref), "quality_ranking")
    write_csv(build_institutions(ref), "institutions")
    write_csv(build_teachers(ref), "teachers")
    write_csv(build_plan_measures(ref), "plan_measures")
    write_csv(provinces, "provinces")
    write_csv(build_areas(provinces), "areas")
    write_csv(population, "population")
    (DATA / "geo").mkdir(exist_ok=True)
    for f in ("vn_provinces_63.geojson", "vn_provinces_34.geojson", "PROVENANCE.md"):
        shutil.copyfile(geo / f, DATA / "geo" / f)
    print(f"wrote {DATA}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    main()
