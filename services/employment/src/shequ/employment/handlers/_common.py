"""What every employment handler shares: appending with who acted, for which office."""

from __future__ import annotations

from typing import TypeVar

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.employment.domain.common import Acting
from shequ.eventstore import Decider, EventStore, Metadata, Outcome, execute

C = TypeVar("C")
S = TypeVar("S")


async def run(
    store: EventStore,
    decider: Decider[C, S],
    stream_id: str,
    command: C,
    by: Acting,
    *,
    key: str | None = None,
    expected_version: int | None = None,
    connection: asyncpg.Connection | None = None,
    metadata: Metadata | None = None,
) -> Outcome[S]:
    """``execute`` with employment's metadata: who acted, for which office."""
    return await execute(
        store,
        decider,
        stream_id,
        command,
        now=by.now,
        metadata=metadata or Metadata(actor=by.staff_id, office=by.office),
        idempotency_key=None if key is None else f"{by.staff_id}:{key}",
        expected_version=expected_version,
        connection=connection,
    )


def caused_by(envelope: EventEnvelope) -> tuple[Acting, Metadata]:
    """Who acts for a policy reacting to ``envelope``: the staff member behind it.

    The time is the triggering event's, so a replayed reaction decides the same way.
    """
    actor = envelope.actor or f"policy:{envelope.service}"
    office = envelope.office or envelope.data.get("office") or ""
    return (
        Acting(staff_id=actor, office=office, now=envelope.recorded_at),
        Metadata(
            actor=actor,
            office=office,
            correlation_id=envelope.correlation_id or envelope.event_id,
            causation_id=envelope.event_id,
        ),
    )
