"""People and offices from the registry, with each person's history of versions.

``people`` rows are temporal (see ``_temporal``): a move, a death, a corrected birth
date or changed tags closes one version and opens the next, so a ledger read as of a
past moment places everyone in the office they belonged to then. This is reporting's
own copy, not the shared ``shequ.service.people`` one: that keeps only each person's
current state, and reporting must answer "as of any moment".

A person erased (个人信息删除) is wiped from every version, past ones too, to the values
a rebuild reads from the events once their key is gone (姓名已删除, no masked ID, birth
date ``ERASED_DATE``; the addresses of the households they head; their employers in
``labour``), and every version is marked ``erased``: figures count them at no moment,
since no age can be told for them any more, while ledgers list them as erased.
"""

from __future__ import annotations

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import LabourStatusRecorded
from shequ.contracts.personal import ERASED_DATE, ERASED_NAME, personal_fields
from shequ.contracts.registry import (
    HeadOfHouseholdChanged,
    HouseholdRegistered,
    OfficeOpened,
    OfficeRenamed,
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonTagsChanged,
)
from shequ.eventstore import Migration
from shequ.messaging import Appliers
from shequ.reporting.readmodels.ledgers._temporal import Changes, Row
from shequ.service import Db

SERVICE = "registry"
TABLES = ("people", "offices", "households")
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
    ),
    # The 零就业家庭 ledger names each household's head (户主) and address.
    Migration(
        "reporting-ledgers-people",
        2,
        """CREATE TABLE IF NOT EXISTS households (
               household_id   text NOT NULL,
               valid_from     timestamptz NOT NULL,
               valid_to       timestamptz,
               head_person_id text NOT NULL,
               address        text NOT NULL);
           CREATE INDEX IF NOT EXISTS households_current
               ON households (household_id) WHERE valid_to IS NULL;
           CREATE INDEX IF NOT EXISTS households_id
               ON households (household_id, valid_from);""",
    ),
    Migration(
        "reporting-ledgers-people",
        3,
        "ALTER TABLE people ADD COLUMN IF NOT EXISTS erased boolean NOT NULL"
        " DEFAULT false",
    ),
]


# Ledgers by office subtree read through it; applying needs only ``people_current``.
INDEXES = [
    """CREATE INDEX IF NOT EXISTS people_office
       ON people (office text_pattern_ops, valid_from)"""
]


APPLY: Appliers[Changes, None] = Appliers()


@APPLY.on
def _registered(changes: Changes, e: PersonRegistered, envelope: EventEnvelope) -> None:
    changes.replace(
        "people",
        {"person_id": e.person_id},
        envelope.recorded_at,
        {
            "office": e.office,
            "name": e.name,
            "document_masked": e.document_masked,
            "birth_date": e.birth_date,
            "sex": e.sex,
            "tags": e.tags,
            "alive": True,
        },
    )


@APPLY.on
def _corrected(
    changes: Changes, e: PersonDetailsCorrected, envelope: EventEnvelope
) -> None:
    corrected = {"name": e.name, "sex": e.sex, "birth_date": e.birth_date}
    values = {k: v for k, v in corrected.items() if v is not None}
    changes.change(
        "people", {"person_id": envelope.stream_id}, envelope.recorded_at, values
    )


@APPLY.on
def _tags(changes: Changes, e: PersonTagsChanged, envelope: EventEnvelope) -> None:
    added, removed = set(e.added), set(e.removed)

    def tags(current: Row) -> Row:
        return {"tags": sorted((set(current["tags"]) | added) - removed)}

    changes.change(
        "people", {"person_id": envelope.stream_id}, envelope.recorded_at, tags
    )


@APPLY.on
def _moved(changes: Changes, e: PersonMoved, envelope: EventEnvelope) -> None:
    changes.change(
        "people",
        {"person_id": envelope.stream_id},
        envelope.recorded_at,
        {"office": e.to_office},
    )


@APPLY.on
def _gone(
    changes: Changes, e: PersonDied | PersonMergedInto, envelope: EventEnvelope
) -> None:
    changes.change(
        "people",
        {"person_id": envelope.stream_id},
        envelope.recorded_at,
        {"alive": False},
    )


@APPLY.on
def _erased(changes: Changes, _: PersonErased, envelope: EventEnvelope) -> None:
    person_id = envelope.stream_id
    changes.touch(person_id)
    # Every version, not just from now: the store holds their data no longer. Once
    # the batch's rows are written, so a rebuild (registered and erased in one batch)
    # ends as the live tables do.
    changes.finally_(
        """UPDATE people SET name = $2, document_masked = NULL, birth_date = $3,
                  erased = true
           WHERE person_id = $1""",
        person_id,
        ERASED_NAME,
        ERASED_DATE,
    )
    # A household's address is sealed under its first head's key, whoever heads it now.
    changes.finally_(
        """UPDATE households SET address = $2 WHERE household_id IN (
               SELECT household_id FROM (
                   SELECT DISTINCT ON (household_id) household_id, head_person_id
                   FROM households ORDER BY household_id, valid_from) AS first
               WHERE head_person_id = $1)""",
        person_id,
        personal_fields(HouseholdRegistered)["address"],
    )
    changes.finally_(
        "UPDATE labour SET employer = $2 WHERE person_id = $1",
        person_id,
        personal_fields(LabourStatusRecorded)["employer"],
    )


@APPLY.on
def _household(
    changes: Changes, e: HouseholdRegistered, envelope: EventEnvelope
) -> None:
    changes.replace(
        "households",
        {"household_id": envelope.stream_id},
        envelope.recorded_at,
        {"head_person_id": e.head_person_id, "address": e.address},
    )


@APPLY.on
def _head(changes: Changes, e: HeadOfHouseholdChanged, envelope: EventEnvelope) -> None:
    changes.change(
        "households",
        {"household_id": envelope.stream_id},
        envelope.recorded_at,
        {"head_person_id": e.head_person_id},
    )


@APPLY.on
def _office(changes: Changes, e: OfficeOpened, envelope: EventEnvelope) -> None:
    changes.statement(
        """INSERT INTO offices VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name""",
        e.code,
        e.name,
        e.kind,
        e.parent_code,
    )


@APPLY.on
def _renamed(changes: Changes, e: OfficeRenamed, envelope: EventEnvelope) -> None:
    changes.statement(
        "UPDATE offices SET name = $2 WHERE code = $1", envelope.stream_id, e.name
    )


async def office_names(db: Db) -> dict[str, str]:
    """Every office's current name, by code."""
    return {r["code"]: r["name"] for r in await db.fetch("SELECT * FROM offices")}


async def names_of(db: Db, codes: list[str]) -> dict[str, str]:
    """The current names of the offices ``codes`` (those that reached reporting)."""
    rows = await db.fetch(
        "SELECT code, name FROM offices WHERE code = ANY($1::text[])", codes
    )
    return {r["code"]: r["name"] for r in rows}


async def office_known(db: Db, code: str) -> bool:
    """Whether the registry's office ``code`` has reached reporting."""
    return await db.fetchval("SELECT 1 FROM offices WHERE code = $1", code) is not None
