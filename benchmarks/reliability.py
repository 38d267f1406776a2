"""The reliability report of issue 5: bad input, faults, concurrency and attack, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/reliability.py [--mutations] [--no-suite] [--only MUTATION,...]

The suite part runs the reliability tests with pytest exactly as CI does (two workers, PostgreSQL and
Chromium required), with KPIS_RELIABILITY_OUT set so that each test records its figures (tests/conftest.py,
`reliability` fixture): cases tried, the slowest case, peak memory. Pass or fail of every test comes from
pytest's JUnit XML. `--mutations` then removes each protection once, in a copy of the work tree (the real
tree is never changed), and runs the tests that must catch it: a protection counts as detected when those
tests fail with it removed and pass without.

Writes benchmarks/out/reliability-<time>.json (the figures, every test's outcome, the machine) and
docs/RELIABILITY.md (the summary; with --no-suite the suite figures come from the newest earlier JSON).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import protections
from protections import MUTATIONS, Mutation

OUT = ROOT / "benchmarks" / "out"
DOC = ROOT / "docs" / "RELIABILITY.md"
PYTHON = ROOT / ".venv" / "bin" / "python"
PYTEST_ARGS = ["-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile"]  # as the Makefile
SUITE_TIMEOUT = 1800
MUTATION_TIMEOUT = 900
TIMED_OUT = -1  # the exit code recorded for a run killed at MUTATION_TIMEOUT

CATEGORIES = {
    "bad_input": "Bad input: generated (hypothesis) and hand-made files",
    "faults": "Faults: publisher killed, database connection dropped, transaction interrupted",
    "concurrency": "Concurrency: several processes publishing and reading at once",
    "attack_signin": "Sign-in and access: throttling, lockout, uniform messages, expiry, sign-out, viewers, "
    "crafted state",
    "attack_injection": "Injection: HTML, JavaScript, Markdown and SQL text; formula cells in exports; URLs",
    "attack_resource": "Resource abuse: each attack in a fresh interpreter",
    "browser": "Real browser (Chromium): pages, hostile upload",
}
# What runs, and the category of a test that records no figure of its own (e.g. it failed before recording).
SUITE = [
    ("tests/test_fuzz_upload.py", "bad_input"),
    ("tests/test_cli.py::test_import_refuses_unknown_users_and_bad_files", "bad_input"),
    ("tests/test_faults.py", "faults"),
    ("tests/test_store.py::test_a_failing_publish_changes_nothing", "faults"),
    ("tests/test_store.py::test_a_publish_interrupted_inside_the_transaction_rolls_back", "faults"),
    ("tests/test_concurrency.py", "concurrency"),
    ("tests/test_auth.py", "attack_signin"),
    ("tests/test_update_page.py", "attack_signin"),
    ("tests/test_viewer_attack.py", "attack_signin"),
    ("tests/test_i18n_export.py", "attack_injection"),
    ("tests/test_pages_apptest.py::test_untrusted_query_parameters_are_ignored", "attack_injection"),
    ("tests/test_abuse.py", "attack_resource"),
    ("tests/test_readers.py", "attack_resource"),
    ("tests/browser/test_pages_browser.py", "browser"),
]
# Of the reader's own tests, those about limits, bombs and broken files (the rest are about reading well).
READER_WORDS = (
    "too_large",
    "limit",
    "bomb",
    "absurd",
    "corrupt",
    "garbage",
    "unsupported",
    "empty_files",
    "dimension",
    "zip",
)


# ------------------------------------------------------------------------------------------- mutations


# The protections and how each is removed: benchmarks/protections.py (named points in the code).


# ----------------------------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def node_of(case: ET.Element) -> str:
    """A JUnit testcase as a pytest node id (classname is the module path with dots)."""
    module = case.get("classname", "").replace(".", "/") + ".py"
    return f"{module}::{case.get('name')}"


def junit_outcomes(path: Path) -> dict[str, dict]:
    """node id -> {outcome, seconds, message} from pytest's JUnit XML."""
    out = {}
    if not path.exists():
        return out
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            found = case.find(tag)
            if found is not None:
                outcome = {"failure": "failed", "error": "error", "skipped": "skipped"}[tag]
                message = (found.get("message") or found.text or "").strip()
                break
        out[node_of(case)] = {"outcome": outcome, "seconds": float(case.get("time") or 0), "message": message[:2000]}
    return out


