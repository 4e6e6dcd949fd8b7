"""The employment rate (就业率) and the full-employment standard (充分就业社区标准).

As DOMAIN.md and seed 000 篇二 define it: among people of working age on the day who
are able and willing to work (labour status employed, flexible, self-employed or
unemployed), students excluded, the share not unemployed:
``(counted − unemployed) / counted``; 2,475 counted with 73 unemployed is 97.05%.
Counted per community from the read model, then summed up to streets and district.
A community meets the standard when its rate reaches the threshold and it has no more
open zero-employment households than allowed; the points it fails are named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from shequ.access import OfficeCode
from shequ.contracts.employment import IN_LABOUR_FORCE
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.settings import EmploymentRules

Db = Any  # an asyncpg Pool or Connection: both fetch alike


class Rate(BaseModel):
    """One office's figures on a day."""

    office: str
    level: str
    working_age: int = Field(description="residents of working age on the day")
    counted: int = Field(description="of those, able and willing, not students")
    unemployed: int
    rate: float | None = Field(description="(counted − unemployed) / counted")

    @classmethod
    def of(cls, office: str, working_age: int, counted: int, unemployed: int) -> Rate:
        rate = None if counted == 0 else round((counted - unemployed) / counted, 6)
        return cls(
            office=office,
            level=str(OfficeCode(office).level),
            working_age=working_age,
            counted=counted,
            unemployed=unemployed,
            rate=rate,
        )


_COUNTS = """
WITH people AS (
    SELECT left(r.office, 12) AS community, l.status,
           'student' = ANY(r.tags) AS student
    FROM residents r LEFT JOIN labour_profiles l USING (person_id)
    WHERE r.alive AND r.office LIKE $1 || '%'
      AND r.birth_date <= $4
      AND ((r.sex = 'male' AND r.birth_date > $2)
           OR (r.sex = 'female' AND r.birth_date > $3)))
SELECT community,
       count(*) AS working_age,
       count(*) FILTER (WHERE status = ANY($5::text[]) AND NOT student) AS counted,
       count(*) FILTER (WHERE status = 'unemployed' AND NOT student) AS unemployed
FROM people GROUP BY community ORDER BY community
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


def roll_up(communities: Iterable[Rate]) -> list[Rate]:
    """Street and district totals from community figures, district first."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in communities:
        code = OfficeCode(c.office)
        for office in (code.parent, code.parent.parent if code.parent else None):
            if office is None:
                continue
            total = sums[str(office)]
            total[0] += c.working_age
            total[1] += c.counted
            total[2] += c.unemployed
    return [Rate.of(o, *sums[o]) for o in sorted(sums)]


class Standing(BaseModel):
    """Whether a community meets the full-employment standard, and why not."""

    office: str
    rate: float | None
    open_zero_employment_households: int
    overdue_zero_employment_households: int
    meets_standard: bool
    failing: list[str] = Field(description="the points it fails, in words")


async def standings(
    db: Db, within: OfficeCode, rules: EmploymentRules, day: date
) -> list[Standing]:
    """Each community in ``within`` measured against the standard on ``day``."""
    rates = await community_rates(db, within, rules.retirement, day)
    households = await db.fetch(
        """SELECT left(office, 12) AS community, count(*) AS open,
                  count(*) FILTER (WHERE $2::date - identified_on > $3) AS overdue
           FROM zero_employment_households
           WHERE cleared_on IS NULL AND office LIKE $1 || '%' GROUP BY 1""",
        within.subtree_prefix,
        day,
        rules.zero_household_limit_days,
    )
    open_by = {r["community"]: (r["open"], r["overdue"]) for r in households}
    offices = sorted({r.office for r in rates} | set(open_by))
    by_office = {r.office: r for r in rates}
    return [
        _standing(by_office.get(o), o, *open_by.get(o, (0, 0)), rules) for o in offices
    ]


def _standing(
    rate: Rate | None, office: str, open_: int, overdue: int, rules: EmploymentRules
) -> Standing:
    value = None if rate is None else rate.rate
    failing = []
    if value is None:
        failing.append("no one able and willing to work is on record")
    elif value < rules.rate_threshold:
        failing.append(
            f"employment rate {value:.2%} is below {rules.rate_threshold:.0%}"
        )
    if open_ > rules.max_zero_employment_households:
        failing.append(
            f"{open_} zero-employment household(s) open, at most"
            f" {rules.max_zero_employment_households} allowed"
        )
    if overdue:
        failing.append(
            f"{overdue} zero-employment household(s) open longer than"
            f" {rules.zero_household_limit_days} days"
        )
    return Standing(
        office=office,
        rate=value,
        open_zero_employment_households=open_,
        overdue_zero_employment_households=overdue,
        meets_standard=not failing,
        failing=failing,
    )
