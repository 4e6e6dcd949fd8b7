"""Handlers of staff (工作人员): enrol, change roles, deactivate, set a password.

A login is claimed in ``staff_logins`` and the argon2 hash stored in
``staff_credentials`` in the same transaction as ``StaffEnrolled``, so two clerks
enrolling the same login at once get one staff member and one 409
(see test_a_login_already_taken_is_refused_naming_it). Hashing runs in a worker thread:
argon2 is deliberately slow and would stall every other request on the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from shequ.contracts import Conflict, DomainError
from shequ.contracts.registry import StaffEnrolled
from shequ.eventstore import EventStore, Outcome, load
from shequ.registry import staff
from shequ.registry.common import Acting
from shequ.registry.handlers._common import office_is_open, run

HASHER = PasswordHasher()
MIN_PASSWORD = 8


class LoginTaken(Conflict):
    code = "login-taken"

    def __init__(self, login: str) -> None:
        super().__init__(f"the login {login!r} is already taken", field="login")


class WeakPassword(DomainError):
    code = "weak-password"

    def __init__(self) -> None:
        super().__init__(
            f"a password needs at least {MIN_PASSWORD} characters", field="password"
        )


async def hash_password(password: str) -> str:
    """The argon2 hash of an acceptable password; :class:`WeakPassword` otherwise."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword
    return await asyncio.to_thread(HASHER.hash, password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` is the one hashed (argon2 compares in constant time)."""
    try:
        return HASHER.verify(password_hash, password)
    except VerificationError:
        return False


async def password_matches(pool: asyncpg.Pool, staff_id: str, password: str) -> bool:
    """Whether ``password`` is staff ``staff_id``'s current password."""
    stored = await pool.fetchval(
        "SELECT password_hash FROM staff_credentials WHERE staff_id = $1", staff_id
    )
    return stored is not None and await asyncio.to_thread(
        verify_password, stored, password
    )


async def claim_login(conn: asyncpg.Connection, login: str, staff_id: str) -> None:
    """Reserve ``login`` for ``staff_id``, or :class:`LoginTaken`."""
    holder = await conn.fetchval(
        """INSERT INTO staff_logins VALUES ($1, $2)
           ON CONFLICT (login) DO UPDATE SET staff_id = staff_logins.staff_id
           RETURNING staff_id""",
        login,
        staff_id,
    )
    if holder != staff_id:
        raise LoginTaken(login)


async def enrol(
    store: EventStore, command: staff.EnrolStaff, password: str, key: str | None = None
) -> Outcome[staff.State]:
    """Enrol staff at an open office with a unique login and a password."""
    command = replace(command, office_open=await office_is_open(store, command.office))
    password_hash = await hash_password(password)
    async with store.pool.acquire() as conn, conn.transaction():
        outcome = await run(
            store,
            staff.DECIDER,
            command.staff_id,
            command,
            command.by,
            key=key,
            connection=conn,
        )
        for event in outcome.events:
            if isinstance(event, StaffEnrolled):
                await claim_login(conn, event.login, event.staff_id)
                await conn.execute(
                    """INSERT INTO staff_credentials VALUES ($1, $2, $3)
                       ON CONFLICT (staff_id) DO NOTHING""",
                    event.staff_id,
                    password_hash,
                    command.by.now,
                )
    return outcome


async def change(
    store: EventStore,
    staff_id: str,
    command: staff.ChangeStaffRoles | staff.DeactivateStaff,
    expected_version: int | None = None,
) -> Outcome[staff.State]:
    """Change roles or deactivate: nothing to look up, straight to the decider."""
    return await run(
        store,
        staff.DECIDER,
        staff_id,
        command,
        command.by,
        expected_version=expected_version,
    )


async def current(store: EventStore, staff_id: str) -> staff.Staff:
    """The staff member as enrolled now, or :class:`staff.StaffNotFound`."""
    state, _ = await load(store, staff.DECIDER, staff_id)
    if state is None:
        raise staff.StaffNotFound
    return state


async def set_password(
    store: EventStore, staff_id: str, password: str, by: Acting
) -> None:
    """Replace an active staff member's password (not an event: never published)."""
    member = await current(store, staff_id)
    if member.status != "active":
        raise staff.StaffInactive(member)
    await _store_hash(store.pool, staff_id, await hash_password(password), by.now)


async def _store_hash(
    pool: asyncpg.Pool, staff_id: str, password_hash: str, now: datetime
) -> None:
    await pool.execute(
        """INSERT INTO staff_credentials VALUES ($1, $2, $3)
           ON CONFLICT (staff_id) DO UPDATE
           SET password_hash = EXCLUDED.password_hash,
               changed_at = EXCLUDED.changed_at""",
        staff_id,
        password_hash,
        now,
    )
