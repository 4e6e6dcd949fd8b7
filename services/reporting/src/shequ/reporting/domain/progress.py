"""Work-plan progress (工作计划进度): when actuals are read; is a target met.

A target's actual is the office's figure at the moment read: now, or the end of the
plan's year once that is over. Its trend is the figure at the end of each month of
the year up to now; the current month's point is read now, so the last point is the
actual. "The end of month M" is the last microsecond of M in China time, not the first
instant of M+1, whose China date already lies in the next month (and, after December,
in the next year, where ``new_jobs`` would count the next year's hires).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from shequ.access import CHINA
from shequ.contracts.reporting import Metric
from shequ.reporting.domain.figures import Figures
from shequ.reporting.domain.workplan import Target

EMPLOYMENT_METRICS = (
    "employment_rate",
    "zero_employment_households",
    "new_jobs",
    "registered_unemployed",
)


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


Actuals = Mapping[str, int | float | None]
"""An office's figures by metric at a moment (employment's and rehab's)."""


def actuals_of(row: Figures) -> dict[str, int | float | None]:
    """Employment's figures by metric: each metric is a figure of the same name."""
    return {metric: getattr(row, metric) for metric in EMPLOYMENT_METRICS}


def actual_of(row: Actuals | None, metric: Metric) -> float | None:
    """The office's figure for ``metric``; None with no figures or no rate yet."""
    value = None if row is None else row.get(metric)
    return None if value is None else float(value)


def met(target: Target, actual: float | None) -> bool | None:
    """Whether ``actual`` meets the target; None when there is no actual to judge."""
    if actual is None:
        return None
    if target.comparison == "at_least":
        return actual >= target.target
    return actual <= target.target
