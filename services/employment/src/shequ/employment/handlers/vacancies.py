"""Handlers of vacancies (用工需求): post, close, refer, interview, hire, not hire.

A referral reads the person's job-seeker entry from their labour profile. A hire is
one transaction: the hire on the vacancy, the person's status ``employed`` with the
vacancy's employer (which re-evaluates their household, 零就业家庭), and their entry
withdrawn from the job-seeker bank. Any refusal on the way writes nothing anywhere.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from shequ.access import Acting
from shequ.contracts import NotFound
from shequ.contracts.employment import CandidateHired
from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.messages import N_
from shequ.employment.domain import matching, profile, vacancy
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers.profiles import record_status
from shequ.employment.handlers.retrying import retrying
from shequ.eventstore import EventStore, Outcome, load
from shequ.service import execute_as, new_id
from shequ.service.people import Person, living_person, office_names

State = vacancy.State


class OfficeNotKnown(NotFound):
    code = "office-not-known"
    title = N_("Office not known")


async def post(
    store: EventStore,
    *,
    by: Acting,
    office: str,
    employer: str,
    position: str,
    openings: int,
    requirements: list[str],
    wage_min: int,
    wage_max: int,
    valid_until: date,
    key: str | None = None,
) -> Outcome[State]:
    """Post a vacancy for an office the registry has opened, under a new id."""
    if office not in await office_names(store.pool, [office]):
        raise OfficeNotKnown(N_("no office {office}"), field="office", office=office)
    command = vacancy.Post(
        vacancy_id=new_id("vacancy", by, key),
        office=office,
        employer=employer,
        position=position,
        openings=openings,
        requirements=requirements,
        wage_min=wage_min,
        wage_max=wage_max,
        valid_until=valid_until,
        by=by,
    )
    return await execute_as(
        by,
        store,
        vacancy.DECIDER,
        stream_of("vacancy", command.vacancy_id),
        command,
        key=key,
    )


async def act(
    store: EventStore,
    vacancy_id: str,
    command: vacancy.Close | vacancy.HoldInterview | vacancy.Reject | vacancy.Hire,
    *,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
) -> Outcome[State]:
    """A command on the vacancy alone: close it, record an interview, not hire.

    Without ``expected_version`` a lost race is decided again (:mod:`.retrying`).
    :func:`hire` runs its command here too, on the connection of its transaction
    (which retries the whole transaction instead).
    """

    async def run() -> Outcome[State]:
        return await execute_as(
            command.by,
            store,
            vacancy.DECIDER,
            stream_of("vacancy", vacancy_id),
            command,
            key=key,
            expected_version=expected_version,
            connection=connection,
        )

    if connection is not None:
        return await run()
    return await retrying(run, blind=expected_version is None)


async def seeker_of(store: EventStore, person: Person) -> matching.Seeker | None:
    """The person's job-seeker entry as matching reads it; None if not in the bank."""
    found, _ = await load(store, profile.DECIDER, stream_of("labour", person.person_id))
    seeking = None if found is None else found.seeking
    if seeking is None:
        return None
    return matching.Seeker(
        person_id=person.person_id,
        office=person.office,
        wishes=seeking.wishes,
        skills=seeking.skills,
        available_from=seeking.available_from,
        min_monthly_wage=seeking.min_monthly_wage,
    )


async def refer(
    store: EventStore,
    vacancy_id: str,
    *,
    by: Acting,
    person_id: str,
    key: str | None = None,
) -> Outcome[State]:
    """Refer (推荐) a person the registry knows, as their job-seeker entry stands.

    A blind write: a race lost to another referral is decided again on the fresh
    vacancy (:mod:`.retrying`), so many staff referring at once all succeed.
    """
    person = await living_person(store.pool, person_id)
    seeker = await seeker_of(store, person)
    command = vacancy.Refer(
        referral_id=new_id("referral", by, key),
        person_id=person_id,
        seeker=seeker,
        by=by,
    )
    stream = stream_of("vacancy", vacancy_id)
    return await retrying(
        lambda: execute_as(by, store, vacancy.DECIDER, stream, command, key=key),
        blind=True,
    )


async def hire(
    store: EventStore,
    vacancy_id: str,
    command: vacancy.Hire,
    rule: RetirementRule,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Hire the referred person: vacancy, profile and household in one transaction.

    A race lost to another writer of either stream is decided again on the fresh
    state (the second hire into a last opening then finds the vacancy full), unless
    the caller named the version it saw (:mod:`.retrying`).
    """

    async def run() -> Outcome[State]:
        async with store.pool.acquire() as conn, conn.transaction():
            return await _hire(
                store,
                conn,
                vacancy_id,
                command,
                rule,
                key=key,
                expected_version=expected_version,
            )

    return await retrying(run, blind=expected_version is None)


async def _hire(
    store: EventStore,
    conn: asyncpg.Connection,
    vacancy_id: str,
    command: vacancy.Hire,
    rule: RetirementRule,
    *,
    key: str | None,
    expected_version: int | None,
) -> Outcome[State]:
    outcome = await act(
        store,
        vacancy_id,
        command,
        key=key,
        expected_version=expected_version,
        connection=conn,
    )
    hired = next((e for e in outcome.events if isinstance(e, CandidateHired)), None)
    if hired is None or outcome.state is None:
        return outcome  # a retry (same Idempotency-Key): the first did it all
    employer, position = outcome.state.employer, outcome.state.position
    reason = f"hired as {position} through vacancy {vacancy_id}"
    recorded = await record_status(
        store,
        rule,
        by=command.by,
        person_id=hired.person_id,
        status="employed",
        employer=employer,
        since=hired.hired_on,
        reason=reason,
        source="referral",
        connection=conn,
    )
    await _leave_bank(store, conn, recorded, command.by, reason)
    return outcome


async def _leave_bank(
    store: EventStore,
    conn: asyncpg.Connection,
    recorded: Outcome[profile.State],
    by: Acting,
    reason: str,
) -> None:
    """Withdraw the person from the job-seeker bank, if they are in it."""
    person = recorded.state
    if person is None or person.seeking is None:
        return
    # On ``conn``, the profile read includes the status appended just now.
    command = profile.StopSeeking(reason=reason, by=by)
    await execute_as(
        by,
        store,
        profile.DECIDER,
        stream_of("labour", person.person_id),
        command,
        connection=conn,
    )
