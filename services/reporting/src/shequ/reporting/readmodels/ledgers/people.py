"""People and offices from the registry, with each person's history of versions.

``people`` rows are temporal (see ``_temporal``): a move, a death, a corrected birth
date or changed tags closes one version and opens the next, so a ledger read as of a
past moment places everyone in the office they belonged to then.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.reporting.readmodels.ledgers._apply import Applier
from shequ.reporting.readmodels.ledgers._temporal import Changes, Row
from shequ.service import Db

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
           CREATE TABLE IF NOT EXISTS offices (
               code        text PRIMARY KEY,
               name        text NOT NULL,
               kind        text NOT NULL,
               parent_code text);""",
    )
]


# Ledgers by office subtree read through it; applying needs only ``people_current``.
INDEXES = [
    """CREATE INDEX IF NOT EXISTS people_office
       ON people (office text_pattern_ops, valid_from)"""
]


def _registered(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    changes.replace(
        "people",
        {"person_id": d["person_id"]},
        e.recorded_at,
        {
            "office": d["office"],
            "name": d["name"],
            "document_masked": d["document_masked"],
            "birth_date": _date(d["birth_date"]),
            "sex": d["sex"],
            "tags": d["tags"],
            "alive": True,
        },
    )


def _corrected(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    values = {k: d[k] for k in ("name", "sex") if d.get(k) is not None}
    if d.get("birth_date") is not None:
        values["birth_date"] = _date(d["birth_date"])
    changes.change("people", {"person_id": e.stream_id}, e.recorded_at, values)


def _tags(changes: Changes, e: EventEnvelope) -> None:
    added, removed = set(e.data["added"]), set(e.data["removed"])

    def tags(current: Row) -> Row:
        return {"tags": sorted((set(current["tags"]) | added) - removed)}

    changes.change("people", {"person_id": e.stream_id}, e.recorded_at, tags)


def _moved(changes: Changes, e: EventEnvelope) -> None:
    changes.change(
        "people",
        {"person_id": e.stream_id},
        e.recorded_at,
        {"office": e.data["to_office"]},
    )


def _gone(changes: Changes, e: EventEnvelope) -> None:
    changes.change(
        "people", {"person_id": e.stream_id}, e.recorded_at, {"alive": False}
    )


def _office(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    changes.statement(
        """INSERT INTO offices VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name""",
        d["code"],
        d["name"],
        d["kind"],
        d["parent_code"],
    )


def _renamed(changes: Changes, e: EventEnvelope) -> None:
    changes.statement(
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


async def office_names(db: Db) -> dict[str, str]:
    """Every office's current name, by code."""
    return {r["code"]: r["name"] for r in await db.fetch("SELECT * FROM offices")}


async def office_known(db: Db, code: str) -> bool:
    """Whether the registry's office ``code`` has reached reporting."""
    return await db.fetchval("SELECT 1 FROM offices WHERE code = $1", code) is not None
