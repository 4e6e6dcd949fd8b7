"""The timers of rehab (定时检查): report deadlines passed, test periods missed.

Every hour, for every open case, the service records what the clock made true — the
report deadline passed, each ended period of the test schedule with no test, each
evaluation fallen due, the term run out (``CheckClock``) — as the system, for the
case's office. The command is idempotent in the decider (nothing twice), so a
restart, a second instance or an hour with nothing new appends nothing.
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import Acting, china_date
from shequ.eventstore import EventStore
from shequ.rehab.domain import case
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers.cases import act
from shequ.rehab.readmodels.cases import CaseTests, open_cases

TIMER = "rehab:timers"


async def check_timers(store: EventStore, rules: RehabRules, now: datetime) -> int:
    """Record what came due on every open case; how many events were appended."""
    today = china_date(now)
    appended = 0
    for row in await open_cases(store.pool):
        by = Acting(staff_id=TIMER, office=row.office, now=now)
        command = case.CheckClock(today=today, rules=rules, by=by)
        if not case.check_clock(command, _as_tables_hold_it(row)):
            continue  # nothing came due by the tables: no need to load its stream
        outcome = await act(store, row.case_id, command)
        appended += len(outcome.events)
    return appended


def _as_tables_hold_it(row: CaseTests) -> case.Case:
    """The case as far as the timer's rules look, from the read model's row.

    Only a filter: the command is decided on the stream, so a row behind it costs
    one load too many, or the hour after, never a wrong event.
    """
    return case.Case(
        case_id=row.case_id,
        person_id=row.person_id,
        office=row.office,
        kind=row.kind,  # type: ignore[arg-type]
        decided_on=row.decided_on,
        report_by=row.report_by,
        term_months=row.term_months,
        reported_on=row.reported_on,
        term_ends_on=row.term_ends_on,
        report_missed=row.report_missed,
        tested_on=tuple(row.tested_on),
        missed_periods=frozenset(row.missed),
        evaluations_due=row.evaluations_due,
        term_ended=row.term_ended,
    )
