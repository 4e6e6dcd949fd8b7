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

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from shequ.contracts import DomainError
from shequ.contracts.registry import StaffEnrolled
from shequ.eventstore import EventStore, Outcome, load
from shequ.registry.domain import staff
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers._common import office_is_open, run
from shequ.registry.readmodels import guards

HASHER = PasswordHasher()
MIN_PASSWORD = 8


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
    stored = await guards.password_hash_of(pool, staff_id)
    return stored is not None and await asyncio.to_thread(
        verify_password, stored, password
    )


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
                await guards.claim_login(conn, event.login, event.staff_id)
                await guards.first_password(
                    conn, event.staff_id, password_hash, command.by.now
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
    password_hash = await hash_password(password)
    await guards.replace_password(store.pool, staff_id, password_hash, by.now)
