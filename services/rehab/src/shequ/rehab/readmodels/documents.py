"""Documents issued (文书台帐): which file, by its SHA-256, was issued on which case.

``rehab_documents`` holds one row per ``RehabDocumentIssued``: the digest, the case,
its office then, the kind, format and date. The number stays sealed in the event
(it is the person's), read from the stream only by a reader the rules allow.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.rehab import DocumentFormat, DocumentKind, RehabDocumentIssued
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.rehab.readmodels.cases import case_of
from shequ.service import Db

TABLES = ("rehab_documents",)
MIGRATIONS = [
    Migration(
        "rehab-documents",
        1,
        """CREATE TABLE IF NOT EXISTS rehab_documents (
               case_id   text NOT NULL,
               version   int NOT NULL,
               sha256    text NOT NULL,
               office    text NOT NULL,
               kind      text NOT NULL,
               format    text NOT NULL,
               issued_on date NOT NULL,
               PRIMARY KEY (case_id, version));
           CREATE INDEX IF NOT EXISTS rehab_documents_sha256
               ON rehab_documents (sha256);""",
    )
]

APPLY = ConnectionAppliers()


@APPLY.on
async def _issued(
    conn: asyncpg.Connection, e: RehabDocumentIssued, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO rehab_documents (case_id, version, sha256, office, kind,
               format, issued_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""",
        case_of(env),
        env.version,
        e.sha256,
        e.office,
        e.kind,
        e.format,
        e.issued_on,
    )


class IssuedRow(BaseModel):
    """One issue of a document, as the table holds it."""

    case_id: str
    version: int
    office: str
    kind: DocumentKind
    format: DocumentFormat
    issued_on: date


async def issued_with(db: Db, sha256: str) -> list[IssuedRow]:
    """Every issue of the file whose digest is ``sha256``, first issued first."""
    rows = await db.fetch(
        """SELECT case_id, version, office, kind, format, issued_on
           FROM rehab_documents WHERE sha256 = $1 ORDER BY case_id, version""",
        sha256,
    )
    return [IssuedRow(**dict(r)) for r in rows]
