"""The re-keyed copy (重新加密迁移) of a store written before personal data was sealed.

Stored events are never rewritten, so a store holding personal data in clear is copied
once into a new store (a new schema), event by event in global order: the same event
ids, streams, versions, types, metadata and times, the personal fields sealed, and a
new hash chain over what the copy stores. Each old event's chain link is checked as it
is read, and each copy must decode to the same typed event as its original before its
batch commits. A rerun checks what the target already holds instead of copying it
again, so an interrupted copy resumes. The old store is only read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from shequ.contracts import CatalogError, Event, EventCatalog
from shequ.contracts.personal import SEALED, personal_fields, prepare
from shequ.eventstore._chain import GENESIS, content_digest, link
from shequ.eventstore._errors import EventStoreError
from shequ.eventstore._store import EventStore
from shequ.eventstore._verify import _check
from shequ.keyring import KeyRing, seal_events, subject_of

_COLUMNS = """event_id, stream_type, stream_id, version, event_type, schema_version,
    data::text AS data, occurred_at, recorded_at, actor, office, correlation_id,
    causation_id, trace_context::text AS trace_context, idempotency_key,
    previous_hash, hash"""

# Below the oldest running transaction, as read_all: a late commit is never skipped.
_SOURCE = f"""SELECT transaction_id::text AS transaction_id, position, {_COLUMNS}
    FROM events
    WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
      AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY transaction_id, position LIMIT $3"""

_TARGET = f"SELECT {_COLUMNS} FROM events WHERE event_id = ANY($1::uuid[])"

_INSERT = """INSERT INTO events (transaction_id, event_id, stream_type, stream_id,
        version, event_type, schema_version, data, occurred_at, recorded_at, actor,
        office, correlation_id, causation_id, trace_context, idempotency_key,
        previous_hash, hash)
    SELECT pg_current_xact_id(), u.event_id, u.stream_type, u.stream_id, u.version,
        u.event_type, u.schema_version, u.data, u.occurred_at, u.recorded_at, u.actor,
        u.office, u.correlation_id, u.causation_id, u.trace_context,
        u.idempotency_key, u.previous_hash, u.hash
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[],
                $7::json[], $8::timestamptz[], $9::timestamptz[], $10::text[],
                $11::text[], $12::uuid[], $13::uuid[], $14::jsonb[], $15::text[],
                $16::bytea[], $17::bytea[]) WITH ORDINALITY
         AS u(event_id, stream_type, stream_id, version, event_type, schema_version,
              data, occurred_at, recorded_at, actor, office, correlation_id,
              causation_id, trace_context, idempotency_key, previous_hash, hash, n)
    ORDER BY u.n"""

# A retried command must still find its first result: its record, at the new positions.
_COMMANDS = """INSERT INTO commands
    SELECT c.key, c.stream_id, c.first_version, c.last_version, min(e.position),
           max(e.position), (array_agg(e.transaction_id))[1], c.recorded_at
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::timestamptz[])
         AS c(key, stream_id, first_version, last_version, recorded_at)
    JOIN events e ON e.stream_id = c.stream_id
                 AND e.version BETWEEN c.first_version AND c.last_version
    GROUP BY c.key, c.stream_id, c.first_version, c.last_version, c.recorded_at
    ON CONFLICT (idempotency_key) DO NOTHING"""


class ResealMismatch(EventStoreError):
    """The copy stopped at an event that does not hold (the old chain, or its copy)."""

    def __init__(self, event_id: UUID, reason: str) -> None:
        super().__init__(f"event {event_id}: {reason}")
        self.event_id = event_id
        self.reason = reason


@dataclass(frozen=True)
class ResealReport:
    """Events copied now, events found copied before (checked), streams, commands."""

    copied: int
    checked: int
    streams: int
    commands: int = 0


class _Copy:
    """The state of one copy: each stream's head in the old and in the new chain.

    Both are kept in memory, a stream id and 32 bytes or so each: about 100 MB for a
    million streams.
    """

    def __init__(self, target: EventStore, ring: KeyRing) -> None:
        self.target = target
        self.catalog: EventCatalog = target.catalog
        self.ring = ring
        self.old: dict[str, tuple[int, bytes]] = {}
        self.new: dict[str, bytes] = {}
        self.copied = self.checked = 0

    async def batch(self, rows: Sequence[asyncpg.Record]) -> None:
        """Check, then copy (or check the copy made before of) a batch of old events."""
        for row in rows:
            self._check_old(row)
        originals, sealed = await self._decode(rows)
        expected = await self._expected(rows, originals, sealed)
        ids = [row["event_id"] for row in rows]
        async with self.target.pool.acquire() as conn, conn.transaction():
            held = {r["event_id"]: r for r in await conn.fetch(_TARGET, ids)}
            fresh = [n for n, row in enumerate(rows) if row["event_id"] not in held]
            datas = await self._stored(rows, originals, sealed, fresh)
            inserted = self._chain(rows, held, datas)
            if inserted:
                await conn.execute(_INSERT, *map(list, zip(*inserted, strict=True)))
            copies = {r["event_id"]: r for r in await conn.fetch(_TARGET, ids)}
            await self._compare(rows, expected, [copies[i] for i in ids])
        self.copied += len(inserted)
        self.checked += len(rows) - len(inserted)

    def _check_old(self, row: asyncpg.Record) -> None:
        """The old event's own chain link, as ``verify`` checks it."""
        version, prev = self.old.get(row["stream_id"], (0, GENESIS))
        if reason := _check(row, version + 1, prev):
            raise ResealMismatch(row["event_id"], f"the old chain breaks: {reason}")
        self.old[row["stream_id"]] = (row["version"], row["hash"])

    async def _decode(
        self, rows: Sequence[asyncpg.Record]
    ) -> tuple[list[Event], list[bool]]:
        """Each old event typed (upcast), and whether it was stored sealed already."""
        payloads = [json.loads(row["data"]) for row in rows]
        sealed = [SEALED in payload for payload in payloads]
        await prepare(p for p, s in zip(payloads, sealed, strict=True) if s)
        return [self._typed(r, p) for r, p in zip(rows, payloads, strict=True)], sealed

    def _typed(self, row: asyncpg.Record, payload: dict[str, Any]) -> Event:
        try:
            return self.catalog.decode(
                row["event_type"], row["schema_version"], payload
            )
        except CatalogError as error:
            raise ResealMismatch(row["event_id"], f"does not decode: {error}") from None

    async def _expected(
        self, rows: Sequence[asyncpg.Record], originals: list[Event], sealed: list[bool]
    ) -> list[Event]:
        """What each copy must decode to: its original, erased if its subject was."""
        subjects = [
            None if was_sealed else subject_of(event, row["stream_id"])
            for row, event, was_sealed in zip(rows, originals, sealed, strict=True)
        ]
        erased = await self.ring.erased(s for s in subjects if s is not None)
        return [
            event.model_copy(update=dict(personal_fields(type(event))))
            if subject in erased
            else event
            for event, subject in zip(originals, subjects, strict=True)
        ]

    async def _stored(
        self,
        rows: Sequence[asyncpg.Record],
        originals: list[Event],
        sealed: list[bool],
        fresh: list[int],
    ) -> dict[int, tuple[int, str]]:
        """(schema version, payload JSON) each fresh event is copied as.

        An event with personal fields in clear is sealed at its current schema
        version; any other keeps its stored payload (and version) byte for byte.
        """
        datas = {n: (rows[n]["schema_version"], rows[n]["data"]) for n in fresh}
        plain = [
            n for n in fresh if not sealed[n] and personal_fields(type(originals[n]))
        ]
        texts = await seal_events(
            self.ring,
            [rows[n]["stream_id"] for n in plain],
            [originals[n] for n in plain],
            shred_erased=True,
        )
        for n, text in zip(plain, texts, strict=True):
            datas[n] = (originals[n].schema_version, text)
        return datas

    def _chain(
        self,
        rows: Sequence[asyncpg.Record],
        held: dict[UUID, asyncpg.Record],
        datas: dict[int, tuple[int, str]],
    ) -> list[tuple[Any, ...]]:
        """The rows to insert, linked onto the new chain; rows already held, checked.

        The target must hold a prefix of the old global order: an event found there
        after one copied now would put the two stores' orders apart.
        """
        inserted: list[tuple[Any, ...]] = []
        for n, row in enumerate(rows):
            stream = row["stream_id"]
            prev = self.new.get(stream, GENESIS)
            if (copy := held.get(row["event_id"])) is not None:
                if inserted or self.copied:
                    raise ResealMismatch(
                        row["event_id"], "already in the target, out of global order"
                    )
                if reason := _check(copy, row["version"], prev):
                    raise ResealMismatch(row["event_id"], f"the new chain: {reason}")
                self.new[stream] = copy["hash"]
                continue
            schema_version, data = datas[n]
            digest = content_digest(
                event_id=row["event_id"],
                stream_type=row["stream_type"],
                stream_id=stream,
                version=row["version"],
                event_type=row["event_type"],
                schema_version=schema_version,
                data=data,
                occurred_at=row["occurred_at"],
                recorded_at=row["recorded_at"],
                actor=row["actor"],
                office=row["office"],
                correlation_id=row["correlation_id"],
                causation_id=row["causation_id"],
            )
            self.new[stream] = link(prev, digest)
            inserted.append(
                (
                    *(row[name] for name in _KEPT[:5]),
                    schema_version,
                    data,
                    *(row[name] for name in _KEPT[5:]),
                    prev,
                    self.new[stream],
                )
            )
        return inserted

    async def _compare(
        self,
        rows: Sequence[asyncpg.Record],
        expected: list[Event],
        copies: list[asyncpg.Record],
    ) -> None:
        """Each copy keeps its original's envelope and decodes to the same event."""
        for row, copy in zip(rows, copies, strict=True):
            if moved := [name for name in _KEPT if row[name] != copy[name]]:
                raise ResealMismatch(row["event_id"], f"the copy differs in {moved}")
        decoded, _sealed = await self._decode(copies)
        for row, want, got in zip(rows, expected, decoded, strict=True):
            if got.model_dump(mode="json") != want.model_dump(mode="json"):
                raise ResealMismatch(
                    row["event_id"], "the copy does not decode to the original event"
                )


