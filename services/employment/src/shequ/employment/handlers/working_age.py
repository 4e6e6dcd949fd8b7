"""Publishing the working-age rule: at every start, adopt the configured one.

Run by the ``on_start`` hook. Two instances starting at once race for the stream;
the loser decides again on the winner's event and finds nothing to adopt.
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import Acting
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain import working_age
from shequ.eventstore import EventStore, Metadata, Outcome
from shequ.service import execute_as

ADOPTER = "employment:start"


async def adopt_rule(
    store: EventStore, rule: RetirementRule, now: datetime
) -> Outcome[working_age.State]:
    """Record ``rule`` as the one in force, unless it is already."""
    by = Acting(staff_id=ADOPTER, office="", now=now)
    return await execute_as(
        by,
        store,
        working_age.DECIDER,
        working_age.STREAM,
        working_age.Adopt(rule=rule),
        metadata=Metadata(actor=ADOPTER),
    )
