"""Handlers of labour profiles: status, flexible employment, job seeking.

Each looks the person up in the people copy first and builds the command with their
office now. A status change re-evaluates the person's household (零就业家庭) in the
same transaction, so a hire clears a zero-employment household at once, or not at
all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import asyncpg

from shequ.access import Acting
from shequ.contracts.employment import InformationSource, LabourStatus
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain import profile
from shequ.employment.domain.common import not_after_today, stream_of
from shequ.employment.domain.working_age import require_of_age
from shequ.employment.handlers.households import reevaluate
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as
from shequ.service.people import Person, living_person

State = profile.State
StatusChange = profile.RecordStatus | profile.RegisterFlexible


async def record_status(
    store: EventStore,
    rule: RetirementRule,
    *,
    by: Acting,
    person_id: str,
    status: LabourStatus,
    employer: str | None,
    since: date,
    reason: str,
    source: InformationSource,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
) -> Outcome[State]:
    """Record a status for a person the registry knows; their household follows."""

    def command(person: Person) -> StatusChange:
        # The date first: a status since 1900 is out of range, not of a child.
        day = not_after_today(since, by, "since")
        require_of_age(rule, person.birth_date, day, "since")
        return profile.RecordStatus(
            person_id=person_id,
            office=person.office,
            status=status,
            employer=employer,
            since=since,
            reason=reason,
            source=source,
            by=by,
        )

    why = f"{person_id}: {status} ({reason})"
    return await _changing_status(
        store,
        rule,
        by=by,
        person_id=person_id,
        command=command,
        why=why,
        key=key,
        expected_version=expected_version,
        connection=connection,
    )


async def register_flexible(
    store: EventStore,
    rule: RetirementRule,
    *,
    by: Acting,
    person_id: str,
    occupation: str,
    registered_on: date,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Register flexible employment (灵活就业登记), which also makes them employed."""

    def command(person: Person) -> StatusChange:
        day = not_after_today(registered_on, by, "registered_on")
        require_of_age(rule, person.birth_date, day, "registered_on")
        return profile.RegisterFlexible(
            person_id=person_id,
            office=person.office,
            occupation=occupation,
            registered_on=registered_on,
            by=by,
        )

    why = f"{person_id}: flexible employment registered"
    return await _changing_status(
        store,
        rule,
        by=by,
        person_id=person_id,
        command=command,
        why=why,
        key=key,
        expected_version=expected_version,
    )


async def _changing_status(
    store: EventStore,
    rule: RetirementRule,
    *,
    by: Acting,
    person_id: str,
    command: Callable[[Person], StatusChange],
    why: str,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
) -> Outcome[State]:
    # The status and the household's re-evaluation commit together, or neither.
    if connection is None:
        async with store.pool.acquire() as conn, conn.transaction():
            return await _changing_status(
                store,
                rule,
                by=by,
                person_id=person_id,
                command=command,
                why=why,
                key=key,
                expected_version=expected_version,
                connection=conn,
            )
    person = await living_person(connection, person_id)
    outcome = await execute_as(
        by,
        store,
        profile.DECIDER,
        stream_of("labour", person_id),
        command(person),
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
            by,
            by_person_id=person_id,
            reason=why,
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
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    wishes: list[str],
    skills: list[str],
    available_from: date,
    min_monthly_wage: int | None,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Enter the person in the job-seeker bank (求职登记), or update their entry."""
    person = await living_person(store.pool, person_id)
    command = profile.SeekWork(
        person_id=person_id,
        office=person.office,
        wishes=wishes,
        skills=skills,
        available_from=available_from,
        min_monthly_wage=min_monthly_wage,
        by=by,
    )
    return await execute_as(
        by,
        store,
        profile.DECIDER,
        stream_of("labour", person_id),
        command,
        key=key,
        expected_version=expected_version,
    )
