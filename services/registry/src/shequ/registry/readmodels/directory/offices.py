"""The office tree (机构) as a table: code, name, kind, parent, open or closed."""

from __future__ import annotations

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import OfficeClosed, OfficeOpened, OfficeRenamed
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers

TABLES = ("offices",)
MIGRATIONS = [
    Migration(
        "registry-directory-offices",
        1,
        """CREATE TABLE IF NOT EXISTS offices (
               code        text PRIMARY KEY,
               name        text NOT NULL,
               kind        text NOT NULL,
               parent_code text,
               status      text NOT NULL DEFAULT 'open',
               version     integer NOT NULL);""",
    )
]


APPLY = ConnectionAppliers()


@APPLY.on
async def _opened(
    conn: asyncpg.Connection, e: OfficeOpened, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "INSERT INTO offices VALUES ($1, $2, $3, $4, 'open', $5)",
        e.code,
        e.name,
        e.kind,
        e.parent_code,
        envelope.version,
    )


@APPLY.on
async def _renamed(
    conn: asyncpg.Connection, e: OfficeRenamed, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE offices SET name = $2, version = $3 WHERE code = $1",
        envelope.stream_id,
        e.name,
        envelope.version,
    )


@APPLY.on
async def _closed(
    conn: asyncpg.Connection, e: OfficeClosed, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE offices SET status = 'closed', version = $2 WHERE code = $1",
        envelope.stream_id,
        envelope.version,
    )


class OfficeRow(BaseModel):
    code: str
    name: str
    kind: str
    parent_code: str | None
    status: str
    version: int


async def offices_within(pool: asyncpg.Pool, prefix: str) -> list[OfficeRow]:
    """Every office whose code starts with ``prefix`` (a subtree), by code."""
    rows = await pool.fetch(
        "SELECT * FROM offices WHERE code LIKE $1 || '%' ORDER BY code", prefix
    )
    return [OfficeRow(**dict(row)) for row in rows]


async def directory_names(pool: asyncpg.Pool, codes: list[str]) -> dict[str, str]:
    """The names of the offices ``codes`` that the directory holds."""
    rows = await pool.fetch(
        "SELECT code, name FROM offices WHERE code = ANY($1::text[])", codes
    )
    return {row["code"]: row["name"] for row in rows}
