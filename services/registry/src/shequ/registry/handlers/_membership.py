"""The guard table ``household_membership``: which household each person is in, now.

The decider is told a person's household (``member_of``) from this table, and the rows
are written in the same transaction as the events. Two clerks adding one person to two
households in the same second cannot both succeed: the second insert waits for the
first, finds its row and the whole command rolls back naming that household (see
test_two_clerks_adding_one_person_at_once_cannot_both_succeed).
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import Event
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
)
from shequ.registry.household_errors import MemberOfAnotherHousehold


async def household_of(
    db: asyncpg.Pool | asyncpg.Connection, person_id: str
) -> str | None:
    """The household a person belongs to now, from the guard table (never stale)."""
    found: str | None = await db.fetchval(
        "SELECT household_id FROM household_membership WHERE person_id = $1",
        person_id,
    )
    return found


async def keep_membership(
    conn: asyncpg.Connection, household_id: str, event: Event
) -> None:
    """Claim or release the rows ``event`` implies, in the caller's transaction."""
    match event:
        case HouseholdRegistered():
            await _claim(conn, event.head_person_id, household_id, "head_person_id")
        case HouseholdMemberAdded():
            await _claim(conn, event.person_id, household_id, "person_id")
        case HouseholdMemberRemoved():
            await conn.execute(
                """DELETE FROM household_membership
                   WHERE person_id = $1 AND household_id = $2""",
                event.person_id,
                household_id,
            )


async def _claim(
    conn: asyncpg.Connection, person_id: str, household_id: str, field: str
) -> None:
    # ON CONFLICT waits for a concurrent claim to commit, then names its household.
    holder = await conn.fetchval(
        """INSERT INTO household_membership VALUES ($1, $2)
           ON CONFLICT (person_id) DO UPDATE
           SET household_id = household_membership.household_id
           RETURNING household_id""",
        person_id,
        household_id,
    )
    if holder != household_id:
        raise MemberOfAnotherHousehold(
            f"{person_id} already belongs to household {holder}: remove them there"
            " first",
            field=field,
        )
