"""A signed-out visitor or a viewer crafts widget state, session state or query parameters: nothing is written.

A browser can only send values for widgets the page drew in its session (Streamlit ignores widget ids it
did not register, and never lets a client set other session keys); AppTest can set any key, so these tests
go further than a client can: the update page's widget keys, its internal keys (the signed-in user, a
pending checked upload), and URLs with script, SQL and huge values. After each attempt the store (versions,
active pointers, audit log, accounts, data rows) is exactly as before and the page shows no exception.
"""

import hashlib
import time

import sqlalchemy as sa
from conftest import PASSWORD
from test_update_page import page, sign_in, uploaded

from app_pages import session
from kpis import auth, upload

HOSTILE = "<script>window.pwned=1</script><img src=x onerror=alert(1)>'; DROP TABLE versions; --"
# The update page's widget keys, as a client would send them for a page it was shown.
CRAFTED_WIDGETS = [
    {"upd_dataset": "enrolment", "upd_mode": "replace", "upd_note": HOSTILE, "upd_publish": True},
    {"upd_hist_dataset": "certified_labour", "upd_hist_version": 1, "upd_restore": True},
    {"upd_sheet": "Sheet1", "upd_publish": True, "upd_restore": True, "auth_sign_out": False},
]
# Internal keys no client can set; forged anyway, to show the page trusts only a fresh analyst session.
FORGED_USERS = ["lan", {"name": "lan", "role": "analyst"}, auth.User("khach", "analyst"), auth.User("ghost", "analyst")]
PARAMS = [
    {"lang": "<script>alert(1)</script>"},
    {"lang": "en'; DROP TABLE versions; --", "year": "2020 OR 1=1"},
    {"lang": "x" * 200_000},
    {"lang": ["en", "vi", "en"]},
    {
        "publish": "1",
        "upd_publish": "true",
        "upd_restore": "1",
        "_auth_user": "lan",
        "role": "analyst",
        "user": "lan",
        "version": "1",
        "dataset": "enrolment",
        "page": "update",
        "mode": "replace",
    },
    {"province": '<img src=x onerror="alert(1)">', "indicator": "../../etc/passwd", "note": HOSTILE},
]


def snapshot(store) -> dict:
    """Everything a write would change: versions, active pointers, audit log, accounts, rows per data table."""
    with store.engine.connect() as conn:

        def rows(table, *order):
            return [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]

        return {
            "datasets": [(n, v) for n, v, _ in rows(store.t_datasets, store.t_datasets.c.name)],
            "versions": rows(store.t_versions, store.t_versions.c.id),
            "audit": rows(store.t_audit, store.t_audit.c.id),
            "users": [(r[0], r[1], r[2]) for r in rows(store.t_users, store.t_users.c.name)],
            "data": {
                name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for name, t in store.data_tables.items()
            },
        }


def no_write_access(at, where: str) -> None:
    """The run raised nothing and drew none of the update page's write widgets."""
    assert not at.exception, (where, [e.message for e in at.exception])
    assert len(at.get("file_uploader")) == 0, where
    keys = {b.key for b in at.button}
    assert not keys & {"upd_publish", "upd_restore"}, (where, keys)


