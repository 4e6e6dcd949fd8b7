"""What employment does when the registry's people change (its policies).

Run by the people copy (``people_copy("employment", react=...)``) in the copy's
transaction, after the change is applied, so what it appends commits with the
checkpoint: exactly once, never during a rebuild's replay. A person moving to another
office hands their case over; a household whose members changed (one joins, leaves,
dies, becomes a student, …) is re-evaluated as a zero-employment household (零就业家庭)
by the retirement rule in force. A person erased has their personal text wiped from
employment's read models (``readmodels.erasure``).
"""

from __future__ import annotations

import asyncpg

from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonMergedInto,
    PersonMoved,
    PersonTagsChanged,
)
from shequ.employment.handlers.handover import hand_over
from shequ.employment.handlers.households import reevaluate
from shequ.employment.readmodels.erasure import erase_person
from shequ.eventstore import EventStore
from shequ.service import caused_by
from shequ.service.people import Change, Reaction

# The registry events that may change whether a household is zero-employment. A move
# alone does not: the household and its members' statuses stay as they were.
_HOUSEHOLD_CHANGES = (
    PersonDied,
    PersonErased,  # no age can be told for them: of working age no more
    PersonMergedInto,
    PersonTagsChanged,
    PersonDetailsCorrected,
    HouseholdRegistered,
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
)


def on_people_changed(rule: RetirementRule) -> Reaction:
    """The reaction to one change of the people copy, with ``rule`` for households."""

    async def react(
        store: EventStore, conn: asyncpg.Connection, change: Change
    ) -> None:
        by, metadata = caused_by(change.envelope)
        event = change.event
        if isinstance(event, PersonErased):
            await erase_person(conn, change.envelope.stream_id)
        if isinstance(event, PersonMoved) and event.from_office != event.to_office:
            await hand_over(
                store,
                conn,
                change.envelope.stream_id,
                event.to_office,
                by=by,
                metadata=metadata,
            )
        if change.household_before is not None and isinstance(
            event, _HOUSEHOLD_CHANGES
        ):
            await reevaluate(
                store,
                conn,
                change.household_before,
                rule,
                by,
                by_person_id=None,
                reason=f"registry: {change.envelope.event_type}",
                metadata=metadata,
            )

    return react
