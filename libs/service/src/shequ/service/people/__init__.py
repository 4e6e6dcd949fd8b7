"""A service's copy of the registry's people (人口底册), declared in one line.

``projections=[people_copy("employment")]`` keeps the tables ``people``,
``people_households`` and ``people_offices`` from the registry's events, and the
look-ups here read them (``find_person_by_document`` by a document's keyed digest,
for a partner that knows a person only by ID number). A service whose rules react to
people changing (a person moves: hand their case over) passes ``react``: it runs in
the projection's transaction, once the copy holds all the registry wrote in that
event's transaction (a household registered with its members is judged whole, never
by its head alone: the runner never ends a batch inside a registry transaction, see
``Projection.whole_transactions``), and its appends commit with the checkpoint,
exactly once. A rebuild
replays the copy but not the reactions, which were made already: ``people_rebuilds``
keeps how far the copy had applied when a rebuild began (in the source's global
order), and only events past the furthest of those are reacted to again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import asyncpg

from shequ.contracts import Event, EventEnvelope
from shequ.contracts.registry import PersonRegistered
from shequ.eventstore import EventStore
from shequ.messaging import Projection, decode_event
from shequ.service.people._queries import (
    Person,
    PersonDeceased,
    PersonNotKnown,
    PersonWasErased,
    copied_office_names,
    find_person,
    find_person_by_document,
    household_members,
    household_office,
    living_person,
    office_names,
)
from shequ.service.people._tables import (
    APPLY,
    MIGRATIONS,
    TABLES,
    document_digest,
    set_document_digest,
)

# The copy's tables, for a tool that builds them without running the projection.
PEOPLE_MIGRATIONS = MIGRATIONS

__all__ = [
    "PEOPLE_MIGRATIONS",
    "Change",
    "Person",
    "PersonDeceased",
    "PersonNotKnown",
    "PersonWasErased",
    "Reaction",
    "copied_office_names",
    "document_digest",
    "find_person",
    "find_person_by_document",
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


def _by_transaction(events: Sequence[EventEnvelope]) -> list[list[EventEnvelope]]:
    """``events`` in runs of one registry transaction each, in order."""
    runs: list[list[EventEnvelope]] = []
    for envelope in events:
        if runs and runs[-1][-1].transaction_id == envelope.transaction_id:
            runs[-1].append(envelope)
        else:
            runs.append([envelope])
    return runs


async def _reacted_until(conn: asyncpg.Connection) -> tuple[int, int] | None:
    row = await conn.fetchrow(
        """SELECT transaction_id, position FROM people_rebuilds
           ORDER BY transaction_id DESC, position DESC LIMIT 1"""
    )
    return None if row is None else (row["transaction_id"], row["position"])


def people_copy(
    service: str, react: Reaction | None = None
) -> Callable[[EventStore], Projection]:
    """The projection ``<service>-people``, with ``react`` run on every change."""
    name = f"{service}-people"

    def build(store: EventStore) -> Projection:
        async def apply(
            conn: asyncpg.Connection, events: Sequence[EventEnvelope]
        ) -> None:
            reacted = await _reacted_until(conn) if react else None
            for transaction in _by_transaction(events):
                changes: list[Change] = []
                for envelope in transaction:
                    if not APPLY.handles(envelope):
                        continue
                    order = (envelope.transaction_id, envelope.position)
                    fresh = react is not None and (reacted is None or order > reacted)
                    before = await _household_before(conn, envelope) if fresh else None
                    event = decode_event(envelope)  # once, for copy and reaction
                    await APPLY.apply(conn, envelope, event)
                    if isinstance(event, PersonRegistered) and store.keyring:
                        await set_document_digest(conn, store.keyring, event)
                    if fresh:
                        changes.append(Change(event, envelope, before))
                # What the registry wrote in one transaction (a household registered
                # with its members) is reacted to once all of it is in the copy, so
                # no rule judges a household by its head alone.
                for change in changes:
                    assert react is not None
                    await react(store, conn, change)

        async def reset(conn: asyncpg.Connection) -> None:
            await conn.execute(f"TRUNCATE {', '.join(TABLES)}")
            # Called before the checkpoint is rewound, in the same transaction.
            await conn.execute(
                """INSERT INTO people_rebuilds
                   SELECT transaction_id::text::bigint, position
                   FROM projection_checkpoints
                   WHERE projection = $1 AND source = 'registry'
                     AND position IS NOT NULL""",
                name,
            )

        return Projection(
            name=name,
            sources=("registry",),
            apply=apply,
            reset=reset,
            migrations=MIGRATIONS,
            whole_transactions=react is not None,
        )

    return build
