"""The counts behind the employment rate (就业率) and the full-employment standard.

Counted per community from the people copy and ``labour_profiles`` (working age by
the retirement rule on the day), and the open zero-employment households per
community; :mod:`shequ.employment.domain.figures` turns them into rates and standings.
A person erased is counted nowhere: their birth date is gone, so no age is told.
"""

from __future__ import annotations

from datetime import date

from shequ.access import OfficeCode
from shequ.contracts.employment import IN_LABOUR_FORCE
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain.figures import Rate, Standard, Standing, standing
from shequ.service import Db

_COUNTS = """
WITH persons AS (
    SELECT left(r.office, 12) AS community, l.status,
           'student' = ANY(r.tags) AS student
    FROM people r LEFT JOIN labour_profiles l USING (person_id)
    WHERE r.alive AND NOT r.erased AND r.office LIKE $1 || '%'
      AND r.birth_date <= $4
      AND ((r.sex = 'male' AND r.birth_date > $2)
           OR (r.sex = 'female' AND r.birth_date > $3)))
SELECT community,
       count(*) AS working_age,
       count(*) FILTER (WHERE status = ANY($5::text[]) AND NOT student) AS counted,
       count(*) FILTER (WHERE status = 'unemployed' AND NOT student) AS unemployed
FROM persons GROUP BY community ORDER BY community
"""


async def community_rates(
    db: Db, within: OfficeCode, rule: RetirementRule, day: date
) -> list[Rate]:
    """Each community's figures in the subtree ``within`` on ``day``."""
    men, women = rule.bounds_on(day, "male"), rule.bounds_on(day, "female")
    youngest = min(men.born_on_or_before, women.born_on_or_before)
    rows = await db.fetch(
        _COUNTS,
        within.subtree_prefix,
        men.born_after,
        women.born_after,
        youngest,
        list(IN_LABOUR_FORCE),
    )
    return [
        Rate.of(r["community"], r["working_age"], r["counted"], r["unemployed"])
        for r in rows
    ]


async def standings(
    db: Db, within: OfficeCode, rule: RetirementRule, standard: Standard, day: date
) -> list[Standing]:
    """Each community in ``within`` measured against the standard on ``day``."""
    rates = await community_rates(db, within, rule, day)
    households = await db.fetch(
        """SELECT left(office, 12) AS community, count(*) AS open,
                  count(*) FILTER (WHERE $2::date - identified_on > $3) AS overdue
           FROM zero_employment_households
           WHERE cleared_on IS NULL AND office LIKE $1 || '%' GROUP BY 1""",
        within.subtree_prefix,
        day,
        standard.zero_household_limit_days,
    )
    open_by = {r["community"]: (r["open"], r["overdue"]) for r in households}
    offices = sorted({r.office for r in rates} | set(open_by))
    by_office = {r.office: r for r in rates}
    return [
        standing(by_office.get(o), o, *open_by.get(o, (0, 0)), standard)
        for o in offices
    ]
