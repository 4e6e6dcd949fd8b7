"""Handlers of unemployment registration (失业登记) and certificates (失业证 …).

Each names a living person the registry copy knows and records their current office.
Issuing a certificate claims its number in ``certificate_numbers`` in the same
transaction as the event, so a number taken anywhere in the service writes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from shequ.contracts.employment import CertificateIssued
from shequ.employment.domain import unemployment
from shequ.employment.domain.common import stream_of
from shequ.employment.readmodels.guards import claim_certificate_number
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

State = unemployment.State
Change = (
    unemployment.EndRegistration
    | unemployment.ReturnCertificate
    | unemployment.CancelCertificate
)


async def register(
    store: EventStore,
    command: unemployment.Register,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Register the person as unemployed under a new registration id."""
    person = await living_person(store.pool, command.person_id)
    command = replace(
        command,
        office=person.office,
        registration_id=new_id("registration", command.by, key),
    )
    return await execute_as(
        command.by,
        store,
        unemployment.DECIDER,
        stream_of("unemployment", command.person_id),
        command,
        key=key,
        expected_version=expected_version,
    )


async def issue_certificate(
    store: EventStore,
    command: unemployment.IssueCertificate,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Issue a certificate whose number no one in the service has had before."""
    async with store.pool.acquire() as conn, conn.transaction():
        person = await living_person(conn, command.person_id)
        command = replace(command, office=person.office)
        outcome = await execute_as(
            command.by,
            store,
            unemployment.DECIDER,
            stream_of("unemployment", command.person_id),
            command,
            key=key,
            expected_version=expected_version,
            connection=conn,
        )
        for event in outcome.events:
            if isinstance(event, CertificateIssued):
                await claim_certificate_number(conn, event.number, event.person_id)
        return outcome


async def change(
    store: EventStore, command: Change, *, expected_version: int | None = None
) -> Outcome[State]:
    """End a registration, return or cancel a certificate."""
    person = await living_person(store.pool, command.person_id)
    command = replace(command, office=person.office)
    return await execute_as(
        command.by,
        store,
        unemployment.DECIDER,
        stream_of("unemployment", command.person_id),
        command,
        expected_version=expected_version,
    )
