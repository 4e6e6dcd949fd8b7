"""Volunteers and their points ledger, teams and members, corners, duties missed.

``events_points`` is the moral-bank ledger (道德银行台帐): one row per earning or
redemption with the balance after it, keyed by the volunteer's stream version.
``events_duties_missed`` holds each slot a duty ended short (the to-do list); a
miss leaves the list once the office has held as many as were wanted by then.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.events import (
    DutyKind,
    DutyMissed,
    MoralPointsRedeemed,
    PublicityCornerRefreshed,
    PublicityCornerSetUp,
    TeamFormed,
    TeamKind,
    TeamMemberJoined,
    TeamMemberLeft,
    VolunteerHoursRecorded,
    VolunteerRegistered,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = (
    "events_volunteers",
    "events_points",
    "events_teams",
    "events_team_members",
    "events_corners",
    "events_duties_missed",
)
MIGRATIONS = [
    Migration(
        "events-community",
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
               PRIMARY KEY (person_id, version));
           CREATE TABLE IF NOT EXISTS events_teams (
               team_id   text PRIMARY KEY,
               office    text NOT NULL,
               name      text NOT NULL,
               kind      text NOT NULL,
               formed_on date NOT NULL);
           CREATE TABLE IF NOT EXISTS events_team_members (
               team_id   text NOT NULL,
               person_id text NOT NULL,
               joined_on date NOT NULL,
               PRIMARY KEY (team_id, person_id));
           CREATE TABLE IF NOT EXISTS events_corners (
               corner_id    text PRIMARY KEY,
               office       text NOT NULL,
               place        text NOT NULL,
               since        date NOT NULL,
               refreshed_on date,
               theme        text);
           CREATE TABLE IF NOT EXISTS events_duties_missed (
               office text NOT NULL,
               duty   text NOT NULL,
               due_by date NOT NULL,
               held   integer NOT NULL,
               wanted integer NOT NULL,
               PRIMARY KEY (office, duty, due_by));""",
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


class TeamRow(BaseModel):
    team_id: str
    office: str
    name: str
    kind: TeamKind
    formed_on: date
    members: int


class CornerRow(BaseModel):
    corner_id: str
    office: str
    place: str
    since: date
    refreshed_on: date | None
    theme: str | None


class MissRow(BaseModel):
    office: str
    duty: DutyKind
    due_by: date
    held: int
    wanted: int


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


@APPLY.on
async def _team(conn: asyncpg.Connection, e: TeamFormed, env: EventEnvelope) -> None:
    await conn.execute(
        """INSERT INTO events_teams (team_id, office, name, kind, formed_on)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id) DO NOTHING""",
        e.team_id,
        e.office,
        e.name,
        e.kind,
        e.formed_on,
    )


@APPLY.on
async def _joined(
    conn: asyncpg.Connection, e: TeamMemberJoined, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO events_team_members (team_id, person_id, joined_on)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""",
        e.team_id,
        e.person_id,
        e.joined_on,
    )


@APPLY.on
async def _left(
    conn: asyncpg.Connection, e: TeamMemberLeft, env: EventEnvelope
) -> None:
    await conn.execute(
        "DELETE FROM events_team_members WHERE team_id = $1 AND person_id = $2",
        e.team_id,
        e.person_id,
    )


@APPLY.on
async def _corner(
    conn: asyncpg.Connection, e: PublicityCornerSetUp, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO events_corners (corner_id, office, place, since)
           VALUES ($1, $2, $3, $4) ON CONFLICT (corner_id) DO NOTHING""",
        e.corner_id,
        e.office,
        e.place,
        e.since,
    )


@APPLY.on
async def _refreshed(
    conn: asyncpg.Connection, e: PublicityCornerRefreshed, env: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE events_corners SET refreshed_on = greatest(refreshed_on, $2),
               theme = CASE WHEN refreshed_on > $2 THEN theme ELSE $3 END
           WHERE corner_id = $1""",
        e.corner_id,
        e.refreshed_on,
        e.theme,
    )


@APPLY.on
async def _missed(conn: asyncpg.Connection, e: DutyMissed, env: EventEnvelope) -> None:
    await conn.execute(
        """INSERT INTO events_duties_missed (office, duty, due_by, held, wanted)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
        e.office,
        e.duty,
        e.due_by,
        e.held,
        e.wanted,
    )


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


async def teams(db: Db, prefix: str, *, page: int, size: int) -> Page[TeamRow]:
    return await fetch_page(
        db,
        TeamRow,
        f"""SELECT t.*, (SELECT count(*) FROM events_team_members m
                         WHERE m.team_id = t.team_id) AS members, {TOTAL}
            FROM events_teams t WHERE t.office LIKE $1
            ORDER BY t.formed_on, t.team_id""",
        f"{prefix}%",
        page=page,
        size=size,
    )


async def corners(db: Db, prefix: str) -> list[CornerRow]:
    rows = await db.fetch(
        """SELECT corner_id, office, place, since, refreshed_on, theme
           FROM events_corners WHERE office LIKE $1 ORDER BY office, since""",
        f"{prefix}%",
    )
    return [CornerRow.model_validate(dict(r)) for r in rows]


async def corners_by_office(db: Db, prefix: str, upto: date) -> dict[str, int]:
    rows = await db.fetch(
        """SELECT office, count(*) AS n FROM events_corners
           WHERE office LIKE $1 AND since <= $2 GROUP BY office""",
        f"{prefix}%",
        upto,
    )
    return {r["office"]: int(r["n"]) for r in rows}


async def open_misses(db: Db, prefix: str) -> list[MissRow]:
    """Duties missed and not yet made up (held since ≥ wanted), overdue first."""
    rows = await db.fetch(
        """SELECT m.* FROM events_duties_missed m
           WHERE m.office LIKE $1 AND m.held + (
               SELECT count(*) FROM events_activities a
               WHERE a.office = m.office AND a.kind = m.duty
                 AND a.held_on > m.due_by
                 AND extract(year FROM a.held_on) = extract(year FROM m.due_by)
           ) < m.wanted
           ORDER BY m.due_by, m.office, m.duty""",
        f"{prefix}%",
    )
    return [MissRow.model_validate(dict(r)) for r in rows]


async def communities(db: Db, prefix: str) -> list[str]:
    """The communities (社区, 村) of a subtree, as the registry opened them."""
    rows = await db.fetch(
        """SELECT code FROM people_offices WHERE code LIKE $1
           AND kind IN ('community', 'village') ORDER BY code""",
        f"{prefix}%",
    )
    return [r["code"] for r in rows]


class MemberRow(BaseModel):
    person_id: str
    name: str | None
    office: str | None  # where the member lives now (the people copy)
    joined_on: date


async def members_of(db: Db, team_id: str) -> list[MemberRow]:
    """A team's members, names from the people copy, by the day they joined."""
    rows = await db.fetch(
        """SELECT m.person_id, p.name, p.office, m.joined_on
           FROM events_team_members m LEFT JOIN people p USING (person_id)
           WHERE m.team_id = $1 ORDER BY m.joined_on, m.person_id""",
        team_id,
    )
    return [MemberRow.model_validate(dict(r)) for r in rows]
