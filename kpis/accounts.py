"""Analyst accounts in the store: the users table behind add_account, account and sign_in_attempt."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine


@dataclass(frozen=True)
class Account:
    """One account as stored: the password only as its hash, the failures counted toward a lockout."""

    name: str
    role: str
    password_hash: str
    failed_logins: int
    locked_until: float | None


class AccountExists(ValueError):
    """An account of that name exists already."""


class SignInAttempt:
    """One sign-in, inside a transaction that holds the account's row until it ends."""

    def __init__(self, conn: Connection, table: sa.Table, account: Account | None):
        self._conn, self._table = conn, table
        self.account = account

    def failed(self, failures: int, locked_until: float | None) -> None:
        """Count a wrong password (and lock the account until `locked_until`, if given)."""
        self._set(failed_logins=failures, locked_until=locked_until)

    def succeeded(self) -> None:
        """A right password: the failures are forgotten."""
        self._set(failed_logins=0, locked_until=None)

    def _set(self, **values) -> None:
        if self.account is not None:
            self._conn.execute(sa.update(self._table).where(self._table.c.name == self.account.name).values(**values))


class Accounts:
    """The users table of one store (created by its migration 2)."""

    def __init__(self, table: sa.Table, engine: Engine, writer: Engine):
        self._table, self._engine, self._writer = table, engine, writer

    def add(self, name: str, password_hash: str, role: str, created_at: str) -> None:
        """Create an account; AccountExists if the name is taken."""
        users = self._table
        with self._writer.begin() as conn:
            if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first():
                raise AccountExists(name)
            conn.execute(
                users.insert().values(
                    name=name,
                    password_hash=password_hash,
                    role=role,
                    created_at=created_at,
                    failed_logins=0,
                    locked_until=None,
                )
            )

    def get(self, name: str) -> Account | None:
        with self._engine.connect() as conn:
            return self._read(conn, name, lock=False)

    @contextmanager
    def sign_in_attempt(self, name: str) -> Iterator[SignInAttempt]:
        """A transaction holding the account's row (SQLite: the write lock from BEGIN IMMEDIATE; PostgreSQL:
        SELECT … FOR UPDATE), so concurrent wrong passwords are each counted and none slips past a lockout."""
        with self._writer.begin() as conn:
            yield SignInAttempt(conn, self._table, self._read(conn, name, lock=True))

    def _read(self, conn: Connection, name: str, *, lock: bool) -> Account | None:
        users = self._table
        query = sa.select(users).where(users.c.name == name)
        if lock:
            # protection: account_row_lock
            query = query.with_for_update()
        row = conn.execute(query).mappings().first()
        if row is None:
            return None
        return Account(row["name"], row["role"], row["password_hash"], row["failed_logins"], row["locked_until"])
