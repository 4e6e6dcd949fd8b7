"""The rules a district sets for rehab (规则), with the defaults the seeds and law give.

Pure: the service's settings build one; deciders and timers are given it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from shequ.contracts.rehab import EvaluationKind


@dataclass(frozen=True)
class TestPhase:
    """``months`` of the term during which a test is due every ``every`` months."""

    months: int
    every: int


@dataclass(frozen=True)
class RehabRules:
    """What the district decides; every default is documented where it comes from.

    - ``report_within_days``: 《戒毒条例》 art. 16 — report within 15 days.
    - ``test_phases``: as commonly practised — monthly in the first year, every two
      months in the second, every three months in the third.
    - ``clients_per_worker``: seed 000 篇三 — one full-time worker per 20 clients
      (other provinces use 30); under that many, at least one part-time worker.
    - ``serious_*``: 《戒毒条例》 art. 46 — refusing or evading testing 3 times or
      more; leaving without approval 3 times or more, or more than 30 days in all.
    """

    report_within_days: int = 15
    test_phases: tuple[TestPhase, ...] = field(
        default=(TestPhase(12, 1), TestPhase(12, 2), TestPhase(12, 3))
    )
    clients_per_worker: int = 20
    serious_refusals: int = 3
    serious_absences: int = 3
    serious_absent_days: int = 30


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later, on the same day of the month or its last."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_ends_on(reported_on: date, term_months: int) -> date:
    """The last day of a term of ``term_months`` counted from the day of reporting.

    The day before the same day ``term_months`` later; when that month has no such
    day (31 January + 1 month), its last day: clamping first and then stepping back
    would end the term a day early, and earlier than a report a day later would.
    """
    same_day = add_months(reported_on, term_months)
    if same_day.day < reported_on.day:
        return same_day
    return same_day - timedelta(days=1)


def report_by(decided_on: date, rules: RehabRules) -> date:
    """The last day the person may report (报到) after the decision."""
    return decided_on + timedelta(days=rules.report_within_days)


def test_periods(
    reported_on: date, ends_on: date, rules: RehabRules
) -> list[tuple[date, date]]:
    """The schedule's periods (first and last day), each needing one test.

    Periods follow the phases from the day of reporting, each ending as a term of
    its months would (so a term's last period ends on the term's last day), and stop
    at the term's end; past the last phase its pace goes on.
    """
    periods: list[tuple[date, date]] = []
    first, months = reported_on, 0
    while first <= ends_on:
        months += _every(months, rules)
        last = min(term_ends_on(reported_on, months), ends_on)
        periods.append((first, last))
        first = last + timedelta(days=1)
    return periods


def _every(months_done: int, rules: RehabRules) -> int:
    """How many months a period lasts once ``months_done`` of the term are tested."""
    start = 0
    for phase in rules.test_phases:
        start += phase.months
        if months_done < start:
            return phase.every
    return rules.test_phases[-1].every


EVALUATION_EVERY_MONTHS = 6  # half-yearly summary; every second one is the yearly


def evaluation_days(
    reported_on: date, ends_on: date, until: date
) -> list[tuple[date, EvaluationKind]]:
    """The evaluations due by ``until`` in a term: every six months from the report.

    The second, fourth and sixth (12, 24, 36 months) are yearly evaluations, the
    others half-yearly summaries. The one six months after the report falls on the
    term's last day when the term ends there (the day before, by the count of
    :func:`term_ends_on`), so a three-year term closes with its yearly evaluation.
    """
    due: list[tuple[date, EvaluationKind]] = []
    n = 1
    while True:
        nominal = add_months(reported_on, n * EVALUATION_EVERY_MONTHS)
        day = min(nominal, ends_on)
        if nominal > ends_on + timedelta(days=1) or day > until:
            return due
        due.append((day, "yearly" if n % 2 == 0 else "half_yearly"))
        n += 1
