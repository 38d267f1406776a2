"""Analyst accounts: hashed passwords, uniform refusals, lockout after repeated failures."""

import threading

import sqlalchemy as sa

from kpis import auth

PASSWORD = "correct horse battery"


def test_password_is_stored_as_an_argon2_hash(store):
    auth.add_user(store, "lan", PASSWORD)
    hashed = store.account("lan").password_hash
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed


def test_right_and_wrong_passwords(store, reliability):
    auth.add_user(store, "lan", PASSWORD)
    assert auth.authenticate(store, "lan", PASSWORD) == auth.User("lan", "analyst")
    assert auth.authenticate(store, "lan", PASSWORD + "x") is None
    assert auth.authenticate(store, "nobody", PASSWORD) is None  # same answer as a wrong password
    reliability.record("attack_signin", 2, "wrong password and unknown account get the same answer")


def test_lockout_after_repeated_failures_then_release(store, reliability):
    auth.add_user(store, "lan", PASSWORD)
    now = 1_000_000.0
    for _ in range(auth.MAX_FAILURES):
        assert auth.authenticate(store, "lan", "wrong", now=now) is None
    assert auth.authenticate(store, "lan", PASSWORD, now=now + 1) is None  # locked, even when right
    assert auth.authenticate(store, "lan", PASSWORD, now=now + auth.LOCK_SECONDS + 1) is not None
    reliability.record("attack_signin", auth.MAX_FAILURES + 2, "account locked after repeated wrong passwords")


def test_concurrent_wrong_passwords_are_each_counted_and_lock_the_account(store, reliability):
    """Sign-ins at the same moment queue on the account's row: no failure is lost, the lockout holds."""
    auth.add_user(store, "lan", PASSWORD)
    attempts = auth.MAX_FAILURES + 3
    barrier = threading.Barrier(attempts)
    now = 1_000_000.0

    def attempt() -> None:
        barrier.wait(timeout=60)
        assert auth.authenticate(store, "lan", "wrong", now=now) is None

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    account = store.account("lan")
    assert account.failed_logins == auth.MAX_FAILURES and account.locked_until is not None
    assert auth.authenticate(store, "lan", PASSWORD, now=now + 1) is None
    reliability.record("attack_signin", attempts, "simultaneous wrong passwords each counted toward the lockout")


def test_viewers_cannot_write(store):
    viewer = auth.add_user(store, "khach", PASSWORD, role="viewer")
    assert not viewer.can_write
    assert auth.add_user(store, "lan", PASSWORD).can_write


def test_bad_names_and_weak_passwords_are_refused(store, reliability):
    refused = (("A B", PASSWORD), ("<script>", PASSWORD), ("lan", "short"))
    for name, password in refused:
        try:
            auth.add_user(store, name, password)
        except auth.AuthError:
            continue
        raise AssertionError(f"accepted {name!r}")
    auth.add_user(store, "lan", PASSWORD)
    try:
        auth.add_user(store, "lan", PASSWORD)
    except auth.AuthError as err:
        assert "exists" in str(err)
    else:
        raise AssertionError("duplicate user accepted")
    reliability.record("attack_injection", len(refused) + 1, "account names with markup, weak passwords, duplicates")


def test_users_table_comes_from_a_migration(store):
    with store.engine.connect() as conn:
        applied = [r[0] for r in conn.execute(sa.select(store.t_migrations.c.version))]
    assert applied[:2] == [1, 2] and applied == sorted(applied)
