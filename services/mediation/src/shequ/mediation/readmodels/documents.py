"""Documents issued (文书台帐): which file, by its SHA-256, was issued on which dispute.

``mediation_documents`` holds one row per ``MediationDocumentIssued``: the digest,
the dispute, its office, the kind, format and date. The number stays sealed in the
event (it names the dispute), read from the stream only by a reader the rules allow.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.mediation import MediationDocumentIssued, MediationDocumentKind
from shequ.documents import Format
from shequ.eventstore import Migration
from shequ.mediation.readmodels.disputes import dispute_of
from shequ.messaging import ConnectionAppliers
from shequ.service import Db

TABLES = ("mediation_documents",)
MIGRATIONS = [
    Migration(
        "mediation-documents",
        1,
        """CREATE TABLE IF NOT EXISTS mediation_documents (
               dispute_id text NOT NULL,
               version    int NOT NULL,
               sha256     text NOT NULL,
               office     text NOT NULL,
               kind       text NOT NULL,
               format     text NOT NULL,
               issued_on  date NOT NULL,
               PRIMARY KEY (dispute_id, version));
           CREATE INDEX IF NOT EXISTS mediation_documents_sha256
               ON mediation_documents (sha256);""",
    )
]

APPLY = ConnectionAppliers()


@APPLY.on
async def _issued(
    conn: asyncpg.Connection, e: MediationDocumentIssued, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO mediation_documents (dispute_id, version, sha256, office, kind,
               format, issued_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""",
        dispute_of(env),
        env.version,
        e.sha256,
        e.office,
        e.kind,
        e.format,
        e.issued_on,
    )
    await conn.execute(  # the dispute's row follows its stream's version
        "UPDATE mediation_disputes SET version = $2 WHERE dispute_id = $1",
        dispute_of(env),
        env.version,
    )


class IssuedRow(BaseModel):
    """One issue of a document, as the table holds it."""

    dispute_id: str
    version: int
    office: str
    kind: MediationDocumentKind
    format: Format
    issued_on: date


async def issued_with(db: Db, sha256: str) -> list[IssuedRow]:
    """Every issue of the file whose digest is ``sha256``, first issued first."""
    rows = await db.fetch(
        """SELECT dispute_id, version, office, kind, format, issued_on
           FROM mediation_documents WHERE sha256 = $1 ORDER BY dispute_id, version""",
        sha256,
    )
    return [IssuedRow(**dict(r)) for r in rows]
