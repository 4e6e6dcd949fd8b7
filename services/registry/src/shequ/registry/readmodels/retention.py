"""Closed files and erasures (保存期限台账): what the retention rules are applied to.

Projection ``registry-retention``, fed by the registry's own events: a file closed by
death (the date of death) or by a merger (the day it was merged, in China) is a row
of ``closed_person_files``; an erased person a row of ``erased_persons``. The due
ledger is the closed files past the rule and not yet erased, with the legal holds
that keep any of them.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.access import china_date
from shequ.contracts import EventEnvelope
from shequ.contracts.registry import PersonDied, PersonErased, PersonMergedInto
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.registry.domain.person import as_shown
from shequ.registry.readmodels.legal_holds import holds_of
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("closed_person_files", "erased_persons")
MIGRATIONS = [
    Migration(
        "registry-retention",
        1,
        """CREATE TABLE IF NOT EXISTS closed_person_files (
               person_id text PRIMARY KEY,
               office    text NOT NULL,
               closed_on date NOT NULL,
               closure   text NOT NULL);
           CREATE INDEX IF NOT EXISTS closed_person_files_closed
               ON closed_person_files (closed_on);
           CREATE TABLE IF NOT EXISTS erased_persons (
               person_id text PRIMARY KEY,
               ground    text NOT NULL,
               erased_at timestamptz NOT NULL);""",
    )
]

APPLY = ConnectionAppliers()


async def _closed(
    conn: asyncpg.Connection, person_id: str, office: str, on: date, closure: str
) -> None:
    # A file both merged and deceased closed at the earlier of the two.
    await conn.execute(
        """INSERT INTO closed_person_files VALUES ($1, $2, $3, $4)
           ON CONFLICT (person_id) DO UPDATE
               SET closed_on = EXCLUDED.closed_on, closure = EXCLUDED.closure
               WHERE closed_person_files.closed_on > EXCLUDED.closed_on""",
        person_id,
        office,
        on,
        closure,
    )


@APPLY.on
async def _died(
    conn: asyncpg.Connection, e: PersonDied, envelope: EventEnvelope
) -> None:
    await _closed(conn, envelope.stream_id, e.office, e.date_of_death, "died")


@APPLY.on
async def _merged(
    conn: asyncpg.Connection, e: PersonMergedInto, envelope: EventEnvelope
) -> None:
    on = china_date(envelope.occurred_at)
    await _closed(conn, envelope.stream_id, e.office, on, "merged")


@APPLY.on
async def _erased(
    conn: asyncpg.Connection, e: PersonErased, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "INSERT INTO erased_persons VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        envelope.stream_id,
        e.ground,
        envelope.occurred_at,
    )


async def erased_persons(db: Db) -> list[str]:
    """Every person whose erasure was recorded."""
    rows = await db.fetch("SELECT person_id FROM erased_persons ORDER BY person_id")
    return [row["person_id"] for row in rows]


class Hold(BaseModel):
    """A legal hold keeping a due file (法定保存)."""

    service: str
    kind: str
    case_id: str


class DueFile(BaseModel):
    """A closed file past the retention rule, not yet erased."""

    person_id: str
    office: str
    closure: str
    closed_on: date
    due_on: date
    held_by: list[Hold]


async def due_files(
    db: Db, *, years: int, today: date, within: str, page: int, size: int
) -> Page[DueFile]:
    """Closed files within ``within`` kept ``years`` or more by ``today``, due first."""
    found = await fetch_page(
        db,
        DueFile,
        f"""SELECT c.person_id, c.office, c.closure, c.closed_on,
                   (c.closed_on + make_interval(years => $1))::date AS due_on,
                   '{{}}'::text[] AS held_by, {TOTAL}
            FROM closed_person_files c
            WHERE c.closed_on + make_interval(years => $1) <= $2
              AND c.office LIKE $3 || '%'
              AND NOT EXISTS (
                  SELECT 1 FROM erased_persons e WHERE e.person_id = c.person_id)
            ORDER BY c.closed_on, c.person_id""",
        years,
        today,
        within,
        page=page,
        size=size,
    )
    holds = await holds_of(db, [item.person_id for item in found.items])
    for item in found.items:
        item.held_by = [
            Hold(service=h.service, kind=h.kind, case_id=h.case_id)
            for h in map(as_shown, holds.get(item.person_id, []))
        ]
    return found
