"""Referrals from partners (转介): who needs work gets assistance and a follow-up.

:func:`partner_referrals_projection` reads rehab's stream (``shequ.rehab.>``) the way
the people copy reads the registry's, and keeps no table of its own: for each
``ClientReferredForWork`` it schedules a phone follow-up on the person's assistance
stream (opening it when new), in the projection's transaction, so what it appends
commits with its checkpoint. No other event of that stream is decoded, and nothing
of it is kept: the follow-up names the source only as a partner referral, acts as
:data:`REFERRALS` (not the partner's staff) and its purpose is the partner's neutral
note, so employment's staff never learn where the person came from. The follow-up's
id and the command's key come from the event's id, so a redelivered or replayed
event schedules nothing twice. A person the people copy does not know yet (or who
died since) is refused with the reason, and the message parked for an operator to
replay, as every projection does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import asyncpg

from shequ.access import Acting
from shequ.contracts import EventEnvelope
from shequ.contracts.rehab import ClientReferredForWork
from shequ.employment.domain import assistance
from shequ.employment.domain.common import stream_of
from shequ.eventstore import EventStore, Metadata
from shequ.messaging import Projection, decode_event
from shequ.service import execute_as
from shequ.service.people import living_person

REFERRALS = "employment:partner-referral"
"""Who schedules a referred person's follow-up; the office reassigns it to its staff."""
FOLLOW_UP_WITHIN = timedelta(days=7)
"""A referred person is called within a week of the referral (or of its arrival)."""


def partner_referrals_projection() -> Callable[[EventStore], Projection]:
    """``employment-partner-referrals``, given employment's store."""

    def build(store: EventStore) -> Projection:
        async def apply(
            conn: asyncpg.Connection, events: Sequence[EventEnvelope]
        ) -> None:
            for envelope in events:
                if envelope.event_type == ClientReferredForWork.event_type():
                    referral = decode_event(envelope)
                    assert isinstance(referral, ClientReferredForWork)
                    await open_assistance(store, conn, referral, envelope)

        return Projection(
            name="employment-partner-referrals", sources=("rehab",), apply=apply
        )

    return build


async def open_assistance(
    store: EventStore,
    conn: asyncpg.Connection,
    referral: ClientReferredForWork,
    envelope: EventEnvelope,
) -> None:
    """Schedule the referred person's follow-up under the office they live in now."""
    person = await living_person(conn, referral.person_id)
    by = Acting(staff_id=REFERRALS, office=person.office, now=envelope.recorded_at)
    command = assistance.ScheduleFollowUp(
        person_id=person.person_id,
        office=person.office,
        follow_up_id=f"follow-up-referral-{envelope.event_id}",
        kind="phone_call",
        due_on=max(referral.referred_on, by.today) + FOLLOW_UP_WITHIN,
        assigned_to=None,
        purpose=referral.note,
        source="partner_referral",
        by=by,
    )
    await execute_as(
        by,
        store,
        assistance.DECIDER,
        stream_of("assistance", person.person_id),
        command,
        key=f"partner-referral:{envelope.event_id}",
        connection=conn,
        metadata=Metadata(
            actor=REFERRALS,
            office=person.office,
            correlation_id=envelope.correlation_id or envelope.event_id,
            causation_id=envelope.event_id,
        ),
    )
