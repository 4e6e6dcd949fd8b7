"""Run a command against an aggregate: load → fold → decide → append, in one step.

A decider is three plain functions (``initial``, ``decide``, ``evolve``); this module
holds the one generic loop every service handler uses. A command retried with the same
idempotency key returns its first result before any rule is checked again, so a retry
after a lost response never fails on "already done".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar, cast

import asyncpg
from typing_extensions import TypeVar as DefaultingTypeVar

from shequ.contracts import Conflict, Event
from shequ.eventstore._errors import ConcurrencyError
from shequ.eventstore._model import AppendResult, Metadata
from shequ.eventstore._store import EventStore, StreamHead

C = TypeVar("C")
S = TypeVar("S")
# The union of the stream's event models: with it, ``evolve`` can ``assert_never``
# and the type checker proves every event of the stream is handled.
E = DefaultingTypeVar("E", bound=Event, default=Event)


@dataclass(frozen=True)
class Decider(Generic[C, S, E]):
    """An aggregate's rules: ``decide(command, state)`` and ``evolve(state, event)``."""

    stream_type: str
    initial: S
    decide: Callable[[C, S], Sequence[E]]
    evolve: Callable[[S, E], S]

    def fold(self, events: Sequence[Event]) -> S:
        """The state after ``events`` (a stream of this type holds only ``E``)."""
        state = self.initial
        for event in events:
            state = self.evolve(state, cast(E, event))
        return state


@dataclass(frozen=True)
class Outcome(Generic[S]):
    """What a command did: the events it appended, the new state, the append result."""

    events: Sequence[Event]
    state: S
    version: int
    result: AppendResult | None


async def load(
    store: EventStore,
    decider: Decider[C, S, E],
    stream_id: str,
    connection: asyncpg.Connection | None = None,
) -> tuple[S, StreamHead]:
    """The current state of a stream and its head (version 0 for a new stream).

    Inside a transaction pass its ``connection``: a second one from the pool could
    wait forever once every connection is held by a transaction doing the same.
    """
    events, head = await store.replay(stream_id, connection=connection)
    return decider.fold(events), head


async def execute(
    store: EventStore,
    decider: Decider[C, S, E],
    stream_id: str,
    command: C,
    *,
    now: datetime,
    metadata: Metadata,
    idempotency_key: str | None = None,
    expected_version: int | None = None,
    new_stream: bool = False,
    attempts: int = 3,
    connection: asyncpg.Connection | None = None,
) -> Outcome[S]:
    """Decide ``command`` on the stream's current state and append what it yields.

    ``new_stream`` says the id was just made, so no stream can exist yet: nothing is
    read (a registration saves a round trip, bench (c2)), and the append's unique
    (stream, version) key would still refuse one that did. An If-Match of ``"0"``
    is not that: it is checked against the stream as it is (412 when stale).

    With ``expected_version`` (from If-Match) a stale caller gets
    :class:`ConcurrencyError` at once; without it a write that lost a race is decided
    again on the fresh state, up to ``attempts`` times. ``connection`` appends inside
    the caller's transaction, e.g. with a uniqueness guard row that must commit with
    the events or not at all (then a lost race is not retried: the caller's transaction
    is already aborted).
    """
    if idempotency_key is not None:
        earlier = await store.find_command(idempotency_key, connection)
        if earlier is not None:
            if earlier.stream_id != stream_id:
                # Derived ids make a retry address the stream its first attempt
                # wrote; another stream means the key came with another request.
                raise Conflict(
                    "this Idempotency-Key was used for another request"
                    f" ({earlier.stream_id})",
                    field="header.Idempotency-Key",
                )
            state, head = await load(store, decider, stream_id, connection)
            return Outcome((), state, head.version, earlier)
    for attempt in range(1, attempts + 1):
        if new_stream:
            state, head = decider.initial, StreamHead(0, None)
        else:
            state, head = await load(store, decider, stream_id, connection)
        if expected_version is not None and expected_version != head.version:
            raise ConcurrencyError(stream_id, expected_version, head.version)
        events = list(decider.decide(command, state))
        if not events:
            return Outcome((), state, head.version, None)
        try:
            result = await store.append(
                decider.stream_type,
                stream_id,
                events,
                expected_version=head.version,
                previous_hash=head.hash,
                occurred_at=now,
                metadata=metadata,
                idempotency_key=idempotency_key,
                connection=connection,
            )
        except ConcurrencyError:
            if expected_version is not None or attempt == attempts or connection:
                raise
            continue
        for event in events:
            state = decider.evolve(state, event)
        return Outcome(events, state, result.last_version, result)
    raise AssertionError("unreachable: the loop returns or raises")
