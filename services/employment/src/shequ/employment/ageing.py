"""Coming of working age and retiring (年龄变化复核): households checked again.

Working age changes with nothing recorded: a member turns 16, or reaches their own
retirement age, on a day no event marks. Every hour the service asks whether a day has
passed since its last check; if so it finds the households with a member whose working
age began or ended since then and re-evaluates each as a status change would, so a
zero-employment household (零就业家庭) appears or clears on the day it should. The day
checked is kept (``ageing_checks``), so a restart or a second instance does nothing
twice, and the decider records only a change.
"""

from __future__ import annotations

from datetime import date, datetime

import asyncpg

from shequ.access import china_date
from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.registry import Sex
from shequ.employment.common import Acting
from shequ.employment.handlers.households import reevaluate
from shequ.employment.residents.queries import household_office
from shequ.eventstore import EventStore, Migration

CHECKER = "employment:ageing"
REASON = "年龄变化复核 (working age began or ended)"
MIGRATIONS = [
    Migration(
        "employment-ageing",
        1,
        """CREATE TABLE IF NOT EXISTS ageing_checks (
               only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
               checked_through date NOT NULL);""",
    )
]
SEXES: tuple[Sex, ...] = ("male", "female")


def crossing(
    rule: RetirementRule, since: date, until: date
) -> list[tuple[Sex, date, date]]:
    """Spans (sex, born after, born on or before) whose working age began or ended.

    Between the two days, those born in the first span of each sex retired and those
    in the second came of age.
    """
    spans: list[tuple[Sex, date, date]] = []
    for sex in SEXES:
        before, after = rule.bounds_on(since, sex), rule.bounds_on(until, sex)
        spans.append((sex, before.born_after, after.born_after))
        spans.append((sex, before.born_on_or_before, after.born_on_or_before))
    return spans


async def households_crossing(
    conn: asyncpg.Connection, rule: RetirementRule, since: date, until: date
) -> list[str]:
    """The households with a living member in one of :func:`crossing`'s spans."""
    spans = crossing(rule, since, until)
    rows = await conn.fetch(
        """SELECT DISTINCT r.household_id FROM residents r
           JOIN unnest($1::text[], $2::date[], $3::date[]) AS s(sex, after, upto)
             ON r.sex = s.sex AND r.birth_date > s.after AND r.birth_date <= s.upto
           WHERE r.alive AND r.household_id IS NOT NULL
           ORDER BY 1""",
        [s[0] for s in spans],
        [s[1] for s in spans],
        [s[2] for s in spans],
    )
    return [r[0] for r in rows]


async def check_ageing(
    store: EventStore, rule: RetirementRule, now: datetime
) -> list[str]:
    """Re-evaluate the households touched since the last check; those re-evaluated.

    The first check only notes the day: every household was evaluated on the day its
    members' statuses were recorded.
    """
    today = china_date(now)
    async with store.pool.acquire() as conn, conn.transaction():
        # One checker at a time; another instance finds the day done.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", CHECKER)
        last: date | None = await conn.fetchval(
            "SELECT checked_through FROM ageing_checks"
        )
        touched = []
        if last is not None and last < today:
            touched = await households_crossing(conn, rule, last, today)
        for household in touched:
            office = await household_office(conn, household) or ""
            by = Acting(staff_id=CHECKER, office=office, now=now)
            await reevaluate(
                store, conn, household, rule, by, by_person_id=None, reason=REASON
            )
        if last is None or last < today:
            await conn.execute(
                """INSERT INTO ageing_checks (checked_through) VALUES ($1)
                   ON CONFLICT (only_row) DO UPDATE SET checked_through = $1""",
                today,
            )
        return touched
