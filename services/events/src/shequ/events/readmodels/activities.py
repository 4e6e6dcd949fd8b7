"""The activity ledger (活动台帐) and projects: one row each, counts and sums.

A row keeps the plan's plain facts and what was added since (attendance, visits,
evaluations, files, costs); figures count these rows by kind within a subtree and a
year, so every figure is traceable to the activities behind it. A cancelled activity
keeps its row, marked with the day and the reason, and counts towards nothing.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.events import (
    ActivityCancelled,
    ActivityCostRecorded,
    ActivityEvaluated,
    ActivityFileAttached,
    ActivityKind,
    ActivityPlanned,
    AttendanceRecorded,
    FamilyVisited,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("events_activities",)
MIGRATIONS = [
    Migration(
        "events-activities",
        1,
        """CREATE TABLE IF NOT EXISTS events_activities (
               activity_id  text PRIMARY KEY,
               office       text NOT NULL,
               kind         text NOT NULL,
               title        text NOT NULL,
               held_on      date NOT NULL,
               place        text NOT NULL,
               lead         text NOT NULL,
               planned      integer NOT NULL,
               capacity     integer,
               project_id   text,
               attendance   integer NOT NULL DEFAULT 0,
               families     integer NOT NULL DEFAULT 0,
               visited      integer NOT NULL DEFAULT 0,
               evaluations  integer NOT NULL DEFAULT 0,
               score_sum    numeric NOT NULL DEFAULT 0,
               files        integer NOT NULL DEFAULT 0,
               cost_fen     bigint NOT NULL DEFAULT 0,
               seq          bigserial);
           CREATE INDEX IF NOT EXISTS events_activities_office
               ON events_activities (office text_pattern_ops, held_on);""",
    ),
    Migration(
        "events-activities",
        2,
        """ALTER TABLE events_activities
               ADD COLUMN IF NOT EXISTS cancelled_on date,
               ADD COLUMN IF NOT EXISTS cancel_reason text""",
    ),
]

APPLY = ConnectionAppliers()


class ActivityRow(BaseModel):
    activity_id: str
    office: str
    office_name: str | None = None
    kind: ActivityKind
    title: str
    held_on: date
    place: str
    lead: str
    planned: int
    attendance: int
    families: int
    visited: int
    evaluations: int
    average: float | None
    files: int
    cost_fen: int
    project_id: str | None
    cancelled_on: date | None = None
    cancel_reason: str | None = None


async def _set(
    conn: asyncpg.Connection, activity_id: str, sql: str, *args: object
) -> None:
    await conn.execute(
        f"UPDATE events_activities SET {sql} WHERE activity_id = $1", activity_id, *args
    )


@APPLY.on
async def _planned(
    conn: asyncpg.Connection, e: ActivityPlanned, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO events_activities (activity_id, office, kind, title, held_on,
               place, lead, planned, capacity, project_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (activity_id) DO NOTHING""",
        e.activity_id,
        e.office,
        e.kind,
        e.title,
        e.held_on,
        e.place,
        e.lead,
        e.planned_participants,
        e.capacity,
        e.project_id,
    )


@APPLY.on
async def _attended(
    conn: asyncpg.Connection, e: AttendanceRecorded, env: EventEnvelope
) -> None:
    await _set(conn, e.activity_id, "attendance = $2", e.attendance)


@APPLY.on
async def _visited(
    conn: asyncpg.Connection, e: FamilyVisited, env: EventEnvelope
) -> None:
    await _set(
        conn, e.activity_id, "families = families + 1, visited = visited + $2", e.people
    )


@APPLY.on
async def _evaluated(
    conn: asyncpg.Connection, e: ActivityEvaluated, env: EventEnvelope
) -> None:
    sql = "evaluations = evaluations + 1, score_sum = score_sum + $2"
    await _set(conn, e.activity_id, sql, e.average)


@APPLY.on
async def _file(
    conn: asyncpg.Connection, e: ActivityFileAttached, env: EventEnvelope
) -> None:
    await _set(conn, e.activity_id, "files = files + 1")


@APPLY.on
async def _cost(
    conn: asyncpg.Connection, e: ActivityCostRecorded, env: EventEnvelope
) -> None:
    await _set(conn, e.activity_id, "cost_fen = cost_fen + $2", e.amount_fen)


@APPLY.on
async def _cancelled(
    conn: asyncpg.Connection, e: ActivityCancelled, env: EventEnvelope
) -> None:
    sql = "cancelled_on = $2, cancel_reason = $3"
    await _set(conn, e.activity_id, sql, e.cancelled_on, e.reason)


async def activities(
    db: Db, prefix: str, year: int, kind: ActivityKind | None, *, page: int, size: int
) -> Page[ActivityRow]:
    """The activities of a subtree held in ``year`` (of one kind), by day."""
    return await fetch_page(
        db,
        ActivityRow,
        f"""SELECT a.*, round(a.score_sum / nullif(a.evaluations, 0), 2)::float
                   AS average, {TOTAL}
            FROM events_activities a
            WHERE a.office LIKE $1 AND extract(year FROM a.held_on) = $2
              AND ($3::text IS NULL OR a.kind = $3)
            ORDER BY a.held_on, a.seq""",
        f"{prefix}%",
        year,
        kind,
        page=page,
        size=size,
    )


async def held_dates(db: Db, office: str, kind: str, since: date) -> list[date]:
    """The days ``office`` held activities of ``kind`` since ``since``."""
    rows = await db.fetch(
        """SELECT held_on FROM events_activities
           WHERE office = $1 AND kind = $2 AND held_on >= $3
             AND cancelled_on IS NULL""",
        office,
        kind,
        since,
    )
    return [r["held_on"] for r in rows]


async def counts_by_kind(db: Db, prefix: str, year: int, upto: date) -> dict[str, int]:
    """Activities held in a subtree in ``year`` up to ``upto``, by kind."""
    rows = await db.fetch(
        """SELECT kind, count(*) AS n FROM events_activities
           WHERE office LIKE $1 AND extract(year FROM held_on) = $2 AND held_on <= $3
             AND cancelled_on IS NULL
           GROUP BY kind""",
        f"{prefix}%",
        year,
        upto,
    )
    return {r["kind"]: int(r["n"]) for r in rows}


async def attendance_of(
    db: Db, prefix: str, year: int, upto: date, kinds: tuple[str, ...]
) -> int:
    """The attendance of a subtree's activities of ``kinds`` in ``year``."""
    total = await db.fetchval(
        """SELECT coalesce(sum(attendance), 0) FROM events_activities
           WHERE office LIKE $1 AND extract(year FROM held_on) = $2
             AND held_on <= $3 AND kind = ANY($4) AND cancelled_on IS NULL""",
        f"{prefix}%",
        year,
        upto,
        list(kinds),
    )
    return int(total)


async def of_project(db: Db, project_id: str) -> list[ActivityRow]:
    """The activities that belong to a project, by day."""
    rows = await db.fetch(
        """SELECT a.*, round(a.score_sum / nullif(a.evaluations, 0), 2)::float
                  AS average
           FROM events_activities a WHERE a.project_id = $1
           ORDER BY a.held_on, a.seq""",
        project_id,
    )
    return [ActivityRow.model_validate(dict(r)) for r in rows]
