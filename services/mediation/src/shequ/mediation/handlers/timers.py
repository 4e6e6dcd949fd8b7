"""The timers of mediation (定时检查): deadlines passed, 回访 missed.

Every hour, for every open dispute, the service records what the clock made true —
an undecided dispute past its conclusion deadline (``MarkOverdue``), each obligation
of an agreement past its deadline with no 回访 (``MarkMissedFollowUps``) — as the
system, for the dispute's office. Both are idempotent in the decider, so a restart,
a second instance or an hour with nothing new appends nothing.
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import Acting, china_date
from shequ.eventstore import EventStore
from shequ.mediation.domain import dispute
from shequ.mediation.handlers.disputes import act
from shequ.mediation.readmodels.ledger import open_disputes

TIMER = "mediation:timers"


async def check_timers(store: EventStore, now: datetime) -> int:
    """Record what came due on every open dispute; how many events were appended."""
    today = china_date(now)
    appended = 0
    for row in await open_disputes(store.pool):
        by = Acting(staff_id=TIMER, office=row.office, now=now)
        command: dispute.Command
        if row.status == "agreed":
            command = dispute.MarkMissedFollowUps(today=today, by=by)
        elif row.overdue or today <= row.conclude_by:
            continue
        else:
            command = dispute.MarkOverdue(today=today, by=by)
        outcome = await act(store, row.dispute_id, command)
        appended += len(outcome.events)
    return appended
