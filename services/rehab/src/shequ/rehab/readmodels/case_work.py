"""Social work on cases as counts in ``rehab_cases`` (notes, referrals for work).

Counts only: a note's content, the peer counsellor and a referral's note are personal
and stay sealed in the events. Each applier moves the case's ``version`` too, so the
table follows the stream. The office's open clients, for a group's attendance.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.rehab import (
    CaseWorkNoteRecorded,
    ClientReferredForWork,
    PeerCounsellorAssigned,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.rehab.readmodels.cases import _set
from shequ.service import Db

TABLES: tuple[str, ...] = ()  # columns of rehab_cases, emptied with it
MIGRATIONS = [
    Migration(
        "rehab-case-work",
        1,
        """ALTER TABLE rehab_cases
               ADD COLUMN IF NOT EXISTS notes int NOT NULL DEFAULT 0,
               ADD COLUMN IF NOT EXISTS peer_counsellor boolean NOT NULL DEFAULT false,
               ADD COLUMN IF NOT EXISTS work_referrals int NOT NULL DEFAULT 0;""",
    )
]

APPLY = ConnectionAppliers()


@APPLY.on
async def _noted(
    conn: asyncpg.Connection, e: CaseWorkNoteRecorded, env: EventEnvelope
) -> None:
    await _set(conn, env, "notes = notes + 1")


@APPLY.on
async def _peer(
    conn: asyncpg.Connection, e: PeerCounsellorAssigned, env: EventEnvelope
) -> None:
    await _set(conn, env, "peer_counsellor = true")


@APPLY.on
async def _referred(
    conn: asyncpg.Connection, e: ClientReferredForWork, env: EventEnvelope
) -> None:
    await _set(conn, env, "work_referrals = work_referrals + 1")


async def open_clients(db: Db, office: str) -> frozenset[str]:
    """The person ids of the open cases ``office`` holds."""
    rows = await db.fetch(
        """SELECT person_id FROM rehab_cases
           WHERE office = $1 AND outcome IS NULL""",
        office,
    )
    return frozenset(r["person_id"] for r in rows)
