"""Handlers of anti-drug social work: a peer counsellor on a case, the office's record.

A peer counsellor is a living person the registry knows; a group's attendees are
checked against the office's open cases; a problem student is a living person whose
birth date the people copy holds. The office's record is one stream,
``social_work/<office>``; each entry is appended as it stands (entries never change),
and a retried request (its Idempotency-Key) returns the first answer.
"""

from __future__ import annotations

from datetime import date

from shequ.access import Acting
from shequ.eventstore import EventStore, Outcome
from shequ.rehab.domain import case, social_work
from shequ.rehab.handlers.cases import act
from shequ.rehab.readmodels.case_work import open_clients
from shequ.service import execute_as
from shequ.service.people import living_person


def stream_of(office: str) -> str:
    """The stream of ``office``'s social work."""
    return f"social_work/{office}"


async def assign_peer_counsellor(
    store: EventStore,
    case_id: str,
    *,
    by: Acting,
    counsellor_id: str,
    assigned_on: date,
    expected_version: int | None = None,
) -> Outcome[case.State]:
    """A peer counsellor (朋辈辅导员) for the client of case ``case_id``."""
    counsellor = await living_person(store.pool, counsellor_id, field="counsellor_id")
    command = case.AssignPeerCounsellor(
        counsellor_id=counsellor.person_id, assigned_on=assigned_on, by=by
    )
    return await act(store, case_id, command, expected_version=expected_version)


async def record(
    store: EventStore, command: social_work.Command, *, key: str | None
) -> Outcome[social_work.State]:
    """Append ``command``'s entry to its office's record."""
    return await execute_as(
        command.by,
        store,
        social_work.DECIDER,
        stream_of(command.office),
        command,
        key=key,
    )


async def record_group(
    store: EventStore,
    *,
    by: Acting,
    key: str | None,
    office: str,
    held_on: date,
    topic: str,
    attendee_ids: tuple[str, ...],
) -> Outcome[social_work.State]:
    """A relapse-prevention group session, its attendees among the open clients."""
    command = social_work.RecordGroupSession(
        office=office,
        held_on=held_on,
        topic=topic,
        attendee_ids=attendee_ids,
        clients=await open_clients(store.pool, office),
        by=by,
    )
    return await record(store, command, key=key)


async def refer_student(
    store: EventStore,
    *,
    by: Acting,
    key: str | None,
    office: str,
    person_id: str,
    school: str,
    reason: str,
    referred_to: str,
    referred_on: date,
) -> Outcome[social_work.State]:
    """A problem student (问题学生) referred: a living person, a minor that day."""
    student = await living_person(store.pool, person_id)
    command = social_work.ReferProblemStudent(
        office=office,
        person_id=student.person_id,
        birth_date=student.birth_date,
        school=school,
        reason=reason,
        referred_to=referred_to,
        referred_on=referred_on,
        by=by,
    )
    return await record(store, command, key=key)
