"""The ageing check (年龄变化复核): households re-evaluated as members' ages cross.

Every hour the service asks whether a day has passed since its last check; if so it
re-evaluates each household with a member whose working age began or ended since
then, as a status change would, so a zero-employment household (零就业家庭) appears
or clears on the day it should. The day checked is kept, so a restart or a second
instance does nothing twice, and the decider records only a change.
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import Acting, china_date
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.handlers.households import reevaluate
from shequ.employment.readmodels import ageing
from shequ.employment.readmodels.guards import hold_lock
from shequ.eventstore import EventStore
from shequ.service.people import household_office

CHECKER = "employment:ageing"
REASON = "年龄变化复核 (working age began or ended)"


async def check_ageing(
    store: EventStore, rule: RetirementRule, now: datetime
) -> list[str]:
    """Re-evaluate the households touched since the last check; those re-evaluated.

    The first check only notes the day: every household was evaluated on the day its
    members' statuses were recorded.
    """
    today = china_date(now)
    async with store.pool.acquire() as conn, conn.transaction():
        # One checker at a time; another instance finds the day done.
        await hold_lock(conn, CHECKER)
        last = await ageing.checked_through(conn)
        touched = []
        if last is not None and last < today:
            touched = await ageing.households_crossing(conn, rule, last, today)
        for household in touched:
            office = await household_office(conn, household) or ""
            by = Acting(staff_id=CHECKER, office=office, now=now)
            await reevaluate(
                store, conn, household, rule, by, by_person_id=None, reason=REASON
            )
        if last is None or last < today:
            await ageing.mark_checked(conn, today)
        return touched
