"""Handlers of assistance (就业援助): every command names a person the registry knows.

Each looks the person up in the people copy first and builds the command with their
office now, so what is recorded belongs to the office that has the person. New
follow-ups and training referrals get their id here (:func:`new_id`): from the
idempotency key when there is one, so a retried request names the same one.
"""

from __future__ import annotations

from datetime import date

from shequ.access import Acting
from shequ.contracts.employment import (
    ContactKind,
    DifficultyCategory,
    GuidanceKind,
    TrainingKind,
    TrainingOutcome,
)
from shequ.employment.domain import assistance
from shequ.employment.domain.common import stream_of
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

State = assistance.State


async def _office(store: EventStore, person_id: str) -> str:
    """The person's office now, if the registry knows them and they live."""
    return (await living_person(store.pool, person_id)).office


async def _act(
    store: EventStore,
    command: assistance.PersonCommand,
    key: str | None,
    expected_version: int | None,
) -> Outcome[State]:
    return await execute_as(
        command.by,
        store,
        assistance.DECIDER,
        stream_of("assistance", command.person_id),
        command,
        key=key,
        expected_version=expected_version,
    )


async def identify(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    category: DifficultyCategory,
    identified_on: date,
    notes: str,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Identify the person as having employment difficulties (就业困难人员认定)."""
    command = assistance.Identify(
        person_id=person_id,
        office=await _office(store, person_id),
        category=category,
        identified_on=identified_on,
        notes=notes,
        by=by,
    )
    return await _act(store, command, key, expected_version)


async def resolve(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    resolved_on: date,
    reason: str,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Close the open difficulty case."""
    command = assistance.Resolve(
        person_id=person_id,
        office=await _office(store, person_id),
        resolved_on=resolved_on,
        reason=reason,
        by=by,
    )
    return await _act(store, command, key, expected_version)


async def schedule_follow_up(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    kind: ContactKind,
    due_on: date,
    assigned_to: str | None,
    purpose: str,
    key: str | None = None,
    expected_version: int | None = None,
) -> tuple[str, Outcome[State]]:
    """Plan a visit or call (走访/电话排查); returns the new follow-up's id."""
    command = assistance.ScheduleFollowUp(
        person_id=person_id,
        office=await _office(store, person_id),
        follow_up_id=new_id("follow-up", by, key),
        kind=kind,
        due_on=due_on,
        assigned_to=assigned_to,
        purpose=purpose,
        by=by,
    )
    return command.follow_up_id, await _act(store, command, key, expected_version)


async def record_contact(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    kind: ContactKind,
    contacted_on: date,
    findings: str,
    follow_up_id: str | None,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Record a visit or call that took place; it completes ``follow_up_id``."""
    command = assistance.RecordContact(
        person_id=person_id,
        office=await _office(store, person_id),
        kind=kind,
        contacted_on=contacted_on,
        findings=findings,
        follow_up_id=follow_up_id,
        by=by,
    )
    return await _act(store, command, key, expected_version)


async def cancel_follow_up(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    follow_up_id: str,
    reason: str,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Cancel an open follow-up, saying why."""
    command = assistance.CancelFollowUp(
        person_id=person_id,
        office=await _office(store, person_id),
        follow_up_id=follow_up_id,
        reason=reason,
        by=by,
    )
    return await _act(store, command, key, expected_version)


async def reassign_follow_up(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    follow_up_id: str,
    assigned_to: str | None,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Give an open follow-up to another staff member (the actor when None)."""
    command = assistance.ReassignFollowUp(
        person_id=person_id,
        office=await _office(store, person_id),
        follow_up_id=follow_up_id,
        assigned_to=assigned_to,
        by=by,
    )
    return await _act(store, command, key, expected_version)


async def refer_training(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    kind: TrainingKind,
    course: str,
    provider: str,
    referred_on: date,
    key: str | None = None,
    expected_version: int | None = None,
) -> tuple[str, Outcome[State]]:
    """Refer the person to a course (培训推荐); returns the new referral's id."""
    command = assistance.ReferTraining(
        person_id=person_id,
        office=await _office(store, person_id),
        referral_id=new_id("training", by, key),
        kind=kind,
        course=course,
        provider=provider,
        referred_on=referred_on,
        by=by,
    )
    return command.referral_id, await _act(store, command, key, expected_version)


async def record_outcome(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    referral_id: str,
    outcome: TrainingOutcome,
    recorded_on: date,
    certificate: str | None,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Record how the referred training ended (one outcome per referral)."""
    command = assistance.RecordOutcome(
        person_id=person_id,
        office=await _office(store, person_id),
        referral_id=referral_id,
        outcome=outcome,
        recorded_on=recorded_on,
        certificate=certificate,
        by=by,
    )
    return await _act(store, command, key, expected_version)


async def give_guidance(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    kind: GuidanceKind,
    given_on: date,
    notes: str,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Record guidance, a policy consultation, a job introduction or a placement."""
    command = assistance.GiveGuidance(
        person_id=person_id,
        office=await _office(store, person_id),
        kind=kind,
        given_on=given_on,
        notes=notes,
        by=by,
    )
    return await _act(store, command, key, expected_version)
