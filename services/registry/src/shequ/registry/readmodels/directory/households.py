"""Households (户) as tables, and the list of a subtree's households read from them.

``household_members`` holds everyone in a household, the head with relationship
``head``; ``persons.household_id`` follows membership so a person search shows it.
Lists stay inside the reader's office subtree (``office LIKE prefix%``).
"""

from __future__ import annotations

import asyncpg
from pydantic import BaseModel, Field

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import (
    HeadOfHouseholdChanged,
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Page, fetch_page

TABLES = ("households", "household_members")
MIGRATIONS = [
    Migration(
        "registry-directory-households",
        1,
        """CREATE TABLE IF NOT EXISTS households (
               household_id   text PRIMARY KEY,
               office         text NOT NULL,
               address        text NOT NULL,
               head_person_id text NOT NULL,
               version        integer NOT NULL);
           CREATE INDEX IF NOT EXISTS households_office
               ON households (office text_pattern_ops, household_id);
           CREATE TABLE IF NOT EXISTS household_members (
               household_id text NOT NULL,
               person_id    text NOT NULL,
               relationship text NOT NULL,
               PRIMARY KEY (household_id, person_id));""",
    )
]


APPLY = ConnectionAppliers()


async def _join(
    conn: asyncpg.Connection, envelope: EventEnvelope, person: str, rel: str
) -> None:
    household = envelope.stream_id
    await conn.execute(
        "INSERT INTO household_members VALUES ($1, $2, $3)", household, person, rel
    )
    await conn.execute(
        "UPDATE persons SET household_id = $1 WHERE person_id = $2", household, person
    )


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: HouseholdRegistered, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "INSERT INTO households VALUES ($1, $2, $3, $4, $5)",
        envelope.stream_id,
        e.office,
        e.address,
        e.head_person_id,
        envelope.version,
    )
    await _join(conn, envelope, e.head_person_id, "head")


@APPLY.on
async def _added(
    conn: asyncpg.Connection, e: HouseholdMemberAdded, envelope: EventEnvelope
) -> None:
    await _join(conn, envelope, e.person_id, e.relationship)
    await _version(conn, envelope)


@APPLY.on
async def _removed(
    conn: asyncpg.Connection, e: HouseholdMemberRemoved, envelope: EventEnvelope
) -> None:
    args = (envelope.stream_id, e.person_id)
    await conn.execute(
        "DELETE FROM household_members WHERE household_id = $1 AND person_id = $2",
        *args,
    )
    await conn.execute(
        """UPDATE persons SET household_id = NULL
           WHERE household_id = $1 AND person_id = $2""",
        *args,
    )
    await _version(conn, envelope)


@APPLY.on
async def _head_changed(
    conn: asyncpg.Connection, e: HeadOfHouseholdChanged, envelope: EventEnvelope
) -> None:
    household = envelope.stream_id
    await conn.execute(
        "DELETE FROM household_members WHERE household_id = $1", household
    )
    await conn.executemany(
        "INSERT INTO household_members VALUES ($1, $2, $3)",
        [(household, e.head_person_id, "head")]
        + [(household, p, r) for p, r in e.relationships.items()],
    )
    await conn.execute(
        "UPDATE households SET head_person_id = $2 WHERE household_id = $1",
        household,
        e.head_person_id,
    )
    await _version(conn, envelope)


async def _version(conn: asyncpg.Connection, envelope: EventEnvelope) -> None:
    await conn.execute(
        "UPDATE households SET version = $2 WHERE household_id = $1",
        envelope.stream_id,
        envelope.version,
    )


class MemberRow(BaseModel):
    """A member of a household, as a list or a single household shows them."""

    person_id: str
    # A list shows None while the person's file is not yet in the directory.
    name: str | None
    relationship: str = Field(description='to the head; the head\'s own is "head"')


class _Household(BaseModel):
    household_id: str
    office: str
    office_name: str | None
    address: str
    head_person_id: str
    version: int


class HouseholdRow(BaseModel):
    """A household with its members, in a list or as one household is read."""

    household_id: str
    office: str
    office_name: str | None = Field(
        None, description="the office's name, shown beside its code"
    )
    address: str
    head_person_id: str
    members: list[MemberRow] = Field(description="the head first, then by person id")
    version: int


HouseholdPage = Page[HouseholdRow]


async def households_within(
    pool: asyncpg.Pool, within: str, page: int, size: int
) -> HouseholdPage:
    """Households in the subtree ``within``, by id, each with its members' names."""
    found = await fetch_page(
        pool,
        _Household,
        f"""SELECT *,
            (SELECT o.name FROM offices o WHERE o.code = households.office)
                AS office_name,
            {TOTAL}
            FROM households
            WHERE office LIKE $1 || '%' ORDER BY household_id""",
        within,
        page=page,
        size=size,
    )
    members = await pool.fetch(
        """SELECT m.household_id, m.person_id, p.name, m.relationship
           FROM household_members m LEFT JOIN persons p USING (person_id)
           WHERE m.household_id = ANY($1::text[])
           ORDER BY m.relationship <> 'head', m.person_id""",
        [h.household_id for h in found.items],
    )
    by_household: dict[str, list[MemberRow]] = {h.household_id: [] for h in found.items}
    for m in members:
        by_household[m["household_id"]].append(
            MemberRow(
                person_id=m["person_id"], name=m["name"], relationship=m["relationship"]
            )
        )
    items = [
        HouseholdRow(**h.model_dump(), members=by_household[h.household_id])
        for h in found.items
    ]
    return HouseholdPage(items=items, total=found.total, page=page, size=size)
