"""The event store of one service: append with expected version, read streams and all.

All I/O goes through an asyncpg pool whose connections' search_path names the schema.
An append is one INSERT statement (``_sql.py``): the expected head (version and hash)
must exist, the unique (stream, version) key stops a concurrent writer, and the
idempotency record is written by the same statement. Reads return
:class:`EventEnvelope` values built by PostgreSQL as JSON; :meth:`EventStore.decode`
upcasts them to typed events.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
from opentelemetry import propagate, trace

from shequ.contracts import CatalogError, Event, EventCatalog, EventEnvelope
from shequ.contracts.personal import SEALED, prepare
from shequ.eventstore._batch import Batcher
from shequ.eventstore._chain import GENESIS, Digests, link
from shequ.eventstore._errors import (
    ConcurrencyError,
    EventSchemaError,
    StreamNotFound,
    UnknownEventType,
)
from shequ.eventstore._ids import uuid7
from shequ.eventstore._model import AppendResult, Metadata
from shequ.eventstore._sql import AFTER, ENVELOPE, START_STREAMS, append_sql
from shequ.eventstore._written import note_written
from shequ.keyring import KeyRing, seal_events

_tracer = trace.get_tracer("shequ.eventstore")


def _span(name: str, stream_id: str) -> contextlib.AbstractContextManager[Any]:
    """A span for ``name`` inside a trace being recorded, and nothing otherwise.

    Starting a span costs ~5 µs even when nothing records it, a twelfth of a
    single-event append (bench (a)); outside a recorded trace it would be lost anyway.
    """
    if not trace.get_current_span().is_recording():
        return contextlib.nullcontext()
    return _tracer.start_as_current_span(
        name, attributes={"shequ.stream_id": stream_id}
    )


def _digests(
    stream_type: str,
    stream_id: str,
    occurred_at: datetime,
    recorded_at: datetime,
    metadata: Metadata,
) -> Digests:
    return Digests(
        stream_type=stream_type,
        stream_id=stream_id,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        actor=metadata.actor,
        office=metadata.office,
        correlation_id=metadata.correlation_id,
        causation_id=metadata.causation_id,
    )


def _trace_context() -> str:
    """The current W3C trace context as JSON, for the events' metadata."""
    if not trace.get_current_span().get_span_context().is_valid:
        return "{}"
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return json.dumps(carrier)


# A published event must fit in a NATS message (1 MiB by default) with its envelope
# and headers; one that did not would stop the relay at it for good.
MAX_PAYLOAD_BYTES = 900_000


def _sized(event_type: str, data: str) -> str:
    """The payload JSON ``data``, refused when it is too large to publish."""
    # Three bytes a character at most: only a long payload is measured exactly.
    if len(data) * 3 > MAX_PAYLOAD_BYTES and len(data.encode()) > MAX_PAYLOAD_BYTES:
        raise EventSchemaError(
            event_type,
            [
                {
                    "field": "payload",
                    "message": (
                        f"{len(data.encode()):,} bytes of JSON; an event holds at most "
                        f"{MAX_PAYLOAD_BYTES:,}"
                    ),
                }
            ],
        )
    return data


class NewStream(NamedTuple):
    """A stream to begin with its first events (:meth:`EventStore.start_streams`)."""

    stream_type: str
    stream_id: str
    events: Sequence[Event]


def _rows(args: list[Any]) -> list[tuple[Any, ...]]:
    """The single-append arguments as group-commit rows (see _batch.BATCH_INSERT)."""
    (
        stream_type,
        stream_id,
        version,
        head_hash,
        ids,
        types,
        schema_versions,
        datas,
        prevs,
        hashes,
        occurred_at,
        recorded_at,
        actor,
        office,
        correlation_id,
        causation_id,
        trace,
        _key,
    ) = args
    return [
        (
            stream_type,
            stream_id,
            version + n,
            version,
            head_hash,
            ids[n - 1],
            types[n - 1],
            schema_versions[n - 1],
            datas[n - 1],
            prevs[n - 1],
            hashes[n - 1],
            occurred_at,
            recorded_at,
            actor,
            office,
            correlation_id,
            causation_id,
            trace,
        )
        for n in range(1, len(ids) + 1)
    ]


class StreamHead(NamedTuple):
    """A stream's last version and the hex hash of its last event."""

    version: int
    hash: str | None


class EncodedEvent(NamedTuple):
    """An event as the JSON of its envelope plus what a publisher needs beside it."""

    body: bytes
    event_id: UUID
    transaction_id: int
    position: int
    stream_type: str
    event_type: str
    trace_context: dict[str, str]


