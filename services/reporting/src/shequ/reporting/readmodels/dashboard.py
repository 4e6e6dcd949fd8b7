"""Work-plan dashboards (工作计划进度): each target against the actual figure, by month.

Ledgers are temporal, so each point of a trend is the office's figures read as of its
moment (``domain.progress`` says which). An office with no one on record at a moment
has no figures then: its actual is null and met unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from shequ.access import OfficeCode, OfficeLevel
from shequ.contracts.reporting import Comparison, Metric
from shequ.eventstore import EventStore
from shequ.reporting.domain.events import EVENTS_METRICS, events_actuals
from shequ.reporting.domain.mediation import MEDIATION_METRICS, mediation_actuals
from shequ.reporting.domain.progress import (
    Actuals,
    actual_of,
    actuals_of,
    met,
    month_ends,
    reading_moment,
)
from shequ.reporting.domain.rehab import REHAB_METRICS, rehab_actuals
from shequ.reporting.domain.workplan import Plan, Target, check_year
from shequ.reporting.readmodels.events import figures_at as events_figures_at
from shequ.reporting.readmodels.figures import figures_at
from shequ.reporting.readmodels.ledgers.people import office_names
from shequ.reporting.readmodels.mediation import figures_at as mediation_figures_at
from shequ.reporting.readmodels.rehab import figures_at as rehab_figures_at
from shequ.reporting.readmodels.workplans import plans_within
from shequ.reporting.settings import reporting_settings
from shequ.service import Db


class Point(BaseModel):
    """The actual at the end of ``month``, read ``as_of`` (now for the current one)."""

    month: int
    as_of: datetime
    actual: float | None
    met: bool | None


class Progress(BaseModel):
    metric: Metric
    comparison: Comparison
    target: float
    note: str
    actual: float | None
    met: bool | None


class TargetProgress(Progress):
    trend: list[Point]
    behind: str | None = Field(
        None, description="where to look: the route listing what the actual counts"
    )


class Dashboard(BaseModel):
    office: str
    name: str | None
    year: int
    version: int
    as_of: datetime
    targets: list[TargetProgress]


class OfficeProgress(Progress):
    office: str
    name: str | None
    level: OfficeLevel


class Overview(BaseModel):
    """One page of offices with their targets; ``total`` counts the offices."""

    within: str
    year: int
    as_of: datetime
    items: list[OfficeProgress]
    total: int
    page: int
    size: int


def _progress(target: Target, actual: float | None) -> dict[str, Any]:
    return {
        "metric": target.metric,
        "comparison": target.comparison,
        "target": target.target,
        "note": target.note,
        "actual": actual,
        "met": met(target, actual),
    }


async def actuals_within(
    db: Db,
    within: OfficeCode,
    at: datetime,
    *,
    rehab: bool,
    mediation: bool = False,
    events: bool = False,
) -> dict[str, dict[str, int | float | None]]:
    """Each office's actuals at ``at``: employment's, and the others' as asked.

    Rehab's staffing counts by the ratio in reporting's settings; events' are the
    activities of ``at``'s year held by then.
    """
    found = {row.office: actuals_of(row) for row in await figures_at(db, within, at)}
    if rehab:
        per_worker = reporting_settings().clients_per_worker
        for row in await rehab_figures_at(db, within, at, per_worker=per_worker):
            found.setdefault(row.office, {}).update(rehab_actuals(row))
    if mediation:
        for found_row in await mediation_figures_at(db, within, at):
            found.setdefault(found_row.office, {}).update(mediation_actuals(found_row))
    if events:
        for held in await events_figures_at(db, within, at):
            found.setdefault(held.office, {}).update(events_actuals(held))
    return found


async def actuals_for(
    db: Db, within: OfficeCode, at: datetime, metrics: Iterable[str]
) -> dict[str, dict[str, int | float | None]]:
    """Each office's actuals at ``at``, reading the domains ``metrics`` come from."""
    wanted = set(metrics)
    return await actuals_within(
        db,
        within,
        at,
        rehab=bool(wanted & set(REHAB_METRICS)),
        mediation=bool(wanted & set(MEDIATION_METRICS)),
        events=bool(wanted & set(EVENTS_METRICS)),
    )


def _reads_rehab(plans: Iterable[Plan]) -> bool:
    return any(m in REHAB_METRICS for plan in plans for m in plan.targets)


def _reads_mediation(plans: Iterable[Plan]) -> bool:
    return any(m in MEDIATION_METRICS for plan in plans for m in plan.targets)


def _reads_events(plans: Iterable[Plan]) -> bool:
    return any(m in EVENTS_METRICS for plan in plans for m in plan.targets)


def behind(office: str, year: int, metric: str) -> str | None:
    """The route listing the activities (or corners) an events metric counts."""
    if metric not in EVENTS_METRICS:
        return None
    return f"/api/v1/reporting/work-plans/{office}/{year}/metrics/{metric}/activities"


async def _office_figures(
    db: Db, office: str, at: datetime, *, rehab: bool, mediation: bool, events: bool
) -> Actuals | None:
    rows = await actuals_within(
        db, OfficeCode(office), at, rehab=rehab, mediation=mediation, events=events
    )
    return rows.get(office)


async def dashboard(
    db: Db, office: str, year: int, plan: Plan, *, version: int, now: datetime
) -> Dashboard:
    """Every target of the plan with its actual, met or not, and its monthly trend."""
    at, months = reading_moment(year, now), month_ends(year, now)
    moments = dict.fromkeys([at, *(moment for _, moment in months)])
    # Up to 13 readings of the figures: none at all for a plan without targets.
    reads = {
        "rehab": _reads_rehab([plan]),
        "mediation": _reads_mediation([plan]),
        "events": _reads_events([plan]),
    }
    seen = {
        m: await _office_figures(db, office, m, **reads)
        for m in (moments if plan.targets else {})
    }
    targets = [
        TargetProgress(
            **_progress(target, actual_of(seen[at], target.metric)),
            trend=[
                _point(target, month, moment, seen[moment]) for month, moment in months
            ],
            behind=behind(office, year, target.metric),
        )
        for target in plan.in_order()
    ]
    names = await office_names(db)
    return Dashboard(
        office=office,
        name=names.get(office),
        year=year,
        version=version,
        as_of=at,
        targets=targets,
    )


def _point(target: Target, month: int, moment: datetime, row: Actuals | None) -> Point:
    actual = actual_of(row, target.metric)
    return Point(month=month, as_of=moment, actual=actual, met=met(target, actual))


async def overview(
    db: Db,
    store: EventStore,
    within: OfficeCode,
    year: int,
    *,
    now: datetime,
    page: int = 1,
    size: int = 100,
) -> Overview:
    """One row per office and target, a page of offices: actual against target, now."""
    check_year(year)
    plans = await plans_within(store, within, year)
    at = reading_moment(year, now)
    rehab = _reads_rehab(plan for _, plan in plans)
    mediation = _reads_mediation(plan for _, plan in plans)
    events = _reads_events(plan for _, plan in plans)
    rows = await actuals_within(
        db, within, at, rehab=rehab, mediation=mediation, events=events
    )
    names = await office_names(db)
    items = [
        OfficeProgress(
            office=office,
            name=names.get(office),
            level=OfficeCode(office).level,
            **_progress(target, actual_of(rows.get(office), target.metric)),
        )
        for office, plan in plans[(page - 1) * size : page * size]
        for target in plan.in_order()
    ]
    return Overview(
        within=within,
        year=year,
        as_of=at,
        items=items,
        total=len(plans),
        page=page,
        size=size,
    )
