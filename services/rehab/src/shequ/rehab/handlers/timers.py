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
from shequ.rehab.readmodels.cases import open_cases

TIMER = "rehab:timers"


async def check_timers(store: EventStore, rules: RehabRules, now: datetime) -> int:
    """Record what came due on every open case; how many events were appended."""
    today = china_date(now)
    appended = 0
    for row in await open_cases(store.pool):
        if row.reported_on is None and (row.report_missed or today <= row.report_by):
            continue  # nothing the clock can make true yet: no need to load it
        by = Acting(staff_id=TIMER, office=row.office, now=now)
        command = case.CheckClock(today=today, rules=rules, by=by)
        outcome = await act(store, row.case_id, command)
        appended += len(outcome.events)
    return appended
