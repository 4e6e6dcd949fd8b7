"""Re-evaluating a zero-employment household (零就业家庭) after anything that matters.

Called in the transaction of the change that prompted it: a status recorded (a hire,
a survey), or a household change seen in the registry. Members come from the registry
copy; their statuses from their profile streams, read on the transaction's own
connection so a status just decided in it counts.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.domain import profile, zero_household
from shequ.employment.domain.common import Acting, stream_of
from shequ.employment.readmodels.guards import hold_lock
from shequ.eventstore import EventStore, Metadata, load
from shequ.service import execute_as
from shequ.service.people import household_members, household_office


async def reevaluate(
    store: EventStore,
    conn: asyncpg.Connection,
    household_id: str,
    rule: RetirementRule,
    by: Acting,
    *,
    by_person_id: str | None,
    reason: str,
    metadata: Metadata | None = None,
) -> None:
    """Record the household appearing or clearing, if its state changed."""
    # Two members' changes at once would race for the household's stream; the lock
    # makes the second wait, then read the first one's committed status.
    await hold_lock(conn, household_id)
    office = await household_office(conn, household_id)
    if office is None:
        return
    people = await household_members(conn, household_id)
    members = []
    for r in people:
        state, _ = await load(
            store, profile.DECIDER, stream_of("labour", r.person_id), conn
        )
        status = None if state is None else state.status
        members.append(
            zero_household.Member(
                person_id=r.person_id,
                birth_date=r.birth_date,
                sex=r.sex,
                student=r.student,
                status=status,
            )
        )
    command = zero_household.Evaluate(
        household_id=household_id,
        office=office,
        unemployed=zero_household.unemployed_if_zero(members, rule, by.today),
        members=sorted(m.person_id for m in members),
        by_person_id=by_person_id,
        reason=reason,
        by=by,
    )
    await execute_as(
        by,
        store,
        zero_household.DECIDER,
        stream_of("zero-household", household_id),
        command,
        connection=conn,
        metadata=metadata,
    )
