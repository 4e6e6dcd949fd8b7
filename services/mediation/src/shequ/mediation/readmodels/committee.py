"""The committees as a table: the hotline list (值班表) and who may mediate.

``mediation_committee`` holds one row per member ever appointed, ``serving`` while
they serve, ``on_call`` for the one answering the hotline now.
"""

from __future__ import annotations

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.mediation import (
    CommitteeMemberAppointed,
    CommitteeMemberLeft,
    CommitteeOnCallSet,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import Db

TABLES = ("mediation_committee",)
MIGRATIONS = [
    Migration(
        "mediation-committee",
        1,
        """CREATE TABLE IF NOT EXISTS mediation_committee (
               office    text NOT NULL,
               member_id text NOT NULL,
               role      text NOT NULL,
               name      text NOT NULL,
               phone     text NOT NULL,
               staff_id  text,
               person_id text,
               serving   boolean NOT NULL DEFAULT true,
               on_call   boolean NOT NULL DEFAULT false,
               version   int NOT NULL,
               PRIMARY KEY (member_id));
           CREATE INDEX IF NOT EXISTS mediation_committee_office
               ON mediation_committee (office);""",
    )
]

APPLY = ConnectionAppliers()


@APPLY.on
async def _appointed(
    conn: asyncpg.Connection, e: CommitteeMemberAppointed, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO mediation_committee (office, member_id, role, name, phone,
               staff_id, person_id, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
        e.office,
        e.member_id,
        e.role,
        e.name,
        e.phone,
        e.staff_id,
        e.person_id,
        env.version,
    )


@APPLY.on
async def _left(
    conn: asyncpg.Connection, e: CommitteeMemberLeft, env: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE mediation_committee SET serving = false, on_call = false,
               version = $2 WHERE member_id = $1""",
        e.member_id,
        env.version,
    )


@APPLY.on
async def _on_call(
    conn: asyncpg.Connection, e: CommitteeOnCallSet, env: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE mediation_committee SET on_call = (member_id = $2), version = $3
           WHERE office = $1""",
        e.office,
        e.member_id,
        env.version,
    )


class Member(BaseModel):
    office: str
    member_id: str
    role: str
    name: str
    phone: str
    staff_id: str | None
    person_id: str | None
    on_call: bool


async def members(db: Db, prefix: str) -> list[Member]:
    """The serving members of every committee within ``prefix``, on call first."""
    rows = await db.fetch(
        """SELECT * FROM mediation_committee WHERE serving AND office LIKE $1 || '%'
           ORDER BY office, NOT on_call, role = 'member', role = 'mediator', name""",
        prefix,
    )
    return [Member.model_validate(dict(r)) for r in rows]


async def serving(db: Db, office: str) -> frozenset[str]:
    """The member ids of ``office``'s committee who serve (and so may mediate)."""
    rows = await db.fetch(
        "SELECT member_id FROM mediation_committee WHERE serving AND office = $1",
        office,
    )
    return frozenset(r["member_id"] for r in rows)


async def members_of_staff(db: Db, staff_id: str) -> list[str]:
    """The member ids a staff member serves as (one per committee)."""
    rows = await db.fetch(
        "SELECT member_id FROM mediation_committee WHERE serving AND staff_id = $1",
        staff_id,
    )
    return [r["member_id"] for r in rows]


async def office_exists(db: Db, code: str) -> bool:
    """Whether the registry opened office ``code`` (and it is in the people copy)."""
    found: bool = await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM people_offices WHERE code = $1)", code
    )
    return found


async def committee_exists(db: Db, office: str) -> bool:
    """Whether ``office``'s committee exists (asked of the store, which never lags)."""
    found: bool = await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM events WHERE stream_id = $1)",
        f"committee/{office}",
    )
    return found


async def names_of(db: Db, member_ids: list[str]) -> list[str]:
    """The names of members ``member_ids``, in that order (those known)."""
    rows = await db.fetch(
        "SELECT member_id, name FROM mediation_committee WHERE member_id = ANY($1)",
        member_ids,
    )
    names = {r["member_id"]: r["name"] for r in rows}
    return [names[m] for m in member_ids if m in names]


async def serving_by_name(db: Db, office: str) -> dict[str, str]:
    """``office``'s serving members by name (the first of two of one name)."""
    rows = await db.fetch(
        """SELECT name, member_id FROM mediation_committee
           WHERE serving AND office = $1 ORDER BY member_id DESC""",
        office,
    )
    return {r["name"]: r["member_id"] for r in rows}
