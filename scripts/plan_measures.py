"""The datasets of the plan's other tasks (2, 3, 5, 6, 7), built from ../shared/reference; used by build_data.py.

- institutions, teachers: the statistics office's national table "Giáo dục nghề nghiệp" 2016-2019 (real file,
  2019 published as preliminary "Sơ bộ 2019"; teachers in thousands, stored in persons).
- plan_measures: national figures by event edition or year (WorldSkills, ASEAN Skills, the national skills
  competition, the teachers' competition, students honoured, the ministry's institution counts, streaming
  shares, a digital-learning survey). One row per figure and source; `role` says which row is the indicator's
  series (`main`), which is the same figure from a source that disagrees (`other_source`), and which is a part
  or context (`detail`). A fact without a number ("did not take part") is a row without a value and a reason.
- PLAN_TARGETS: the published targets of these indicators (QĐ 73, QĐ 522, QĐ 2239, QĐ 2222, QĐ 1982).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

GSO_FILE = "real-files/gso_vet_national_2016_2019.csv"
GSO_SOURCE = (
    "GSO/NSO PX-Web table 'Giáo dục nghề nghiệp' 2016–2019 (Sơ bộ 2019), as republished in "
    "toantranct94/datavisualization 'Giáo dục nghề nghiệp.csv'"
)
GSO_NOTE = (
    "GSO scope: excludes professional secondary schools and colleges under the Ministry of Education (table footnote)"
)
# (indicator, segment) rows of the reference that are an indicator's series, not a part of it.
MAIN_SEGMENTS = {"vietnam_team", "total", "survey", "national"}
KEEP = re.compile(
    r"^(asean_skills|worldskills|national_skills_competition|vet_teachers_competition|outstanding_vet_students"
    r"|typical_vet_educators|vet_institutions|vet_colleges|high_quality_colleges|lower_secondary|secondary_graduates"
    r"|teachers_took|learners_took|trainers_ict|untrained_workers)"
)
# The same measure under another name in the reference: VietNamNet's "10 percent of secondary school graduates go
# to vocational intermediate schools ... far below the 30 percent target" is QĐ 522's lower-secondary share.
RENAMED = {"secondary_graduates_into_vocational_intermediate_share": "lower_secondary_graduates_into_vet_share"}
COLUMNS = ["indicator", "year", "segment", "role", "value", "unit", "no_value_reason", "source", "value_type", "note"]


def _gso_rows(ref: Path) -> dict[str, list[str]]:
    with (ref / GSO_FILE).open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter=";") if r]
    header = rows[1]
    years = [int(re.search(r"\d{4}", h).group()) for h in header[1:]]
    table = {r[0].strip(): r[1:] for r in rows[2:] if len(r) == len(header)}
    return {"years": years, **table}


def _gso_type(year: int, header: list[int]) -> str:
    return "preliminary" if year == header[-1] else "actual"


def build_institutions(ref: Path) -> pd.DataFrame:
    table = _gso_rows(ref)
    years = table["years"]
    series = {
        "total": "Số cơ sở giáo dục nghề nghiệp (Cơ sở)",
        "public": "Số cơ sở giáo dục nghề nghiệp  - Công lập (Cơ sở)",
        "non_public": "Số cơ sở giáo dục nghề nghiệp- Ngoài công lập (Cơ sở)",
    }
    rows = []
    for ownership, label in series.items():
        for year, cell in zip(years, table[label], strict=True):
            rows.append(
                {
                    "year": year,
                    "province_code": "VN",
                    "ownership": ownership,
                    "institutions": round(float(cell)),
                    "source": GSO_SOURCE,
                    "value_type": _gso_type(year, years),
                    "note": GSO_NOTE,
                }
            )
    out = pd.DataFrame(rows)
    out["institutions"] = out["institutions"].astype("Int64")
    return out


def build_teachers(ref: Path) -> pd.DataFrame:
    table = _gso_rows(ref)
    years = table["years"]
    series = {
        ("total", "total"): "Số giáo viên (Nghìn người)",
        ("public", "total"): "Số giáo viên - Công lập (Nghìn người)",
        ("non_public", "total"): "Số giáo viên - Ngoài công lập (Nghìn người)",
        ("total", "male"): "Số giáo viên - Nam (Nghìn người)",
        ("total", "female"): "Số giáo viên - Nữ (Nghìn người)",
    }
    rows = []
    for (ownership, sex), label in series.items():
        for year, cell in zip(years, table[label], strict=True):
            rows.append(
                {
                    "year": year,
                    "province_code": "VN",
                    "ownership": ownership,
                    "sex": sex,
                    "teachers": round(float(cell) * 1000),
                    "source": GSO_SOURCE,
                    "value_type": _gso_type(year, years),
                    "note": f"published in thousands ({cell}); {GSO_NOTE}",
                }
            )
    out = pd.DataFrame(rows)
    out["teachers"] = out["teachers"].astype("Int64")
    return out


def _year(text: str) -> int | None:
    """A plain year, or a year-end date (2020-12, 2023-12-31) as its year; other dates and periods: None."""
    m = re.fullmatch(r"(\d{4})(-12(-31)?)?", text)
    return int(m.group(1)) if m else None


def _row(indicator, year, segment, role, value, unit, source, value_type, note, reason="") -> dict:
    return {
        "indicator": indicator,
        "year": year,
        "segment": segment,
        "role": role,
        "value": value,
        "unit": unit,
        "no_value_reason": reason,
        "source": source,
        "value_type": value_type,
        "note": note,
    }


_WSA_2023 = (
    "https://worldskillsasean.org/2023/media/news/singapore-students-win-eight-gold-medals-worldskills-asean-2023/"
    "index.html"
)
_ASEAN_2025 = "https://worldskillsasean2025.com/news/wsaseanmanila2025"
_WS_2022 = (
    "https://en.vietnamplus.vn/vietnam-wins-two-silver-medals-at-world-skills-competition-2022-special-edition/"
    "240253.vnp"
)
_GDNN_2020 = "http://en.gdnn.gov.vn/infomation/news/gdvt-news/2021/2/297.aspx"
_LNV_2023 = (
    "https://langngheviet.com.vn/dao-tao-nghe/phan-dau-tuyen-sinh-dao-tao-nghe-nam-2023-dat-gan-2-3-trieu-nguoi"
    ".html37258"
)


def _medal_totals(rows: list[dict], prefix: str) -> list[dict]:
    """gold + silver + bronze of each edition from the main rows, where all three are there (inferred)."""
    out = []
    years = sorted({r["year"] for r in rows if r["indicator"].startswith(prefix) and r["role"] == "main"})
    for year in years:
        parts = {
            r["indicator"][len(prefix) :]: r
            for r in rows
            if r["year"] == year and r["role"] == "main" and r["indicator"].startswith(prefix)
        }
        if f"{prefix}medals" in {r["indicator"] for r in rows if r["year"] == year}:
            continue
        if not {"gold", "silver", "bronze"} <= set(parts):
            continue
        total = sum(float(parts[c]["value"]) for c in ("gold", "silver", "bronze"))
        sources = list(dict.fromkeys(parts[c]["source"] for c in ("gold", "silver", "bronze")))
        out.append(
            _row(
                f"{prefix}medals",
                year,
                "vietnam_team",
                "main",
                total,
                "medals",
                " | ".join(sources),
                "inferred",
                "= gold + silver + bronze as the source gives them (inference)",
            )
        )
    return out


def build_plan_measures(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "tasks_events_network_digital.csv", dtype=str, keep_default_na=False)
    with_total = {(r["indicator_id"], r["year"]) for r in raw.to_dict("records") if r["level_segment"] == "total"}
    rows = []
    for r in raw.to_dict("records"):
        if r["indicator_id"] in RENAMED:
            r = {**r, "indicator_id": RENAMED[r["indicator_id"]], "notes": f"{r['indicator_id']}: {r['notes']}"}
        year = _year(r["year"])
        if year is None or r["value_type"] == "target" or not KEEP.match(r["indicator_id"]):
            continue
        if not re.fullmatch(r"[a-z0-9_]+", r["level_segment"]):
            continue  # a province's figure (HCMC): this dataset is national
        if r["indicator_id"] == "asean_skills_vietnam_participated":
            continue  # a fact, not a zero: the value-less rows below
        if r["indicator_id"].startswith("vet_institutions") and r["year"] == "2020-12":
            role = "detail"  # confirms the ministry's own figure of the reference (below)
        elif r["notes"].startswith("DISAGREES"):
            role = "other_source"
        elif r["level_segment"] in MAIN_SEGMENTS or (
            r["level_segment"] == "total_registered" and (r["indicator_id"], r["year"]) not in with_total
        ):
            role = "main"
        else:
            role = "detail"
        rows.append(
            _row(
                r["indicator_id"],
                year,
                r["level_segment"],
                role,
                float(r["value"]),
                r["unit"],
                r["source_url"],
                r["value_type"],
                r["notes"],
            )
        )
    inst = pd.read_csv(ref / "institutions.csv", dtype=str, keep_default_na=False)
    for r in inst.to_dict("records"):
        year = _year(r["year"])
        planned = r["value_type"] == "planned"
        role = "main" if r["level_segment"] == "total" and not planned else "detail"
        if planned and r["level_segment"] == "total":
            role = "other_source"
        note = r["notes"]
        if planned:
            note = (
                f"the ministry's expected figure for 2023 ('dự kiến'; {note}); the end-2023 count 1,886 (DVET "
                "statistics as cited in 2024) is used: it is the count after the year closed"
            )
        rows.append(
            _row(
                "vet_institutions",
                year,
                r["level_segment"],
                role,
                float(r["value"]),
                "institutions",
                r["source_url"],
                "estimate" if planned else r["value_type"],
                note,
            )
        )
    # The network plan's measures (QĐ 73 counts public institutions and the non-public share from 2020).
    rows += [
        _row(
            "vet_institutions_public", 2020, "total", "main", 1227, "institutions", _GDNN_2020, "actual",
            "public institutions at end-2020 (the ministry: 1,227 of 1,907)",
        ),
        _row(
            "vet_institutions_public", 2023, "total", "main", 1177, "institutions", _LNV_2023, "estimate",
            "the ministry's expected 2023 figure ('dự kiến'), -1.7% on 2022",
        ),
        _row(
            "vet_institutions_non_public_share", 2020, "total", "main", round(100 * 680 / 1907, 1), "percent",
            _GDNN_2020, "inferred", "= (1,907 - 1,227 public) / 1,907 institutions at end-2020 (inference)",
        ),
        _row(
            "vet_institutions_non_public_share", 2023, "total", "main", round(100 * 690 / 1867, 1), "percent",
            _LNV_2023, "inferred",
            "= (1,867 - 1,177 public) / 1,867, the ministry's expected 2023 figures (inference on an estimate)",
        ),
    ]  # fmt: skip
    # Facts without a number: shown as text, never as a zero.
    rows += [
        _row(
            ind, 2025, "vietnam_team", "main", None, unit, _ASEAN_2025, "actual",
            "'Vietnam, however, has withdrawn from this year's competition due to funding limitations brought about "
            "by institutional reorganization' (14th ASEAN Skills, Manila)", "did_not_take_part",
        )
        for ind, unit in (("asean_skills_medals", "medals"), ("asean_skills_overall_rank", "rank"))
    ]  # fmt: skip
    rows.append(
        _row(
            "asean_skills_medals", 2020, "vietnam_team", "main", None, "medals", _WSA_2023, "actual",
            "the 13th edition was delayed three years by Covid-19 (held in 2023; Vietnam's results not found)",
            "not_held",
        )
    )  # fmt: skip
    rows.append(
        _row(
            "worldskills_medals", 2022, "vietnam_team", "main", None, "medals", _WS_2022, "actual",
            "2 silver by 18 Oct 2022 with 3 Vietnamese skills still to compete; the final count was not found",
            "not_found",
        )
    )  # fmt: skip
    for prefix in ("worldskills_", "asean_skills_"):
        rows += _medal_totals(rows, prefix)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["value"] = pd.to_numeric(out["value"])
    return out.sort_values(["indicator", "year", "role", "segment", "source"]).reset_index(drop=True)


_ND73 = "https://en.nhandan.vn/vietnam-aims-to-have-1800-vocational-education-facilities-by-2025-post122460.html"
_LAWNET = (
    "https://lawnet.vn/thong-tin-phap-luat/en/thong-bao-van-ban-moi/by-2030-to-reduce-at-least-30-of-public-"
    "vocational-education-institutions-compared-to-2020-in-vietnam-111659.html"
)
_BAOMOI = "https://baomoi.com/nhung-con-so-khong-tuong/c/26350483.epi"
_VLM = "https://vietnamlawmagazine.vn/scheme-to-improve-vocational-education-quality-approved-6250.html"
_BQN = (
    "https://english.baoquangninh.vn/gov-t-adopts-strategy-for-development-of-vocational-training-for-2021-2025-"
    "period-3169111.html"
)
_LV2239 = (
    "https://english.luatvietnam.vn/decision-no-2239-qd-ttg-dated-december-30-2021-of-the-prime-minister-on-"
    "approval-of-the-vocational-education-development-strategy-in-the-2021-2030-p-215043-Doc1.html"
)
_VP2222 = (
    "https://en.vietnamplus.vn/fiveyear-scheme-to-speed-up-digital-transformation-in-vocational-training/220157.vnp"
)
_CAND1982 = "http://cand.com.vn/giao-duc/Cao-Phe-duyet-de-an-ung-dung-Cong-nghe-thong-tin-trong-day-va-hoc-nghe-335042/"
_QD73 = "QĐ 73/QĐ-TTg (10/02/2023), quy hoạch mạng lưới cơ sở GDNN"
_QD522 = "QĐ 522/QĐ-TTg (14/5/2018), đề án giáo dục hướng nghiệp và định hướng phân luồng 2018–2025"
_QD2239 = "QĐ 2239/QĐ-TTg (30/12/2021), Chiến lược phát triển GDNN 2021–2030"
_QD2222 = "QĐ 2222/QĐ-TTg (30/12/2021), chuyển đổi số GDNN đến 2025, định hướng 2030"
_QD1982 = "QĐ 1982/QĐ-TTg (31/10/2014), ứng dụng CNTT trong dạy và học nghề đến 2020"

# (indicator, year, level, type, value, value_high, baseline_year, document, source, value_type, note)
PLAN_TARGETS = [
    ("vet_institutions", 2025, "", "at_most", 1800, None, 2020, _QD73, _ND73, "actual",
     "the plan consolidates the network: 1,800 institutions by 2025 (1,907 at end-2020)"),
    ("vet_institutions_public", 2025, "", "at_most", 982, None, 2020, _QD73, _ND73, "inferred",
     "= 1,227 public institutions at end-2020 less the plan's 'at least 20%' (inference)"),
    ("vet_institutions_public", 2030, "", "at_most", 859, None, 2020, _QD73, _LAWNET, "inferred",
     "= 1,227 public institutions at end-2020 less the plan's 'at least 30%' (inference)"),
    ("vet_institutions_non_public_share", 2025, "", "at_least", 45, None, 2020, _QD73, _ND73, "actual",
     "'approximately 45%' private and foreign-invested"),
    ("vet_institutions_non_public_share", 2030, "", "at_least", 50, None, 2020, _QD73, _LAWNET, "actual", ""),
    ("lower_secondary_graduates_into_vet_share", 2020, "", "at_least", 30, None, None, _QD522, _BAOMOI, "actual",
     "at least 30% (25% in areas with special difficulties)"),
    ("lower_secondary_graduates_into_vet_share", 2025, "", "at_least", 40, None, None, _QD522, _BAOMOI, "actual",
     "at least 40% (30% in areas with special difficulties)"),
    ("upper_secondary_graduates_into_college_share", 2020, "", "at_least", 40, None, None, _QD522, _BAOMOI, "actual",
     (f"40% by 2020 as the decision's own summary gives it; Vietnam Law Magazine ({_VLM}) gives 45% for 2020, "
     "which the other sources give for 2025: probably a translation error, not used")),
    ("upper_secondary_graduates_into_college_share", 2025, "", "at_least", 45, None, None, _QD522, _BAOMOI,
     "actual", ""),
    ("secondary_graduates_into_vet_share", 2025, "", "range", 40, 45, None, _QD2239, _BQN, "actual",
     "40–45% of lower and upper secondary graduates"),
    ("secondary_graduates_into_vet_share", 2030, "", "range", 50, 55, None, _QD2239, _LV2239, "actual", "50–55%"),
    ("teachers_trained_digital_skills_share", 2030, "", "at_least", 100, None, None, _QD2222, _VP2222, "actual",
     "100% of teachers and managers given supplementary digital-skills training"),
    ("institutions_digitalised_training_share", 2030, "", "at_least", 100, None, None, _QD2222, _VP2222, "actual",
     "100% of institutions digitalise the training process, results and degrees"),
    ("institutions_it_infrastructure_share", 2020, "", "at_least", 50, None, None, _QD1982, _CAND1982, "actual",
     "'ít nhất 50% cơ sở GDNN có cơ sở hạ tầng CNTT hoàn thiện'"),
]  # fmt: skip