def shown_text(at) -> str:
    """Every text the page drew as Markdown, captions, alerts or plain text."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "text", "title", "info", "error", "warning", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def pending_upload(store) -> tuple[str, upload.CheckResult]:
    """A checked, valid file as the page keeps it in the session (key and result), ready to publish."""
    frame = store.read("certified_labour")
    frame["share"] = 99.0
    data = frame.to_csv(index=False).encode()
    result = upload.check_file(data, "forged.csv", "certified_labour", upload.context_from(store))
    assert result.ok
    return f"_check_certified_labour_None_{hashlib.sha256(data).hexdigest()}", result


def test_visitor_and_viewer_crafting_widget_and_session_state_change_nothing(env, reliability):
    store = env
    before = snapshot(store)
    check_key, check = pending_upload(store)
    crafted = [
        *CRAFTED_WIDGETS,
        {check_key: check, "upd_publish": True, "upd_mode": "replace"},  # a pending upload, forged
        {
            "_auth_expires": time.time() + 3600,
            "_auth_fails": -1000,
            "_auth_block_until": 0,
            "_auth_msg": "sign_in_failed",
            "upd_publish": True,
        },
    ]
    at = page()
    tried = 0
    for who in ("visitor", "viewer"):
        if who == "viewer":
            at = sign_in(at, "khach", PASSWORD)
            assert "can view but not change" in at.info[0].value
        for state in crafted:
            for key, value in state.items():
                at.session_state[key] = value
            at.run()
            no_write_access(at, f"{who}: {sorted(state)}")
            tried += 1
        assert snapshot(store) == before, who
    reliability.record("attack_signin", tried, "visitor and viewer set the update page's widget and session keys")


def test_a_forged_session_user_is_not_an_analyst(env, reliability):
    """A user name, a dict, a viewer or a removed account claiming the analyst role: no write widget, no write."""
    store = env
    before = snapshot(store)
    check_key, check = pending_upload(store)
    at = page()
    for forged in FORGED_USERS:
        at.session_state["_auth_user"] = forged
        at.session_state["_auth_expires"] = time.time() + 3600
        at.session_state[check_key] = check
        at.session_state["upd_publish"] = True
        at.run()
        no_write_access(at, repr(forged))
    assert snapshot(store) == before
    reliability.record("attack_signin", len(FORGED_USERS), "forged signed-in user in the session state")


def test_crafted_query_parameters_change_nothing_and_are_not_rendered(env, reliability):
    store = env
    before = snapshot(store)
    at = page()
    tried = 0
    for who in ("visitor", "viewer"):
        if who == "viewer":
            at.query_params.clear()
            at = sign_in(at, "khach", PASSWORD)
        for params in PARAMS:
            at.query_params.clear()
            at.query_params.update(params)
            at.run()
            where = f"{who}: {sorted(params)}"
            no_write_access(at, where)
            # An unknown language is ignored: the session keeps the one it had.
            assert at.title[0].value in ("Update data", "Cập nhật dữ liệu"), where
            text = shown_text(at)
            assert "<script>" not in text and "onerror" not in text and "DROP TABLE" not in text, where
            tried += 1
        assert snapshot(store) == before, who
    reliability.record("attack_injection", tried, "query parameters with script, SQL, paths and huge values")


def test_an_expired_or_signed_out_session_cannot_publish_or_roll_back(env, reliability):
    store = env
    frame = store.read("certified_labour")
    frame["share"] = 42.0
    data = frame.to_csv(index=False).encode()
    at = uploaded("fix.csv", data)
    before = snapshot(store)
    # The publish button was drawn; the session expires before the click arrives.
    at.button(key="upd_publish").click()
    at.session_state["_auth_expires"] = 0
    at.run()
    no_write_access(at, "expired, then publish")
    assert "expired" in at.info[0].value
    assert snapshot(store) == before
    # Signed in again: sign-out and publish arrive in the same run.
    at = sign_in(at, "lan", PASSWORD)
    at.file_uploader(key="upd_file").upload("fix.csv", data, "text/csv")
    at.run()
    at.sidebar.button(key="auth_sign_out").click()
    at.button(key="upd_publish").click()
    at.run()
    no_write_access(at, "sign-out with publish")
    assert snapshot(store) == before
    # A rollback offered to an analyst, clicked after the session expired.
    at = sign_in(at, "lan", PASSWORD)
    at.file_uploader(key="upd_file").upload("fix.csv", data, "text/csv")
    at.run()
    at.button(key="upd_publish").click().run()
    assert store.versions("certified_labour")[0].number == 2
    published = snapshot(store)
    at.selectbox(key="upd_hist_dataset").set_value("certified_labour").run()
    at.selectbox(key="upd_hist_version").set_value(1).run()
    at.button(key="upd_restore").click()
    at.session_state["_auth_expires"] = 0
    at.run()
    no_write_access(at, "expired, then restore")
    assert snapshot(store) == published
    reliability.record("attack_signin", 3, "publish or rollback clicked after expiry or with sign-out")


def test_an_account_demoted_or_removed_while_signed_in_cannot_write(env, reliability):
    """The session's role is the account's current role: a demotion or removal takes effect on the next run."""
    store = env
    frame = store.read("certified_labour")
    frame["share"] = 43.0
    at = uploaded("fix.csv", frame.to_csv(index=False).encode())
    users = store.t_users
    with store.engine.begin() as conn:
        conn.execute(sa.update(users).where(users.c.name == "lan").values(role="viewer"))
    before = snapshot(store)
    at.button(key="upd_publish").click().run()
    no_write_access(at, "demoted")
    assert "can view but not change" in at.info[0].value
    assert snapshot(store) == before
    with store.engine.begin() as conn:
        conn.execute(sa.delete(users).where(users.c.name == "lan"))
    at.session_state["upd_publish"] = True
    at.run()
    no_write_access(at, "removed")
    assert at.text_input(key="auth_password").proto.type == 1  # signed out: the sign-in form
    assert snapshot(store) == {**before, "users": [u for u in before["users"] if u[0] != "lan"]}
    reliability.record("attack_signin", 2, "analyst demoted to viewer, then removed, while signed in")


def test_five_failures_in_one_session_make_it_wait_even_with_the_right_password(env, reliability):
    session._CLIENT_FAILURES.clear()
    try:
        at = page()
        for _ in range(session.CLIENT_MAX_FAILURES):
            at = sign_in(at, "nobody", "wrong password")  # unknown names: no account gets locked
        at = sign_in(at, "lan", PASSWORD)
        no_write_access(at, "throttled session, right password")
        assert [e.value for e in at.error] == ["Too many failed sign-ins. Please try again in a minute."]
    finally:
        session._CLIENT_FAILURES.clear()
    reliability.record("attack_signin", session.CLIENT_MAX_FAILURES + 1, "sign-in throttled per session")


def test_resetting_the_session_counters_does_not_lift_the_account_lockout(env, reliability):
    """The session's own failure counters are reset before every try; the account still locks after five."""
    session._CLIENT_FAILURES.clear()
    try:
        at = page()
        for _ in range(auth.MAX_FAILURES):
            at.session_state["_auth_fails"] = 0
            at.session_state["_auth_block_until"] = 0
            at = sign_in(at, "lan", "wrong password")
        at.session_state["_auth_fails"] = 0
        at.session_state["_auth_block_until"] = 0
        at = sign_in(at, "lan", PASSWORD)
        no_write_access(at, "locked account, right password")
        assert [e.value for e in at.error] == ["Wrong user name or password."]  # the same message as any failure
    finally:
        session._CLIENT_FAILURES.clear()
    reliability.record("attack_signin", auth.MAX_FAILURES + 1, "sign-in with the session's counters reset each time")
