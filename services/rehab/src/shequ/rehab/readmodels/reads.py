"""Reads of cases (查阅记录) as a table: who read which case, when, why.

``rehab_case_reads`` holds one row per ``RehabCaseRead``; the responsible office lists
a case's reads, and the break-glass ones of its subtree for review. Break-glass
openings themselves are granted from ``rehab_break_glass`` (see ``guards.py``),
written in the transaction of the read, so a grant never waits for this table.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.rehab import RehabCaseRead
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("rehab_case_reads",)
MIGRATIONS = [
    Migration(
        "rehab-case-reads",
        1,
        """CREATE TABLE IF NOT EXISTS rehab_case_reads (
               read_id       text PRIMARY KEY,
               case_id       text NOT NULL,
               case_office   text NOT NULL,
               reader        text NOT NULL,
               reader_office text NOT NULL,
               read_at       timestamptz NOT NULL,
               fields        text[] NOT NULL,
               purpose       text NOT NULL,
               break_glass   boolean NOT NULL);
           CREATE INDEX IF NOT EXISTS rehab_case_reads_case
               ON rehab_case_reads (case_id, read_at);
           CREATE INDEX IF NOT EXISTS rehab_case_reads_break_glass
               ON rehab_case_reads (case_office, read_at) WHERE break_glass;""",
    )
]

APPLY = ConnectionAppliers()


@APPLY.on
async def _read(conn: asyncpg.Connection, e: RehabCaseRead, env: EventEnvelope) -> None:
    await conn.execute(
        """INSERT INTO rehab_case_reads (read_id, case_id, case_office, reader,
               reader_office, read_at, fields, purpose, break_glass)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING""",
        env.stream_id,
        e.case_id,
        e.case_office,
        e.reader,
        e.reader_office,
        e.read_at,
        e.fields,
        e.purpose,
        e.break_glass,
    )


class ReadRow(BaseModel):
    """One read of a case."""

    case_id: str
    case_office: str
    reader: str
    reader_office: str
    read_at: datetime
    fields: list[str]
    purpose: str
    break_glass: bool


_COLUMNS = f"""case_id, case_office, reader, reader_office, read_at, fields, purpose,
               break_glass, {TOTAL}"""


async def reads_of(db: Db, case_id: str, *, page: int, size: int) -> Page[ReadRow]:
    """Who read case ``case_id``, latest first."""
    return await fetch_page(
        db,
        ReadRow,
        f"""SELECT {_COLUMNS} FROM rehab_case_reads WHERE case_id = $1
            ORDER BY read_at DESC, read_id DESC""",
        case_id,
        page=page,
        size=size,
    )


async def break_glass_reads(
    db: Db, prefix: str, *, page: int, size: int
) -> Page[ReadRow]:
    """Break-glass reads of cases held within ``prefix``, latest first (for review)."""
    return await fetch_page(
        db,
        ReadRow,
        f"""SELECT {_COLUMNS} FROM rehab_case_reads
            WHERE break_glass AND case_office LIKE $1 || '%'
            ORDER BY read_at DESC, read_id DESC""",
        prefix,
        page=page,
        size=size,
    )
