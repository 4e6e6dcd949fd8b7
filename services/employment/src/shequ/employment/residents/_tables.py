"""Employment's copy of the registry (居民底册): people, households and offices.

Kept from registry events only, so no query or command needs to call the registry.
Only what employment needs is kept: name, masked ID, office, birth date, sex, tags,
household, whether the person is alive. ``office`` follows moves, so every ledger that
joins on it shows a person under the office that has them now.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration

Applier = Callable[[asyncpg.Connection, EventEnvelope], Awaitable[None]]

TABLES = ("residents", "resident_households", "resident_offices")
MIGRATIONS = [
    Migration(
        "employment-residents",
        1,
        """CREATE TABLE IF NOT EXISTS residents (
               person_id       text PRIMARY KEY,
               office          text NOT NULL,
               name            text NOT NULL,
               document_masked text,
               birth_date      date NOT NULL,
               sex             text NOT NULL,
               tags            text[] NOT NULL,
               household_id    text,
               alive           boolean NOT NULL DEFAULT true,
               merged_into     text);
           CREATE INDEX IF NOT EXISTS residents_office
               ON residents (office text_pattern_ops);
           CREATE INDEX IF NOT EXISTS residents_household ON residents (household_id);
           CREATE TABLE IF NOT EXISTS resident_households (
               household_id text PRIMARY KEY,
               office       text NOT NULL);
           CREATE TABLE IF NOT EXISTS resident_offices (
               code        text PRIMARY KEY,
               name        text NOT NULL,
               kind        text NOT NULL,
               parent_code text);
           CREATE TABLE IF NOT EXISTS residents_rebuilds (
               rebuilt_at timestamptz NOT NULL);""",
    )
]


async def _registered(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO residents (person_id, office, name, document_masked,
                                  birth_date, sex, tags)
           VALUES ($1, $2, $3, $4, $5::text::date, $6, $7)""",
        d["person_id"],
        d["office"],
        d["name"],
        d["document_masked"],
        d["birth_date"],
        d["sex"],
        d["tags"],
    )


async def _corrected(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """UPDATE residents SET name = coalesce($2, name),
                  birth_date = coalesce($3::text::date, birth_date),
                  sex = coalesce($4, sex)
           WHERE person_id = $1""",
        e.stream_id,
        d.get("name"),
        d.get("birth_date"),
        d.get("sex"),
    )


async def _tags(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        """UPDATE residents SET tags = ARRAY(
               SELECT DISTINCT t FROM unnest(tags || $2::text[]) AS t
               WHERE t <> ALL($3::text[]) ORDER BY t)
           WHERE person_id = $1""",
        e.stream_id,
        e.data["added"],
        e.data["removed"],
    )


async def _moved(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        "UPDATE residents SET office = $2 WHERE person_id = $1",
        e.stream_id,
        e.data["to_office"],
    )


async def _died(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        "UPDATE residents SET alive = false WHERE person_id = $1", e.stream_id
    )


async def _merged_into(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        """UPDATE residents SET alive = false, merged_into = $2, household_id = NULL
           WHERE person_id = $1""",
        e.stream_id,
        e.data["surviving_person_id"],
    )


async def _household_registered(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        "INSERT INTO resident_households VALUES ($1, $2) ON CONFLICT DO NOTHING",
        e.stream_id,
        e.data["office"],
    )
    await _join(conn, e.stream_id, e.data["head_person_id"])


async def _member_added(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await _join(conn, e.stream_id, e.data["person_id"])


async def _member_removed(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        """UPDATE residents SET household_id = NULL
           WHERE person_id = $2 AND household_id = $1""",
        e.stream_id,
        e.data["person_id"],
    )


async def _join(conn: asyncpg.Connection, household_id: str, person_id: str) -> None:
    await conn.execute(
        "UPDATE residents SET household_id = $1 WHERE person_id = $2",
        household_id,
        person_id,
    )


async def _office_opened(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO resident_offices VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO NOTHING""",
        d["code"],
        d["name"],
        d["kind"],
        d["parent_code"],
    )


async def _office_renamed(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        "UPDATE resident_offices SET name = $2 WHERE code = $1",
        e.stream_id,
        e.data["name"],
    )


APPLIERS: dict[str, Applier] = {
    "PersonRegistered": _registered,
    "PersonDetailsCorrected": _corrected,
    "PersonTagsChanged": _tags,
    "PersonMoved": _moved,
    "PersonDied": _died,
    "PersonMergedInto": _merged_into,
    "HouseholdRegistered": _household_registered,
    "HouseholdMemberAdded": _member_added,
    "HouseholdMemberRemoved": _member_removed,
    "OfficeOpened": _office_opened,
    "OfficeRenamed": _office_renamed,
}
