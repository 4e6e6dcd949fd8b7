"""Tamper evidence: recompute every stream's hash chain and name the first broken link.

Each event's hash covers its predecessor's hash and the digest of its own canonical
encoding (_chain.py), so a row altered, removed or re-ordered behind the store's back
breaks the chain at that event or the next. The check streams the table through a
cursor, so a store of any size is verified in bounded memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from shequ.eventstore._chain import GENESIS, content_digest, link, stored_digest


@dataclass(frozen=True)
class BrokenLink:
    """The first event whose chain does not hold, and why."""

    position: int
    event_id: UUID
    stream_id: str
    version: int
    reason: str


@dataclass(frozen=True)
class VerifyReport:
    """How many events were checked and the first broken link (``None``: intact)."""

    events_verified: int
    streams_verified: int
    first_broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def _micros(column: str) -> str:
    # An infinite moment (written behind the store's back) has no microseconds: it
    # reads as NULL, which no append hashed, so the link breaks there, as it should.
    return (
        f"CASE WHEN isfinite({column})"
        f" THEN (extract(epoch FROM {column}) * 1000000)::bigint END"
    )


# The chain's columns in the order ``stored_digest`` takes them (data last), then
# the two hashes.
_COLUMNS = f"""position, event_id::text, stream_type, stream_id, version, event_type,
    schema_version, {_micros("occurred_at")}, {_micros("recorded_at")}, actor, office,
    correlation_id::text, causation_id::text, data, previous_hash, hash"""
_ROWS = f"SELECT {_COLUMNS} FROM events ORDER BY stream_id, version"
_CHUNK = 5000


def _reason(
    version: int,
    expected: int,
    *,
    previous_hash: bytes,
    prev: bytes,
    hash_: bytes,
    digest: bytes,
) -> str | None:
    """Why an event's link does not hold (``None``: it holds)."""
    if version != expected:
        return f"version {version} follows {expected - 1}: an event is missing"
    if previous_hash != prev:
        return f"previous_hash does not match the hash of version {expected - 1}"
    if link(prev, digest) != hash_:
        return "hash does not match the recorded content"
    return None


def _check(row: asyncpg.Record, version: int, prev: bytes) -> str | None:
    """One event's link, from a row of the events table as asyncpg reads it."""
    digest = content_digest(
        event_id=row["event_id"],
        stream_type=row["stream_type"],
        stream_id=row["stream_id"],
        version=row["version"],
        event_type=row["event_type"],
        schema_version=row["schema_version"],
        data=row["data"],
        occurred_at=row["occurred_at"],
        recorded_at=row["recorded_at"],
        actor=row["actor"],
        office=row["office"],
        correlation_id=row["correlation_id"],
        causation_id=row["causation_id"],
    )
    return _reason(
        row["version"],
        version,
        previous_hash=row["previous_hash"],
        prev=prev,
        hash_=row["hash"],
        digest=digest,
    )


async def verify(
    pool: asyncpg.Pool, progress: Callable[[int], None] | None = None
) -> VerifyReport:
    """Check every stream's chain in this store; ``progress`` gets the running count."""
    events = streams = 0
    broken: BrokenLink | None = None
    stream_id, version, prev = None, 0, GENESIS
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        cursor = await conn.cursor(_ROWS)
        while rows := await cursor.fetch(_CHUNK):
            for (
                position,
                event_id,
                stream_type,
                stream,
                stored_version,
                event_type,
                schema_version,
                occurred_us,
                recorded_us,
                actor,
                office,
                correlation_id,
                causation_id,
                data,
                previous_hash,
                hash_,
            ) in rows:
                if stream != stream_id:
                    stream_id, version, prev = stream, 0, GENESIS
                    streams += 1
                version += 1
                digest = stored_digest(
                    event_id=event_id,
                    stream_type=stream_type,
                    stream_id=stream,
                    version=stored_version,
                    event_type=event_type,
                    schema_version=schema_version,
                    occurred_us=occurred_us,
                    recorded_us=recorded_us,
                    actor=actor,
                    office=office,
                    correlation_id=correlation_id,
                    causation_id=causation_id,
                    data=data,
                )
                reason = _reason(
                    stored_version,
                    version,
                    previous_hash=previous_hash,
                    prev=prev,
                    hash_=hash_,
                    digest=digest,
                )
                if reason and (broken is None or position < broken.position):
                    broken = BrokenLink(
                        position, UUID(event_id), stream, stored_version, reason
                    )
                version, prev = stored_version, hash_
            events += len(rows)
            if progress is not None:
                progress(events)
    return VerifyReport(events, streams, broken)
