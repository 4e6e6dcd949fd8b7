"""Handlers of staff (工作人员): enrol, change roles, deactivate, set a password.

A login is claimed in ``staff_logins`` and the argon2 hash stored in
``staff_credentials`` in the same transaction as ``StaffEnrolled``, so two clerks
enrolling the same login at once get one staff member and one 409
(see test_a_login_already_taken_is_refused_naming_it). Hashing runs in a worker thread:
argon2 is deliberately slow and would stall every other request on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from shequ.access import Acting, Role
from shequ.contracts import DomainError
from shequ.contracts.messages import N_
from shequ.contracts.registry import Employment, StaffEnrolled
from shequ.eventstore import EventStore, Outcome, load
from shequ.registry.domain import staff
from shequ.registry.handlers.offices import office_is_open
from shequ.registry.readmodels import guards
from shequ.registry.readmodels.directory.staff import active_holders
from shequ.registry.readmodels.sessions import end_sessions_of
from shequ.service import Runtime, execute_as, new_id

HASHER = PasswordHasher()
MIN_PASSWORD = 8


class WeakPassword(DomainError):
    code = "weak-password"
    title = N_("Password too short")

    def __init__(self) -> None:
        super().__init__(
            N_("a password needs at least {length} characters"),
            field="password",
            length=MIN_PASSWORD,
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
    store: EventStore,
    by: Acting,
    *,
    login: str,
    name: str,
    office: str,
    roles: frozenset[Role],
    employment: Employment,
    password: str,
    key: str | None = None,
    staff_id: str | None = None,
) -> Outcome[staff.State]:
    """Enrol staff at an open office with a unique login and a password.

    ``staff_id`` is for the few well-known ids the registry gives itself (the first
    administrator, the demo's staff); anyone else gets a new id.
    """
    staff_id = staff_id or new_id("staff", by, key)
    command = staff.EnrolStaff(
        staff_id=staff_id,
        login=login,
        name=name,
        office=office,
        roles=roles,
        employment=employment,
        office_open=await office_is_open(store, office),
        by=by,
    )
    password_hash = await hash_password(password)
    async with store.pool.acquire() as conn, conn.transaction():
        outcome = await execute_as(
            by, store, staff.DECIDER, staff_id, command, key=key, connection=conn
        )
        for event in outcome.events:
            if isinstance(event, StaffEnrolled):
                await guards.claim_login(conn, event.login, event.staff_id)
                await guards.first_password(conn, event.staff_id, password_hash, by.now)
    return outcome


async def change_roles(
    rt: Runtime,
    by: Acting,
    staff_id: str,
    *,
    roles: frozenset[Role],
    expected: int | None = None,
) -> Outcome[staff.State]:
    """Replace a staff member's roles; tokens issued before no longer hold."""
    outcome = await _with_district_staff(
        rt,
        by,
        staff_id,
        lambda others: staff.ChangeStaffRoles(roles=roles, others=others, by=by),
        expected,
    )
    # At once in this process; the staff-tokens projection tells the others.
    if outcome.events and rt.staff_tokens is not None:
        rt.staff_tokens.roles_changed(staff_id, by.now)
    return outcome


async def deactivate(
    rt: Runtime, by: Acting, staff_id: str, *, reason: str, expected: int | None = None
) -> Outcome[staff.State]:
    """Deactivate a staff member; their tokens are refused from now on."""
    outcome = await _with_district_staff(
        rt,
        by,
        staff_id,
        lambda others: staff.DeactivateStaff(reason=reason, others=others, by=by),
        expected,
    )
    if outcome.events and rt.staff_tokens is not None:
        rt.staff_tokens.deactivated(staff_id)
    return outcome


async def _with_district_staff(
    rt: Runtime,
    by: Acting,
    staff_id: str,
    command: Callable[[staff.Others], staff.Command],
    expected: int | None,
) -> Outcome[staff.State]:
    """Execute ``command(others)`` holding the district's staff lock."""
    async with _district_staff(rt.store, staff_id) as (conn, others):
        return await execute_as(
            by,
            rt.store,
            staff.DECIDER,
            staff_id,
            command(others),
            expected_version=expected,
            connection=conn,
        )


_GUARDED = (Role.DISTRICT_ADMIN, Role.AUDITOR)


@contextlib.asynccontextmanager
async def _district_staff(
    store: EventStore, staff_id: str
) -> AsyncIterator[tuple[asyncpg.Connection, staff.Others]]:
    """A transaction holding the district's staff lock, and who else holds a role.

    The directory names the candidates (it may lag); each is confirmed from its own
    stream, read under the lock, so a change committed a moment ago counts.
    """
    member = await current(store, staff_id)
    district = member.office[:6]
    async with store.pool.acquire() as conn, conn.transaction():
        await guards.lock_district_staff(conn, district)
        holding: list[frozenset[Role]] = []
        for other in await active_holders(conn, district, _GUARDED, excluding=staff_id):
            state, _ = await load(store, staff.DECIDER, other, conn)
            if state is not None and state.status == "active":
                holding.append(state.roles)
        yield (
            conn,
            staff.Others(
                district_admins=sum(Role.DISTRICT_ADMIN in r for r in holding),
                auditors=sum(Role.AUDITOR in r for r in holding),
            ),
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
    """Replace an active staff member's password (not an event: never published).

    Every sign-in of theirs ends with it: a password reset because it leaked must
    not leave the one who used it signed in (handlers/sessions.py).
    """
    member = await current(store, staff_id)
    if member.status != "active":
        raise staff.StaffInactive(member)
    password_hash = await hash_password(password)
    async with store.pool.acquire() as conn, conn.transaction():
        await guards.replace_password(conn, staff_id, password_hash, by.now)
        await end_sessions_of(conn, staff_id, by.now, "the password was changed")