def collect(targets: list[str], cwd: Path = ROOT) -> list[str]:
    proc = subprocess.run(
        [str(PYTHON), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *targets],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return [line.strip() for line in proc.stdout.splitlines() if "::" in line]


def suite_targets() -> list[str]:
    """The SUITE entries, with test_readers.py narrowed to its limit, bomb and broken-file tests."""
    targets = []
    for target, _ in SUITE:
        if target == "tests/test_readers.py":
            names = sorted({n.split("[")[0] for n in collect([target]) if any(w in n for w in READER_WORDS)})
            targets += names
        else:
            targets.append(target)
    return targets


def default_category(node: str) -> str:
    best = max((t for t, _ in SUITE if node.startswith(t)), key=len, default="")
    return dict(SUITE).get(best, "other")


def machine() -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import machine as bench_machine

    info = bench_machine()
    pg = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if pg:
        info["postgresql"] = subprocess.run(
            [str(pg[-1]), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    return info


# ------------------------------------------------------------------------------------------------- suite


def run_suite(stamp: str) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    records_path = OUT / f"reliability-{stamp}.records.jsonl"
    junit_path = OUT / f"reliability-{stamp}.junit.xml"
    log_path = OUT / "logs" / f"reliability-{stamp}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    targets = suite_targets()
    cmd = [str(PYTHON), "-m", "pytest", *PYTEST_ARGS, f"--junitxml={junit_path}", *targets]
    env = {
        **os.environ,
        "KPIS_RELIABILITY_OUT": str(records_path),
        "KPIS_REQUIRE_POSTGRES": "1",
        "KPIS_REQUIRE_BROWSER": "1",
    }
    log(f"suite: {len(targets)} targets, pytest log in {log_path.relative_to(ROOT)}")
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as out:
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False, timeout=SUITE_TIMEOUT
        )
    seconds = time.monotonic() - started
    outcomes = junit_outcomes(junit_path)
    records = (
        [json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines()]
        if records_path.exists()
        else []
    )
    log(f"suite: exit {proc.returncode} after {seconds:.0f} s, {len(outcomes)} tests, {len(records)} records")
    return {
        "command": " ".join([".venv/bin/python -m pytest", *PYTEST_ARGS, "<targets>"]),
        "targets": targets,
        "exit_code": proc.returncode,
        "seconds": round(seconds, 1),
        "categories": summarise(outcomes, records),
        "tests": outcomes,
        "records": records,
        "log": str(log_path.relative_to(ROOT)),
    }


def summarise(outcomes: dict[str, dict], records: list[dict]) -> dict:
    """Per category: tests and their outcomes, cases tried, the slowest case and the highest peak memory."""
    by_test = defaultdict(set)
    for r in records:
        by_test[r["test"]].add(r["category"])
    cats = {
        c: {
            "tests": 0,
            "passed": 0,
            "failed": 0,
            "skipped": 0,
            "cases": 0,
            "max_seconds": None,
            "peak_mb": None,
            "failures": [],
        }
        for c in CATEGORIES
    }
    for node, result in outcomes.items():
        for cat in by_test.get(node) or {default_category(node)}:
            c = cats.setdefault(
                cat,
                {
                    "tests": 0,
                    "passed": 0,
                    "failed": 0,
                    "skipped": 0,
                    "cases": 0,
                    "max_seconds": None,
                    "peak_mb": None,
                    "failures": [],
                },
            )
            c["tests"] += 1
            key = "failed" if result["outcome"] in ("failed", "error") else result["outcome"]
            c[key] += 1
            if key == "failed":
                c["failures"].append(node)
    for r in records:
        c = cats[r["category"]]
        c["cases"] += r["cases"]
        for k in ("max_seconds", "peak_mb"):
            if r.get(k) is not None:
                c[k] = max(c[k] or 0, r[k])
    return cats


# --------------------------------------------------------------------------------------------- mutations


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = {
        ".git",
        ".venv",
        "var",
        "test-artifacts",
        ".hypothesis",
        ".pytest_cache",
        ".ruff_cache",
        "__pycache__",
        "screenshots",
    }
    out = {n for n in names if n in skip}
    if Path(directory).resolve() == ROOT / "benchmarks":
        out.add("out")
    return out


def copy_tree(dest: Path) -> Path:
    """The work tree as it is now (uncommitted changes included), without the venv, git and outputs."""
    shutil.copytree(ROOT, dest, ignore=_ignore, symlinks=True)
    return dest


def run_tests(tree: Path, nodes: list[str], junit: Path, *, stop_first: bool) -> tuple[int, float]:
    cmd = [
        str(PYTHON),
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--junitxml={junit}",
        *(["-x"] if stop_first else []),
        *nodes,
    ]
    env = {k: v for k, v in os.environ.items() if k != "KPIS_RELIABILITY_OUT"}
    env.update(KPIS_REQUIRE_POSTGRES="1", PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    log_path = junit.parent / (junit.stem + ".log")
    with open(log_path, "w", encoding="utf-8") as out:
        # Its own process group: on a timeout, pytest and whatever it started (servers, publishers) go together.
        proc = subprocess.Popen(cmd, cwd=tree, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = proc.wait(timeout=MUTATION_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = TIMED_OUT
    return code, time.monotonic() - started


def _matches(outcomes: dict[str, dict], target: str) -> dict[str, dict]:
    return {n: r for n, r in outcomes.items() if n == target or n.startswith(target + "[")}


def apply(tree: Path, mutation: Mutation) -> str | None:
    """Remove the mutation's protections in `tree`; the reason it cannot be done, or None."""
    try:
        protections.apply(tree, mutation)
    except (ValueError, SyntaxError) as err:
        return str(err)
    return None


def run_mutations(only: set[str] | None) -> dict:
    chosen = [m for m in MUTATIONS if not only or m.id in only]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kpis-mutations-") as tmp:
        tmp = Path(tmp)
        nodes = sorted({t for m in chosen for t in m.tests})
        log(f"mutations: baseline run of {len(nodes)} tests in an unchanged copy")
        base_tree = copy_tree(tmp / "baseline")
        base_code, seconds = run_tests(base_tree, nodes, tmp / "baseline.xml", stop_first=False)
        baseline = junit_outcomes(tmp / "baseline.xml")
        shutil.rmtree(base_tree)
        log(f"mutations: baseline exit {base_code} after {seconds:.0f} s")
        results = []
        for m in chosen:
            tree = copy_tree(tmp / m.id)
            where = protections.points(ROOT)
            result = {
                **asdict(m),
                "edits": [
                    {"file": str(where[e.point][0][0].relative_to(ROOT)) if e.point in where else "?", **asdict(e)}
                    for e in m.edits
                ],
            }
            before = {t: _matches(baseline, t) for t in m.tests}
            unsound = [
                t for t, found in before.items() if not found or any(r["outcome"] != "passed" for r in found.values())
            ]
            problem = apply(tree, m)
            if problem is None and unsound:
                problem = "these tests do not pass without the mutation: " + ", ".join(unsound)
            if problem:
                result.update(status="error", detail=problem, seconds=0)
            else:
                code, seconds = run_tests(tree, list(m.tests), tmp / f"{m.id}.xml", stop_first=True)
                after = junit_outcomes(tmp / f"{m.id}.xml")
                failed = [n for n, r in after.items() if r["outcome"] in ("failed", "error")]
                # Exit 1: tests failed. Anything else (interrupted, usage error, nothing collected) is no verdict.
                status = "detected" if code == 1 and failed else "not detected" if code == 0 else "error"
                if code == TIMED_OUT:
                    failed = []
                result.update(
                    status=status,
                    exit_code=code,
                    seconds=round(seconds, 1),
                    failed_tests=failed,
                    detail=(after[failed[0]]["message"].splitlines() or [""])[0][:300]
                    if failed
                    else f"timed out after {MUTATION_TIMEOUT} s"
                    if code == TIMED_OUT
                    else f"pytest exit {code}",
                )
            shutil.rmtree(tree)
            log(f"mutation {m.id}: {result['status']} ({result.get('seconds', 0)} s)")
            results.append(result)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "baseline_exit_code": base_code,
        "baseline": baseline,
        "results": results,
        "removed": len(results),
        "detected": sum(r["status"] == "detected" for r in results),
    }


# ---------------------------------------------------------------------------------------------- Markdown


def _fmt(value, unit: str = "", digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}{unit}"


def grouped(records: list[dict]) -> dict[tuple[str, str, str], list[dict]]:
    """Records by (category, test function without its parameters, what), in category order."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in records:
        test = r["test"].split("/")[-1].split("[")[0]
        groups[(r["category"], test, r["what"])].append(r)
    return dict(sorted(groups.items(), key=lambda kv: (list(CATEGORIES).index(kv[0][0]), kv[0][1], kv[0][2])))


def _worst(group: list[dict], key: str) -> float | None:
    values = [r[key] for r in group if r.get(key) is not None]
    return max(values) if values else None


def _md(text: str) -> str:
    """Text for a Markdown table cell: hostile samples stay visible as text, never as HTML."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _verdict(r: dict) -> str:
    if r.get("refused_with"):
        return ", ".join(r["refused_with"])
    if r.get("read_rows") is not None:  # a legitimate file among the attacks: it must be read
        return f"read ({r['read_rows']} row), as it must be"
    return "**accepted**"


def markdown(report: dict) -> str:
    suite, mut, m = report.get("suite"), report.get("mutations"), report["machine"]
    lines = [
        "# Reliability report",
        "",
        (
            "Issue 5: the dashboard keeps working and loses nothing under bad input, faults, concurrent use and "
            "hostile users, on SQLite and on PostgreSQL. This page is written by `benchmarks/reliability.py` "
            "from one run; the JSON beside it in `benchmarks/out/` has every figure and every test's outcome."
        ),
        "",
    ]
    if suite:
        total = sum(c["tests"] for c in suite["categories"].values())
        failed = sum(c["failed"] for c in suite["categories"].values())
        lines += [
            (
                f"**{suite['date']}** · {total} tests (SQLite and PostgreSQL) in {suite['seconds'] / 60:.1f} min · "
                f"**failures: {failed}**"
            ),
            "",
            "| category | tests | passed | failed | cases tried | slowest case | peak memory |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for cat, title in CATEGORIES.items():
            c = suite["categories"][cat]
            lines.append(
                f"| {title} | {c['tests']} | {c['passed']} | {c['failed']} | {c['cases']:,} | "
                f"{_fmt(c['max_seconds'], ' s', 2)} | {_fmt(c['peak_mb'], ' MB', 0)} |"
            )
        lines += [
            "",
            (
                "Cases tried are summed over both databases where a test runs on both. The slowest case is "
                "the longest single check, recovery or run a test measured; peak memory is the highest VmHWM a "
                "test saw: of its own fresh interpreter for resource abuse, else of the pytest worker (an upper "
                "bound that includes everything that worker ran before)."
            ),
            "",
        ]
        lines += [
            "## Figures per test",
            "",
            (
                "A test run on both databases (or once per page and language) is one row: its runs and cases summed, "
                "the worst time and memory."
            ),
            "",
            "| category | test | what | runs | cases | time | memory |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        for (cat, test, what), group in grouped(suite["records"]).items():
            lines.append(
                f"| {cat} | `{test}` | {_md(what)} | {len(group)} | {sum(r['cases'] for r in group):,} | "
                f"{_fmt(_worst(group, 'max_seconds'), ' s', 2)} | {_fmt(_worst(group, 'peak_mb'), ' MB', 0)} |"
            )
        abuse = [r for r in suite["records"] if r["category"] == "attack_resource"]
        if abuse:
            lines += [
                "",
                "## Resource abuse, one fresh interpreter per attack",
                "",
                "Bounds asserted: under 20 s and 1.5 GB peak per check (a clear refusal naming the file).",
                "",
                "| attack | input | check | interpreter before | peak | refused with |",
                "|---|---:|---:|---:|---:|---|",
            ]
            for r in abuse:
                lines.append(
                    f"| {_md(r['what'])} | {_fmt(r.get('input_mb'), ' MB', 2)} | {_fmt(r['max_seconds'], ' s', 3)} | "
                    f"{_fmt(r.get('baseline_mb'), ' MB', 0)} | {_fmt(r['peak_mb'], ' MB', 0)} | "
                    f"{_verdict(r)} |"
                )
        fails = [(n, r) for n, r in suite["tests"].items() if r["outcome"] in ("failed", "error")]
        lines += ["", "## Failures", ""]
        if fails:
            for node, r in fails:
                first = (r["message"].splitlines() or [""])[0][:240]
                lines.append(f"- `{node}`: {_md(first)}")
        else:
            lines.append("None.")
    if mut:
        lines += [
            "",
            "## Each protection removed once",
            "",
            (
                f"**Protections removed: {mut['removed']}, detected by tests: {mut['detected']}** "
                f"({mut['date']}, {mut['seconds'] / 60:.1f} min). Each one is removed in a copy of the work tree "
                "(never in the real one), after the same tests passed in an unchanged copy; it counts as detected "
                "when they then fail."
            ),
            "",
            "| protection | removed from | result | tests that must fail |",
            "|---|---|---|---|",
        ]
        for r in mut["results"]:
            files = ", ".join(sorted({e["file"] for e in r["edits"]}))
            tests = "<br>".join(f"`{t.split('/')[-1]}`" for t in r["tests"])
            status = r["status"] if r["status"] == "detected" else f"**{r['status']}**: {_md(r.get('detail', ''))}"
            note = f" ({r['note']})" if r.get("note") else ""
            lines.append(f"| {r['protection']}{note} | `{files}` | {status} | {tests} |")
    lines += [
        "",
        "## Machine",
        "",
        (
            f"{m.get('cpu_model')}, {m.get('usable_cpus')} usable CPUs, {m.get('ram_gib')} GiB RAM; "
            f"Python {m.get('python')}, SQLite {m.get('sqlite')}, {m.get('postgresql', 'PostgreSQL ?')}, "
            f"{m.get('chromium') or 'Chromium ?'}; {m.get('platform')}; git {str(m.get('git_commit'))[:12]}"
            f"{' with uncommitted changes' if m.get('git_dirty_files') else ''}."
        ),
        "",
        "## Reproduce",
        "",
        "```sh",
        ".venv/bin/python benchmarks/reliability.py              # the suite: about 6 minutes on 2 cores",
        ".venv/bin/python benchmarks/reliability.py --mutations  # then each protection removed once: 7 more",
        ".venv/bin/python benchmarks/reliability.py --render benchmarks/out/reliability-<time>.json  # this page",
        "```",
        "",
        "The suite is the tests below, run as CI runs them (`-n 2 --dist loadfile`, PostgreSQL and Chromium "
        "required): " + ", ".join(f"`{t}`" for t, _ in SUITE) + "; of `tests/test_readers.py`, only its "
        "limit, bomb and broken-file tests. "
        "Each test records its figures through the `reliability` fixture of `tests/conftest.py` when "
        "`KPIS_RELIABILITY_OUT` names a file.",
        "",
    ]
    return "\n".join(lines)


def latest_suite() -> dict | None:
    for path in sorted(OUT.glob("reliability-*.json"), reverse=True):
        report = json.loads(path.read_text(encoding="utf-8"))
        if report.get("suite"):
            return report["suite"]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutations", action="store_true", help="also remove each protection once")
    parser.add_argument("--no-suite", action="store_true", help="skip the suite (its figures: the newest JSON)")
    parser.add_argument("--only", help="comma-separated mutation ids (with --mutations)")
    parser.add_argument("--render", type=Path, help="only write docs/RELIABILITY.md again from this JSON report")
    args = parser.parse_args()
    if args.render:
        DOC.write_text(markdown(json.loads(args.render.read_text(encoding="utf-8"))), encoding="utf-8")
        return 0
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    report = {"machine": machine(), "date": now}
    if args.no_suite:
        report["suite"] = latest_suite()
    else:
        report["suite"] = {"date": now, **run_suite(stamp)}
    if args.mutations:
        report["mutations"] = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            **run_mutations(set(args.only.split(",")) if args.only else None),
        }
    path = OUT / f"reliability-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    DOC.write_text(markdown(report), encoding="utf-8")
    log(f"wrote {path.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    suite = report.get("suite") or {}
    failed = sum(c["failed"] for c in suite.get("categories", {}).values())
    missed = (report.get("mutations") or {}).get("removed", 0) - (report.get("mutations") or {}).get("detected", 0)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
