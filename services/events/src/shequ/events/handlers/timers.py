"""The hourly timer of events (定时检查): recurring duties missed become to-dos.

Every hour, for every community and each duty's rhythm, the slots that ended short
(fewer held than wanted by then) are recorded on ``duties/<office>`` as the system.
The decider records each (duty, slot) once, so a restart, a second instance or an
hour with nothing new appends nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from shequ.access import Acting, china_date
from shequ.events.domain import duties
from shequ.events.readmodels.activities import held_dates
from shequ.events.readmodels.community import communities
from shequ.eventstore import EventStore
from shequ.service import execute_as

TIMER = "events:timers"


async def check_duties(
    store: EventStore, rhythms: tuple[duties.Rhythm, ...], now: datetime
) -> int:
    """Record every duty slot missed; how many events were appended."""
    today = china_date(now)
    since = date(today.year - 1, 1, 1)  # the oldest period a miss is looked for in
    appended = 0
    for office in await communities(store.pool, ""):
        by = Acting(staff_id=TIMER, office=office, now=now)
        for rhythm in rhythms:
            held = await held_dates(store.pool, office, rhythm.duty, since)
            missed = duties.misses(rhythm, held, today)
            if not missed:
                continue
            command = duties.RecordMisses(
                office=office, duty=rhythm.duty, misses=tuple(missed), by=by
            )
            outcome = await execute_as(
                by, store, duties.DECIDER, f"duties/{office}", command
            )
            appended += len(outcome.events)
    return appended
