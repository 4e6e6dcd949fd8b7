"""Uniqueness guards that commit with the events (certificate numbers …).

A ledger lags its events, so it cannot stop two clerks issuing one number in the same
second. A guard row is written in the same transaction as the event that needs it:
the first commit wins; the second waits for it, finds the row and rolls back all it
did (see test_a_reused_certificate_number_is_refused_and_writes_nothing).
"""

from __future__ import annotations

import asyncpg

from shequ.employment.domain.unemployment import CertificateNumberTaken
from shequ.eventstore import Migration

GUARD_MIGRATIONS: list[Migration] = [
    Migration(
        "employment-guards-certificates",
        1,
        # A number stays claimed forever: a returned or cancelled one is not reused.
        """CREATE TABLE IF NOT EXISTS certificate_numbers (
               number    text PRIMARY KEY,
               person_id text NOT NULL);""",
    )
]


async def claim_certificate_number(
    conn: asyncpg.Connection, number: str, person_id: str
) -> None:
    """Claim ``number`` for ``person_id`` in the caller's transaction, or refuse it."""
    claimed = await conn.fetchval(
        """INSERT INTO certificate_numbers VALUES ($1, $2)
           ON CONFLICT (number) DO NOTHING RETURNING number""",
        number,
        person_id,
    )
    if claimed is None:
        raise CertificateNumberTaken(number)


async def hold_lock(conn: asyncpg.Connection, name: str) -> None:
    """Hold ``name``'s advisory lock until the caller's transaction ends.

    Two writers of one derived stream (a household's, the ageing check) then take
    turns: the second reads what the first committed.
    """
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", name)
