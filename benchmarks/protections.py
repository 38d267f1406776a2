"""The protections the reliability suite must catch, each named at a point in the code.

A protection point is a comment line `# protection: <id>` right above the statement that protects. A mutation
names the point and how to remove the protection there, so code may move and be reformatted freely: only the
comment must stay above its statement (tests/test_protection_points.py checks every point exists once and that
every mutation applies and compiles).

Kinds of removal, applied to the statement under the marker:
  if_false   the `if` (or `while`) test becomes False
  remove     the statement becomes `pass`
  replace    the statement becomes `code` (lines at the statement's indentation)
  sub        inside the statement, `old` becomes `new` (exactly once)
  after      `code` runs right after the statement (lines at the statement's indentation)
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"^(\s*)# protection: ([a-z0-9_]+)\s*$")
SOURCE_DIRS = ("kpis", "app_pages")


@dataclass(frozen=True)
class Edit:
    """How one point loses its protection."""

    point: str
    kind: str
    code: str = ""
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class Mutation:
    """A protection removed at its points, and the tests that must then fail."""

    id: str
    protection: str
    edits: tuple[Edit, ...]
    tests: tuple[str, ...]
    note: str = ""
    meta: dict = field(default_factory=dict)


def points(root: Path) -> dict[str, list[tuple[Path, int]]]:
    """Every `# protection:` marker under the source folders: id -> [(file, 1-based line of the marker)]."""
    found: dict[str, list[tuple[Path, int]]] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                m = MARKER.match(line)
                if m:
                    found.setdefault(m.group(2), []).append((path, n))
    return found


def _statement(tree: ast.AST, line: int) -> ast.stmt | None:
    """The statement that starts on `line` (1-based)."""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno == line:
            best = node if best is None or node.col_offset < best.col_offset else best
    return best


def _offset(lines: list[str], line: int, col: int) -> int:
    """Character offset of (1-based line, 0-based UTF-8 byte column) in the joined text."""
    text = lines[line - 1]
    return sum(len(x) for x in lines[: line - 1]) + len(text.encode("utf-8")[:col].decode("utf-8"))


def apply_edit(text: str, edit: Edit, where: str) -> str:
    """`text` with the protection at `edit.point` removed; ValueError naming the problem."""
    lines = text.splitlines(keepends=True)
    markers = [n for n, line in enumerate(lines, start=1) if (m := MARKER.match(line)) and m.group(2) == edit.point]
    if len(markers) != 1:
        raise ValueError(f"{where}: protection point {edit.point!r} occurs {len(markers)} times")
    tree = ast.parse(text)
    stmt = _statement(tree, markers[0] + 1)
    if stmt is None:
        raise ValueError(f"{where}: no statement starts right under the point {edit.point!r}")
    indent = re.match(r"\s*", lines[stmt.lineno - 1]).group(0)
    start = _offset(lines, stmt.lineno, stmt.col_offset)
    end = _offset(lines, stmt.end_lineno, stmt.end_col_offset)

    def block(code: str) -> str:
        return ("\n" + indent).join(code.splitlines())

    if edit.kind == "if_false":
        if not isinstance(stmt, ast.If | ast.While):
            raise ValueError(f"{where}: point {edit.point!r} is not above an if or while")
        t0 = _offset(lines, stmt.test.lineno, stmt.test.col_offset)
        t1 = _offset(lines, stmt.test.end_lineno, stmt.test.end_col_offset)
        return text[:t0] + "False" + text[t1:]
    if edit.kind == "remove":
        return text[:start] + "pass" + text[end:]
    if edit.kind == "replace":
        return text[:start] + block(edit.code) + text[end:]
    if edit.kind == "after":
        return text[:end] + "\n" + indent + block(edit.code) + text[end:]
    if edit.kind == "sub":
        segment = text[start:end]
        if segment.count(edit.old) != 1:
            raise ValueError(f"{where}: {edit.old!r} occurs {segment.count(edit.old)} times at {edit.point!r}")
        return text[:start] + segment.replace(edit.old, edit.new) + text[end:]
    raise ValueError(f"{where}: unknown kind {edit.kind!r}")


def apply(root: Path, mutation: Mutation) -> list[Path]:
    """Remove the mutation's protections in the tree at `root` (a copy); the files changed. ValueError if it cannot."""
    found = points(root)
    changed = []
    for edit in mutation.edits:
        places = found.get(edit.point, [])
        if len(places) != 1:
            raise ValueError(f"{mutation.id}: protection point {edit.point!r} found {len(places)} times")
        path = places[0][0]
        mutated = apply_edit(path.read_text(encoding="utf-8"), edit, f"{path.relative_to(root)}")
        compile(mutated, str(path), "exec")
        path.write_text(mutated, encoding="utf-8")
        changed.append(path)
    return changed


