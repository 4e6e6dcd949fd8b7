"""Rehab's ledgers as of any moment: the case ledger and the figures per office.

The case ledger (社区戒毒康复人员台帐) lists the open cases of a subtree as they stood,
each with the person's name as it stood then, its worker, tests and what is overdue;
who may see it is the API's to decide (``domain.access``). The figures count the same
cases per community (``domain.rehab``), with the tests of the year, the relapses and
the registry's rehab workers at that moment.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from shequ.access import OfficeCode, china_date
from shequ.reporting.domain.rehab import (
    EVALUATION_EVERY_MONTHS,
    CaseFacts,
    RehabFigures,
    case_counts,
    roll_up,
    staffing,
)
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.reporting.readmodels.ledgers.people import office_names
from shequ.reporting.readmodels.ledgers.rehab import MISSED
from shequ.service import Db

TAKEN = ("negative", "positive")
_EVERY = EVALUATION_EVERY_MONTHS


class RehabCaseRow(BaseModel):
    case_id: str
    person_id: str
    name: str | None
    document_masked: str | None
    office: str
    office_name: str | None
    kind: str
    decided_on: date
    report_by: date
    reported_on: date | None
    term_ends_on: date | None
    agreement_signed: bool
    responsible_worker: str | None
    tests_taken: int
    tests_positive: int
    last_tested_on: date | None
    report_overdue: bool
    test_overdue: bool
    evaluation_overdue: bool


class OfficeCases(BaseModel):
    """How many open cases an office holds: what a reader without a rehab role sees."""

    office: str
    office_name: str | None
    cases: int


# $1 the moment, $2 the subtree's prefix, $3 its China date.
_CASES = f"""
WITH tested AS (
    SELECT t.case_id,
           count(*) FILTER (WHERE t.result = ANY('{{{",".join(TAKEN)}}}')) AS taken,
           count(*) FILTER (WHERE t.result = 'positive') AS positive,
           max(t.tested_on) FILTER (WHERE t.result = ANY('{{{",".join(TAKEN)}}}'))
               AS last_tested_on,
           max(t.tested_on) FILTER (WHERE t.result = '{MISSED}') AS last_missed
    FROM rehab_tests t WHERE t.recorded_at <= $1 GROUP BY t.case_id)
SELECT c.case_id, c.person_id, p.name, p.document_masked, c.office,
       o.name AS office_name, c.kind, c.decided_on, c.report_by, c.reported_on,
       c.term_ends_on, c.agreement_signed, c.responsible_worker,
       coalesce(t.taken, 0) AS tests_taken, coalesce(t.positive, 0) AS tests_positive,
       t.last_tested_on,
       c.reported_on IS NULL AND c.report_by < $3 AS report_overdue,
       t.last_missed IS NOT NULL
           AND (t.last_tested_on IS NULL OR t.last_tested_on <= t.last_missed)
           AS test_overdue,
       c.reported_on IS NOT NULL AND c.evaluations < (
           SELECT count(*) FROM generate_series(1, 36 / {_EVERY}) n
           WHERE (c.reported_on + make_interval(months => n * {_EVERY}))::date < $3
             AND (c.reported_on + make_interval(months => n * {_EVERY}))::date
                 <= c.term_ends_on) AS evaluation_overdue
FROM rehab_cases c
LEFT JOIN people p ON p.person_id = c.person_id AND {as_of("p")}
LEFT JOIN offices o ON o.code = c.office
LEFT JOIN tested t ON t.case_id = c.case_id
WHERE {as_of("c")} AND c.office LIKE $2 || '%'
ORDER BY c.office, p.name, c.case_id
"""
_TESTS = f"""
SELECT left(t.office, 12) AS community,
       count(*) FILTER (WHERE t.result = ANY('{{{",".join(TAKEN)}}}')) AS tests_taken,
       count(*) FILTER (WHERE t.result = 'positive') AS tests_positive,
       count(*) FILTER (WHERE t.result IN ('refused', 'evaded')) AS tests_refused,
       count(*) FILTER (WHERE t.result = '{MISSED}') AS tests_missed
FROM rehab_tests t
WHERE t.recorded_at <= $1 AND t.office LIKE $2 || '%'
  AND extract(year FROM t.tested_on) = extract(year FROM $3::date)
GROUP BY 1
"""
_RELAPSES = """
SELECT left(v.office, 12) AS community, count(*) AS relapses FROM rehab_violations v
WHERE v.recorded_at <= $1 AND v.office LIKE $2 || '%' AND v.reason = 'relapse'
  AND extract(year FROM v.found_on) = extract(year FROM $3::date)
GROUP BY 1
"""
# A community's workers: the responsible workers of its open cases and the staff the
# registry enrolled there with the rehab_worker role; 专职 or 兼职 as enrolled.
_WORKERS = f"""
WITH workers AS (
    SELECT left(c.office, 12) AS community, c.responsible_worker AS staff_id
    FROM rehab_cases c
    WHERE {as_of("c")} AND c.office LIKE $2 || '%' AND c.responsible_worker IS NOT NULL
    UNION
    SELECT left(s.office, 12), s.staff_id FROM staff s
    WHERE {as_of("s")} AND s.office LIKE $2 || '%' AND 'rehab_worker' = ANY(s.roles))
SELECT w.community, count(*) AS workers,
       count(*) FILTER (WHERE s.employment = 'full_time') AS full_time_workers
FROM workers w LEFT JOIN staff s ON s.staff_id = w.staff_id AND {as_of("s")}
GROUP BY 1
"""


async def cases_at(db: Db, within: OfficeCode, at: datetime) -> list[RehabCaseRow]:
    """Every case of ``within`` open at ``at``, names as they stood then."""
    rows = await db.fetch(_CASES, at, within.subtree_prefix, china_date(at))
    return [RehabCaseRow.model_validate(dict(r)) for r in rows]


def office_cases(rows: list[RehabCaseRow]) -> list[OfficeCases]:
    """How many open cases each office of ``rows`` holds (no one named)."""
    counted: dict[str, OfficeCases] = {}
    for row in rows:
        found = counted.setdefault(
            row.office,
            OfficeCases(office=row.office, office_name=row.office_name, cases=0),
        )
        found.cases += 1
    return list(counted.values())


async def figures_at(
    db: Db, within: OfficeCode, at: datetime, *, per_worker: int
) -> list[RehabFigures]:
    """Every office's rehab figures in ``within`` at ``at``, district first."""
    cases = await cases_at(db, within, at)
    counts = case_counts(
        CaseFacts(
            office=c.office,
            reported_on=c.reported_on,
            agreement_signed=c.agreement_signed,
            responsible_worker=c.responsible_worker,
            report_overdue=c.report_overdue,
            test_overdue=c.test_overdue,
            evaluation_overdue=c.evaluation_overdue,
        )
        for c in cases
    )
    args = (at, within.subtree_prefix, china_date(at))
    for sql, params in ((_TESTS, args), (_RELAPSES, args), (_WORKERS, args[:2])):
        for r in await db.fetch(sql, *params):
            counts[r["community"]].update(
                {k: v for k, v in r.items() if k != "community"}
            )
    for found in counts.values():
        found["tests_due"] = (
            found["tests_taken"] + found["tests_refused"] + found["tests_missed"]
        )
        found.update(staffing(found, per_worker))
    return roll_up(counts, within, await office_names(db))
