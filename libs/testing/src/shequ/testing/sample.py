"""A tiny sample service ("testsvc": cases with notes) for tests and benchmarks.

Platform code has no domain of its own; these two events exercise it the way a real
service's would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import asyncpg
from nats.aio.client import Client as NatsClient

from shequ.contracts import Event, EventCatalog, EventEnvelope
from shequ.eventstore import AppendResult, EventStore, Metadata, Migration
from shequ.messaging import Apply, Projection, ProjectionRunner, Relay

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
WORKER = Metadata(actor="staff-1", office="441900101001")


class CaseOpened(Event):
    type: Literal["CaseOpened"] = "CaseOpened"
    stream_type = "case"
    title: str


class NoteAdded(Event):
    type: Literal["NoteAdded"] = "NoteAdded"
    stream_type = "case"
    text: str


def sample_catalog(service: str = "testsvc") -> EventCatalog:
    """The sample catalog under ``service`` (tests give each run its own name)."""
    return EventCatalog(service, [CaseOpened, NoteAdded])


async def append_case(
    store: EventStore,
    stream_id: str,
    events: Sequence[Event],
    *,
    expected_version: int | None,
    metadata: Metadata = Metadata(),  # noqa: B008 - frozen, never mutated
    idempotency_key: str | None = None,
    connection: asyncpg.Connection | None = None,
) -> AppendResult:
    """Append ``events`` to the case stream ``stream_id``, as having occurred at T0."""
    return await store.append(
        "case",
        stream_id,
        events,
        expected_version=expected_version,
        occurred_at=T0,
        metadata=metadata,
        idempotency_key=idempotency_key,
        connection=connection,
    )


async def open_case(store: EventStore, stream_id: str, *notes: str) -> AppendResult:
    """Open a new case stream with one event per note after the opening."""
    events = [CaseOpened(title=stream_id), *(NoteAdded(text=n) for n in notes)]
    return await append_case(
        store, stream_id, events, expected_version=0, metadata=WORKER
    )


NOTES_MIGRATIONS = [
    Migration(
        "sample-notes",
        1,
        """CREATE TABLE IF NOT EXISTS case_notes (
               stream_id text NOT NULL, version integer NOT NULL, text text NOT NULL);
           CREATE TABLE IF NOT EXISTS case_note_counts (
               stream_id text PRIMARY KEY, notes integer NOT NULL);""",
    )
]


async def apply_notes(
    conn: asyncpg.Connection, events: Sequence[EventEnvelope]
) -> None:
    """Record each event as a row and count it per case.

    Deliberately not idempotent (no key on case_notes, a counter that adds): a test
    sees any event applied twice.
    """
    await conn.execute(
        """WITH batch AS (
               INSERT INTO case_notes
               SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
               RETURNING stream_id)
           INSERT INTO case_note_counts
           SELECT stream_id, count(*) FROM batch GROUP BY stream_id
           ON CONFLICT (stream_id)
           DO UPDATE SET notes = case_note_counts.notes + excluded.notes""",
        [e.stream_id for e in events],
        [e.version for e in events],
        [e.data.get("text", e.data.get("title")) for e in events],
    )


async def reset_notes(conn: asyncpg.Connection) -> None:
    """Empty the sample read model."""
    await conn.execute("TRUNCATE case_notes, case_note_counts")


def notes_projection(service: str, apply: Apply = apply_notes) -> Projection:
    """The sample read model fed by ``service``'s events."""
    return Projection(
        name="case-notes",
        sources=(service,),
        apply=apply,
        reset=reset_notes,
        migrations=NOTES_MIGRATIONS,
    )


@dataclass
class SampleService:
    """The sample service in a test: its store and relay, database, NATS and name."""

    store: EventStore
    relay: Relay
    pool: asyncpg.Pool
    nats: NatsClient
    service: str

    def runner(
        self, projection: Projection | None = None, **options: Any
    ) -> ProjectionRunner:
        """A runner of ``projection`` (the sample notes projection if absent)."""
        chosen = projection or notes_projection(self.service)
        return ProjectionRunner(self.pool, chosen, self.nats, **options)
