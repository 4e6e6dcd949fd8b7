"""Zero-employment households (零就业家庭台帐): one row per time a household was one.

A row opens when a household is identified and closes when it clears, with the days
it stayed open, so the ledger shows both the open ones and how each was resolved.
An open row counts its days up to the day asked for, and is overdue past the limit.
A row names the head of household, the address (from the registry's households, in
:mod:`.household_heads`) and every member, with names, not only the household's id.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import asyncpg
from pydantic import BaseModel, Field

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    ZeroEmploymentHouseholdCleared,
    ZeroEmploymentHouseholdIdentified,
    ZeroEmploymentHouseholdMembersChanged,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("zero_employment_households",)
MIGRATIONS = [
    Migration(
        "employment-ledgers-households",
        1,
        """CREATE TABLE IF NOT EXISTS zero_employment_households (
               household_id          text NOT NULL,
               identified_version    integer NOT NULL,
               identified_on         date NOT NULL,
               office                text NOT NULL,
               unemployed_person_ids text[] NOT NULL,
               cleared_on            date,
               cleared_by_person_id  text,
               cleared_reason        text,
               days_open             integer,
               PRIMARY KEY (household_id, identified_version));
           CREATE INDEX IF NOT EXISTS zero_employment_households_open
               ON zero_employment_households (office text_pattern_ops)
               WHERE cleared_on IS NULL;""",
    ),
    Migration(
        "employment-ledgers-households",
        2,
        """ALTER TABLE zero_employment_households
               ADD COLUMN IF NOT EXISTS member_person_ids text[] NOT NULL
                   DEFAULT '{}';""",
    ),
]


APPLY = ConnectionAppliers()


@APPLY.on
async def _identified(
    conn: asyncpg.Connection,
    e: ZeroEmploymentHouseholdIdentified,
    envelope: EventEnvelope,
) -> None:
    await conn.execute(
        """INSERT INTO zero_employment_households
               (household_id, identified_version, identified_on, office,
                unemployed_person_ids, member_person_ids)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING""",
        e.household_id,
        envelope.version,
        e.identified_on,
        e.office,
        e.unemployed_person_ids,
        e.member_person_ids,
    )


@APPLY.on
async def _members_changed(
    conn: asyncpg.Connection, e: ZeroEmploymentHouseholdMembersChanged, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE zero_employment_households
           SET unemployed_person_ids = $2, member_person_ids = $3
           WHERE household_id = $1 AND cleared_on IS NULL""",
        e.household_id,
        e.unemployed_person_ids,
        e.member_person_ids,
    )


@APPLY.on
async def _cleared(
    conn: asyncpg.Connection, e: ZeroEmploymentHouseholdCleared, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE zero_employment_households
           SET cleared_on = $2, cleared_by_person_id = $3,
               cleared_reason = $4, days_open = $5,
               member_person_ids = CASE WHEN cardinality($6::text[]) > 0 THEN $6
                                        ELSE member_person_ids END
           WHERE household_id = $1 AND cleared_on IS NULL""",
        e.household_id,
        e.cleared_on,
        e.by_person_id,
        e.reason,
        e.days_open,
        e.member_person_ids,
    )


class ZeroHousehold(BaseModel):
    """One row of the ledger (零就业家庭台帐)."""

    household_id: str
    office: str
    office_name: str | None
    head_person_id: str | None
    head_name: str | None = Field(description="户主")
    address: str | None
    member_person_ids: list[str]
    member_names: list[str]
    unemployed_person_ids: list[str]
    unemployed_names: list[str]
    identified_on: date
    cleared_on: date | None
    cleared_by_person_id: str | None
    cleared_reason: str | None
    days_open: int
    overdue: bool


Which = Literal["open", "all"]


async def zero_households(
    db: Db,
    prefix: str,
    which: Which,
    day: date,
    limit_days: int,
    *,
    page: int,
    size: int,
) -> Page[ZeroHousehold]:
    """Households within ``prefix`` (open ones, or all), as of ``day``."""
    return await fetch_page(
        db,
        ZeroHousehold,
        f"""SELECT z.household_id, z.office, z.unemployed_person_ids,
                   (SELECT o.name FROM people_offices o WHERE o.code = z.office)
                       AS office_name,
                   z.member_person_ids, z.identified_on, z.cleared_on,
                   z.cleared_by_person_id, z.cleared_reason, {TOTAL},
                   h.head_person_id, head.name AS head_name, h.address,
                   ARRAY(SELECT coalesce(r.name, p) FROM unnest(z.unemployed_person_ids)
                         WITH ORDINALITY AS u(p, n)
                         LEFT JOIN people r ON r.person_id = p ORDER BY n)
                       AS unemployed_names,
                   ARRAY(SELECT coalesce(r.name, p) FROM unnest(z.member_person_ids)
                         WITH ORDINALITY AS m(p, n)
                         LEFT JOIN people r ON r.person_id = p ORDER BY n)
                       AS member_names,
                   CASE WHEN z.cleared_on IS NOT NULL THEN z.days_open
                        ELSE $3::date - z.identified_on END AS days_open,
                   z.cleared_on IS NULL AND $3::date - z.identified_on > $4
                       AS overdue
            FROM zero_employment_households z
            LEFT JOIN employment_households h ON h.household_id = z.household_id
            LEFT JOIN people head ON head.person_id = h.head_person_id
            WHERE z.office LIKE $1 || '%' AND ($2 = 'all' OR z.cleared_on IS NULL)
            ORDER BY z.office, z.identified_on, z.household_id""",
        prefix,
        which,
        day,
        limit_days,
        page=page,
        size=size,
    )
