"""Tamper evidence: recompute every stream's hash chain and name the first broken link.

Each event's hash covers its predecessor's hash and its own canonical encoding
(``event_digest`` in _schema.sql), so a row altered, removed or re-ordered behind the
store's back breaks the chain at that event or the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

_ZERO = bytes(32)


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


async def verify(conn: asyncpg.Connection | asyncpg.Pool) -> VerifyReport:
    """Check every stream's chain in this store."""
    totals = await conn.fetchrow(
        "SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM events"
    )
    row = await conn.fetchrow(
        """WITH chained AS (
             SELECT position, event_id, stream_id, version, previous_hash, hash,
                    lag(version) OVER w AS prior_version,
                    lag(hash) OVER w AS prior_hash,
                    event_digest(previous_hash, event_id, stream_type, stream_id,
                        version, event_type, schema_version, data, occurred_at,
                        recorded_at, actor, office, correlation_id, causation_id)
                        AS recomputed
             FROM events WINDOW w AS (PARTITION BY stream_id ORDER BY version))
           SELECT position, event_id, stream_id, version,
                  CASE WHEN version <> coalesce(prior_version, 0) + 1
                         THEN 'version ' || version || ' follows '
                              || coalesce(prior_version, 0) || ': an event is missing'
                       WHEN previous_hash <> coalesce(prior_hash, $1)
                         THEN 'previous_hash does not match the hash of version '
                              || coalesce(prior_version, 0)
                       ELSE 'hash does not match the recorded content'
                  END AS reason
           FROM chained
           WHERE version <> coalesce(prior_version, 0) + 1
              OR previous_hash <> coalesce(prior_hash, $1)
              OR hash <> recomputed
           ORDER BY position LIMIT 1""",
        _ZERO,
    )
    broken = None if row is None else BrokenLink(**dict(row))
    return VerifyReport(totals["events"], totals["streams"], broken)
