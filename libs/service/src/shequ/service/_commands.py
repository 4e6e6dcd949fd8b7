"""Commands given by a staff member (or a policy acting for one): one way to run them.

Every service handler runs its decider through :func:`execute_as`, so who acted, for
which office, and the idempotency key's scope are the same everywhere. New aggregate
ids follow one rule (:func:`new_id`): derived from the idempotency key when there is
one, so a retried request opens the same stream instead of a second one.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import asyncpg

from shequ.access import Acting
from shequ.contracts import EventEnvelope
from shequ.eventstore import Decider, EventStore, Metadata, Outcome, execute, uuid7

C = TypeVar("C")
S = TypeVar("S")

# Fixed so that an id derived from a key is the same in every process and release.
_IDS = uuid.UUID("5f0b7d2c-3c1e-4f53-9a8e-6d1c2b7e9a41")


def scoped_key(by: Acting, key: str) -> str:
    """An idempotency key as stored: one staff member's keys never meet another's."""
    return f"{by.staff_id}:{key}"


def new_id(prefix: str, by: Acting, key: str | None) -> str:
    """The id of a new aggregate: ``<prefix>-<uuid>``.

    With an idempotency key the uuid is derived from it (and from who acts and the
    prefix), so a retry gets the id of the first attempt; without one it is a UUIDv7,
    so such ids sort by the time they were made.
    """
    if key is None:
        return f"{prefix}-{uuid7()}"
    return f"{prefix}-{uuid.uuid5(_IDS, f'{prefix}:{scoped_key(by, key)}')}"


async def execute_as(
    by: Acting,
    store: EventStore,
    decider: Decider[C, S, Any],
    stream_id: str,
    command: C,
    *,
    key: str | None = None,
    expected_version: int | None = None,
    new_stream: bool = False,
    connection: asyncpg.Connection | None = None,
    metadata: Metadata | None = None,
) -> Outcome[S]:
    """``execute`` as ``by``: the event metadata names them and their office.

    ``metadata`` replaces that for a policy (see :func:`caused_by`).
    """
    return await execute(
        store,
        decider,
        stream_id,
        command,
        now=by.now,
        metadata=metadata or Metadata(actor=by.staff_id, office=by.office),
        idempotency_key=None if key is None else scoped_key(by, key),
        expected_version=expected_version,
        new_stream=new_stream,
        connection=connection,
    )


def caused_by(envelope: EventEnvelope) -> tuple[Acting, Metadata]:
    """Who acts for a policy reacting to ``envelope``: the staff member behind it.

    The time is the triggering event's, so a replayed reaction decides the same way;
    correlation and causation point back at the event.
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
