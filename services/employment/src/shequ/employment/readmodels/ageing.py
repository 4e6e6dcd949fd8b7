"""The ageing check's tables (年龄变化复核): the day checked, and who crossed a bound.

``ageing_checks`` keeps the last day checked, so a restart or a second instance does
nothing twice; :func:`households_crossing` finds, in the people copy, the households
with a living member whose working age began or ended between two days.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain.ageing import crossing
from shequ.eventstore import Migration

MIGRATIONS = [
    Migration(
        "employment-ageing",
        1,
        """CREATE TABLE IF NOT EXISTS ageing_checks (
               only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
               checked_through date NOT NULL);""",
    )
]


async def households_crossing(
    conn: asyncpg.Connection, rule: RetirementRule, since: date, until: date
) -> list[str]:
    """The households with a living member in one of :func:`crossing`'s spans."""
    spans = crossing(rule, since, until)
    rows = await conn.fetch(
        """SELECT DISTINCT r.household_id FROM people r
           JOIN unnest($1::text[], $2::date[], $3::date[]) AS s(sex, after, upto)
             ON r.sex = s.sex AND r.birth_date > s.after AND r.birth_date <= s.upto
           WHERE r.alive AND r.household_id IS NOT NULL
           ORDER BY 1""",
        [s[0] for s in spans],
        [s[1] for s in spans],
        [s[2] for s in spans],
    )
    return [r[0] for r in rows]


async def checked_through(conn: asyncpg.Connection) -> date | None:
    """The last day checked, if any (read in the checker's transaction)."""
    day: date | None = await conn.fetchval("SELECT checked_through FROM ageing_checks")
    return day


async def mark_checked(conn: asyncpg.Connection, day: date) -> None:
    """Record ``day`` as checked, in the checker's transaction."""
    await conn.execute(
        """INSERT INTO ageing_checks (checked_through) VALUES ($1)
           ON CONFLICT (only_row) DO UPDATE SET checked_through = $1""",
        day,
    )
