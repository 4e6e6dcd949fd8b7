"""People and offices from the registry, with each person's history of versions.

``people`` rows are temporal (see ``_temporal``): a move, a death, a corrected birth
date or changed tags closes one version and opens the next, so a ledger read as of a
past moment places everyone in the office they belonged to then.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.reporting.ledgers._apply import Applier
from shequ.reporting.ledgers._temporal import change, replace

SERVICE = "registry"
TABLES = ("people", "offices")
MIGRATIONS = [
    Migration(
        "reporting-ledgers-people",
        1,
        """CREATE TABLE IF NOT EXISTS people (
               person_id       text NOT NULL,
               valid_from      timestamptz NOT NULL,
               valid_to        timestamptz,
               office          text NOT NULL,
               name            text NOT NULL,
               document_masked text,
               birth_date      date NOT NULL,
               sex             text NOT NULL,
               tags            text[] NOT NULL,
               alive           boolean NOT NULL);
           CREATE INDEX IF NOT EXISTS people_current
               ON people (person_id) WHERE valid_to IS NULL;
           CREATE INDEX IF NOT EXISTS people_office
               ON people (office text_pattern_ops, valid_from);
           CREATE TABLE IF NOT EXISTS offices (
               code        text PRIMARY KEY,
               name        text NOT NULL,
               kind        text NOT NULL,
               parent_code text);""",
    )
]


async def _registered(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await replace(conn, "people", {"person_id": d["person_id"]}, e.recorded_at, {
        "office": d["office"], "name": d["name"],
        "document_masked": d["document_masked"],
        "birth_date": _date(d["birth_date"]), "sex": d["sex"], "tags": d["tags"],
        "alive": True,
    })  # fmt: skip


async def _corrected(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    values = {k: d[k] for k in ("name", "sex") if d.get(k) is not None}
    if d.get("birth_date") is not None:
        values["birth_date"] = _date(d["birth_date"])
    await change(conn, "people", {"person_id": e.stream_id}, e.recorded_at, values)


async def _tags(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    current = await conn.fetchval(
        "SELECT tags FROM people WHERE person_id = $1 AND valid_to IS NULL",
        e.stream_id,
    )
    if current is None:
        return
    tags = sorted((set(current) | set(e.data["added"])) - set(e.data["removed"]))
    await change(
        conn, "people", {"person_id": e.stream_id}, e.recorded_at, {"tags": tags}
    )


async def _moved(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await change(conn, "people", {"person_id": e.stream_id}, e.recorded_at,
                 {"office": e.data["to_office"]})  # fmt: skip


async def _gone(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await change(conn, "people", {"person_id": e.stream_id}, e.recorded_at,
                 {"alive": False})  # fmt: skip


async def _office(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO offices VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name""",
        d["code"], d["name"], d["kind"], d["parent_code"],
    )  # fmt: skip


async def _renamed(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        "UPDATE offices SET name = $2 WHERE code = $1", e.stream_id, e.data["name"]
    )


def _date(text: str) -> date:
    return date.fromisoformat(text)


APPLIERS: dict[str, Applier] = {
    "PersonRegistered": _registered,
    "PersonDetailsCorrected": _corrected,
    "PersonTagsChanged": _tags,
    "PersonMoved": _moved,
    "PersonDied": _gone,
    "PersonMergedInto": _gone,
    "OfficeOpened": _office,
    "OfficeRenamed": _renamed,
}
