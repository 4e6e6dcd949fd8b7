"""The tables of a service's people copy (人口底册) and the appliers that keep them.

Kept from the registry's events only, so no query or command of the service calls the
registry: people (name, masked ID, birth date, sex, office, household, tags, alive),
households (their office) and offices (name, kind, parent). ``office`` follows moves,
so a ledger joining on it shows a person under the office that has them now. A person
erased (个人信息删除) keeps their row, as the registry's events read once their key is
destroyed: name :data:`ERASED_NAME`, no masked ID, birth date :data:`ERASED_DATE`, and
``erased`` set, so lists show them as erased and figures leave them out.

``document_digest`` is the keyed digest of the document number (as the registry claims
it, ``keyring.digest("document", number)``), never the number: a partner that names a
person only by ID number (the police) is matched through it. It needs the store's key
ring, so :func:`set_document_digest` writes it beside the appliers; an erased person
has none (found by no number), and a copy built before it existed fills it on rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.personal import ERASED_DATE, ERASED_NAME
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    OfficeOpened,
    OfficeRenamed,
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonsMerged,
    PersonTagsChanged,
)
from shequ.eventstore import Migration
from shequ.keyring import KeyRing
from shequ.messaging import ConnectionAppliers

TABLES = ("people", "people_households", "people_offices")
MIGRATIONS = [
    Migration(
        "people-copy",
        1,
        """CREATE TABLE IF NOT EXISTS people (
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
           CREATE INDEX IF NOT EXISTS people_office ON people (office text_pattern_ops);
           CREATE INDEX IF NOT EXISTS people_household ON people (household_id);
           CREATE TABLE IF NOT EXISTS people_households (
               household_id text PRIMARY KEY,
               office       text NOT NULL);
           CREATE TABLE IF NOT EXISTS people_offices (
               code        text PRIMARY KEY,
               name        text NOT NULL,
               kind        text NOT NULL,
               parent_code text);
           CREATE TABLE IF NOT EXISTS people_rebuilds (
               transaction_id bigint NOT NULL,
               position       bigint NOT NULL);""",
    ),
    Migration(
        "people-copy",
        2,
        "ALTER TABLE people ADD COLUMN IF NOT EXISTS erased boolean NOT NULL"
        " DEFAULT false",
    ),
    Migration(
        "people-copy",
        3,
        """ALTER TABLE people ADD COLUMN IF NOT EXISTS document_digest bytea;
           CREATE INDEX IF NOT EXISTS people_document ON people (document_digest)
               WHERE document_digest IS NOT NULL;""",
    ),
]

APPLY = ConnectionAppliers()


def normalise_document(number: str) -> str:
    """A document number as the registry keeps it: no spaces, upper case."""
    return re.sub(r"\s", "", number).upper()


def document_digest(keyring: KeyRing, number: str) -> bytes:
    """The digest the registry claims ``number`` by (one kind for every document)."""
    return keyring.digest("document", normalise_document(number))


async def set_document_digest(
    conn: asyncpg.Connection, keyring: KeyRing, event: PersonRegistered
) -> None:
    """Index the registered person by their document's digest, if they have one."""
    if event.document_number is None:
        return
    await conn.execute(
        "UPDATE people SET document_digest = $2 WHERE person_id = $1",
        event.person_id,
        document_digest(keyring, event.document_number),
    )


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: PersonRegistered, _: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO people (person_id, office, name, document_masked,
                               birth_date, sex, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        e.person_id,
        e.office,
        e.name,
        e.document_masked,
        e.birth_date,
        e.sex,
        sorted(e.tags),
    )


@APPLY.on
async def _corrected(
    conn: asyncpg.Connection, e: PersonDetailsCorrected, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE people SET name = coalesce($2, name),
                  birth_date = coalesce($3, birth_date), sex = coalesce($4, sex)
           WHERE person_id = $1""",
        envelope.stream_id,
        e.name,
        e.birth_date,
        e.sex,
    )


@APPLY.on
async def _tags(
    conn: asyncpg.Connection, e: PersonTagsChanged, envelope: EventEnvelope
) -> None:
    await _retag(conn, envelope.stream_id, e.added, e.removed)


@APPLY.on
async def _merged(
    conn: asyncpg.Connection, e: PersonsMerged, envelope: EventEnvelope
) -> None:
    # The surviving file takes over the duplicate's tags.
    await _retag(conn, envelope.stream_id, e.tags_added, [])


async def _retag(
    conn: asyncpg.Connection,
    person_id: str,
    added: Sequence[str],
    removed: Sequence[str],
) -> None:
    await conn.execute(
        """UPDATE people SET tags = ARRAY(
               SELECT DISTINCT t FROM unnest(tags || $2::text[]) AS t
               WHERE t <> ALL($3::text[]) ORDER BY t)
           WHERE person_id = $1""",
        person_id,
        list(added),
        list(removed),
    )


@APPLY.on
async def _moved(
    conn: asyncpg.Connection, e: PersonMoved, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE people SET office = $2 WHERE person_id = $1",
        envelope.stream_id,
        e.to_office,
    )


@APPLY.on
async def _died(
    conn: asyncpg.Connection, _: PersonDied, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE people SET alive = false WHERE person_id = $1", envelope.stream_id
    )


@APPLY.on
async def _erased(
    conn: asyncpg.Connection, _: PersonErased, envelope: EventEnvelope
) -> None:
    # The values a rebuild reads from the registry's events once the key is gone, so
    # the copy is the same whether it saw the erasure live or replays it.
    await conn.execute(
        """UPDATE people SET name = $2, document_masked = NULL, birth_date = $3,
                  document_digest = NULL, erased = true
           WHERE person_id = $1""",
        envelope.stream_id,
        ERASED_NAME,
        ERASED_DATE,
    )


@APPLY.on
async def _merged_into(
    conn: asyncpg.Connection, e: PersonMergedInto, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE people SET alive = false, merged_into = $2, household_id = NULL
           WHERE person_id = $1""",
        envelope.stream_id,
        e.surviving_person_id,
    )


@APPLY.on
async def _household_registered(
    conn: asyncpg.Connection, e: HouseholdRegistered, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "INSERT INTO people_households VALUES ($1, $2) ON CONFLICT DO NOTHING",
        envelope.stream_id,
        e.office,
    )
    await _join(conn, envelope.stream_id, e.head_person_id)


@APPLY.on
async def _member_added(
    conn: asyncpg.Connection, e: HouseholdMemberAdded, envelope: EventEnvelope
) -> None:
    await _join(conn, envelope.stream_id, e.person_id)


@APPLY.on
async def _member_removed(
    conn: asyncpg.Connection, e: HouseholdMemberRemoved, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE people SET household_id = NULL
           WHERE person_id = $2 AND household_id = $1""",
        envelope.stream_id,
        e.person_id,
    )


async def _join(conn: asyncpg.Connection, household_id: str, person_id: str) -> None:
    await conn.execute(
        "UPDATE people SET household_id = $1 WHERE person_id = $2",
        household_id,
        person_id,
    )


@APPLY.on
async def _office_opened(
    conn: asyncpg.Connection, e: OfficeOpened, _: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO people_offices VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO NOTHING""",
        e.code,
        e.name,
        e.kind,
        e.parent_code,
    )


@APPLY.on
async def _office_renamed(
    conn: asyncpg.Connection, e: OfficeRenamed, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE people_offices SET name = $2 WHERE code = $1",
        envelope.stream_id,
        e.name,
    )
