"""Deterministic generator of large enrolment files for the benchmarks (issue 4).

Shape of the real data: the 63 provinces (codes and names from data/provinces.csv) plus the national
row `VN`, eleven years (2014–2024, all before the 2025 reform, so every code is valid for its year),
every level (college, intermediate, elementary_other and the published total), and the optional
detail columns a ministry or GSO table carries: gender and occupation.

Why a benchmark-only schema: the real `enrolment` schema keys rows on (year, province_code, level),
with 5 levels, 63 provinces + VN until 2024 and 34 + VN from 2025, and years 2000 to the current
year, so a valid file holds at most 25 × 64 × 5 + (current year − 2024) × 35 × 5 rows (8,350 in
2026); kpis/validate.py rejects every repeated key. 1M unique rows therefore need a wider key. The
schema `enrolment_detail` (built by `build_package`, loaded by kpis.schema.load_package) is every
field of data/schemas/enrolment.json unchanged plus `gender` and `occupation` from
benchmarks/pkg/extra_fields.json, keyed on all five. It exists only under benchmarks/out/.

Files are consistent with kpis/validate.py's checks: detail rows are college / intermediate /
elementary_other × female / male × occupation; each (year, province) has one `total` row
(gender = occupation = total) equal to the sum of its details, and `VN` has one row per level equal
to the sum over provinces. A size is hit exactly by leaving out seeded random detail rows (an
occupation not taught in a province that year) before the totals are summed.

Forms: `csv` (UTF-8, `,`, field names as headers, as the template writes), `csv-vi` (what Vietnamese
Excel writes: Windows-1258 with decomposed tone marks, `;`, CRLF, Vietnamese headers and labels,
`1.234` thousands, a title row above and a padded source row below the table), `xlsx-excel` (what
Excel and LibreOffice save: a shared-strings table and a declared <dimension>, Vietnamese headers, a
title row, numbers as numbers) and `xlsx` (the same cells through openpyxl's write_only mode, which
writes inline strings and no <dimension>: openpyxl must scan such a sheet once more just to size it).

    .venv/bin/python benchmarks/generate.py [--sizes 10k,100k,1m] [--forms csv,csv-vi,xlsx,xlsx-excel]

Output goes to benchmarks/out/data/ (git-ignored) and is reused while the generator version, size
and seed are unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kpis import DATA_DIR
from kpis.schema import TableSchema, load_package, read_shipped

OUT = ROOT / "benchmarks" / "out"
DATA_OUT = OUT / "data"
PKG_OUT = OUT / "pkg"
EXTRA_FIELDS = ROOT / "benchmarks" / "pkg" / "extra_fields.json"
GENERATOR_VERSION = 1
SEED = 2021
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
FORMS = ("csv", "csv-vi", "xlsx", "xlsx-excel")
YEARS = tuple(range(2014, 2025))
DETAIL_LEVELS = ("college", "intermediate", "elementary_other")
GENDERS = ("female", "male")
COLUMNS = ["year", "province_code", "level", "gender", "occupation", "value", "source", "value_type", "note"]
NATIONAL = "VN"
# Vietnamese labels as analysts type them (all are enum aliases of the schemas).
VI_LABELS = {
    "level": {
        "college": "Cao đẳng",
        "intermediate": "Trung cấp",
        "elementary_other": "Sơ cấp và khác",
        "college_intermediate": "Cao đẳng và trung cấp",
        "total": "Tổng số",
    },
    "gender": {"female": "Nữ", "male": "Nam", "total": "Tổng"},
    "value_type": {"actual": "Số thực hiện", "estimate": "Ước tính"},
}
TITLE_VI = "BÁO CÁO KẾT QUẢ TUYỂN SINH GIÁO DỤC NGHỀ NGHIỆP THEO TRÌNH ĐỘ, GIỚI TÍNH VÀ NGHỀ, 2014–2024"
NOTE_VI = "Nguồn: Tổng hợp từ báo cáo của các Sở Lao động – Thương binh và Xã hội (số liệu giả lập để đo hiệu năng)."
# Tone marks that Windows-1258 stores as separate combining characters after the base letter.
_CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


# --------------------------------------------------------------------------------------------- schema


def build_package(dest: Path = PKG_OUT) -> Path:
    """Write the benchmark data package (datapackage.json + schemas/enrolment_detail.json); return its folder.

    Built from data/schemas/enrolment.json each time, so the benchmark validates against the real
    field definitions as they are today, plus the two key columns of benchmarks/pkg/extra_fields.json.
    """
    real = json.loads((DATA_DIR / "schemas" / "enrolment.json").read_text(encoding="utf-8"))
    extra = json.loads(EXTRA_FIELDS.read_text(encoding="utf-8"))
    fields = list(real["fields"])
    at = [f["name"] for f in fields].index(extra["insert_after"]) + 1
    fields[at:at] = extra["fields"]
    key = list(real["primaryKey"])
    key[key.index(extra["insert_after"]) + 1 : key.index(extra["insert_after"]) + 1] = [
        f["name"] for f in extra["fields"]
    ]
    spec = {**real, "name": extra["name"], "titles": extra["titles"], "fields": fields, "primaryKey": key}
    (dest / "schemas").mkdir(parents=True, exist_ok=True)
    schema_text = json.dumps(spec, ensure_ascii=False, indent=2) + "\n"
    package = {
        "name": "gdnn-kpis-benchmark",
        "title": "Benchmark-only data package (generated)",
        "resources": [
            {"name": extra["name"], "path": f"{extra['name']}.csv", "schema": f"schemas/{extra['name']}.json"}
        ],
    }
    package_text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    for path, text in (
        (dest / "schemas" / f"{extra['name']}.json", schema_text),
        (dest / "datapackage.json", package_text),
    ):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return dest


def detail_schema() -> TableSchema:
    """The benchmark-only `enrolment_detail` schema, through kpis.schema.load_package."""
    return load_package(build_package())["enrolment_detail"]


# ----------------------------------------------------------------------------------------------- data


def provinces(vintage: int = 63) -> pd.DataFrame:
    frame = read_shipped(load_package()["provinces"])
    return frame[frame["vintage"] == vintage].reset_index(drop=True)


def occupation_codes(k: int, rng: np.random.Generator) -> list[str]:
    """k distinct 6-digit occupation codes: field (2 digits, 14–86) + group + number, as in the VET catalogue."""
    codes: set[str] = set()
    while len(codes) < k:
        field, group, number = rng.integers(14, 87), rng.integers(1, 10), rng.integers(1, 30)
        codes.add(f"{field:02d}{group:02d}{number:02d}")
    return sorted(codes)


def _base_sizes(rng: np.random.Generator, n_prov: int) -> np.ndarray:
    """Yearly enrolment per province and year: a log-normal province size with a yearly growth path."""
    size = rng.lognormal(mean=np.log(30_000), sigma=0.7, size=n_prov)
    growth = 1 + rng.normal(0.03, 0.04, size=(len(YEARS), n_prov))
    growth[0] = 1.0
    return size[None, :] * np.cumprod(growth, axis=0)  # (years, provinces)


def detail_frame(n_rows: int, seed: int = SEED) -> pd.DataFrame:
    """Exactly n_rows rows of `enrolment_detail`, canonical values, consistent totals, in file order."""
    rng = np.random.default_rng(seed)
    prov = provinces()
    n_prov, n_years = len(prov), len(YEARS)
    n_agg = n_years * n_prov + n_years * (len(DETAIL_LEVELS) + 1)
    per_occ = n_years * n_prov * len(DETAIL_LEVELS) * len(GENDERS)
    need = n_rows - n_agg
    if need < per_occ // 2:
        raise ValueError(f"at least {n_agg + per_occ // 2} rows: one occupation in half the places")
    k = -(-need // per_occ)
    occ = np.array(occupation_codes(k, rng), dtype=object)
    # Occupation sizes follow a Zipf-like law; levels and genders split as in GSO's tables.
    occ_share = 1 / np.arange(1, k + 1) ** 0.9
    occ_share = rng.permutation(occ_share / occ_share.sum())
    level_share = np.array([0.11, 0.13, 0.76])
    male_share = rng.uniform(0.52, 0.68, size=len(DETAIL_LEVELS))
    base = _base_sizes(rng, n_prov)

    yi, pi, li, gi, oi = (
        a.ravel()
        for a in np.meshgrid(
            np.arange(n_years),
            np.arange(n_prov),
            np.arange(len(DETAIL_LEVELS)),
            np.arange(len(GENDERS)),
            np.arange(k),
            indexing="ij",
        )
    )
    keep = np.ones(len(yi), dtype=bool)
    keep[rng.choice(len(yi), size=len(yi) - need, replace=False)] = False
    yi, pi, li, gi, oi = yi[keep], pi[keep], li[keep], gi[keep], oi[keep]
    gender_share = np.where(gi == 1, male_share[li], 1 - male_share[li])
    expected = base[yi, pi] * level_share[li] * gender_share * occ_share[oi]
    values = rng.poisson(expected * rng.lognormal(0, 0.25, size=len(yi))).astype(np.int64)

    codes = prov["code"].to_numpy(dtype=object)
    names = prov["name_vi"].to_numpy(dtype=object)
    years = np.array(YEARS)
    sources = np.array(
        [[f"Sở LĐ-TB&XH {names[p]}: Báo cáo kết quả tuyển sinh GDNN năm {y}" for p in range(n_prov)] for y in YEARS],
        dtype=object,
    )
    estimate = rng.random(len(yi)) < 0.03
    detail = pd.DataFrame(
        {
            "year": years[yi],
            "province_code": codes[pi],
            "level": np.array(DETAIL_LEVELS, dtype=object)[li],
            "gender": np.array(GENDERS, dtype=object)[gi],
            "occupation": occ[oi],
            "value": values,
            "source": sources[yi, pi],
            "value_type": np.where(estimate, "estimate", "actual").astype(object),
            "note": np.where(estimate, "Số liệu ước tính, chưa khóa sổ", "").astype(object),
        }
    )
    totals = detail.groupby(["year", "province_code"], sort=False, as_index=False)["value"].sum()
    totals = totals.assign(
        level="total",
        gender="total",
        occupation="total",
        value_type="actual",
        note="",
        source=lambda f: [
            sources[YEARS.index(y), list(codes).index(c)] for y, c in zip(f["year"], f["province_code"], strict=True)
        ],
    )
    national = pd.concat([detail, totals]).groupby(["year", "level"], as_index=False)["value"].sum()
    national = national.assign(
        province_code=NATIONAL,
        gender="total",
        occupation="total",
        value_type="actual",
        note="",
        source=lambda f: [f"Tổng cục GDNN: Báo cáo tuyển sinh GDNN năm {y}" for y in f["year"]],
    )
    out = pd.concat([national, totals, detail], ignore_index=True)[COLUMNS]
    order = {"total": 0, "college": 1, "intermediate": 2, "elementary_other": 3}
    out = out.assign(
        _p=out["province_code"] != NATIONAL,
        _l=out["level"].map(order),
        _g=out["gender"].map({"total": 0, "female": 1, "male": 2}),
    )
    out = out.sort_values(["year", "_p", "province_code", "_l", "_g", "occupation"], kind="stable")
    out = out.drop(columns=["_p", "_l", "_g"]).reset_index(drop=True)
    assert len(out) == n_rows, (len(out), n_rows)
    return out


def real_key_frame(current_year: int | None = None, seed: int = SEED) -> pd.DataFrame:
    """The largest valid table of the real `enrolment` schema: every year 2000..current year, every code of
    that year's province list and VN, every level (college_intermediate = college + intermediate, total =
    that + elementary_other, VN = sum of provinces)."""
    current_year = current_year or dt.date.today().year
    rng = np.random.default_rng(seed + 1)
    parts = []
    for year in range(2000, current_year + 1):
        vintage = 63 if year < 2025 else 34
        codes = provinces(vintage)["code"].to_numpy(dtype=object)
        college = rng.integers(500, 20_000, len(codes))
        inter = rng.integers(500, 25_000, len(codes))
        elem = rng.integers(5_000, 120_000, len(codes))
        levels = {
            "college": college,
            "intermediate": inter,
            "college_intermediate": college + inter,
            "elementary_other": elem,
            "total": college + inter + elem,
        }
        for level, vals in levels.items():
            parts.append(pd.DataFrame({"year": year, "province_code": codes, "level": level, "value": vals}))
            parts.append(
                pd.DataFrame(
                    {"year": [year], "province_code": [NATIONAL], "level": [level], "value": [int(vals.sum())]}
                )
            )
    out = pd.concat(parts, ignore_index=True)
    out["source"] = [f"Báo cáo tuyển sinh GDNN năm {y} (số liệu giả lập)" for y in out["year"]]
    out["value_type"], out["note"] = "illustrative", ""
    return out.sort_values(["year", "province_code", "level"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- files


def cp1258_form(text: str) -> str:
    """Text as Vietnamese Windows (cp1258) stores it: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _CP1258_TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES)) + tones)
    return "".join(out)


