"""A snapshot of what the product computes and shows, for before/after comparisons of a restructuring.

Writes one JSON file with: `kpi --json` for every year 2014–2030 (current year pinned), the problems reported
for every corpus file, and the figures every page shows (AppTest: titles, metrics, tables, captions, chart data)
in both languages. Run it on two commits and diff the files.

Usage: python scripts/behaviour_snapshot.py OUT.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CURRENT_YEAR = 2026
PAGES = [
    "app_pages/overview.py",
    "app_pages/enrolment.py",
    "app_pages/rural_training.py",
    "app_pages/quality_ranking.py",
    "app_pages/provinces.py",
    "app_pages/data_sources.py",
]


def kpis(env: dict) -> dict:
    out = {}
    for year in range(2014, 2031):
        for province in ("VN", "01", "79"):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "kpis",
                    "kpi",
                    "--year",
                    str(year),
                    "--province",
                    province,
                    "--json",
                    "--current-year",
                    str(CURRENT_YEAR),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            out[f"{year}/{province}"] = json.loads(done.stdout)
    return out


def corpus(env: dict) -> dict:
    manifest = json.loads((ROOT / "tests/corpus/manifest.json").read_text(encoding="utf-8"))
    out = {}
    for entry in manifest:
        path = ROOT / "tests/corpus/files" / entry["file"]
        if not path.exists():
            continue
        for lang in ("vi", "en"):
            args = [
                sys.executable,
                "-m",
                "kpis",
                "validate",
                str(path),
                "--dataset",
                entry["dataset"],
                "--json",
                "--lang",
                lang,
            ]
            if entry.get("sheet"):
                args += ["--sheet", entry["sheet"]]
            done = subprocess.run(args, check=False, cwd=ROOT, env=env, capture_output=True, text=True)
            out[f"{entry['file']}/{lang}"] = {"exit": done.returncode, "problems": json.loads(done.stdout or "[]")}
    return out


def pages(db_url: str) -> dict:
    os.environ["KPIS_DB_URL"] = db_url
    from streamlit.testing.v1 import AppTest

    out = {}
    for page in PAGES:
        for lang in ("vi", "en"):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            if lang != "vi":
                at.query_params["lang"] = lang
            at.run()
            if page != PAGES[0]:
                at.switch_page(page)
                at.run()
            charts = []
            for chart in at.get("plotly_chart"):
                spec = json.loads(chart.proto.spec)
                charts.append(
                    {
                        "title": spec["layout"].get("title", {}).get("text"),
                        "traces": [
                            {k: tr.get(k) for k in ("name", "x", "y", "text") if k in tr}
                            for tr in spec["data"]
                            if tr.get("type") != "scatter" or tr.get("name") not in [f"{i:02d}" for i in range(100)]
                        ],
                    }
                )
            out[f"{page}/{lang}"] = {
                "exception": [e.message for e in at.exception],
                "title": [e.value for e in at.title],
                "metrics": [(m.label, m.value, m.proto.delta) for m in at.metric],
                "markdown": [e.value for e in at.markdown],
                "caption": [e.value for e in at.caption],
                "tables": [e.value.astype(str).to_dict("split") for e in at.dataframe],
                "charts": charts,
            }
    return out


def main() -> None:
    target = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/snapshot.sqlite"
        env = {**os.environ, "KPIS_DB_URL": db_url}
        snapshot = {"kpi": kpis(env), "corpus": corpus(env), "pages": pages(db_url)}
    target.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main()
