"""Rented housing (出租屋) as a table, and the list of a subtree's rentals from it."""

from __future__ import annotations

import asyncpg
from pydantic import BaseModel, Field

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import RentalHousingRegistered, RentalTenantsChanged
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Page, fetch_page

TABLES = ("rentals",)
MIGRATIONS = [
    Migration(
        "registry-directory-rentals",
        1,
        """CREATE TABLE IF NOT EXISTS rentals (
               rental_id text PRIMARY KEY,
               office    text NOT NULL,
               address   text NOT NULL,
               landlord  text NOT NULL,
               tenants   text[] NOT NULL DEFAULT '{}',
               version   integer NOT NULL);
           CREATE INDEX IF NOT EXISTS rentals_office
               ON rentals (office text_pattern_ops, rental_id);""",
    )
]


APPLY = ConnectionAppliers()


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: RentalHousingRegistered, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "INSERT INTO rentals VALUES ($1, $2, $3, $4, $5, $6)",
        envelope.stream_id,
        e.office,
        e.address,
        e.landlord_person_id,
        sorted(e.tenant_person_ids),
        envelope.version,
    )


@APPLY.on
async def _tenants(
    conn: asyncpg.Connection, e: RentalTenantsChanged, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE rentals SET version = $4, tenants = ARRAY(
               SELECT DISTINCT t FROM unnest(tenants || $2::text[]) AS t
               WHERE t <> ALL($3::text[]) ORDER BY t)
           WHERE rental_id = $1""",
        envelope.stream_id,
        e.moved_in,
        e.moved_out,
        envelope.version,
    )


class RentalRow(BaseModel):
    rental_id: str
    office: str
    office_name: str | None = Field(
        None, description="the office's name, shown beside its code"
    )
    address: str
    landlord: str
    tenants: list[str]
    version: int


RentalPage = Page[RentalRow]


async def rentals_within(
    pool: asyncpg.Pool, within: str, page: int, size: int
) -> RentalPage:
    """Rented housing in the subtree ``within``, by id, ``size`` to a page."""
    return await fetch_page(
        pool,
        RentalRow,
        f"""SELECT *,
            (SELECT o.name FROM offices o WHERE o.code = rentals.office) AS office_name,
            {TOTAL}
            FROM rentals
            WHERE office LIKE $1 || '%' ORDER BY rental_id""",
        within,
        page=page,
        size=size,
    )