def vi_headers(schema: TableSchema) -> list[str]:
    return [schema.field(c).title("vi") for c in COLUMNS if c in schema.names]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8, comma, field names as headers, quotes only where a cell needs them (as Excel and the template)."""
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_csv_vi(frame: pd.DataFrame, schema: TableSchema, path: Path) -> None:
    """Windows-1258, `;`, CRLF, Vietnamese headers and labels, `1.234` thousands, title and source rows."""
    view = frame.copy()
    for col, labels in VI_LABELS.items():
        if col in view:
            view[col] = view[col].map(lambda v, labels=labels: labels.get(v, v))
    view["value"] = [f"{v:,}".replace(",", ".") for v in view["value"]]
    for col in view.columns:
        if not pd.api.types.is_numeric_dtype(view[col]):
            uniques = {v: cp1258_form(v) for v in pd.unique(view[col])}
            view[col] = view[col].map(uniques)
    width = len(view.columns)
    buf = io.StringIO()
    buf.write(cp1258_form(TITLE_VI) + ";" * (width - 1) + "\r\n" + ";" * (width - 1) + "\r\n")
    view.columns = [cp1258_form(h) for h in vi_headers(schema)]
    view.to_csv(buf, sep=";", index=False, lineterminator="\r\n")
    buf.write(cp1258_form(NOTE_VI) + ";" * (width - 1) + "\r\n")
    path.write_bytes(buf.getvalue().encode("cp1258"))


def write_xlsx(frame: pd.DataFrame, schema: TableSchema, path: Path) -> None:
    """openpyxl write_only: a title row, Vietnamese headers, numbers as numbers."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Tuyển sinh")
    ws.append([TITLE_VI])
    ws.append(vi_headers(schema))
    columns = [frame[c].tolist() for c in COLUMNS if c in frame]
    for row in zip(*columns, strict=True):
        ws.append(list(row))
    wb.save(path)


