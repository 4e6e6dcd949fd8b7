"""The registry as employment sees it, and the policies its events set off.

Projection ``employment-residents`` (source: registry) keeps ``residents``,
``resident_households`` and ``resident_offices``. In the same transaction it reacts:
a person moving to another office hands their case over; a household changing (a
member joins, leaves, dies, becomes a student, …) is re-evaluated as a zero-employment
household. Reactions append to employment's store, so they commit with the checkpoint:
exactly once. A rebuild replays the copy but not the reactions, which were made
already (``residents_rebuilds`` marks where the replay began).
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.handlers._common import caused_by
from shequ.employment.handlers.handover import hand_over
from shequ.employment.handlers.households import reevaluate
from shequ.employment.residents._tables import APPLIERS, MIGRATIONS, TABLES
from shequ.eventstore import EventStore
from shequ.messaging import Projection

_PERSON_CHANGES = {
    "PersonDied",
    "PersonMergedInto",
    "PersonTagsChanged",
    "PersonDetailsCorrected",
}
_HOUSEHOLD_CHANGES = {
    "HouseholdRegistered",
    "HouseholdMemberAdded",
    "HouseholdMemberRemoved",
}


def residents_projection(store: EventStore, rule: RetirementRule) -> Projection:
    """The registry copy with its hand-over and zero-household policies."""

    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        replayed_until = await conn.fetchval(
            "SELECT max(rebuilt_at) FROM residents_rebuilds"
        )
        for envelope in events:
            applier = APPLIERS.get(envelope.event_type)
            if applier is None:
                continue
            household = await _household_before(conn, envelope)
            await applier(conn, envelope)
            if replayed_until is None or envelope.recorded_at > replayed_until:
                await _react(store, conn, envelope, household, rule)

    async def reset(conn: asyncpg.Connection) -> None:
        await conn.execute(f"TRUNCATE {', '.join(TABLES)}")
        await conn.execute("INSERT INTO residents_rebuilds VALUES (now())")

    return Projection(
        name="employment-residents",
        sources=("registry",),
        apply=apply,
        reset=reset,
        migrations=MIGRATIONS,
    )


async def _household_before(
    conn: asyncpg.Connection, envelope: EventEnvelope
) -> str | None:
    if envelope.event_type in _PERSON_CHANGES:
        household: str | None = await conn.fetchval(
            "SELECT household_id FROM residents WHERE person_id = $1",
            envelope.stream_id,
        )
        return household
    if envelope.event_type in _HOUSEHOLD_CHANGES:
        return envelope.stream_id
    return None


async def _react(
    store: EventStore,
    conn: asyncpg.Connection,
    envelope: EventEnvelope,
    household: str | None,
    rule: RetirementRule,
) -> None:
    by, metadata = caused_by(envelope)
    data = envelope.data
    if (
        envelope.event_type == "PersonMoved"
        and data["from_office"] != data["to_office"]
    ):
        await hand_over(
            store,
            conn,
            envelope.stream_id,
            data["to_office"],
            by=by,
            metadata=metadata,
        )
    if household is not None:
        await reevaluate(
            store,
            conn,
            household,
            rule,
            by,
            by_person_id=None,
            reason=f"registry: {envelope.event_type}",
            metadata=metadata,
        )
