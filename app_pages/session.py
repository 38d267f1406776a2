"""Sign-in state and the write actions of the update page, each re-checking who is signed in."""

from __future__ import annotations

import hashlib
import os
import time

import streamlit as st

from app_pages.shared import get_store
from kpis import auth, upload
from kpis.i18n import t
from kpis.store import Store, Version

USER_KEY, EXPIRES_KEY, FAILS_KEY, BLOCK_KEY = "_auth_user", "_auth_expires", "_auth_fails", "_auth_block_until"
CLIENT_MAX_FAILURES, CLIENT_BLOCK_SECONDS = 5, 60
ADDRESS_MAX_FAILURES = 20  # per address: higher, since a whole office can share one
# Failures per client address, shared by every session of this server process: a new session (a new
# tab, a cleared cookie) does not reset the count. {address: (failures, blocked_until)}
_CLIENT_FAILURES: dict[str, tuple[int, float]] = {}


def _client() -> str:
    """The client's address: X-Forwarded-For's first entry when KPIS_TRUST_PROXY=1 (behind your own
    proxy, which sets it), else the peer address; "unknown" without one."""
    address = st.context.ip_address
    if os.environ.get("KPIS_TRUST_PROXY") == "1":
        forwarded = (st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
        address = forwarded or address
    return address if isinstance(address, str) and address else "unknown"


def _client_blocked() -> bool:
    return time.time() < max(st.session_state.get(BLOCK_KEY, 0), _CLIENT_FAILURES.get(_client(), (0, 0.0))[1])


def _client_failed() -> None:
    fails = st.session_state.get(FAILS_KEY, 0) + 1
    st.session_state[FAILS_KEY] = fails
    ip_fails = _CLIENT_FAILURES.get(_client(), (0, 0.0))[0] + 1
    # protection: address_throttle
    blocked = time.time() + CLIENT_BLOCK_SECONDS if ip_fails >= ADDRESS_MAX_FAILURES else 0.0
    _CLIENT_FAILURES[_client()] = (0 if blocked else ip_fails, blocked)
    # protection: session_throttle
    if fails >= CLIENT_MAX_FAILURES:
        st.session_state[BLOCK_KEY] = time.time() + CLIENT_BLOCK_SECONDS
        st.session_state[FAILS_KEY] = 0


def current_user() -> auth.User | None:
    """The signed-in user, or None once the session has expired (each use extends it).

    The account is read again on every run, so a role changed or an account removed in the store counts from
    the next click, not from the session's end."""
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    # protection: session_expiry
    if time.time() > st.session_state.get(EXPIRES_KEY, 0):
        sign_out()
        st.session_state["_auth_expired"] = True
        return None
    # protection: account_reread
    account = auth.get_user(get_store(), user.name) if isinstance(user, auth.User) else None
    if account is None:
        sign_out()
        return None
    st.session_state[USER_KEY] = account
    st.session_state[EXPIRES_KEY] = time.time() + auth.session_seconds()
    return account


def sign_out() -> None:
    # protection: sign_out
    for key in (USER_KEY, EXPIRES_KEY):
        st.session_state.pop(key, None)
    for key in [k for k in st.session_state if str(k).startswith("_check_")]:
        del st.session_state[key]


def _attempt(store: Store) -> None:
    name = st.session_state.get("auth_name", "").strip()
    password = st.session_state.get("auth_password", "")
    st.session_state["auth_password"] = ""  # never kept in the session
    if _client_blocked():
        st.session_state["_auth_msg"] = "sign_in_wait"
        return
    # protection: uniform_sign_in_message
    user = auth.authenticate(store, name, password)
    if user is None:
        _client_failed()
        st.session_state["_auth_msg"] = "sign_in_failed"
        return
    st.session_state[FAILS_KEY] = 0
    st.session_state[USER_KEY] = user
    st.session_state[EXPIRES_KEY] = time.time() + auth.session_seconds()
    st.session_state.pop("_auth_msg", None)


def sign_in_form(lang: str) -> None:
    """The sign-in form; one message for every failure, so it never says whether an account exists."""
    if st.session_state.pop("_auth_expired", False):
        st.info(t("session_expired", lang), icon=":material/timer_off:")
    st.caption(t("sign_in_intro", lang))
    with st.form("auth_form"):
        st.text_input(t("user_name", lang), key="auth_name", max_chars=64)
        st.text_input(t("password", lang), type="password", key="auth_password", max_chars=256)
        st.form_submit_button(t("sign_in", lang), type="primary", on_click=_attempt, args=(get_store(),))
    message = st.session_state.get("_auth_msg")
    if message:
        st.error(t(message, lang), icon=":material/lock:")


def sign_out_button(lang: str) -> None:
    user = st.session_state.get(USER_KEY)
    if isinstance(user, auth.User):
        st.sidebar.text(t("signed_in_as", lang, name=user.name))
        st.sidebar.button(t("sign_out", lang), on_click=sign_out, key="auth_sign_out", icon=":material/logout:")


def checked(store: Store, data: bytes, file_name: str, dataset: str, sheet: str | None, lang: str, defaults=None):
    """The file's check result, computed once per (content, dataset, sheet, file defaults) in this session."""
    prefix = f"_check_{dataset}_{sheet}_{hashlib.sha256(data).hexdigest()}"
    key = f"{prefix}_{defaults!r}"
    if key not in st.session_state:
        for old in [k for k in st.session_state if str(k).startswith("_check_") and not str(k).startswith(prefix)]:
            del st.session_state[old]
        with st.status(t("checking", lang), expanded=False) as status:
            result = upload.check_file(
                data, file_name, dataset, upload.context_from(store), sheet=sheet, defaults=defaults
            )
            status.update(label=t("checked", lang), state="complete" if result.ok else "error")
        st.session_state[key] = result
    return st.session_state[key]


def publish(store: Store, result, note: str, mode: str) -> Version | None:
    """Publish, if the session still belongs to an analyst."""
    user = current_user()
    if user is None or not user.can_write:
        return None
    with st.spinner(t("publishing", st.session_state.get("lang", "vi"))):
        version = upload.publish(store, result, user=user.name, note=note, mode=mode)
    for key in [k for k in st.session_state if str(k).startswith("_check_")]:
        del st.session_state[key]
    return version


def save_column_map(store: Store, dataset: str, header, fields) -> bool:
    """Remember the analyst's column choices for this file layout, if the session still belongs to an analyst."""
    user = current_user()
    if user is None or not user.can_write:
        return False
    store.save_column_map(dataset, header, fields, user=user.name)
    return True


def restore(store: Store, dataset: str, version: Version) -> None:
    """Make an earlier version active again, if the session still belongs to an analyst."""
    user = current_user()
    if user is None or not user.can_write:
        return
    store.activate(dataset, version.id, user=user.name, note=f"rollback to v{version.number}")
    st.rerun()
