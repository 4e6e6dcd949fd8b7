"""Persons (一人一档) as a searchable table (the search: ``person_search``).

The table holds no ID number or phone in clear (#22). Each is kept as a keyed digest
(HMAC under a key derived from the master key) that exact search indexes, sealed under
the person's own key for readers whose role sees it whole, and masked for the others.
A dump of the table shows neither, and once the person's key is destroyed nothing of
theirs can be opened (see test_the_stores_hold_no_number_or_phone_in_clear).
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, replace

import asyncpg

from shequ.access import mask_phone
from shequ.contracts import EventEnvelope
from shequ.contracts.personal import ERASED_DATE, ERASED_NAME, ERASED_TEXT
from shequ.contracts.registry import (
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonsMerged,
    PersonTagsChanged,
    Tag,
)
from shequ.eventstore import Migration
from shequ.keyring import KeyRing, SubjectErased
from shequ.messaging import Appliers, ConnectionAppliers, Projection
from shequ.registry.readmodels.guards import release_documents, restore_claim
from shequ.service.people import document_digest

TABLES = ("persons",)
MIGRATIONS = [
    Migration(
        "registry-directory-persons",
        1,
        """CREATE TABLE IF NOT EXISTS persons (
               person_id       text PRIMARY KEY,
               office          text NOT NULL,
               name            text NOT NULL,
               document_kind   text,
               document_number text,
               document_masked text,
               birth_date      date NOT NULL,
               sex             text NOT NULL,
               phone           text,
               address         text NOT NULL,
               residence       text NOT NULL,
               tags            text[] NOT NULL DEFAULT '{}',
               status          text NOT NULL DEFAULT 'living',
               date_of_death   date,
               merged_into     text,
               household_id    text,
               version         integer NOT NULL);
           CREATE INDEX IF NOT EXISTS persons_office
               ON persons (office text_pattern_ops, name);
           CREATE INDEX IF NOT EXISTS persons_name ON persons (name text_pattern_ops);
           CREATE INDEX IF NOT EXISTS persons_document ON persons (document_number);
           CREATE INDEX IF NOT EXISTS persons_phone ON persons (phone);""",
    ),
    # SQL-standard bodies (RETURN) are bound when created, so the index expression
    # means the same under any search_path (maintenance runs with pg_catalog only).
    # fastupdate off: a GIN pending list (up to 4 MB until autovacuum) is scanned
    # whole by every search (100k names, same load: p50 18.6 ms with it, 3.4 without).
    Migration(
        "registry-directory-persons",
        2,
        """CREATE OR REPLACE FUNCTION name_grams(name text) RETURNS text[]
               LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
               RETURN ARRAY(SELECT DISTINCT substr(lower(name), i, n)
                            FROM generate_series(1, 2) AS n,
                                 generate_series(1, char_length(name) - n + 1) AS i);
           CREATE OR REPLACE FUNCTION name_query_grams(query text) RETURNS text[]
               LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
               RETURN CASE WHEN char_length(query) < 2 THEN ARRAY[lower(query)]
                      ELSE ARRAY(SELECT DISTINCT substr(lower(query), i, 2)
                                 FROM generate_series(1, char_length(query) - 1) AS i)
                      END;
           CREATE INDEX IF NOT EXISTS persons_name_grams
               ON persons USING gin (name_grams(name)) WITH (fastupdate = off);""",
    ),
    # Numbers only as digests and sealed values, and erased persons (#22). Rows
    # written before keep no number until registry-directory is rebuilt, which
    # refills them and drops the old pages (DROP COLUMN leaves the values on disk
    # until each row is rewritten).
    Migration(
        "registry-directory-persons",
        3,
        """ALTER TABLE persons
               DROP COLUMN IF EXISTS document_number,
               DROP COLUMN IF EXISTS phone,
               ADD COLUMN IF NOT EXISTS document_digest bytea,
               ADD COLUMN IF NOT EXISTS document_sealed text,
               ADD COLUMN IF NOT EXISTS phone_digest bytea,
               ADD COLUMN IF NOT EXISTS phone_sealed text,
               ADD COLUMN IF NOT EXISTS phone_masked text,
               ADD COLUMN IF NOT EXISTS erased boolean NOT NULL DEFAULT false,
               ALTER COLUMN birth_date DROP NOT NULL;
           CREATE INDEX IF NOT EXISTS persons_document_digest
               ON persons (document_digest);
           CREATE INDEX IF NOT EXISTS persons_phone_digest
               ON persons (phone_digest);""",
    ),
]


@dataclass(frozen=True, slots=True)
class Keyed:
    """The projection's connection, with the keys that seal and digest numbers."""

    conn: asyncpg.Connection
    keyring: KeyRing


# Events carrying a number or a phone are applied with the keys; the rest plainly.
KEYED: Appliers[Keyed, Awaitable[None]] = Appliers()
APPLY = ConnectionAppliers()


def sealing(plain: Projection, keyring: KeyRing) -> Projection:
    """``plain`` with the persons' numbers and phones kept under ``keyring``."""

    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        for envelope in events:
            if KEYED.handles(envelope):
                await KEYED.apply(Keyed(conn, keyring), envelope)
            else:
                await plain.apply(conn, [envelope])

    return replace(plain, apply=apply)


def phone_digest(keyring: KeyRing, phone: str) -> bytes:
    """The digest a phone (normalised: digits, no +86) is searched by."""
    return keyring.digest("phone", phone)