_KEPT = (
    "event_id",
    "stream_type",
    "stream_id",
    "version",
    "event_type",
    "occurred_at",
    "recorded_at",
    "actor",
    "office",
    "correlation_id",
    "causation_id",
    "trace_context",
    "idempotency_key",
)


async def reseal(
    source: asyncpg.Pool,
    target: EventStore,
    *,
    batch: int = 1000,
    progress: Callable[[ResealReport], None] | None = None,
    every: int = 10_000,
) -> ResealReport:
    """Copy the store at ``source`` into ``target``, sealed, checking every event.

    ``target`` is a migrated store with a key ring; the process's opener must be
    that ring (``install_opener``), as decoding the copies checks them. Each batch of
    ``batch`` events commits on its own; ``progress`` gets the counts every
    ``every`` events. Raises :class:`ResealMismatch` naming the first event that does
    not hold; its batch is not written.
    """
    if target.keyring is None:
        raise ValueError("a re-keyed copy needs a target store with a key ring")
    copy = _Copy(target, target.keyring)
    after: tuple[str, int] = ("0", 0)
    done = 0
    while rows := await source.fetch(_SOURCE, *after, batch):
        await copy.batch(rows)
        after = (rows[-1]["transaction_id"], rows[-1]["position"])
        if progress is not None and (done + len(rows)) // every > done // every:
            progress(ResealReport(copy.copied, copy.checked, len(copy.new)))
        done += len(rows)
    commands = await _copy_commands(source, target.pool)
    return ResealReport(copy.copied, copy.checked, len(copy.new), commands)


async def _copy_commands(source: asyncpg.Pool, target: asyncpg.Pool) -> int:
    """Copy the idempotency records, pointed at the copies' positions; how many new."""
    added, after = 0, ""
    while rows := await source.fetch(
        """SELECT idempotency_key, stream_id, first_version, last_version, recorded_at
           FROM commands WHERE idempotency_key > $1
           ORDER BY idempotency_key LIMIT 10000""",
        after,
    ):
        status = await target.execute(_COMMANDS, *map(list, zip(*rows, strict=True)))
        added += int(status.rsplit(" ", 1)[1])
        after = rows[-1]["idempotency_key"]
    return added
