"""Command line: the same library calls as the pages.

python -m kpis kpi [--year YEAR] [--province CODE] [--vintage 34|63] [--json] [--lang vi|en]
python -m kpis scorecard --province CODE --year YEAR [--json] [--lang vi|en]
python -m kpis datasets [--json]
python -m kpis template DATASET --out FILE [--lang vi|en]          (.csv or .xlsx by extension)
python -m kpis validate FILE --dataset DATASET [--json] [--sheet S] [FILE DEFAULTS]  exit 0 valid, 1 invalid
python -m kpis import FILE --dataset DATASET --user NAME [--note TEXT] [--sheet S] [--replace] [FILE DEFAULTS]
    FILE DEFAULTS: [--source TEXT] [--value-type TYPE] [--unit thousand|unit|percent] [--map 'HEADER=field' ...]
    (for rows whose file has no such column; a column in the file wins)
python -m kpis versions DATASET [--json]
python -m kpis rollback DATASET VERSION --user NAME
python -m kpis export DATASET --out FILE [--version V]           canonical CSV (UTF-8 with BOM) or XLSX
python -m kpis audit [--dataset DATASET] [--json]
python -m kpis user add NAME [--role analyst|viewer]              password from the terminal or stdin
python -m kpis report --year Y [--province CODE] [--lang vi|en] --out FILE.pdf|FILE.xlsx   the leaders' briefing
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path

from kpis import catalogue, engine, history, scorecard, upload
from kpis.auth import ANALYST, ROLES, AuthError, add_user, get_user
from kpis.cards import kpi_frame
from kpis.engine import VALUE_TYPES
from kpis.frames import indicator_frames
from kpis.i18n import LANGS, t
from kpis.metadata import UNITS, FileDefaults, MetadataError, parse_map
from kpis.registry import load_registry
from kpis.schema import load_package as open_schemas
from kpis.schema import uploadable
from kpis.store import open_store


def cmd_kpi(args: argparse.Namespace) -> int:
    store = open_store()
    reg = load_registry()
    current = args.current_year or dt.date.today().year
    frames = indicator_frames(store, reg.indicators)
    observe = None
    if args.vintage is not None:
        population = frames.get("population")

        def observe(ind):
            return engine.observations_on(ind, frames, frames["provinces"], args.vintage, population)

    rows = engine.kpi_table(reg.indicators, frames, args.year, current, args.province, observe=observe)
    if args.json:
        json.dump([k.as_dict() for k in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        table = kpi_frame(rows, {i.id: i for i in reg.indicators}, args.lang)
        table.insert(0, "id", [k.indicator for k in rows])
        print(table.to_string(index=False))
    return 0


def cmd_scorecard(args: argparse.Namespace) -> int:
    reg = load_registry()
    frames = indicator_frames(open_store(), reg.indicators)
    valid = set(scorecard.places(frames["provinces"], engine.vintage_of(args.year)))
    if args.province not in valid:
        return _fail(f"{args.province!r} is not a province code on the list in force in {args.year}")
    current = args.current_year or dt.date.today().year
    cache = {ind.id: engine.observations(ind, frames) for ind in reg.indicators}
    lines = scorecard.scorecard(reg.indicators, lambda ind: cache[ind.id], frames, args.province, args.year, current)
    if args.json:
        _print_json([ln.as_dict() for ln in lines])
    else:
        print(scorecard.frame(lines, {i.id: i for i in reg.indicators}, args.lang).to_string(index=False))
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    rows = catalogue.dataset_records(catalogue.active_versions(open_store()))
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        width = max(len(r["dataset"]) for r in rows)
        print(f"{'dataset':<{width}}  version  rows  created_at                 by")
        for r in rows:
            print(
                f"{r['dataset']:<{width}}  {r['active_version']:>7}  {r['rows']:>4}  {r['created_at']:<25}  "
                f"{r['created_by']}"
            )
    return 0


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def cmd_template(args: argparse.Namespace) -> int:
    from kpis.templates import template_bytes

    fmt = Path(args.out).suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        return _fail("--out must end in .csv or .xlsx")
    store = open_store()
    Path(args.out).write_bytes(template_bytes(store.schemas[args.dataset], fmt, args.lang, store.read(args.dataset)))
    print(args.out)
    return 0


def _check(args: argparse.Namespace, store):
    data = Path(args.file).read_bytes()
    defaults = FileDefaults(
        source=args.source or "", value_type=args.value_type or "", unit=args.unit or "", column_map=parse_map(args.map)
    )
    return upload.check_file(
        data, Path(args.file).name, args.dataset, upload.context_from(store), sheet=args.sheet, defaults=defaults
    )


def _report(result, as_json: bool, lang: str) -> None:
    if as_json:
        _print_json([p.as_dict(lang) for p in result.problems])
        return
    for p in result.problems:
        print(f"{p.severity}: {p.message(lang)}", file=sys.stderr if p.severity == "error" else sys.stdout)
    if result.ok:
        print(f"{result.file_name}: {len(result.frame)} rows valid for {result.dataset}")


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        result = _check(args, open_store())
    except MetadataError as err:
        return _fail(str(err))
    _report(result, args.json, args.lang)
    return 0 if result.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store()
    user = get_user(store, args.user)
    if user is None or not user.can_write:
        return _fail(f"{args.user!r} is not an analyst account (python -m kpis user add NAME)")
    try:
        result = _check(args, store)
    except MetadataError as err:
        return _fail(str(err))
    if not result.ok:
        _report(result, False, args.lang)
        return 1
    mode = upload.REPLACE if args.replace else upload.MERGE
    version = upload.publish(store, result, user=user.name, note=args.note, mode=mode)
    print(version.id)
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    rows = history.version_records(open_store().versions(args.dataset))
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            mark = "*" if r["active"] else " "
            print(
                f"{mark} v{r['version']:<4} {r['created_at']}  {r['user']:<12} {r['rows']:>8} rows  "
                f"{r['sha256'][:12]}  {r['file_name']}  {r['note']}"
            )
    return 0


def _resolve_version(store, dataset: str, number: int):
    for v in store.versions(dataset):
        if v.number == number:
            return v
    return None


def cmd_rollback(args: argparse.Namespace) -> int:
    store = open_store()
    user = get_user(store, args.user)
    if user is None or not user.can_write:
        return _fail(f"{args.user!r} is not an analyst account")
    version = _resolve_version(store, args.dataset, args.version)
    if version is None:
        return _fail(f"{args.dataset} has no version {args.version}")
    store.activate(args.dataset, version.id, user=user.name, note=args.note)
    print(version.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kpis.export import to_csv_bytes, to_xlsx_bytes

    store = open_store()
    version_id = None
    if args.version is not None:
        version = _resolve_version(store, args.dataset, args.version)
        if version is None:
            return _fail(f"{args.dataset} has no version {args.version}")
        version_id = version.id
    frame = store.read(args.dataset, version_id)
    suffix = Path(args.out).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        return _fail("--out must end in .csv or .xlsx")
    Path(args.out).write_bytes(to_csv_bytes(frame) if suffix == ".csv" else to_xlsx_bytes(frame))
    print(args.out)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    entries = open_store().audit(args.dataset)
    if args.json:
        _print_json(history.audit_records(entries))
    else:
        for e in entries:
            print(
                f"{e.at}  {e.user:<12} {e.action:<8} {e.dataset:<16} v{e.version_number:<4} {e.row_count:>8} rows  "
                f"{e.sha256[:12]}  {e.file_name}  {e.note}"
            )
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            return _fail("the passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = add_user(open_store(), args.name, password, args.role)
    except AuthError as err:
        return _fail(str(err))
    print(f"{user.name} ({user.role})")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from kpis.briefing import files
    from kpis.briefing.content import BriefingError
    from kpis.briefing.pdf import PdfUnavailable

    fmt = Path(args.out).suffix.lower().lstrip(".")
    store = open_store()
    try:
        if fmt not in files.FORMATS:
            raise BriefingError(t("brief_bad_out", args.lang))
        files.check_year(store, args.year, args.lang)
        data = files.make(
            store, args.year, args.lang, fmt, args.province.zfill(2) if args.province.isdigit() else args.province
        )
    except (BriefingError, PdfUnavailable) as exc:
        print(exc, file=sys.stderr)  # already in the chosen language: no English prefix
        return 1
    Path(args.out).write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kpis", description="GDNN KPI dashboard: command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    kpi = sub.add_parser("kpi", help="the KPI table for a year")
    kpi.add_argument("--year", type=int, default=None, help="default: each indicator at its latest year with data")
    kpi.add_argument("--province", default=engine.NATIONAL, help="2-digit province code, or VN (default)")
    kpi.add_argument(
        "--vintage",
        type=int,
        choices=engine.VINTAGES,
        default=None,
        help="province list: 34 (history carried onto today's provinces) or 63; default: the year's own list",
    )
    kpi.add_argument("--json", action="store_true", help="print a JSON list")
    kpi.add_argument("--lang", choices=LANGS, default="en", help="language of the text table")
    kpi.add_argument("--current-year", type=int, default=None, help=argparse.SUPPRESS)
    kpi.set_defaults(func=cmd_kpi)
    sc = sub.add_parser("scorecard", help="a province's scorecard for a year (as the province page shows it)")
    sc.add_argument("--province", required=True, help="2-digit code on the list in force that year")
    sc.add_argument("--year", type=int, required=True)
    sc.add_argument("--json", action="store_true", help="print a JSON list")
    sc.add_argument("--lang", choices=LANGS, default="en", help="language of the text table")
    sc.add_argument("--current-year", type=int, default=None, help=argparse.SUPPRESS)
    sc.set_defaults(func=cmd_scorecard)
    ds = sub.add_parser("datasets", help="datasets, their active versions and row counts")
    ds.add_argument("--json", action="store_true")
    ds.set_defaults(func=cmd_datasets)

    datasets = list(uploadable())
    tpl = sub.add_parser("template", help="an empty template with example rows")
    tpl.add_argument("dataset", choices=datasets)
    tpl.add_argument("--out", required=True)
    tpl.add_argument("--lang", choices=LANGS, default="vi")
    tpl.set_defaults(func=cmd_template)
    for name, func, help_text in (
        ("validate", cmd_validate, "check a file; exit 0 valid, 1 invalid"),
        ("import", cmd_import, "validate and publish a file as a new version"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("file")
        p.add_argument("--dataset", required=True, choices=datasets)
        p.add_argument("--sheet", default=None)
        p.add_argument("--lang", choices=LANGS, default="en")
        p.add_argument("--source", default=None, help="the source of rows whose file has no Source column")
        p.add_argument("--value-type", default=None, choices=VALUE_TYPES, help="the value type of rows without one")
        p.add_argument(
            "--unit", default=None, choices=UNITS, help="the unit of the file's counts, where it states none"
        )
        p.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=field",
            help="the field a column of the file feeds (repeatable); HEADER= feeds nothing",
        )
        if name == "validate":
            p.add_argument("--json", action="store_true")
        else:
            p.add_argument("--user", required=True)
            p.add_argument("--note", default="")
            p.add_argument(
                "--replace",
                action="store_true",
                help="the file becomes the whole dataset (default: merge by key, keep other rows)",
            )
        p.set_defaults(func=func)
    ver = sub.add_parser("versions", help="every version of a dataset")
    ver.add_argument("dataset", choices=list(open_schemas()))
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=cmd_versions)
    rb = sub.add_parser("rollback", help="make an earlier version active again")
    rb.add_argument("dataset", choices=list(open_schemas()))
    rb.add_argument("version", type=int, help="the version number (see versions)")
    rb.add_argument("--user", required=True)
    rb.add_argument("--note", default="")
    rb.set_defaults(func=cmd_rollback)
    ex = sub.add_parser("export", help="a version as canonical CSV (UTF-8 with BOM) or XLSX")
    ex.add_argument("dataset", choices=list(open_schemas()))
    ex.add_argument("--out", required=True)
    ex.add_argument("--version", type=int, default=None)
    ex.set_defaults(func=cmd_export)
    au = sub.add_parser("audit", help="the audit log")
    au.add_argument("--dataset", default=None)
    au.add_argument("--json", action="store_true")
    au.set_defaults(func=cmd_audit)
    us = sub.add_parser("user", help="analyst accounts")
    us_sub = us.add_subparsers(dest="user_command", required=True)
    ua = us_sub.add_parser("add", help="create an account (password read from the terminal or stdin)")
    ua.add_argument("name")
    ua.add_argument("--role", choices=ROLES, default=ANALYST)
    ua.set_defaults(func=cmd_user_add)
    rp = sub.add_parser("report", help="the leaders' briefing as PDF or XLSX (by the extension of --out)")
    rp.add_argument("--year", type=int, required=True)
    rp.add_argument("--province", default=engine.NATIONAL, help="2-digit province code, or VN (default)")
    rp.add_argument("--lang", choices=LANGS, default="vi")
    rp.add_argument("--out", required=True)
    rp.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
