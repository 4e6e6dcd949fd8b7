"""Zero-employment households (零就业家庭台帐): one row per time a household was one.

A row opens when a household is identified and closes when it clears, with the days
it stayed open, so the ledger shows both the open ones and how each was resolved.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.employment.readmodels._apply import Applier
from shequ.eventstore import Migration

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
    )
]


async def _identified(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO zero_employment_households
               (household_id, identified_version, identified_on, office,
                unemployed_person_ids)
           VALUES ($1, $2, $3::text::date, $4, $5)
           ON CONFLICT DO NOTHING""",
        d["household_id"],
        e.version,
        d["identified_on"],
        d["office"],
        d["unemployed_person_ids"],
    )


async def _cleared(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """UPDATE zero_employment_households
           SET cleared_on = $2::text::date, cleared_by_person_id = $3,
               cleared_reason = $4, days_open = $5
           WHERE household_id = $1 AND cleared_on IS NULL""",
        d["household_id"],
        d["cleared_on"],
        d["by_person_id"],
        d["reason"],
        d["days_open"],
    )


APPLIERS: dict[str, Applier] = {
    "ZeroEmploymentHouseholdIdentified": _identified,
    "ZeroEmploymentHouseholdCleared": _cleared,
}
