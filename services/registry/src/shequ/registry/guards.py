"""Uniqueness the registry must hold at once, not eventually (唯一性约束).

A projection lags its events, so it cannot stop two clerks registering the same ID
number in the same second. These small tables are written in the same transaction as
the command's events: the first commit wins, the second gets a conflict naming the
file that already holds the number
(see test_the_same_id_number_never_becomes_two_people).
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import Conflict
from shequ.eventstore import Migration

GUARD_MIGRATIONS = [
    Migration(
        "registry-guards",
        1,
        """CREATE TABLE IF NOT EXISTS person_documents (
               document_kind   text NOT NULL,
               document_number text NOT NULL,
               person_id       text NOT NULL,
               PRIMARY KEY (document_kind, document_number));
           CREATE TABLE IF NOT EXISTS household_membership (
               person_id    text PRIMARY KEY,
               household_id text NOT NULL);
           CREATE TABLE IF NOT EXISTS staff_logins (
               login    text PRIMARY KEY,
               staff_id text NOT NULL UNIQUE);
           CREATE TABLE IF NOT EXISTS staff_credentials (
               staff_id      text PRIMARY KEY,
               password_hash text NOT NULL,
               changed_at    timestamptz NOT NULL DEFAULT now());""",
    )
]


class DocumentAlreadyRegistered(Conflict):
    """The document already belongs to a person file (HTTP 409 names that file)."""

    code = "document-already-registered"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"this document already belongs to person file {person_id}",
            field="document_number",
        )
        self.person_id = person_id


async def claim_document(
    conn: asyncpg.Connection, kind: str, number: str, person_id: str
) -> None:
    """Reserve a document number for ``person_id``, or name who holds it."""
    holder = await conn.fetchval(
        """INSERT INTO person_documents VALUES ($1, $2, $3)
           ON CONFLICT (document_kind, document_number) DO UPDATE
           SET person_id = person_documents.person_id
           RETURNING person_id""",
        kind,
        number,
        person_id,
    )
    if holder != person_id:
        raise DocumentAlreadyRegistered(holder)


async def document_holder(pool: asyncpg.Pool, kind: str, number: str) -> str | None:
    """The person file that holds a document number, if any."""
    holder: str | None = await pool.fetchval(
        """SELECT person_id FROM person_documents
           WHERE document_kind = $1 AND document_number = $2""",
        kind,
        number,
    )
    return holder
