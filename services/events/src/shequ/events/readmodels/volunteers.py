"""Volunteers (志愿者台帐) and the moral-bank ledger (道德银行台帐).

``events_points`` holds one row per earning or redemption with the balance after it,
keyed by the volunteer's stream version, so an event applied twice adds no row.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.events import (
    MoralPointsRedeemed,
    VolunteerHoursRecorded,
    VolunteerRegistered,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("events_volunteers", "events_points")
MIGRATIONS = [
    Migration(
        "events-volunteers",
        1,
        """CREATE TABLE IF NOT EXISTS events_volunteers (
               person_id     text PRIMARY KEY,
               office        text NOT NULL,
               registered_on date NOT NULL,
               hours         numeric NOT NULL DEFAULT 0,
               earned        integer NOT NULL DEFAULT 0,
               redeemed      integer NOT NULL DEFAULT 0,
               balance       integer NOT NULL DEFAULT 0 CHECK (balance >= 0));
           CREATE TABLE IF NOT EXISTS events_points (
               person_id    text NOT NULL,
               version      integer NOT NULL,
               office       text NOT NULL,
               day          date NOT NULL,
               activity_id  text,
               hours        numeric,
               points       integer NOT NULL,
               redeemed_for text,
               balance      integer NOT NULL,
               PRIMARY KEY (person_id, version));""",
    )
]

APPLY = ConnectionAppliers()


class VolunteerRow(BaseModel):
    person_id: str
    name: str | None
    office: str
    registered_on: date
    hours: float
    earned: int
    redeemed: int
    balance: int


class PointsRow(BaseModel):
    day: date
    activity_id: str | None
    hours: float | None
    points: int  # earned (+) or redeemed (-)
    redeemed_for: str | None
    balance: int


@APPLY.on
async def _volunteer(
    conn: asyncpg.Connection, e: VolunteerRegistered, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO events_volunteers (person_id, office, registered_on)
           VALUES ($1, $2, $3) ON CONFLICT (person_id) DO NOTHING""",
        e.person_id,
        e.office,
        e.registered_on,
    )


async def _points(
    conn: asyncpg.Connection,
    env: EventEnvelope,
    row: tuple[str, date, str | None, float | None, int, str | None, int],
) -> None:
    await conn.execute(
        """INSERT INTO events_points (person_id, version, office, day, activity_id,
               hours, points, redeemed_for, balance)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING""",
        env.stream_id.split("/", 1)[1],
        env.version,
        *row,
    )


@APPLY.on
async def _hours(
    conn: asyncpg.Connection, e: VolunteerHoursRecorded, env: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE events_volunteers SET hours = hours + $2, earned = earned + $3,
               balance = $4 WHERE person_id = $1""",
        e.person_id,
        e.hours,
        e.points,
        e.balance,
    )
    row = (e.office, e.served_on, e.activity_id, e.hours, e.points, None, e.balance)
    await _points(conn, env, row)


@APPLY.on
async def _redeemed(
    conn: asyncpg.Connection, e: MoralPointsRedeemed, env: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE events_volunteers SET redeemed = redeemed + $2, balance = $3
           WHERE person_id = $1""",
        e.person_id,
        e.points,
        e.balance,
    )
    row = (e.office, e.redeemed_on, None, None, -e.points, e.redeemed_for, e.balance)
    await _points(conn, env, row)


async def volunteers(
    db: Db, prefix: str, *, page: int, size: int
) -> Page[VolunteerRow]:
    """A subtree's volunteers with hours and points; names from the people copy."""
    return await fetch_page(
        db,
        VolunteerRow,
        f"""SELECT v.person_id, p.name, v.office, v.registered_on, v.hours::float
                   AS hours, v.earned, v.redeemed, v.balance, {TOTAL}
            FROM events_volunteers v
            LEFT JOIN people p ON p.person_id = v.person_id
            WHERE v.office LIKE $1 ORDER BY v.registered_on, v.person_id""",
        f"{prefix}%",
        page=page,
        size=size,
    )


async def points_of(db: Db, person_id: str) -> list[PointsRow]:
    """A volunteer's moral-bank ledger, oldest first."""
    rows = await db.fetch(
        """SELECT day, activity_id, hours::float AS hours, points, redeemed_for,
                  balance FROM events_points WHERE person_id = $1 ORDER BY version""",
        person_id,
    )
    return [PointsRow.model_validate(dict(r)) for r in rows]
