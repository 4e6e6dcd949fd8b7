"""A service's copy of the registry's people (人口底册), declared in one line.

``projections=[people_copy("employment")]`` keeps the tables ``people``,
``people_households`` and ``people_offices`` from the registry's events, and the
look-ups here read them. A service whose rules react to people changing (a person
moves: hand their case over) passes ``react``: it runs in the projection's
transaction, after the copy is updated, and its appends commit with the checkpoint,
exactly once. A rebuild replays the copy but not the reactions, which were made
already (``people_rebuilds`` marks where each replay began).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import asyncpg

from shequ.contracts import Event, EventEnvelope
from shequ.eventstore import EventStore
from shequ.messaging import Projection, decode_event
from shequ.service.people._queries import (
    Person,
    PersonDeceased,
    PersonNotKnown,
    find_person,
    household_members,
    household_office,
    living_person,
    office_names,
)
from shequ.service.people._tables import APPLY, MIGRATIONS, TABLES

__all__ = [
    "Change",
    "Person",
    "PersonDeceased",
    "PersonNotKnown",
    "Reaction",
    "find_person",
    "household_members",
    "household_office",
    "living_person",
    "office_names",
    "people_copy",
]


@dataclass(frozen=True)
class Change:
    """One registry event as the copy applied it, for a service's reaction."""

    event: Event
    envelope: EventEnvelope
    # The household the person was in before the event (for a household's own
    # events, that household): the one to look at again when its members change.
    household_before: str | None


Reaction = Callable[[EventStore, asyncpg.Connection, Change], Awaitable[None]]

_HOUSEHOLD_EVENTS = frozenset(
    {"HouseholdRegistered", "HouseholdMemberAdded", "HouseholdMemberRemoved"}
)


async def _household_before(
    conn: asyncpg.Connection, envelope: EventEnvelope
) -> str | None:
    if envelope.event_type in _HOUSEHOLD_EVENTS:
        return envelope.stream_id
    if envelope.stream_type != "person":
        return None
    household: str | None = await conn.fetchval(
        "SELECT household_id FROM people WHERE person_id = $1", envelope.stream_id
    )
    return household


def people_copy(
    service: str, react: Reaction | None = None
) -> Callable[[EventStore], Projection]:
    """The projection ``<service>-people``, with ``react`` run on every change."""

    def build(store: EventStore) -> Projection:
        async def apply(
            conn: asyncpg.Connection, events: Sequence[EventEnvelope]
        ) -> None:
            replayed_until = (
                await conn.fetchval("SELECT max(rebuilt_at) FROM people_rebuilds")
                if react
                else None
            )
            for envelope in events:
                if not APPLY.handles(envelope):
                    continue
                before = await _household_before(conn, envelope) if react else None
                await APPLY.apply(conn, envelope)
                if react and (
                    replayed_until is None or envelope.recorded_at > replayed_until
                ):
                    change = Change(decode_event(envelope), envelope, before)
                    await react(store, conn, change)

        async def reset(conn: asyncpg.Connection) -> None:
            await conn.execute(f"TRUNCATE {', '.join(TABLES)}")
            await conn.execute("INSERT INTO people_rebuilds VALUES (now())")

        return Projection(
            name=f"{service}-people",
            sources=("registry",),
            apply=apply,
            reset=reset,
            migrations=MIGRATIONS,
        )

    return build