_XLSX_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Tuyển sinh" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


def write_xlsx_excel(frame: pd.DataFrame, schema: TableSchema, path: Path) -> None:
    """An XLSX as Excel and LibreOffice save it: a shared-strings table, a declared <dimension>, empty cells
    left out, numbers as numbers (openpyxl's write_only mode writes inline strings and no dimension)."""
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    cols = [c for c in COLUMNS if c in frame]
    letters = [get_column_letter(i + 1) for i in range(len(cols))]
    shared: dict[str, int] = {}

    def sid(text: str) -> int:
        return shared.setdefault(text, len(shared))

    def text_row(r: int, texts: list[str]) -> str:
        return (
            f'<row r="{r}">'
            + "".join(f'<c r="{col}{r}" t="s"><v>{sid(t)}</v></c>' for col, t in zip(letters, texts, strict=False) if t)
            + "</row>"
        )

    # Each column as per-row cell XML without the row number, then one format per row.
    cells = []
    for col, name in zip(letters, cols, strict=True):
        series = frame[name]
        if pd.api.types.is_numeric_dtype(series):
            cells.append([f'<c r="{col}{{r}}"><v>{v}</v></c>' for v in series.tolist()])
        else:
            codes, uniques = pd.factorize(series)
            xml = np.array([f'<c r="{col}{{r}}" t="s"><v>{sid(u)}</v></c>' if u else "" for u in uniques], dtype=object)
            cells.append(xml[codes].tolist())
    last = len(frame) + 2
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in _XLSX_STATIC.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f'<dimension ref="A1:{letters[-1]}{last}"/><sheetData>'
                    + text_row(1, [TITLE_VI])
                    + text_row(2, vi_headers(schema))
                ).encode("utf-8")
            )
            chunk = 50_000
            for start in range(0, len(frame), chunk):
                rows = []
                for i in range(start, min(start + chunk, len(frame))):
                    r = i + 3
                    rows.append(f'<row r="{r}">' + "".join(c[i] for c in cells).replace("{r}", str(r)) + "</row>")
                out.write("".join(rows).encode("utf-8"))
            out.write(b"</sheetData></worksheet>")
        items = "".join(f"<si><t>{escape(t)}</t></si>" for t in shared)
        zf.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>',
        )


