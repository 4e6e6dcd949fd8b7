"""Figures at every level, as they stood at any moment (按时上报的统计数字).

Counted per community from the temporal tables as of a moment ``at``, then summed to
streets and the district. The employment rate follows employment's definition
(working age by its published rule, able and willing, students excluded): the rule is
employment's, imported from its contracts, never restated here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from shequ.access import OfficeCode, china_date
from shequ.contracts.employment import IN_LABOUR_FORCE
from shequ.contracts.employment.working_age import RetirementRule
from shequ.reporting.readmodels.ledgers._temporal import as_of

COUNTS = (
    "working_age",
    "counted",
    "unemployed",
    "registered_unemployed",
    "certificates_in_use",
    "zero_employment_households",
    "new_jobs",
)


class Figures(BaseModel):
    """One office's figures at a moment."""

    office: str
    level: str
    name: str | None
    working_age: int
    counted: int
    unemployed: int
    employment_rate: float | None
    registered_unemployed: int
    certificates_in_use: int
    zero_employment_households: int
    new_jobs: int


_PEOPLE = f"""
    SELECT p.person_id, left(p.office, 12) AS community, p.birth_date, p.sex,
           'student' = ANY(p.tags) AS student
    FROM people p WHERE {as_of("p")} AND p.alive AND p.office LIKE $2 || '%'"""

_SQL = f"""
WITH people_then AS ({_PEOPLE}),
labour_then AS (SELECT l.person_id, l.status FROM labour l WHERE {as_of("l")}),
registered AS (SELECT DISTINCT r.person_id FROM registrations r WHERE {as_of("r")}),
certified AS (SELECT c.person_id, count(*) AS n FROM certificates c
              WHERE {as_of("c")} GROUP BY c.person_id),
per_person AS (
    SELECT p.community, l.status, p.student,
           p.birth_date <= $5 AND ((p.sex = 'male' AND p.birth_date > $3)
                                   OR (p.sex = 'female' AND p.birth_date > $4))
               AS working_age,
           g.person_id IS NOT NULL AS registered, coalesce(c.n, 0) AS certificates
    FROM people_then p LEFT JOIN labour_then l USING (person_id)
    LEFT JOIN registered g USING (person_id)
    LEFT JOIN certified c USING (person_id))
SELECT community,
       count(*) FILTER (WHERE working_age) AS working_age,
       count(*) FILTER (WHERE working_age AND NOT student
                        AND status = ANY($6::text[])) AS counted,
       count(*) FILTER (WHERE working_age AND NOT student
                        AND status = 'unemployed') AS unemployed,
       count(*) FILTER (WHERE registered) AS registered_unemployed,
       coalesce(sum(certificates), 0)::int AS certificates_in_use
FROM per_person GROUP BY community
"""


async def community_figures(
    db: Any, within: OfficeCode, at: datetime, rule: RetirementRule
) -> dict[str, dict[str, int]]:
    """Counts per community in ``within`` as they stood at ``at``."""
    day = china_date(at)
    men, women = rule.bounds_on(day, "male"), rule.bounds_on(day, "female")
    prefix = within.subtree_prefix
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for r in await db.fetch(
        _SQL,
        at,
        prefix,
        men.born_after,
        women.born_after,
        min(men.born_on_or_before, women.born_on_or_before),
        list(IN_LABOUR_FORCE),
    ):
        counts[r["community"]].update({k: r[k] for k in COUNTS[:5]})
    for r in await db.fetch(
        f"""SELECT left(z.office, 12) AS community, count(*) AS n
            FROM zero_households z WHERE {as_of("z")} AND z.office LIKE $2 || '%'
            GROUP BY 1""",
        at,
        prefix,
    ):
        counts[r["community"]]["zero_employment_households"] = r["n"]
    for r in await db.fetch(
        """SELECT left(office, 12) AS community, count(*) AS n FROM hires
           WHERE recorded_at <= $1 AND office LIKE $2 || '%'
             AND extract(year FROM hired_on) = $3 GROUP BY 1""",
        at,
        prefix,
        day.year,
    ):
        counts[r["community"]]["new_jobs"] = r["n"]
    return counts


def roll_up(
    communities: dict[str, dict[str, int]],
    within: OfficeCode,
    names: dict[str, str],
) -> list[Figures]:
    """Figures for the district, its streets and communities that lie in ``within``."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for community, counts in communities.items():
        for office in _ancestry(OfficeCode(community)):
            for key, value in counts.items():
                totals[str(office)][key] += value
    return [
        _figures(office, totals[office], names.get(office))
        for office in sorted(totals, key=lambda o: (len(o.rstrip("0")), o))
        if within.covers(office)
    ]


def _ancestry(code: OfficeCode) -> Iterable[OfficeCode]:
    office: OfficeCode | None = code
    while office is not None:
        yield office
        office = office.parent


def _figures(office: str, counts: dict[str, int], name: str | None) -> Figures:
    counted, unemployed = counts["counted"], counts["unemployed"]
    rate = None if counted == 0 else round((counted - unemployed) / counted, 6)
    return Figures(
        office=office,
        level=str(OfficeCode(office).level),
        name=name,
        employment_rate=rate,
        **counts,
    )


async def office_names(db: Any) -> dict[str, str]:
    return {r["code"]: r["name"] for r in await db.fetch("SELECT * FROM offices")}


async def figures_at(
    db: Any, within: OfficeCode, at: datetime, rule: RetirementRule
) -> list[Figures]:
    """Every office's figures in ``within`` at ``at``: district, streets and all."""
    communities = await community_figures(db, within, at, rule)
    return roll_up(communities, within, await office_names(db))
