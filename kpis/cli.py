"""Command line: the same library calls as the pages.

python -m kpis kpi --year YEAR [--province CODE] [--json] [--lang vi|en]
python -m kpis datasets [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from kpis import engine
from kpis.cards import kpi_frame
from kpis.i18n import LANGS
from kpis.registry import load_registry
from kpis.store import open_store


def _frames(store) -> dict:
    return {name: store.read(name) for name in store.schemas}


def cmd_kpi(args: argparse.Namespace) -> int:
    store = open_store()
    reg = load_registry()
    current = args.current_year or dt.date.today().year
    rows = engine.kpi_table(reg.indicators, _frames(store), args.year, current, args.province)
    if args.json:
        json.dump([k.as_dict() for k in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        table = kpi_frame(rows, {i.id: i for i in reg.indicators}, args.lang)
        table.insert(0, "id", [k.indicator for k in rows])
        print(table.to_string(index=False))
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    store = open_store()
    active = store.active_versions()
    rows = []
    for name in store.schemas:
        v = store.version(active[name])
        rows.append({"dataset": name, "active_version": v.number, "version_id": v.id, "rows": v.row_count,
                     "created_at": v.created_at, "created_by": v.created_by})
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        width = max(len(r["dataset"]) for r in rows)
        print(f"{'dataset':<{width}}  version  rows  created_at                 by")
        for r in rows:
            print(f"{r['dataset']:<{width}}  {r['active_version']:>7}  {r['rows']:>4}  {r['created_at']:<25}  "
                  f"{r['created_by']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kpis", description="GDNN KPI dashboard: command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    kpi = sub.add_parser("kpi", help="the KPI table for a year")
    kpi.add_argument("--year", type=int, required=True)
    kpi.add_argument("--province", default=engine.NATIONAL, help="2-digit province code, or VN (default)")
    kpi.add_argument("--json", action="store_true", help="print a JSON list")
    kpi.add_argument("--lang", choices=LANGS, default="en", help="language of the text table")
    kpi.add_argument("--current-year", type=int, default=None, help=argparse.SUPPRESS)
    kpi.set_defaults(func=cmd_kpi)
    ds = sub.add_parser("datasets", help="datasets, their active versions and row counts")
    ds.add_argument("--json", action="store_true")
    ds.set_defaults(func=cmd_datasets)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
