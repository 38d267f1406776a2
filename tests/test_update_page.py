"""The update page through AppTest: sign-in, upload, problems shown, preview, publish, rollback."""

from pathlib import Path

import pytest
from conftest import PASSWORD
from streamlit.testing.v1 import AppTest

from app_pages import PAGES

ENTRY = str(Path(__file__).resolve().parents[1] / "dashboard.py")
PAGE = next(p.script for p in PAGES if p.module == "update_data")


def page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth_name").set_value(name)
    at.text_input(key="auth_password").set_value(password)
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def uploaded(name: str, data: bytes, dataset: str = "certified_labour") -> AppTest:
    """Signed in as the analyst, with `data` uploaded as `name` for `dataset`."""
    at = sign_in(page(), "lan", PASSWORD)
    at.selectbox(key="upd_dataset").set_value(dataset).run()
    at.file_uploader(key="upd_file").upload(name, data, "text/csv")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_viewer_sees_only_the_sign_in_form(env):
    at = page()
    assert len(at.get("file_uploader")) == 0
    assert at.text_input(key="auth_password").proto.type == 1  # a password field


@pytest.mark.parametrize("name", ["lan", "nobody"])
def test_wrong_password_and_unknown_user_get_the_same_message(env, name, reliability):
    at = sign_in(page(), name, "wrong password")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert len(at.get("file_uploader")) == 0
    reliability.record("attack_signin", 1, "uniform sign-in failure message")


def test_viewer_account_cannot_upload(env, reliability):
    at = sign_in(page(), "khach", PASSWORD)
    assert len(at.get("file_uploader")) == 0
    assert "can view but not change" in at.info[0].value
    reliability.record("attack_signin", 1, "a viewer account sees no write action")


def test_upload_with_errors_shows_every_problem_and_changes_nothing(env, reliability):
    store = env
    bad = "year,province_code,share,source,value_type\n2020,VN,124.1,x,actual\n2020,Ha Noi Moi,30,x,actual\n"
    before = store.audit()
    at = uploaded("bad.csv", bad.encode())
    problems = at.dataframe[0].value
    assert {("rate_range", "2", "share"), ("unknown_province", "3", "province_code")} <= set(
        zip(problems["Code"], problems["Row"], problems["Column"], strict=True)
    )
    notices = problems[problems["Row"] == ""]  # about the whole file: no row, shown empty (not "None")
    assert set(notices["Code"]) >= {"encoding_detected"} and set(notices["Severity"]) == {"warning"}
    assert len([b for b in at.button if b.key == "upd_publish"]) == 0
    assert store.audit() == before
    reliability.record("bad_input", 1, "a file with errors offers no publish and changes nothing")


def test_upload_preview_publish_and_rollback(env):
    store = env
    frame = store.read("certified_labour")
    frame.loc[(frame["year"] == 2020) & (frame["province_code"] == "VN"), "share"] = 24.6
    at = uploaded("fix.csv", frame.to_csv(index=False).encode())
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Cells changed"], metrics["Rows added"], metrics["Rows removed"]) == ("1", "0", "0")
    at.text_area(key="upd_note").set_value("GSO revision")
    at.button(key="upd_publish").click().run()
    assert not at.exception
    v1, v2 = store.versions("certified_labour")[::-1]
    assert v2.active and v2.note == "GSO revision" and v2.created_by == "lan" and v2.file_name == "fix.csv"
    assert store.read("certified_labour").query("year == 2020 and province_code == 'VN'")["share"].item() == 24.6
    # History: restore version 1.
    at.selectbox(key="upd_hist_dataset").set_value("certified_labour").run()
    at.selectbox(key="upd_hist_version").set_value(1).run()
    at.button(key="upd_restore").click().run()
    assert not at.exception
    assert store.active_versions()["certified_labour"] == v1.id
    assert [e.action for e in store.audit("certified_labour")] == ["seed", "publish", "rollback"]


def test_sign_out_ends_the_session(env, reliability):
    at = sign_in(page(), "lan", PASSWORD)
    assert len(at.get("file_uploader")) == 1
    at.sidebar.button(key="auth_sign_out").click().run()
    assert len(at.get("file_uploader")) == 0
    reliability.record("attack_signin", 1, "sign-out ends the session")


def test_session_expires(env, monkeypatch, reliability):
    at = sign_in(page(), "lan", PASSWORD)
    at.session_state["_auth_expires"] = 0
    at.run()
    assert len(at.get("file_uploader")) == 0
    assert "expired" in at.info[0].value
    reliability.record("attack_signin", 1, "an expired session is signed out")


def test_merge_keeps_other_rows_and_replace_is_explicit(env):
    store = env
    one_row = "year,province_code,share,source,value_type\n2026,VN,31.7,GSO,actual\n"
    at = uploaded("2026.csv", one_row.encode())
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Rows added"], metrics["Rows removed"]) == ("1", "0")  # merge by default
    at.radio(key="upd_mode").set_value("replace").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows removed"] == f"{len(store.read('certified_labour')):,}"  # the English UI groups by commas


HOSTILE = '<img src=x onerror="window.pwned=1">[link](javascript:alert(1))'


def test_hostile_text_is_stored_verbatim_and_shown_only_as_data(env, reliability):
    store = env
    frame = store.read("certified_labour")
    frame.loc[0, "note"] = "<script>window.pwned=1</script>'; DROP TABLE versions; --"
    at = uploaded(f"../../etc/{HOSTILE}.csv", frame.to_csv(index=False).encode())
    at.text_area(key="upd_note").set_value(HOSTILE)
    at.button(key="upd_publish").click().run()
    assert not at.exception
    version = store.versions("certified_labour")[0]
    assert version.note == HOSTILE  # stored verbatim
    assert version.file_name == f"{HOSTILE}.csv"  # no directories kept
    assert store.read("certified_labour").loc[0, "note"].startswith("<script>")
    rendered_as_markdown = [m.value for m in at.markdown] + [e.value for e in at.success] + [e.value for e in at.error]
    assert not any("onerror" in str(v) or "<script>" in str(v) for v in rendered_as_markdown)
    reliability.record("attack_injection", 3, "HTML, Markdown links and SQL in a note, a file name and a cell")


def test_a_client_with_repeated_failures_waits_even_with_the_right_password(env, reliability):
    from app_pages import session

    session._CLIENT_FAILURES.clear()
    for _ in range(session.ADDRESS_MAX_FAILURES // session.CLIENT_MAX_FAILURES):  # several sessions, one address
        at = page()
        for _ in range(session.CLIENT_MAX_FAILURES):
            at = sign_in(at, "nobody", "wrong password")
    fresh = sign_in(page(), "lan", PASSWORD)  # a new session from the same client
    assert len(fresh.get("file_uploader")) == 0
    assert [e.value for e in fresh.error] == ["Too many failed sign-ins. Please try again in a minute."]
    session._CLIENT_FAILURES.clear()
    reliability.record(
        "attack_signin", session.ADDRESS_MAX_FAILURES + 1, "sign-in throttled per client address across sessions"
    )
