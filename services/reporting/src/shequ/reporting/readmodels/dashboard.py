"""Work-plan progress (工作计划进度): each target against the actual figure, by month.

A target's actual is the office's figure (``figures.figures_at``) at the moment read:
now, or the end of the plan's year once that is over. Its trend is the figure at the
end of each month of the year up to now; the current month's point is read now, so
the last point is the actual. Ledgers are temporal, so "the end of month M" is just a
moment to read as of: the last microsecond of M in China time, not the first instant
of M+1, whose China date already lies in the next month (and, after December, in the
next year, where ``new_jobs`` would count the next year's hires). An office with no one
on record at a moment has no figures then: its actual is null and met unknown.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from shequ.access import CHINA, OfficeCode, OfficeLevel
from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.reporting import Comparison, Metric
from shequ.eventstore import EventStore, load
from shequ.reporting.domain.workplan import DECIDER, Plan, Target, stream_of
from shequ.reporting.readmodels import figures
from shequ.reporting.readmodels.figures import Figures


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


def end_of_month(year: int, month: int) -> datetime:
    """The last instant of ``month`` in China (timestamps keep microseconds)."""
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=CHINA)
    return following - timedelta(microseconds=1)


def reading_moment(year: int, now: datetime) -> datetime:
    """When a plan's actuals are read: now, or the end of its year once it is over."""
    return min(now, end_of_month(year, 12))


def month_ends(year: int, now: datetime) -> list[tuple[int, datetime]]:
    """Each month of ``year`` begun by ``now``, with the moment its point is read."""
    return [
        (month, min(now, end_of_month(year, month)))
        for month in range(1, 13)
        if datetime(year, month, 1, tzinfo=CHINA) <= now
    ]


def actual_of(row: Figures | None, metric: Metric) -> float | None:
    """The office's figure for ``metric``; None with no figures or no rate yet."""
    value: int | float | None = None if row is None else getattr(row, metric)
    return None if value is None else float(value)


def met(target: Target, actual: float | None) -> bool | None:
    """Whether ``actual`` meets the target; None when there is no actual to judge."""
    if actual is None:
        return None
    if target.comparison == "at_least":
        return actual >= target.target
    return actual <= target.target


def _progress(target: Target, actual: float | None) -> dict[str, Any]:
    return {
        "metric": target.metric,
        "comparison": target.comparison,
        "target": target.target,
        "note": target.note,
        "actual": actual,
        "met": met(target, actual),
    }


async def _office_figures(
    db: Any, office: str, at: datetime, rule: RetirementRule
) -> Figures | None:
    rows = await figures.figures_at(db, OfficeCode(office), at, rule)
    return next((row for row in rows if row.office == office), None)


async def dashboard(
    db: Any,
    office: str,
    year: int,
    plan: Plan,
    *,
    version: int,
    now: datetime,
    rule: RetirementRule,
) -> Dashboard:
    """Every target of the plan with its actual, met or not, and its monthly trend."""
    at, months = reading_moment(year, now), month_ends(year, now)
    moments = dict.fromkeys([at, *(moment for _, moment in months)])
    # Up to 13 readings of the figures: none at all for a plan without targets.
    seen = {
        m: await _office_figures(db, office, m, rule)
        for m in (moments if plan.targets else {})
    }
    targets = [
        TargetProgress(
            **_progress(target, actual_of(seen[at], target.metric)),
            trend=[
                _point(target, month, moment, seen[moment]) for month, moment in months
            ],
        )
        for target in plan.in_order()
    ]
    names = await figures.office_names(db)
    return Dashboard(
        office=office,
        name=names.get(office),
        year=year,
        version=version,
        as_of=at,
        targets=targets,
    )


def _point(target: Target, month: int, moment: datetime, row: Figures | None) -> Point:
    actual = actual_of(row, target.metric)
    return Point(month=month, as_of=moment, actual=actual, met=met(target, actual))


async def plans_within(
    store: EventStore, within: OfficeCode, year: int
) -> list[tuple[str, Plan]]:
    """The offices in ``within`` whose plan for ``year`` has targets, with the plans.

    Found in reporting's own store, not a projection: the plans are its own streams,
    so a target just set is listed at once (no position to wait for).
    """
    rows = await store.pool.fetch(
        """SELECT DISTINCT stream_id FROM events
           WHERE stream_type = $1 AND stream_id LIKE $2""",
        DECIDER.stream_type,
        stream_of(f"{within.subtree_prefix}%", year),
    )
    found = []
    for row in rows:
        plan, _ = await load(store, DECIDER, row["stream_id"])
        if plan.targets:
            found.append((row["stream_id"].split("/")[1], plan))
    levels = list(OfficeLevel)
    return sorted(found, key=lambda p: (levels.index(OfficeCode(p[0]).level), p[0]))


async def overview(
    db: Any,
    plans: list[tuple[str, Plan]],
    within: OfficeCode,
    year: int,
    *,
    now: datetime,
    rule: RetirementRule,
    page: int = 1,
    size: int = 100,
) -> Overview:
    """One row per office and target, a page of offices: actual against target, now."""
    at = reading_moment(year, now)
    rows = {row.office: row for row in await figures.figures_at(db, within, at, rule)}
    names = await figures.office_names(db)
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
