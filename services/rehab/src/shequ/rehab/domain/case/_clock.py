"""What the clock makes true on a case (定时检查): the hourly timer's rules. Pure.

Past the report deadline with no report, the failure is recorded (the police to be
told); once reported, each ended period of the test schedule with no test is a missed
test, each evaluation day reached is an evaluation due, and the day after the term's
last is the term's end. Each is recorded once, however often the timer runs.
"""

from __future__ import annotations

from shequ.contracts.rehab import (
    RehabCaseEvent,
    RehabEvaluationDue,
    RehabReportMissed,
    RehabTermEnded,
    UrineTestMissed,
)
from shequ.rehab.domain.case._commands import CheckClock
from shequ.rehab.domain.case._state import Case
from shequ.rehab.domain.rules import evaluation_days, test_periods


def check_clock(command: CheckClock, case: Case) -> list[RehabCaseEvent]:
    if case.reported_on is None:
        return _report_missed(command, case)
    return [*_missed_tests(command, case), *_due(command, case)]


def _report_missed(command: CheckClock, case: Case) -> list[RehabCaseEvent]:
    if case.report_missed or command.today <= case.report_by:
        return []
    return [
        RehabReportMissed(
            person_id=case.person_id, office=case.office, report_by=case.report_by
        )
    ]


def _missed_tests(command: CheckClock, case: Case) -> list[RehabCaseEvent]:
    assert case.reported_on is not None
    assert case.term_ends_on is not None
    missed: list[RehabCaseEvent] = []
    for first, last in test_periods(case.reported_on, case.term_ends_on, command.rules):
        if last >= command.today:
            break
        if first in case.missed_periods:
            continue
        if not any(first <= day <= last for day in case.tested_on):
            missed.append(
                UrineTestMissed(
                    person_id=case.person_id,
                    office=case.office,
                    period_start=first,
                    period_end=last,
                )
            )
    return missed


def _due(command: CheckClock, case: Case) -> list[RehabCaseEvent]:
    assert case.reported_on is not None
    assert case.term_ends_on is not None
    days = evaluation_days(case.reported_on, case.term_ends_on, command.today)
    due: list[RehabCaseEvent] = [
        RehabEvaluationDue(
            person_id=case.person_id, office=case.office, kind=kind, due_on=day
        )
        for day, kind in days[case.evaluations_due :]
    ]
    if command.today > case.term_ends_on and not case.term_ended:
        due.append(
            RehabTermEnded(
                person_id=case.person_id,
                office=case.office,
                term_ends_on=case.term_ends_on,
            )
        )
    return due