def file_path(size: str, form: str) -> Path:
    ext = "xlsx" if form.startswith("xlsx") else "csv"
    return DATA_OUT / f"enrolment_detail-{size}-{form}-g{GENERATOR_VERSION}-s{SEED}.{ext}"


def real_key_path(current_year: int | None = None) -> Path:
    return DATA_OUT / f"enrolment-realkey-{current_year or dt.date.today().year}-g{GENERATOR_VERSION}-s{SEED}.csv"


def ensure(size: str, form: str, log=print) -> Path:
    """The generated file for a size and form, written if missing (deterministic, so reusable)."""
    path = file_path(size, form)
    if path.exists():
        return path
    DATA_OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    frame = detail_frame(SIZES[size])
    tmp = path.with_suffix(path.suffix + ".part")
    if form == "csv":
        write_csv(frame, tmp)
    elif form == "csv-vi":
        write_csv_vi(frame, detail_schema(), tmp)
    elif form == "xlsx":
        write_xlsx(frame, detail_schema(), tmp)
    elif form == "xlsx-excel":
        write_xlsx_excel(frame, detail_schema(), tmp)
    else:
        raise ValueError(f"form must be one of {FORMS}")
    tmp.rename(path)
    log(f"generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    return path


def ensure_real_key(log=print) -> Path:
    path = real_key_path()
    if not path.exists():
        DATA_OUT.mkdir(parents=True, exist_ok=True)
        write_csv(real_key_frame(), path)
        log(f"generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e3:.0f} kB)")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--forms", default=",".join(FORMS), help="comma-separated: " + ", ".join(FORMS))
    args = parser.parse_args(argv)
    build_package()
    for size in args.sizes.split(","):
        for form in args.forms.split(","):
            ensure(size.strip().lower(), form.strip())
    ensure_real_key()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
