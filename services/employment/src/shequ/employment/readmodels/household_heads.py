"""The registry's households as the 零就业家庭 ledger names them: head and address.

The people copy keeps who is in a household; the ledger also prints its head of
household (户主) and address, kept here from the registry's household events by the
projection ``employment-households``.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import HeadOfHouseholdChanged, HouseholdRegistered
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers

TABLES = ("employment_households",)
MIGRATIONS = [
    Migration(
        "employment-households",
        1,
        """CREATE TABLE IF NOT EXISTS employment_households (
               household_id   text PRIMARY KEY,
               head_person_id text NOT NULL,
               address        text NOT NULL);""",
    )
]

APPLY = ConnectionAppliers()


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: HouseholdRegistered, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO employment_households VALUES ($1, $2, $3)
           ON CONFLICT (household_id) DO NOTHING""",
        envelope.stream_id,
        e.head_person_id,
        e.address,
    )


@APPLY.on
async def _head_changed(
    conn: asyncpg.Connection, e: HeadOfHouseholdChanged, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE employment_households SET head_person_id = $2 WHERE household_id = $1",
        envelope.stream_id,
        e.head_person_id,
    )
