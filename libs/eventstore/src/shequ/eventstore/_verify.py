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

from shequ.eventstore._chain import GENESIS, content_digest, link


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


def _check(row: asyncpg.Record, version: int, prev: bytes) -> str | None:
    if row["version"] != version:
        return f"version {row['version']} follows {version - 1}: an event is missing"
    if row["previous_hash"] != prev:
        return f"previous_hash does not match the hash of version {version - 1}"
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
    if link(prev, digest) != row["hash"]:
        return "hash does not match the recorded content"
    return None


async def verify(
    pool: asyncpg.Pool, progress: Callable[[int], None] | None = None
) -> VerifyReport:
    """Check every stream's chain in this store; ``progress`` gets the running count."""
    events = streams = 0
    broken: BrokenLink | None = None
    stream_id, version, prev = None, 0, GENESIS
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        async for row in conn.cursor(
            """SELECT position, event_id, stream_type, stream_id, version, event_type,
                      schema_version, data, occurred_at, recorded_at, actor, office,
                      correlation_id, causation_id, previous_hash, hash
               FROM events ORDER BY stream_id, version""",
            prefetch=2000,
        ):
            if row["stream_id"] != stream_id:
                stream_id, version, prev, streams = (
                    row["stream_id"],
                    0,
                    GENESIS,
                    streams + 1,
                )
            version += 1
            events += 1
            reason = _check(row, version, prev)
            if reason and (broken is None or row["position"] < broken.position):
                broken = BrokenLink(
                    row["position"],
                    row["event_id"],
                    row["stream_id"],
                    row["version"],
                    reason,
                )
            version, prev = row["version"], row["hash"]
            if progress is not None and events % 10_000 == 0:
                progress(events)
    return VerifyReport(events, streams, broken)
