"""Handlers of unemployment registration (失业登记) and certificates (失业证 …).

One path serves every command of the stream: it names a living person the people
copy knows and records their current office; a registration gets its new id here
(:func:`new_id`, from the idempotency key when there is one). Issuing a certificate
claims its number in ``certificate_numbers`` in the same transaction as the event, so
a number taken anywhere in the service writes nothing. A registration records the
person's labour status ``unemployed`` in the same transaction (#13 item 1), so the
rate never counts a registered person as anything else.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from shequ.access import Acting
from shequ.contracts.employment import CertificateIssued, UnemploymentRegistered
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain import unemployment
from shequ.employment.domain.common import not_after_today, stream_of
from shequ.employment.domain.working_age import require_working_age
from shequ.employment.handlers.profiles import record_status
from shequ.employment.handlers.retrying import retrying
from shequ.employment.readmodels.guards import claim_certificate_number
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

State = unemployment.State


async def act(
    store: EventStore,
    command: type[unemployment.Command],
    *,
    rule: RetirementRule | None = None,
    by: Acting,
    person_id: str,
    key: str | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Outcome[State]:
    """Run ``command``, built of ``fields`` (its own) and the person's office now.

    失业登记 is for someone of working age (``rule``, required for it) on the day
    registered. Without ``expected_version`` a lost race is decided again.
    """
    if command is unemployment.Register:
        fields["registration_id"] = new_id("registration", by, key)

    async def run(connection: asyncpg.Connection | None) -> Outcome[State]:
        person = await living_person(connection or store.pool, person_id)
        if command is unemployment.Register:
            assert rule is not None, "a registration needs the working-age rule"
            on = not_after_today(fields["registered_on"], by, "registered_on")
            require_working_age(
                rule, person.birth_date, person.sex, on, "registered_on"
            )
        return await execute_as(
            by,
            store,
            unemployment.DECIDER,
            stream_of("unemployment", person_id),
            command(person_id=person_id, office=person.office, by=by, **fields),
            key=key,
            expected_version=expected_version,
            connection=connection,
        )

    async def in_transaction() -> Outcome[State]:
        async with store.pool.acquire() as conn, conn.transaction():
            outcome = await run(conn)
            for event in outcome.events:
                if isinstance(event, CertificateIssued):
                    await claim_certificate_number(conn, event.number, event.person_id)
                if isinstance(event, UnemploymentRegistered):
                    assert rule is not None
                    await _unemployed(store, conn, rule, by, event)
            return outcome

    return await retrying(in_transaction, blind=expected_version is None)


async def _unemployed(
    store: EventStore,
    conn: asyncpg.Connection,
    rule: RetirementRule,
    by: Acting,
    registered: UnemploymentRegistered,
) -> None:
    """Record the registered person's status unemployed, unless it already is."""
    await record_status(
        store,
        rule,
        by=by,
        person_id=registered.person_id,
        status="unemployed",
        employer=None,
        since=registered.registered_on,
        reason="unemployment registration (失业登记)",
        source="self_report",
        connection=conn,
    )