class EventStore:
    """Append-only store of one service's events, validated against its catalog."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        catalog: EventCatalog,
        *,
        group_commit: bool = True,
        keyring: KeyRing | None = None,
    ) -> None:
        self.pool = pool
        self.catalog = catalog
        self._batcher = Batcher(pool) if group_commit else None
        # Seals the personal fields of what is appended; None stores them in clear
        # (the libs' own tests, and bench's side-by-side figure).
        self.keyring = keyring

    async def _payloads(
        self, stream_ids: Sequence[str], events: Sequence[Event]
    ) -> list[str]:
        """The payload JSON each event is stored as (personal fields sealed)."""
        if self.keyring is None:
            datas = [e.payload_json() for e in events]
        else:
            datas = await seal_events(self.keyring, stream_ids, events)
        return [_sized(e.type, d) for e, d in zip(events, datas, strict=True)]

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
        previous_hash: str | None = None,
        connection: asyncpg.Connection | None = None,
    ) -> AppendResult:
        """Append ``events`` to a stream that is at ``expected_version`` (0: new).

        ``expected_version=None`` appends at the end whatever the version. Pass the
        head's ``previous_hash`` when known (``execute`` does) to save a read. A retried
        command (same ``idempotency_key``) returns its first result and appends
        nothing. ``connection`` puts the append inside the caller's transaction.
        Raises :class:`ConcurrencyError` when the stream is elsewhere, and
        :class:`UnknownEventType` for an event this store's catalog does not know.
        """
        for event in events:
            self._check(stream_type, event)
        datas = await self._payloads([stream_id] * len(events), events)
        encoded = [
            (e.type, e.schema_version, d) for e, d in zip(events, datas, strict=True)
        ]
        db = connection or self.pool
        with _span("eventstore.append", stream_id):
            if expected_version is None or (expected_version and previous_hash is None):
                head = await self.head(stream_id, connection=connection)
                if expected_version not in (None, head.version):
                    if earlier := await self._earlier(idempotency_key, connection):
                        return note_written(earlier)
                    raise ConcurrencyError(stream_id, expected_version, head.version)
                expected_version, previous_hash = head.version, head.hash
            args = self._chain(
                stream_type,
                stream_id,
                encoded,
                expected_version,
                previous_hash,
                occurred_at,
                metadata,
                idempotency_key,
            )
            if self._batcher and connection is None and idempotency_key is None:
                shared = await self._batcher.submit(
                    _rows(args), lambda: self._alone(args, db, idempotency_key)
                )
                if shared is not None:
                    return note_written(shared)
                actual = (await self.head(stream_id)).version
                raise ConcurrencyError(stream_id, expected_version, actual)
            try:
                row = await self._alone_row(args, db, idempotency_key)
            except asyncpg.UniqueViolationError as error:
                # A retried command collides on its stream version or its key.
                if idempotency_key is not None:
                    earlier = await self.find_command(idempotency_key)
                    if earlier is not None:
                        return note_written(earlier)
                if error.constraint_name != "events_stream_version":
                    raise
                raise ConcurrencyError(stream_id, expected_version, None) from None
        if not row["appended"]:
            if earlier := await self._earlier(idempotency_key, connection):
                return note_written(earlier)
            actual = (await self.head(stream_id, connection=connection)).version
            raise ConcurrencyError(stream_id, expected_version, actual)
        return note_written(
            AppendResult(
                stream_id=stream_id,
                first_version=expected_version + 1,
                last_version=expected_version + len(encoded),
                first_position=row["first_position"],
                last_position=row["last_position"],
                transaction_id=row["transaction_id"],
            )
        )

    def _check(self, stream_type: str, event: Event) -> None:
        """Refuse an event this catalog does not publish, or one for another stream.

        Events are validated when constructed; this catches a look-alike class under
        a known tag, which would be written and then fail every later read.
        """
        if event.type not in self.catalog:
            raise UnknownEventType(event.type)
        model = self.catalog.model(event.type)
        if type(event) is not model:
            raise EventSchemaError(
                event.type,
                [
                    {
                        "field": "type",
                        "message": (
                            f"{type(event).__qualname__} is not the catalog's "
                            f"{model.__qualname__}"
                        ),
                    }
                ],
            )
        if model.stream_type and model.stream_type != stream_type:
            raise EventSchemaError(
                event.type,
                [
                    {
                        "field": "stream_type",
                        "message": (
                            f"{event.type} belongs to {model.stream_type} streams, "
                            f"not {stream_type}"
                        ),
                    }
                ],
            )

    async def _earlier(
        self, idempotency_key: str | None, connection: asyncpg.Connection | None
    ) -> AppendResult | None:
        """A keyed command's first result, when this append is its retry."""
        if idempotency_key is None:
            return None
        return await self.find_command(idempotency_key, connection)

    async def _alone(
        self, args: list[Any], db: Any, idempotency_key: str | None
    ) -> AppendResult:
        """The append of ``args`` in a statement of its own (no group commit)."""
        try:
            row = await self._alone_row(args, db, idempotency_key)
        except asyncpg.UniqueViolationError:
            raise ConcurrencyError(args[1], args[2], None) from None
        if not row["appended"]:
            actual = (await self.head(args[1])).version
            raise ConcurrencyError(args[1], args[2], actual)
        return AppendResult(
            stream_id=args[1],
            first_version=args[2] + 1,
            last_version=args[2] + len(args[4]),
            first_position=row["first_position"],
            last_position=row["last_position"],
            transaction_id=row["transaction_id"],
        )

    @staticmethod
    async def _alone_row(
        args: list[Any], db: Any, idempotency_key: str | None
    ) -> asyncpg.Record:
        sql = append_sql(
            many=len(args[4]) > 1,
            new_stream=args[2] == 0,
            keyed=idempotency_key is not None,
        )
        row: asyncpg.Record = await db.fetchrow(sql, *args)
        return row

    @staticmethod
    def _chain(  # noqa: PLR0917 - private: the statement's arguments in order
        stream_type: str,
        stream_id: str,
        encoded: list[tuple[str, int, str]],
        version: int,
        previous_hash: str | None,
        occurred_at: datetime,
        metadata: Metadata,
        idempotency_key: str | None,
    ) -> list[Any]:
        """The append statement's 18 arguments, with each event's id and chain hash."""
        recorded_at = datetime.now(UTC)
        prev = bytes.fromhex(previous_hash) if previous_hash else GENESIS
        head_hash = prev if version else None
        digests = _digests(stream_type, stream_id, occurred_at, recorded_at, metadata)
        ids, prevs, hashes = [], [], []
        for offset, (event_type, schema_version, data) in enumerate(encoded, 1):
            event_id = uuid7()
            digest = digests.digest(
                event_id, version + offset, event_type, schema_version, data
            )
            ids.append(event_id)
            prevs.append(prev)
            prev = link(prev, digest)
            hashes.append(prev)
        return [
            stream_type,
            stream_id,
            version,
            head_hash,
            ids,
            [event_type for event_type, _, _ in encoded],
            [schema_version for _, schema_version, _ in encoded],
            [data for _, _, data in encoded],
            prevs,
            hashes,
            occurred_at,
            recorded_at,
            metadata.actor,
            metadata.office,
            metadata.correlation_id,
            metadata.causation_id,
            _trace_context(),
            idempotency_key,
        ]

    async def start_streams(
        self,
        streams: Sequence[NewStream],
        *,
        occurred_at: datetime,
        metadata: Metadata = Metadata(),  # noqa: B008 - frozen, never mutated
        connection: asyncpg.Connection | None = None,
    ) -> int:
        """Begin many new streams in one statement (bulk import); returns events added.

        All or nothing: if any stream already exists the unique (stream, version) key
        refuses the whole statement with :class:`ConcurrencyError`, and the caller
        falls back to appending stream by stream.
        """
        rows: list[list[Any]] = [[] for _ in range(9)]
        recorded_at = datetime.now(UTC)
        for stream in streams:
            for event in stream.events:
                self._check(stream.stream_type, event)
        stored = iter(
            await self._payloads(
                [s.stream_id for s in streams for _ in s.events],
                [e for s in streams for e in s.events],
            )
        )
        for stream in streams:
            prev = GENESIS
            digests = _digests(
                stream.stream_type, stream.stream_id, occurred_at, recorded_at, metadata
            )
            for version, event in enumerate(stream.events, 1):
                event_id, data = uuid7(), next(stored)
                digest = digests.digest(
                    event_id, version, event.type, event.schema_version, data
                )
                row = (
                    event_id,
                    stream.stream_type,
                    stream.stream_id,
                    version,
                    event.type,
                    event.schema_version,
                    data,
                    prev,
                    prev := link(prev, digest),
                )
                for column, value in zip(rows, row, strict=True):
                    column.append(value)
        try:
            inserted = await (connection or self.pool).fetch(
                START_STREAMS,
                *rows,
                occurred_at,
                recorded_at,
                metadata.actor,
                metadata.office,
                metadata.correlation_id,
                metadata.causation_id,
                _trace_context(),
            )
        except asyncpg.UniqueViolationError:
            raise ConcurrencyError("(batch)", 0, None) from None
        return len(inserted)

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

    async def head(
        self, stream_id: str, *, connection: asyncpg.Connection | None = None
    ) -> StreamHead:
        """The stream's last version and hash (version 0 for a stream not yet begun)."""
        row = await (connection or self.pool).fetchrow(
            """SELECT version, encode(hash, 'hex') FROM events
               WHERE stream_id = $1 ORDER BY version DESC LIMIT 1""",
            stream_id,
        )
        return StreamHead(0, None) if row is None else StreamHead(row[0], row[1])

    async def last_place(self) -> tuple[int, int] | None:
        """The (transaction, position) of the last event committed, None if none."""
        row = await self.pool.fetchrow(
            """SELECT transaction_id::text::bigint, position FROM events
               ORDER BY transaction_id DESC, position DESC LIMIT 1"""
        )
        return None if row is None else (row[0], row[1])

    async def find_command(
        self, idempotency_key: str, connection: asyncpg.Connection | None = None
    ) -> AppendResult | None:
        """The result of the command that carried ``idempotency_key``, if it ran."""
        row = await (connection or self.pool).fetchrow(
            "SELECT * FROM commands WHERE idempotency_key = $1", idempotency_key
        )
        if row is None:
            return None
        return AppendResult(
            stream_id=row["stream_id"],
            first_version=row["first_version"],
            last_version=row["last_version"],
            first_position=row["first_position"],
            last_position=row["last_position"],
            transaction_id=row["transaction_id"],
            duplicate=True,
        )

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
            f"""SELECT {ENVELOPE} FROM events
                WHERE stream_id = $2 AND ($3::int IS NULL OR version <= $3)
                  AND ($4::timestamptz IS NULL OR recorded_at <= $4)
                ORDER BY version""",
            self.catalog.service,
            stream_id,
            to_version,
            as_of,
        )
        if not rows and not missing_ok:
            raise StreamNotFound(stream_id)
        return await _prepared([EventEnvelope.model_validate_json(r[0]) for r in rows])

    async def replay(
        self,
        stream_id: str,
        *,
        to_version: int | None = None,
        as_of: datetime | None = None,
        connection: asyncpg.Connection | None = None,
    ) -> tuple[list[Event], StreamHead]:
        """A stream's typed events (upcast) and head, as of a version and/or a time.

        The lean path for rebuilding state: only type, version and payload are read,
        and each payload is parsed straight into its event model (bench (e)).
        """
        rows = await (connection or self.pool).fetch(
            """SELECT event_type, schema_version, data::text, version,
                      encode(hash, 'hex')
               FROM events
               WHERE stream_id = $1 AND ($2::int IS NULL OR version <= $2)
                 AND ($3::timestamptz IS NULL OR recorded_at <= $3)
               ORDER BY version""",
            stream_id,
            to_version,
            as_of,
        )
        payloads: list[str | dict[str, Any]] = [
            json.loads(r[2]) if SEALED in r[2] else r[2] for r in rows
        ]
        await prepare(p for p in payloads if isinstance(p, dict))
        try:
            events = [
                self.catalog.decode_json(r[0], r[1], p)
                if isinstance(p, str)
                else self.catalog.decode(r[0], r[1], p)
                for r, p in zip(rows, payloads, strict=True)
            ]
        except CatalogError as error:
            raise EventSchemaError(stream_id, error.errors) from None
        head = StreamHead(rows[-1][3], rows[-1][4]) if rows else StreamHead(0, None)
        return events, head

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
            f"SELECT {ENVELOPE} FROM events WHERE {AFTER}",
            self.catalog.service,
            after[0],
            after[1],
            limit,
        )
        return await _prepared([EventEnvelope.model_validate_json(r[0]) for r in rows])

    async def read_all_encoded(
        self, after: tuple[int, int], limit: int = 1000
    ) -> list[EncodedEvent]:
        """Like :meth:`read_all`, as JSON for forwarding without parsing (the relay)."""
        rows = await self.pool.fetch(
            f"""SELECT {ENVELOPE}, event_id, transaction_id, position, stream_type,
                       event_type, trace_context::text
                FROM events WHERE {AFTER}""",
            self.catalog.service,
            after[0],
            after[1],
            limit,
        )
        return [
            EncodedEvent(r[0].encode(), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]))
            for r in rows
        ]

    def decode(self, envelope: EventEnvelope) -> Event:
        """The typed event in ``envelope``, upcast to its current schema version.

        A sealed payload's key must be at hand: the store's reads fetch them.
        """
        try:
            return self.catalog.decode(
                envelope.event_type, envelope.schema_version, envelope.data
            )
        except CatalogError as error:
            if envelope.event_type not in self.catalog:
                raise UnknownEventType(envelope.event_type) from None
            raise EventSchemaError(envelope.event_type, error.errors) from None


async def _prepared(envelopes: list[EventEnvelope]) -> list[EventEnvelope]:
    """``envelopes``, once the keys their sealed payloads need are fetched."""
    await prepare(e.data for e in envelopes if SEALED in e.data)
    return envelopes
