"""The event store of one service: append with expected version, read streams and all.

All I/O goes through an asyncpg pool whose connections' search_path names the schema.
Appends are one call of ``append_events`` (see _schema.sql); reads return
:class:`EventEnvelope` values; :meth:`EventStore.decode` upcasts them to typed events.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg
from opentelemetry import propagate, trace

from shequ.contracts import CatalogError, Event, EventCatalog, EventEnvelope
from shequ.eventstore._errors import (
    ConcurrencyError,
    EventSchemaError,
    StreamNotFound,
    UnknownEventType,
)
from shequ.eventstore._ids import uuid7
from shequ.eventstore._model import AppendResult, Metadata

_tracer = trace.get_tracer("shequ.eventstore")

_COLUMNS = """event_id, stream_type, stream_id, version, position, transaction_id,
    event_type, schema_version, data, occurred_at, recorded_at, actor, office,
    correlation_id, causation_id, trace_context, previous_hash, hash"""


class EventStore:
    """Append-only store of one service's events, validated against its catalog."""

    def __init__(self, pool: asyncpg.Pool, catalog: EventCatalog) -> None:
        self.pool = pool
        self.catalog = catalog

    async def append(
        self,
        stream_type: str,
        stream_id: str,
        events: Sequence[Event],
        *,
        expected_version: int | None,
        occurred_at: datetime,
        metadata: Metadata = Metadata(),  # noqa: B008 - frozen, never mutated
        idempotency_key: str | None = None,
    ) -> AppendResult:
        """Append ``events`` to a stream that is at ``expected_version`` (0: new).

        ``expected_version=None`` appends at the end whatever the version. A retried
        command (same ``idempotency_key``) returns its first result and appends nothing.
        Raises :class:`ConcurrencyError` when the stream is elsewhere, and
        :class:`UnknownEventType` for an event this store's catalog does not know.
        """
        for event in events:
            if event.type not in self.catalog:
                raise UnknownEventType(event.type)
        return await self._append(
            stream_type,
            stream_id,
            [(e.type, e.schema_version, e.payload()) for e in events],
            expected_version=expected_version,
            occurred_at=occurred_at,
            metadata=metadata,
            idempotency_key=idempotency_key,
        )

    async def append_raw(
        self,
        stream_type: str,
        stream_id: str,
        events: Sequence[tuple[str, dict[str, Any]]],
        *,
        expected_version: int | None,
        occurred_at: datetime,
        metadata: Metadata = Metadata(),  # noqa: B008 - frozen, never mutated
        idempotency_key: str | None = None,
    ) -> AppendResult:
        """Append untyped ``(event_type, payload)`` pairs, validating each first.

        For imports and integrations that arrive as JSON: an unknown type or a payload
        that fails its schema raises before anything is written.
        """
        typed = []
        for event_type, payload in events:
            if event_type not in self.catalog:
                raise UnknownEventType(event_type)
            model = self.catalog.model(event_type)
            try:
                typed.append(
                    self.catalog.decode(event_type, model.schema_version, payload)
                )
            except CatalogError as error:
                raise EventSchemaError(event_type, error.errors) from None
        return await self.append(
            stream_type,
            stream_id,
            typed,
            expected_version=expected_version,
            occurred_at=occurred_at,
            metadata=metadata,
            idempotency_key=idempotency_key,
        )

    async def _append(
        self,
        stream_type: str,
        stream_id: str,
        encoded: list[tuple[str, int, dict[str, Any]]],
        *,
        expected_version: int | None,
        occurred_at: datetime,
        metadata: Metadata,
        idempotency_key: str | None,
    ) -> AppendResult:
        carrier: dict[str, str] = {}
        with _tracer.start_as_current_span(
            "eventstore.append", attributes={"shequ.stream_id": stream_id}
        ):
            propagate.inject(carrier)
            try:
                row = await self.pool.fetchrow(
                    "SELECT * FROM append_events($1, $2, $3, $4, $5, $6, $7,"
                    " $8::jsonb[], $9, $10, $11, $12, $13, $14::jsonb)",
                    stream_type,
                    stream_id,
                    expected_version,
                    idempotency_key,
                    [uuid7() for _ in encoded],
                    [event_type for event_type, _, _ in encoded],
                    [version for _, version, _ in encoded],
                    [json.dumps(data, ensure_ascii=False) for _, _, data in encoded],
                    occurred_at,
                    metadata.actor,
                    metadata.office,
                    metadata.correlation_id,
                    metadata.causation_id,
                    json.dumps(carrier),
                )
            except asyncpg.UniqueViolationError as error:
                if error.constraint_name != "events_stream_version":
                    raise
                raise ConcurrencyError(stream_id, expected_version, None) from None
            except asyncpg.PostgresError as error:
                return await self._append_refused(
                    error, stream_id, expected_version, idempotency_key
                )
        return _append_result(stream_id, row)

    async def _append_refused(
        self,
        error: asyncpg.PostgresError,
        stream_id: str,
        expected_version: int | None,
        idempotency_key: str | None,
    ) -> AppendResult:
        match error.sqlstate:
            case "SQ001":
                actual = int(error.detail) if error.detail else None
                raise ConcurrencyError(stream_id, expected_version, actual) from None
            case "SQ002":
                raise ConcurrencyError(stream_id, expected_version, None) from error
            case "SQ003" if idempotency_key is not None:
                found = await self.find_command(idempotency_key)
                if found is not None:
                    return found
        raise error

    async def find_command(self, idempotency_key: str) -> AppendResult | None:
        """The result of the command that carried ``idempotency_key``, if it ran."""
        row = await self.pool.fetchrow(
            "SELECT true AS duplicate, * FROM commands WHERE idempotency_key = $1",
            idempotency_key,
        )
        return None if row is None else _append_result(row["stream_id"], row)

    async def read_stream(
        self,
        stream_id: str,
        *,
        to_version: int | None = None,
        as_of: datetime | None = None,
        missing_ok: bool = False,
    ) -> list[EventEnvelope]:
        """A stream's events in order, up to ``to_version`` and recorded by ``as_of``.

        ``as_of`` gives the stream as the ledger held it at that moment (events recorded
        later are left out). Raises :class:`StreamNotFound` for an empty result unless
        ``missing_ok``.
        """
        rows = await self.pool.fetch(
            f"""SELECT {_COLUMNS} FROM events
                WHERE stream_id = $1 AND ($2::int IS NULL OR version <= $2)
                  AND ($3::timestamptz IS NULL OR recorded_at <= $3)
                ORDER BY version""",
            stream_id,
            to_version,
            as_of,
        )
        if not rows and not missing_ok:
            raise StreamNotFound(stream_id)
        return [self.envelope(row) for row in rows]

    async def read_all(
        self, after: tuple[int, int], limit: int = 1000
    ) -> list[EventEnvelope]:
        """Up to ``limit`` events after the checkpoint ``after``, in global order.

        Only events of transactions older than every running one are returned, so an
        event a slow transaction commits later can never sort before what a reader
        already passed (see test_reader_never_skips_a_late_commit). A long-running
        transaction anywhere in the cluster therefore delays readers; it loses nothing.
        """
        rows = await self.pool.fetch(
            f"""SELECT {_COLUMNS} FROM events
                WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
                  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY transaction_id, position
                LIMIT $3""",
            after[0],
            after[1],
            limit,
        )
        return [self.envelope(row) for row in rows]

    def envelope(self, row: asyncpg.Record) -> EventEnvelope:
        """The envelope of a row of ``events`` (trusted: not validated again)."""
        return EventEnvelope.model_construct(
            event_id=row["event_id"],
            service=self.catalog.service,
            stream_type=row["stream_type"],
            stream_id=row["stream_id"],
            version=row["version"],
            position=row["position"],
            transaction_id=row["transaction_id"],
            event_type=row["event_type"],
            schema_version=row["schema_version"],
            data=json.loads(row["data"]),
            occurred_at=row["occurred_at"],
            recorded_at=row["recorded_at"],
            actor=row["actor"],
            office=row["office"],
            correlation_id=row["correlation_id"],
            causation_id=row["causation_id"],
            trace_context=json.loads(row["trace_context"]),
            previous_hash=row["previous_hash"].hex(),
            hash=row["hash"].hex(),
        )

    def decode(self, envelope: EventEnvelope) -> Event:
        """The typed event in ``envelope``, upcast to its current schema version."""
        try:
            return self.catalog.decode(
                envelope.event_type, envelope.schema_version, envelope.data
            )
        except CatalogError as error:
            if envelope.event_type not in self.catalog:
                raise UnknownEventType(envelope.event_type) from None
            raise EventSchemaError(envelope.event_type, error.errors) from None


def _append_result(stream_id: str, row: asyncpg.Record) -> AppendResult:
    return AppendResult(
        stream_id=stream_id,
        first_version=row["first_version"],
        last_version=row["last_version"],
        first_position=row["first_position"],
        last_position=row["last_position"],
        transaction_id=row["transaction_id"],
        duplicate=row["duplicate"],
    )