def _m(id: str, protection: str, edits: tuple[Edit, ...] | Edit, tests: tuple[str, ...] | str, note: str = ""):
    edits = edits if isinstance(edits, tuple) else (edits,)
    return Mutation(id, protection, edits, tests if isinstance(tests, tuple) else (tests,), note)


# fmt: off
ABUSE = "tests/test_abuse.py::test_abusive_upload_is_refused_within_bounds"
RACE = "tests/test_concurrency.py::test_concurrent_publishers_each_get_a_version_and_readers_never_see_a_mix"
MUTATIONS = [
    _m("account_lockout", "an account is locked after 5 wrong passwords", Edit("account_lockout", "if_false"),
       ("tests/test_auth.py::test_lockout_after_repeated_failures_then_release",
        "tests/test_viewer_attack.py::test_resetting_the_session_counters_does_not_lift_the_account_lockout")),
    _m("account_row_lock", "PostgreSQL: sign-ins of one account queue on its row (SELECT … FOR UPDATE)",
       Edit("account_row_lock", "remove"),
       "tests/test_auth.py::test_concurrent_wrong_passwords_are_each_counted_and_lock_the_account",
       "timing-dependent: simultaneous sign-ins released by a barrier; SQLite serialises at BEGIN IMMEDIATE"),
    _m("session_throttle", "a session waits a minute after 5 failed sign-ins", Edit("session_throttle", "if_false"),
       "tests/test_viewer_attack.py::test_five_failures_in_one_session_make_it_wait_even_with_the_right_password"),
    _m("address_throttle", "a client address waits a minute after 20 failed sign-ins, across sessions",
       Edit("address_throttle", "replace", code="blocked = 0.0"),
       "tests/test_update_page.py::test_a_client_with_repeated_failures_waits_even_with_the_right_password"),
    _m("uniform_sign_in_message", "one message for an unknown account and a wrong password",
       Edit("uniform_sign_in_message", "after", code=(
           "if user is None and auth.get_user(store, name) is None:\n"
           '    st.session_state["_auth_msg"] = "sign_in_wait"\n    return')),
       "tests/test_update_page.py::test_wrong_password_and_unknown_user_get_the_same_message",
       "the removed protection tells an unknown name apart by another message"),
    _m("session_expiry", "a session expires after KPIS_SESSION_MINUTES without use", Edit("session_expiry", "if_false"),
       ("tests/test_update_page.py::test_session_expires",
        "tests/test_viewer_attack.py::test_an_expired_or_signed_out_session_cannot_publish_or_roll_back")),
    _m("sign_out", "sign-out forgets the user", Edit("sign_out", "remove"),
       "tests/test_update_page.py::test_sign_out_ends_the_session"),
    _m("viewer_gate", "the update page stops for a viewer account", Edit("viewer_gate", "if_false"),
       ("tests/test_update_page.py::test_viewer_account_cannot_upload",
        "tests/test_viewer_attack.py::test_visitor_and_viewer_crafting_widget_and_session_state_change_nothing")),
    _m("account_reread", "the signed-in account is read again on every run (role changes, removals)",
       Edit("account_reread", "replace", code="account = user"),
       ("tests/test_viewer_attack.py::test_an_account_demoted_or_removed_while_signed_in_cannot_write",
        "tests/test_viewer_attack.py::test_a_forged_session_user_is_not_an_analyst")),
    _m("export_neutralising", "exported cells starting with = + - @ get a leading apostrophe",
       Edit("export_neutralising", "if_false"),
       ("tests/test_i18n_export.py::test_csv_export_neutralises_formulas_and_keeps_numbers",
        "tests/test_i18n_export.py::test_xlsx_export_neutralises_formulas_and_keeps_numbers")),
    _m("user_text_as_text", "uploaded file names are shown with st.text, never as Markdown or HTML",
       Edit("user_text_as_text", "sub", old="st.text(", new="st.markdown("),
       "tests/test_update_page.py::test_hostile_text_is_stored_verbatim_and_shown_only_as_data"),
    _m("header_text_as_text", "a file's header cells are shown with st.text in the mapping step, never as Markdown",
       Edit("header_text_as_text", "sub", old="left.text(", new="left.markdown("),
       "tests/test_update_page_mapping.py::test_a_hostile_header_is_shown_only_as_text"),
    _m("sparkline_label_escaped", "a card sparkline's label is escaped before it goes into the SVG markup",
       Edit("sparkline_label_escaped", "replace", code="text = label"),
       "tests/test_sparkline.py::test_the_label_is_escaped_in_the_markup"),
    _m("markdown_cells_escaped", "a plain table's cells are escaped before st.table renders them as Markdown",
       Edit("markdown_cells_escaped", "replace", code="return str(value)"),
       "tests/test_provinces_page.py::test_a_table_cell_shows_its_text_as_written_never_as_markdown"),
    _m("file_name_sanitising", "a file name keeps no directories",
       Edit("file_name_sanitising", "replace", code='base = unicodedata.normalize("NFC", str(name))'),
       "tests/test_update_page.py::test_hostile_text_is_stored_verbatim_and_shown_only_as_data"),
    _m("validation_before_publish", "a file with any validation error is never published",
       (Edit("validation_no_table_on_errors", "remove"),
        Edit("check_ok_needs_no_errors", "replace", code="return self.frame is not None")),
       ("tests/test_update_page.py::test_upload_with_errors_shows_every_problem_and_changes_nothing",
        "tests/test_fuzz_upload.py::test_fuzzing_never_touches_the_store",
        "tests/test_cli.py::test_import_refuses_unknown_users_and_bad_files"),
       "both layers removed: validate() returns no table on errors, and CheckResult.ok needs no errors"),
    _m("atomic_publish", "a publish is one transaction (rows, version, active pointer, audit)",
       Edit("atomic_publish", "after", code='conn.exec_driver_sql("COMMIT")\nconn.exec_driver_sql("BEGIN")'),
       ("tests/test_store.py::test_a_publish_interrupted_inside_the_transaction_rolls_back",
        "tests/test_faults.py::test_sigkill_during_publish_leaves_the_store_intact"),
       "the rows and the version commit before the switch of the active version"),
    _m("dataset_row_lock", "PostgreSQL: publishers of one dataset queue on its row (SELECT … FOR UPDATE)",
       Edit("dataset_row_lock", "sub", old=".with_for_update()", new=""), RACE,
       "timing-dependent: four publishers released at once by a barrier"),
    _m("sqlite_immediate", "SQLite: writers take the write lock at BEGIN (BEGIN IMMEDIATE)",
       Edit("sqlite_immediate", "replace", code='conn.exec_driver_sql("BEGIN")'), RACE,
       "timing-dependent: four publishers released at once by a barrier"),
    _m("upload_size_limit", "an upload over KPIS_MAX_UPLOAD_MB is refused before any parsing",
       Edit("upload_size_limit", "sub", old="* 1024 * 1024", new="* 1024 * 1024 * 1024"),
       (f"{ABUSE}[oversized_csv]", f"{ABUSE}[oversized_xlsx]")),
    _m("language_whitelist", "the language from the URL is 'en' or else Vietnamese",
       Edit("language_whitelist", "replace", code="return value if isinstance(value, str) and value else DEFAULT_LANG"),
       "tests/test_i18n_export.py::test_language_from_untrusted_input_defaults_to_vietnamese"),
    _m("url_choice_whitelist", "a query parameter that is not one of the offered options is ignored",
       Edit("url_choice_whitelist", "replace",
            code="value = int(raw) if isinstance(raw, str) and raw.isdigit() else raw if raw else default"),
       "tests/test_pages_apptest.py::test_untrusted_query_parameters_are_ignored"),
    _m("csv_line_length", "a CSV line longer than 10,000 characters is refused before parsing",
       Edit("csv_line_length", "remove"),
       (f"{ABUSE}[line_100mb]", f"{ABUSE}[csv_2m_columns]", "tests/test_readers.py::test_row_column_and_cell_limits")),
    _m("csv_column_limit", "a CSV header wider than 200 columns is refused", Edit("csv_column_limit", "if_false"),
       "tests/test_readers.py::test_row_column_and_cell_limits"),
    _m("zip_directory_check", "an XLSX is refused from its zip directory when it inflates too far",
       Edit("zip_directory_check", "remove"),
       ("tests/test_abuse.py::test_decompression_bomb_is_refused_from_the_zip_directory",
        "tests/test_readers.py::test_xlsx_bomb_is_refused_from_the_zip_directory")),
    _m("sheet_extent_scan", "an XLSX sheet whose cell references span an absurd rectangle is refused before "
       "calamine allocates it", Edit("sheet_extent_scan", "replace", code="percent = set()"),
       ("tests/test_readers.py::test_sparse_sheet_spanning_an_absurd_rectangle_is_refused",
        f"{ABUSE}[xlsx_far_cell]")),
    _m("zip_member_count", "an XLSX whose zip lists over 10,000 members is refused before zipfile reads it",
       Edit("zip_member_count", "if_false"), f"{ABUSE}[zip_50k_members]"),
    _m("sheet_tag_count", "a sheet whose XML holds far more tags than cells (deep nesting) is refused",
       Edit("sheet_tag_count", "if_false"), f"{ABUSE}[xlsx_nested_1m]"),
]
# fmt: on
