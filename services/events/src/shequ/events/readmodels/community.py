"""Teams and their members, publicity corners, duties missed, the communities.

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
    PublicityCornerRefreshed,
    PublicityCornerSetUp,
    TeamFormed,
    TeamKind,
    TeamMemberJoined,
    TeamMemberLeft,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = (
    "events_teams",
    "events_team_members",
    "events_corners",
    "events_duties_missed",
)
MIGRATIONS = [
    Migration(
        "events-community",
        1,
        """CREATE TABLE IF NOT EXISTS events_teams (
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
                 AND a.held_on > m.due_by AND a.cancelled_on IS NULL
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
