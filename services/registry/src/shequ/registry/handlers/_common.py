"""What every registry handler shares: who acts, and look-ups by stream."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

import asyncpg

from shequ.access import Actor
from shequ.eventstore import Decider, EventStore, Metadata, Outcome, execute, load
from shequ.registry.domain import office
from shequ.registry.domain.rules import Acting

C = TypeVar("C")
S = TypeVar("S")


def acting(actor: Actor, now: datetime) -> Acting:
    """The domain's view of who acts, from a verified token and the clock."""
    return Acting.of(actor, now)


async def office_is_open(store: EventStore, code: str) -> bool:
    """Whether the office exists and is open, from its own stream (never stale)."""
    state, _ = await load(store, office.DECIDER, code)
    return state is not None and state.status == "open"


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
) -> Outcome[S]:
    """``execute`` with the registry's metadata: who acted, for which office."""
    return await execute(
        store,
        decider,
        stream_id,
        command,
        now=by.now,
        metadata=Metadata(actor=by.staff_id, office=by.office),
        idempotency_key=None if key is None else f"{by.staff_id}:{key}",
        expected_version=expected_version,
        connection=connection,
    )
