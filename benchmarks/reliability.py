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
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


@dataclass(frozen=True)
class Mutation:
    """A protection removed: exact snippets of files and what replaces them, and the tests that must fail."""

    id: str
    protection: str
    edits: tuple[tuple[str, str, str], ...]  # (file, original snippet, replacement)
    tests: tuple[str, ...]
    note: str = ""


MUTATIONS = [
    Mutation(
        "account_lockout",
        "an account is locked after 5 wrong passwords",
        (("kpis/auth.py", '        if row["locked_until"] and row["locked_until"] > now:\n', "        if False:\n"),),
        (
            "tests/test_auth.py::test_lockout_after_repeated_failures_then_release",
            "tests/test_viewer_attack.py::test_resetting_the_session_counters_does_not_lift_the_account_lockout",
        ),
    ),
    Mutation(
        "session_throttle",
        "a session waits a minute after 5 failed sign-ins",
        (("app_pages/session.py", "    if fails >= CLIENT_MAX_FAILURES:\n", "    if False:\n"),),
        ("tests/test_viewer_attack.py::test_five_failures_in_one_session_make_it_wait_even_with_the_right_password",),
    ),
    Mutation(
        "address_throttle",
        "a client address waits a minute after 20 failed sign-ins, across sessions",
        (
            (
                "app_pages/session.py",
                "    blocked = time.time() + CLIENT_BLOCK_SECONDS if ip_fails >= ADDRESS_MAX_FAILURES else 0.0\n",
                "    blocked = 0.0\n",
            ),
        ),
        ("tests/test_update_page.py::test_a_client_with_repeated_failures_waits_even_with_the_right_password",),
    ),
    Mutation(
        "uniform_sign_in_message",
        "one message for an unknown account and a wrong password",
        (
            (
                "app_pages/session.py",
                "    user = auth.authenticate(store, name, password)\n    if user is None:\n",
                (
                    "    user = auth.authenticate(store, name, password)\n"
                    "    if user is None and auth.get_user(store, name) is None:\n"
                    '        st.session_state["_auth_msg"] = "sign_in_wait"\n        return\n'
                    "    if user is None:\n"
                ),
            ),
        ),
        ("tests/test_update_page.py::test_wrong_password_and_unknown_user_get_the_same_message",),
        "the removed protection tells an unknown name apart by another message",
    ),
    Mutation(
        "session_expiry",
        "a session expires after KPIS_SESSION_MINUTES without use",
        (("app_pages/session.py", "    if time.time() > st.session_state.get(EXPIRES_KEY, 0):\n", "    if False:\n"),),
        (
            "tests/test_update_page.py::test_session_expires",
            "tests/test_viewer_attack.py::test_an_expired_or_signed_out_session_cannot_publish_or_roll_back",
        ),
    ),
    Mutation(
        "sign_out",
        "sign-out forgets the user",
        (("app_pages/session.py", "    for key in (USER_KEY, EXPIRES_KEY):\n", "    for key in ():\n"),),
        ("tests/test_update_page.py::test_sign_out_ends_the_session",),
    ),
    Mutation(
        "viewer_gate",
        "the update page stops for a viewer account",
        (("app_pages/update_data.py", "if not user.can_write:\n", "if False:\n"),),
        (
            "tests/test_update_page.py::test_viewer_account_cannot_upload",
            "tests/test_viewer_attack.py::test_visitor_and_viewer_crafting_widget_and_session_state_change_nothing",
        ),
    ),
    Mutation(
        "account_reread",
        "the signed-in account is read again on every run (role changes, removals)",
        (
            (
                "app_pages/session.py",
                "    account = auth.get_user(get_store(), user.name) if isinstance(user, auth.User) else None\n",
                "    account = user\n",
            ),
        ),
        (
            "tests/test_viewer_attack.py::test_an_account_demoted_or_removed_while_signed_in_cannot_write",
            "tests/test_viewer_attack.py::test_a_forged_session_user_is_not_an_analyst",
        ),
    ),
    Mutation(
        "export_neutralising",
        "exported cells starting with = + - @ get a leading apostrophe",
        (
            (
                "kpis/export.py",
                "    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):\n",
                "    if False:\n",
            ),
        ),
        (
            "tests/test_i18n_export.py::test_csv_export_neutralises_formulas_and_keeps_numbers",
            "tests/test_i18n_export.py::test_xlsx_export_neutralises_formulas_and_keeps_numbers",
        ),
    ),
    Mutation(
        "user_text_as_text",
        "uploaded file names are shown with st.text, never as Markdown or HTML",
        (
            (
                "app_pages/update_data.py",
                '        st.text(f"{result.file_name} · ',
                '        st.markdown(f"{result.file_name} · ',
            ),
        ),
        ("tests/test_update_page.py::test_hostile_text_is_stored_verbatim_and_shown_only_as_data",),
    ),
    Mutation(
        "file_name_sanitising",
        "a file name keeps no directories",
        (
            (
                "kpis/upload.py",
                '    base = re.split(r"[\\\\/]", unicodedata.normalize("NFC", str(name)))[-1]\n',
                '    base = unicodedata.normalize("NFC", str(name))\n',
            ),
        ),
        ("tests/test_update_page.py::test_hostile_text_is_stored_verbatim_and_shown_only_as_data",),
    ),
    Mutation(
        "validation_before_publish",
        "a file with any validation error is never published",
        (
            (
                "kpis/validate.py",
                "    if any(p.severity == ERROR for p in problems):\n        return None, problems\n",
                "",
            ),
            (
                "kpis/upload.py",
                "        return self.frame is not None and not self.errors\n",
                "        return self.frame is not None\n",
            ),
        ),
        (
            "tests/test_update_page.py::test_upload_with_errors_shows_every_problem_and_changes_nothing",
            "tests/test_fuzz_upload.py::test_fuzzing_never_touches_the_store",
            "tests/test_cli.py::test_import_refuses_unknown_users_and_bad_files",
        ),
        "both layers removed: validate() returns no table on errors, and CheckResult.ok needs no errors",
    ),
    Mutation(
        "atomic_publish",
        "a publish is one transaction (rows, version, active pointer, audit)",
        (
            (
                "kpis/store.py",
                "            _bulk_insert(conn, self.data_tables[dataset], canonical, version_id)\n",
                (
                    "            _bulk_insert(conn, self.data_tables[dataset], canonical, version_id)\n"
                    "        with self.writer.begin() as conn:\n"
                ),
            ),
        ),
        (
            "tests/test_store.py::test_a_publish_interrupted_inside_the_transaction_rolls_back",
            "tests/test_faults.py::test_sigkill_during_publish_leaves_the_store_intact",
        ),
        "the rows and the version commit before the switch of the active version",
    ),
    Mutation(
        "dataset_row_lock",
        "PostgreSQL: publishers of one dataset queue on its row (SELECT … FOR UPDATE)",
        (
            (
                "kpis/store.py",
                ".where(d.c.name == dataset).with_for_update()).scalar()",
                ".where(d.c.name == dataset)).scalar()",
            ),
        ),
        ("tests/test_concurrency.py::test_concurrent_publishers_each_get_a_version_and_readers_never_see_a_mix",),
        "timing-dependent: four publishers released at once by a barrier",
    ),
    Mutation(
        "sqlite_immediate",
        "SQLite: writers take the write lock at BEGIN (BEGIN IMMEDIATE)",
        (
            (
                "kpis/store.py",
                (
                    'conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") '
                    'else "BEGIN")'
                ),
                'conn.exec_driver_sql("BEGIN")',
            ),
        ),
        ("tests/test_concurrency.py::test_concurrent_publishers_each_get_a_version_and_readers_never_see_a_mix",),
        "timing-dependent: four publishers released at once by a barrier",
    ),
    Mutation(
        "upload_size_limit",
        "an upload over KPIS_MAX_UPLOAD_MB is refused before any parsing",
        (
            (
                "kpis/problems.py",
                '_env_int("KPIS_MAX_UPLOAD_MB", 50) * 1024 * 1024)',
                '_env_int("KPIS_MAX_UPLOAD_MB", 50) * 1024 * 1024 * 1024)',
            ),
        ),
        (
            "tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[oversized_csv]",
            "tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[oversized_xlsx]",
        ),
    ),
    Mutation(
        "language_whitelist",
        "the language from the URL is 'en' or else Vietnamese",
        (
            (
                "kpis/i18n.py",
                "    return value if value in LANGS else DEFAULT_LANG\n",
                "    return value if isinstance(value, str) and value else DEFAULT_LANG\n",
            ),
        ),
        ("tests/test_i18n_export.py::test_language_from_untrusted_input_defaults_to_vietnamese",),
    ),
    Mutation(
        "url_choice_whitelist",
        "a query parameter that is not one of the offered options is ignored",
        (
            (
                "app_pages/shared.py",
                "    value = by_text.get(raw, default if default in options else options[0])\n",
                "    value = int(raw) if isinstance(raw, str) and raw.isdigit() else raw if raw else default\n",
            ),
        ),
        ("tests/test_pages_apptest.py::test_untrusted_query_parameters_are_ignored",),
    ),
    # The reader (kpis/readers.py) last: it was rewritten for python-calamine while this list was written.
    Mutation(
        "csv_line_length",
        "a CSV line longer than 10,000 characters is refused before parsing",
        (("kpis/readers.py", "    _check_line_lengths(u8, starts, name, limits)\n", ""),),
        (
            "tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[line_100mb]",
            "tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[csv_2m_columns]",
            "tests/test_readers.py::test_row_column_and_cell_limits",
        ),
    ),
    Mutation(
        "csv_column_limit",
        "a CSV header wider than 200 columns is refused",
        (("kpis/readers.py", "    if len(_trim(sniff.header)) > limits.max_columns:\n", "    if False:\n"),),
        ("tests/test_readers.py::test_row_column_and_cell_limits",),
    ),
    Mutation(
        "zip_directory_check",
        "an XLSX is refused from its zip directory when it inflates too far",
        (("kpis/readers.py", "    _check_zip(data, name, limits)\n", ""),),
        (
            "tests/test_abuse.py::test_decompression_bomb_is_refused_from_the_zip_directory",
            "tests/test_readers.py::test_xlsx_bomb_is_refused_from_the_zip_directory",
        ),
    ),
    Mutation(
        "sheet_extent_scan",
        "an XLSX sheet whose cell references span an absurd rectangle is refused before calamine allocates it",
        (("kpis/readers.py", "            percent = _scan_sheet(wb, sname, name)\n", "            percent = set()\n"),),
        (
            "tests/test_readers.py::test_sparse_sheet_spanning_an_absurd_rectangle_is_refused",
            "tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[xlsx_far_cell]",
        ),
    ),
    Mutation(
        "zip_member_count",
        "an XLSX whose zip lists over 10,000 members is refused before zipfile reads it",
        (
            (
                "kpis/readers.py",
                "    if directory and (directory[0] > MAX_XLSX_MEMBERS",
                "    if False and (directory[0] > MAX_XLSX_MEMBERS",
            ),
        ),
        ("tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[zip_50k_members]",),
    ),
    Mutation(
        "sheet_tag_count",
        "a sheet whose XML holds far more tags than cells (deep nesting) is refused",
        (("kpis/readers.py", "    if is_sheet and tags > TAGS_PER_CELL", "    if False and tags > TAGS_PER_CELL"),),
        ("tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds[xlsx_nested_1m]",),
    ),
]


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
    """Apply the mutation's edits in `tree`; the reason it cannot be applied, or None."""
    for rel, original, replacement in mutation.edits:
        path = tree / rel
        text = path.read_text(encoding="utf-8")
        count = text.count(original)
        if count != 1:
            return f"{rel}: the original snippet occurs {count} times (the code changed: update the mutation)"
        mutated = text.replace(original, replacement)
        try:
            compile(mutated, str(path), "exec")
        except SyntaxError as err:
            return f"{rel}: the mutated file does not compile: {err}"
        path.write_text(mutated, encoding="utf-8")
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
            result = {**asdict(m), "edits": [{"file": f, "original": o, "replacement": r} for f, o, r in m.edits]}
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
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    DOC.write_text(markdown(report), encoding="utf-8")
    log(f"wrote {path.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    suite = report.get("suite") or {}
    failed = sum(c["failed"] for c in suite.get("categories", {}).values())
    missed = (report.get("mutations") or {}).get("removed", 0) - (report.get("mutations") or {}).get("detected", 0)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
