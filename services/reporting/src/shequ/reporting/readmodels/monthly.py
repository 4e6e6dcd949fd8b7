"""The monthly activity report (活动月报) of an office: what it held in a month.

Read as recorded by a moment (now, or ``as_of``: offices often record an activity
days after it): the activities held in the month by kind with their participants
and the volunteer hours served on them, the recurring duties held against those due
by the month's end (the seeds' rhythms, ``domain.events.DUTIES_A_YEAR``) with the
slots events' timer found missed, and each target of the year's work plan against
its actual by the month's end (``readmodels.dashboard``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from pydantic import BaseModel

from shequ.access import OfficeCode, OfficeLevel
from shequ.contracts.reporting import Comparison, Metric
from shequ.reporting.domain.events import duties_due, events_actuals
from shequ.reporting.domain.mediation import MEDIATION_METRICS
from shequ.reporting.domain.progress import Actuals, actual_of, end_of_month, met
from shequ.reporting.domain.rehab import REHAB_METRICS
from shequ.reporting.domain.workplan import Plan
from shequ.reporting.readmodels.dashboard import actuals_within
from shequ.reporting.readmodels.events import ActivityRow, activities_at
from shequ.reporting.readmodels.events import figures_at as events_figures_at
from shequ.reporting.readmodels.ledgers.people import office_names
from shequ.service import Db


class KindLine(BaseModel):
    kind: str
    activities: int
    participants: int


class DutyLine(BaseModel):
    """A recurring duty: held in the month and in the year by its end, against due.

    Due is each community's rhythm times the communities of the subtree.
    """

    duty: str
    held: int
    held_in_year: int
    due_in_year: int
    missed: int


class TargetLine(BaseModel):
    metric: Metric
    comparison: Comparison
    target: float
    actual: float | None
    met: bool | None


class MonthlyReport(BaseModel):
    office: str
    office_name: str | None
    year: int
    month: int
    as_of: datetime
    activities: int
    participants: int
    volunteer_hours: float
    by_kind: list[KindLine]
    duties: list[DutyLine]
    targets: list[TargetLine]
    held: list[ActivityRow]


_MISSED = """
SELECT duty, count(*) AS n FROM events_duties_missed
WHERE recorded_at <= $1 AND office LIKE $2 || '%' AND due_by BETWEEN $3 AND $4
GROUP BY 1
"""


def _community_of(office: OfficeCode, code: str) -> bool:
    """Whether ``code`` is a community (or village) in ``office``'s subtree."""
    return office.covers(code) and OfficeCode(code).level is OfficeLevel.COMMUNITY


def _kinds(held: list[ActivityRow]) -> list[KindLine]:
    counted: Counter[str] = Counter(r.kind for r in held)
    people: Counter[str] = Counter()
    for row in held:
        people[row.kind] += row.attendance
    return [
        KindLine(kind=k, activities=n, participants=people[k])
        for k, n in sorted(counted.items())
    ]


async def _actuals(
    db: Db, office: OfficeCode, year: int, month: int, plan: Plan, *, at: datetime
) -> Actuals | None:
    """The office's actuals by the month's end, as recorded by ``at``.

    Employment's, rehab's and mediation's are their figures at the month's end (or
    ``at``, if earlier); events' count the activities held by the month's end.
    """
    ends = end_of_month(year, month)
    rehab = any(m in REHAB_METRICS for m in plan.targets)
    mediation = any(m in MEDIATION_METRICS for m in plan.targets)
    found = await actuals_within(
        db, office, min(at, ends), rehab=rehab, mediation=mediation
    )
    held = await events_figures_at(db, office, at, year, ends.date())
    mine = found.get(office)
    for row in held:
        if row.office == office:
            return {**(mine or {}), **events_actuals(row)}
    return mine


async def monthly_report(
    db: Db, office: OfficeCode, year: int, month: int, plan: Plan, *, at: datetime
) -> MonthlyReport:
    """The office's report of ``month`` of ``year``, as recorded by ``at``."""
    first, last = date(year, month, 1), end_of_month(year, month).date()
    in_year = await activities_at(db, office, at, (date(year, 1, 1), last), names=False)
    held = [r for r in in_year if r.held_on >= first]
    missed = {
        r["duty"]: int(r["n"])
        for r in await db.fetch(_MISSED, at, office.subtree_prefix, first, last)
    }
    due = duties_due(month)
    names = await office_names(db)
    communities = max(1, sum(_community_of(office, code) for code in names))
    duties = [
        DutyLine(
            duty=duty,
            held=sum(r.kind == duty for r in held),
            held_in_year=sum(r.kind == duty for r in in_year),
            due_in_year=wanted * communities,
            missed=missed.get(duty, 0),
        )
        for duty, wanted in due.items()
    ]
    actuals = await _actuals(db, office, year, month, plan, at=at)
    targets = [
        TargetLine(
            metric=t.metric,
            comparison=t.comparison,
            target=t.target,
            actual=actual_of(actuals, t.metric),
            met=met(t, actual_of(actuals, t.metric)),
        )
        for t in plan.in_order()
    ]
    return MonthlyReport(
        office=office,
        office_name=names.get(office),
        year=year,
        month=month,
        as_of=at,
        activities=len(held),
        participants=sum(r.attendance for r in held),
        volunteer_hours=round(sum(r.volunteer_hours for r in held), 2),
        by_kind=_kinds(held),
        duties=duties,
        targets=targets,
        held=held,
    )
