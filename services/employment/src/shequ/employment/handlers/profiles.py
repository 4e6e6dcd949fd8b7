"""Handlers of labour profiles: status, flexible employment, job seeking, hand-over.

A status change re-evaluates the person's household (零就业家庭) in the same
transaction, so a hire clears a zero-employment household at once, or not at all.
"""

from __future__ import annotations

from dataclasses import replace

import asyncpg

from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain import profile
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers.households import reevaluate
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as
from shequ.service.people import living_person

State = profile.State


async def record_status(
    store: EventStore,
    command: profile.RecordStatus,
    rule: RetirementRule,
    *,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
) -> Outcome[State]:
    """Record a status for a person the registry knows; their household follows."""
    reason = f"{command.person_id}: {command.status} ({command.reason})"
    return await _changing_status(
        store,
        command,
        rule,
        reason,
        key=key,
        expected_version=expected_version,
        connection=connection,
    )


async def register_flexible(
    store: EventStore,
    command: profile.RegisterFlexible,
    rule: RetirementRule,
    key: str | None = None,
) -> Outcome[State]:
    """Register flexible employment (灵活就业登记), which also makes them employed."""
    reason = f"{command.person_id}: flexible employment registered"
    return await _changing_status(store, command, rule, reason, key=key)


async def _changing_status(
    store: EventStore,
    command: profile.RecordStatus | profile.RegisterFlexible,
    rule: RetirementRule,
    reason: str,
    *,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
) -> Outcome[State]:
    # The status and the household's re-evaluation commit together, or neither.
    if connection is None:
        async with store.pool.acquire() as conn, conn.transaction():
            return await _changing_status(
                store,
                command,
                rule,
                reason,
                key=key,
                expected_version=expected_version,
                connection=conn,
            )
    person = await living_person(connection, command.person_id)
    command = replace(command, office=person.office)
    outcome = await execute_as(
        command.by,
        store,
        profile.DECIDER,
        stream_of("labour", command.person_id),
        command,
        key=key,
        expected_version=expected_version,
        connection=connection,
    )
    if outcome.events and person.household_id is not None:
        await reevaluate(
            store,
            connection,
            person.household_id,
            rule,
            command.by,
            by_person_id=command.person_id,
            reason=reason,
        )
    return outcome


async def act_on_profile(
    store: EventStore,
    person_id: str,
    command: profile.CertifyFlexible | profile.StopSeeking,
    expected_version: int | None = None,
) -> Outcome[State]:
    """A command on an existing profile that changes no status."""
    await living_person(store.pool, person_id)
    return await execute_as(
        command.by,
        store,
        profile.DECIDER,
        stream_of("labour", person_id),
        command,
        expected_version=expected_version,
    )


async def seek_work(
    store: EventStore, command: profile.SeekWork, key: str | None = None
) -> Outcome[State]:
    """Enter the person in the job-seeker bank (求职登记), or update their entry."""
    person = await living_person(store.pool, command.person_id)
    command = replace(command, office=person.office)
    return await execute_as(
        command.by,
        store,
        profile.DECIDER,
        stream_of("labour", command.person_id),
        command,
        key=key,
    )
