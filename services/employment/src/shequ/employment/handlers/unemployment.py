"""Handlers of unemployment registration (失业登记) and certificates (失业证 …).

Each names a living person the people copy knows and records their current office.
Issuing a certificate claims its number in ``certificate_numbers`` in the same
transaction as the event, so a number taken anywhere in the service writes nothing.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from shequ.access import Acting
from shequ.contracts.employment import CertificateIssued, CertificateKind
from shequ.employment.domain import unemployment
from shequ.employment.domain.common import stream_of
from shequ.employment.readmodels.guards import claim_certificate_number
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

State = unemployment.State


async def _run(
    store: EventStore,
    command: unemployment.Command,
    *,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
) -> Outcome[State]:
    return await execute_as(
        command.by,
        store,
        unemployment.DECIDER,
        stream_of("unemployment", command.person_id),
        command,
        key=key,
        expected_version=expected_version,
        connection=connection,
    )


async def register(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    registered_on: date,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Register the person as unemployed under a new registration id."""
    person = await living_person(store.pool, person_id)
    command = unemployment.Register(
        person_id=person_id,
        office=person.office,
        registration_id=new_id("registration", by, key),
        registered_on=registered_on,
        by=by,
    )
    return await _run(store, command, key=key, expected_version=expected_version)


async def end_registration(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    registration_id: str,
    ended_on: date,
    reason: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """End a registration; a 失业证 still in use is cancelled with it."""
    person = await living_person(store.pool, person_id)
    command = unemployment.EndRegistration(
        person_id=person_id,
        office=person.office,
        registration_id=registration_id,
        ended_on=ended_on,
        reason=reason,
        by=by,
    )
    return await _run(store, command, expected_version=expected_version)


async def issue_certificate(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    kind: CertificateKind,
    number: str,
    issued_on: date,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Issue a certificate whose number no one in the service has had before."""
    async with store.pool.acquire() as conn, conn.transaction():
        person = await living_person(conn, person_id)
        command = unemployment.IssueCertificate(
            person_id=person_id,
            office=person.office,
            kind=kind,
            number=number,
            issued_on=issued_on,
            by=by,
        )
        outcome = await _run(
            store,
            command,
            key=key,
            expected_version=expected_version,
            connection=conn,
        )
        for event in outcome.events:
            if isinstance(event, CertificateIssued):
                await claim_certificate_number(conn, event.number, event.person_id)
        return outcome


async def return_certificate(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    number: str,
    returned_on: date,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Record a certificate in use handed back (缴回)."""
    person = await living_person(store.pool, person_id)
    command = unemployment.ReturnCertificate(
        person_id=person_id,
        office=person.office,
        number=number,
        returned_on=returned_on,
        by=by,
    )
    return await _run(store, command, expected_version=expected_version)


async def cancel_certificate(
    store: EventStore,
    *,
    by: Acting,
    person_id: str,
    number: str,
    cancelled_on: date,
    reason: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Cancel a certificate in use (注销), with the reason."""
    person = await living_person(store.pool, person_id)
    command = unemployment.CancelCertificate(
        person_id=person_id,
        office=person.office,
        number=number,
        cancelled_on=cancelled_on,
        reason=reason,
        by=by,
    )
    return await _run(store, command, expected_version=expected_version)
