"""Figures at every level, as they stood at any moment (按时上报的统计数字): the counts.

Counted per community from the temporal tables as of a moment ``at``, then summed to
streets and the district (``domain.figures``). A reading of now sums the counts kept
per birth date instead (``ledgers.now``): the same figures without reading every
person. Working age is counted by the rule employment had adopted at ``at``. A person
erased is counted at no moment: their birth date is gone (see ``ledgers.people``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from shequ.access import OfficeCode, china_date
from shequ.contracts.employment import IN_LABOUR_FORCE
from shequ.reporting.domain.figures import (
    COUNTS,
    Figures,
    WorkingAge,
    birth_spans,
    roll_up,
    working_age_on,
)
from shequ.reporting.readmodels.ledgers import now
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.reporting.readmodels.ledgers.people import office_names
from shequ.reporting.readmodels.ledgers.rules import rule_at
from shequ.service import Db

_PEOPLE = f"""
    SELECT p.person_id, left(p.office, 12) AS community, p.birth_date, p.sex,
           'student' = ANY(p.tags) AS student
    FROM people p
    WHERE {as_of("p")} AND p.alive AND NOT p.erased AND p.office LIKE $2 || '%'"""

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

# From the kept counts: every community with a person counted, then the working-age
# counts of the birth years and dates within the bounds of the day, each span read
# from its own range of the key: ``OFFSET 0`` keeps each a scan of its range (joined
# instead, the planner read all 946,827 day cells of the district: 200 ms, not 14).
_KEPT = """
SELECT community, sum(registered)::int AS registered_unemployed,
       sum(certificates)::int AS certificates_in_use
FROM figure_years WHERE community LIKE $1 || '%'
GROUP BY community HAVING sum(people) > 0
"""
_KEPT_WORKING_AGE = """
SELECT community, sum(people)::int AS working_age, sum(counted)::int AS counted,
       sum(unemployed)::int AS unemployed
FROM (SELECT y.community, y.people, y.counted, y.unemployed
      FROM unnest($2::text[], $3::int[], $4::int[]) AS s(sex, first, last),
      LATERAL (SELECT * FROM figure_years y
               WHERE y.sex = s.sex AND y.born_in BETWEEN s.first AND s.last
               OFFSET 0) AS y
      UNION ALL
      SELECT d.community, d.people, d.counted, d.unemployed
      FROM unnest($5::text[], $6::date[], $7::date[]) AS s(sex, first, last),
      LATERAL (SELECT * FROM figure_days d
               WHERE d.sex = s.sex AND d.born BETWEEN s.first AND s.last
               OFFSET 0) AS d
     ) AS cells
WHERE community LIKE $1 || '%'
GROUP BY community
"""
# Cells are per community: an office below one (a grid) is read from the rows.
_COMMUNITY_PREFIX = 12


async def community_figures(
    db: Db, within: OfficeCode, at: datetime
) -> dict[str, dict[str, int]]:
    """Counts per community in ``within`` as they stood at ``at``.

    Working age by the rule in force at ``at``.
    """
    day = china_date(at)
    age = working_age_on(day, await rule_at(db, at))
    prefix = within.subtree_prefix
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    if len(prefix) <= _COMMUNITY_PREFIX and await now.holds(db, at):
        await _kept_counts(db, prefix, age, counts)
    else:
        for r in await db.fetch(
            _SQL,
            at,
            prefix,
            age.men_born_after,
            age.women_born_after,
            age.born_on_or_before,
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


async def _kept_counts(
    db: Db, prefix: str, age: WorkingAge, counts: dict[str, dict[str, int]]
) -> None:
    """Fill ``counts`` from the counts kept per birth date (``ledgers.now``)."""
    for r in await db.fetch(_KEPT, prefix):
        counts[r["community"]].update({k: r[k] for k in COUNTS[3:5]})
    years: list[tuple[str, int, int]] = []
    days: list[tuple[str, date, date]] = []
    for sex, born_after in (
        ("male", age.men_born_after),
        ("female", age.women_born_after),
    ):
        spans = birth_spans(born_after, age.born_on_or_before)
        if spans.years is not None:
            years.append((sex, *spans.years))
        days.extend((sex, first, last) for first, last in spans.days)
    for r in await db.fetch(
        _KEPT_WORKING_AGE, prefix, *_columns(years), *_columns(days)
    ):
        if r["community"] in counts:
            counts[r["community"]].update({k: r[k] for k in COUNTS[:3]})


def _columns(rows: list[tuple[Any, Any, Any]]) -> list[list[Any]]:
    """Three-column ``rows`` as three lists (for ``unnest``)."""
    return [list(column) for column in zip(*rows, strict=True)] or [[], [], []]


async def figures_at(db: Db, within: OfficeCode, at: datetime) -> list[Figures]:
    """Every office's figures in ``within`` at ``at``: district, streets and all."""
    communities = await community_figures(db, within, at)
    return roll_up(communities, within, await office_names(db))
