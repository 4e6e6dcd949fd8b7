"""Handlers of a committee: appoint a member, remove one, set who is on call."""

from __future__ import annotations

from shequ.access import Acting
from shequ.contracts.mediation import CommitteeRole
from shequ.eventstore import EventStore, Outcome
from shequ.mediation.domain import committee
from shequ.service import execute_as, new_id


def stream_of(office: str) -> str:
    """The stream of ``office``'s committee."""
    return f"committee/{office}"


async def appoint(
    store: EventStore,
    *,
    by: Acting,
    key: str | None,
    office: str,
    role: CommitteeRole,
    name: str,
    phone: str,
    staff_id: str | None,
    person_id: str | None,
    expected_version: int | None = None,
) -> tuple[str, Outcome[committee.State]]:
    """Appoint a member; their id (from the Idempotency-Key) and the outcome."""
    command = committee.AppointMember(
        office=office,
        member_id=new_id("member", by, key),
        role=role,
        name=name,
        phone=phone,
        staff_id=staff_id,
        person_id=person_id,
        by=by,
    )
    outcome = await execute_as(
        by,
        store,
        committee.DECIDER,
        stream_of(office),
        command,
        key=key,
        expected_version=expected_version,
    )
    return command.member_id, outcome


async def act(
    store: EventStore,
    office: str,
    command: committee.Command,
    *,
    expected_version: int | None = None,
) -> Outcome[committee.State]:
    return await execute_as(
        command.by,
        store,
        committee.DECIDER,
        stream_of(office),
        command,
        expected_version=expected_version,
    )
