"""Analyst accounts: passwords hashed with Argon2id, throttled sign-in, expiring sessions."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kpis.store import AccountExists, Store

ANALYST = "analyst"
ROLES = (ANALYST, "viewer")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 10
MAX_FAILURES = 5  # then the account waits LOCK_SECONDS, doubling on each further failure
LOCK_SECONDS = 60
_HASHER = PasswordHasher()
# Verified when the account does not exist, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash("no such account: constant-time decoy")


def session_seconds() -> int:
    """How long a session lasts without activity (KPIS_SESSION_MINUTES, default 30)."""
    try:
        return max(60, int(os.environ.get("KPIS_SESSION_MINUTES", "30")) * 60)
    except ValueError:
        return 30 * 60


class AuthError(ValueError):
    """A user-facing refusal (bad name, weak password, existing account)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role == ANALYST


def add_user(store: Store, name: str, password: str, role: str = ANALYST) -> User:
    """Create an account; the password is stored only as its Argon2id hash."""
    if not NAME_PATTERN.fullmatch(name):
        raise AuthError("user names are 2–64 characters: lower-case letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"passwords have at least {MIN_PASSWORD} characters")
    if role not in ROLES:
        raise AuthError(f"role must be one of {ROLES}")
    try:
        store.add_account(name, _HASHER.hash(password), role)
    except AccountExists:
        raise AuthError(f"user {name!r} exists") from None
    return User(name, role)


def authenticate(store: Store, name: str, password: str, now: float | None = None) -> User | None:
    """The user if the name and password match and the account is not locked; None otherwise (same answer
    for an unknown name, a wrong password and a locked account, so nothing tells which)."""
    now = time.time() if now is None else now
    with store.sign_in_attempt(name) as attempt:
        account = attempt.account
        if account is None:
            _verify(_DUMMY_HASH, password)
            return None
        # protection: account_lockout
        if account.locked_until and account.locked_until > now:
            _verify(_DUMMY_HASH, password)
            return None
        if not _verify(account.password_hash, password):
            failures = account.failed_logins + 1
            attempt.failed(
                failures, now + LOCK_SECONDS * 2 ** (failures - MAX_FAILURES) if failures >= MAX_FAILURES else None
            )
            return None
        attempt.succeeded()
        return User(account.name, account.role)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def get_user(store: Store, name: str) -> User | None:
    account = store.account(name)
    return User(account.name, account.role) if account else None
