"""Break-glass grants (紧急查阅): who may read which case outside scope, until when.

Written by the break-glass handler in the transaction that appends its
``RehabCaseRead``, and read by every later read of the case, so a grant takes effect
at once and lapses at ``expires_at`` whatever the projections' lag.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from shequ.eventstore import Migration
from shequ.service import Db

GUARD_MIGRATIONS = [
    Migration(
        "rehab-break-glass",
        1,
        """CREATE TABLE IF NOT EXISTS rehab_break_glass (
               case_id    text NOT NULL,
               reader     text NOT NULL,
               granted_at timestamptz NOT NULL,
               expires_at timestamptz NOT NULL,
               reason     text NOT NULL,
               PRIMARY KEY (case_id, reader, granted_at));""",
    )
]


async def grant(
    conn: asyncpg.Connection,
    *,
    case_id: str,
    reader: str,
    granted_at: datetime,
    expires_at: datetime,
    reason: str,
) -> None:
    await conn.execute(
        """INSERT INTO rehab_break_glass VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING""",
        case_id,
        reader,
        granted_at,
        expires_at,
        reason,
    )


async def granted_until(
    db: Db, case_id: str, reader: str, now: datetime
) -> datetime | None:
    """When ``reader``'s current break-glass opening of the case lapses, if any."""
    until: datetime | None = await db.fetchval(
        """SELECT max(expires_at) FROM rehab_break_glass
           WHERE case_id = $1 AND reader = $2 AND granted_at <= $3
             AND expires_at > $3""",
        case_id,
        reader,
        now,
    )
    return until