async def _sealed(keyring: KeyRing, person_id: str, value: str | None) -> str | None:
    """``value`` sealed under the person's key; None once that key is destroyed."""
    if value is None:
        return None
    try:
        return await keyring.seal_text(person_id, value)
    except SubjectErased:
        # Erased since the event was read (or rebuilt after): nothing is kept.
        return None


async def _phone(
    keyring: KeyRing, person_id: str, phone: str | None
) -> tuple[bytes | None, str | None, str | None]:
    """(digest, sealed, masked) of a phone, or three None."""
    if phone is None:
        return None, None, None
    sealed = await _sealed(keyring, person_id, phone)
    return phone_digest(keyring, phone), sealed, mask_phone(phone)


@KEYED.on
async def _registered(to: Keyed, e: PersonRegistered, envelope: EventEnvelope) -> None:
    person_id, number = envelope.stream_id, e.document_number
    digest = None if number is None else document_digest(to.keyring, number)
    await to.conn.execute(
        """INSERT INTO persons (person_id, office, name, document_kind,
               document_digest, document_sealed, document_masked, birth_date, sex,
               phone_digest, phone_sealed, phone_masked, address, residence, tags,
               version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                   $16)""",
        person_id,
        e.office,
        e.name,
        e.document_kind,
        digest,
        await _sealed(to.keyring, person_id, number),
        e.document_masked,
        None if e.birth_date == ERASED_DATE else e.birth_date,
        e.sex,
        *await _phone(to.keyring, person_id, e.phone),
        e.address,
        e.residence,
        sorted(e.tags),
        envelope.version,
    )
    if digest is not None:
        # The claim was made with the event; a rebuild makes it again (after the
        # guard's migration to digests, this is what refills it).
        await restore_claim(to.conn, e.document_kind or "", digest, person_id)


@KEYED.on
async def _corrected(
    to: Keyed, e: PersonDetailsCorrected, envelope: EventEnvelope
) -> None:
    await to.conn.execute(
        """UPDATE persons SET name = coalesce($2, name),
               birth_date = coalesce($3, birth_date), sex = coalesce($4, sex),
               phone_digest = coalesce($5, phone_digest),
               phone_sealed = coalesce($6, phone_sealed),
               phone_masked = coalesce($7, phone_masked),
               address = coalesce($8, address),
               residence = coalesce($9, residence), version = $10
           WHERE person_id = $1""",
        envelope.stream_id,
        e.name,
        e.birth_date,
        e.sex,
        *await _phone(to.keyring, envelope.stream_id, e.phone),
        e.address,
        e.residence,
        envelope.version,
    )


@APPLY.on
async def _erased(
    conn: asyncpg.Connection, e: PersonErased, envelope: EventEnvelope
) -> None:
    # Shown as erased at once, even before the key is destroyed; the ID number is
    # free again, for a new file (the rule in README, "Personal data").
    await conn.execute(
        """UPDATE persons SET name = $2, address = $3, birth_date = NULL,
               document_kind = NULL, document_digest = NULL, document_sealed = NULL,
               document_masked = NULL, phone_digest = NULL, phone_sealed = NULL,
               phone_masked = NULL, erased = true, version = $4
           WHERE person_id = $1""",
        envelope.stream_id,
        ERASED_NAME,
        ERASED_TEXT,
        envelope.version,
    )
    await release_documents(conn, envelope.stream_id)


async def _tags(
    conn: asyncpg.Connection,
    envelope: EventEnvelope,
    added: list[Tag],
    removed: list[Tag],
) -> None:
    await conn.execute(
        """UPDATE persons SET version = $4, tags = ARRAY(
               SELECT DISTINCT t FROM unnest(tags || $2::text[]) AS t
               WHERE t <> ALL($3::text[]) ORDER BY t)
           WHERE person_id = $1""",
        envelope.stream_id,
        added,
        removed,
        envelope.version,
    )


@APPLY.on
async def _tags_changed(
    conn: asyncpg.Connection, e: PersonTagsChanged, envelope: EventEnvelope
) -> None:
    await _tags(conn, envelope, e.added, e.removed)


@APPLY.on
async def _absorbed(
    conn: asyncpg.Connection, e: PersonsMerged, envelope: EventEnvelope
) -> None:
    # The surviving file takes the duplicate's tags.
    await _tags(conn, envelope, e.tags_added, [])


@APPLY.on
async def _moved(
    conn: asyncpg.Connection, e: PersonMoved, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE persons SET office = $2, address = $3, version = $4
           WHERE person_id = $1""",
        envelope.stream_id,
        e.to_office,
        e.address,
        envelope.version,
    )


@APPLY.on
async def _died(
    conn: asyncpg.Connection, e: PersonDied, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE persons SET status = 'deceased', date_of_death = $2, version = $3
           WHERE person_id = $1""",
        envelope.stream_id,
        e.date_of_death,
        envelope.version,
    )


@APPLY.on
async def _merged_into(
    conn: asyncpg.Connection, e: PersonMergedInto, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE persons SET status = 'merged', merged_into = $2, version = $3
           WHERE person_id = $1""",
        envelope.stream_id,
        e.surviving_person_id,
        envelope.version,
    )


__all__ = ["APPLY", "KEYED", "MIGRATIONS", "TABLES", "Keyed", "phone_digest", "sealing"]
