"""Handlers of households (户): register with members, add and remove members, new head.

A person belongs to one household at most (一人一户): the decider is told which
household a person already belongs to (``member_of``), and the guard row that records
membership is written in the same transaction as the events (readmodels/guards.py).
A household's people are living residents of its office, checked against their files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from shequ.access import Acting
from shequ.contracts.registry import HouseholdEvent, Relationship
from shequ.eventstore import ConcurrencyError, Decider, EventStore, Outcome, load
from shequ.registry.domain import household
from shequ.registry.domain.household import AddMember, RegisterHousehold
from shequ.registry.handlers.offices import office_is_open
from shequ.registry.handlers.persons import living_person
from shequ.registry.readmodels.guards import household_of, keep_membership
from shequ.service import execute_as, new_id

C = TypeVar("C")
State = household.State


def _decide_in_turn(
    commands: Sequence[household.Command], state: State
) -> list[HouseholdEvent]:
    # Registration with members is one append: all of it is written, or none.
    events: list[HouseholdEvent] = []
    for command in commands:
        for event in household.decide(command, state):
            state = household.evolve(state, event)
            events.append(event)
    return events


_IN_TURN: Decider[Sequence[household.Command], State, HouseholdEvent] = Decider(
    "household", None, _decide_in_turn, household.evolve
)


async def register(
    store: EventStore,
    by: Acting,
    *,
    head_person_id: str,
    address: str,
    office: str,
    members: Sequence[tuple[str, Relationship]] = (),
    key: str | None = None,
) -> Outcome[State]:
    """Register a household with its head and, in the same append, its members.

    ``members`` are (person id, relationship to the head), everyone but the head.
    """
    household_id = new_id("household", by, key)
    await living_person(store, by, head_person_id, "head_person_id", office)
    command = RegisterHousehold(
        household_id=household_id,
        head_person_id=head_person_id,
        head_member_of=await household_of(store.pool, head_person_id),
        address=address,
        office=office,
        office_open=await office_is_open(store, office),
        by=by,
    )
    commands: list[household.Command] = [command]
    for person_id, relationship in members:
        commands.append(await _member(store, by, person_id, relationship, office))
    return await _guarded(store, by, _IN_TURN, household_id, commands, key=key)


async def add_member(
    store: EventStore,
    by: Acting,
    household_id: str,
    *,
    person_id: str,
    relationship: Relationship,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Add a resident of the household's office who belongs to no other household.

    Without ``expected_version`` (a blind write) a change that lands first is not an
    error: the member is decided again on the fresh household, as ``execute`` does
    (its own retry is off inside the guard's transaction).
    """
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return await _add_member(
                store,
                by,
                household_id,
                person_id=person_id,
                relationship=relationship,
                expected_version=expected_version,
            )
        except ConcurrencyError:
            if expected_version is not None or attempt == _ATTEMPTS:
                raise
    raise AssertionError("unreachable: the loop returns or raises")


_ATTEMPTS = 3


async def _add_member(
    store: EventStore,
    by: Acting,
    household_id: str,
    *,
    person_id: str,
    relationship: Relationship,
    expected_version: int | None,
) -> Outcome[State]:
    current, _ = await load(store, household.DECIDER, household_id)
    if current is not None:
        command = await _member(store, by, person_id, relationship, current.office)
    else:  # the decider says the household is unknown
        command = AddMember(
            person_id=person_id, relationship=relationship, member_of=None, by=by
        )
    return await _guarded(
        store,
        by,
        household.DECIDER,
        household_id,
        command,
        expected_version=expected_version,
    )


async def remove_member(
    store: EventStore,
    by: Acting,
    household_id: str,
    *,
    person_id: str,
    reason: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Remove a member; they are then free to join another household."""
    command = household.RemoveMember(person_id=person_id, reason=reason, by=by)
    return await _guarded(
        store,
        by,
        household.DECIDER,
        household_id,
        command,
        expected_version=expected_version,
    )


async def change_head(
    store: EventStore,
    by: Acting,
    household_id: str,
    *,
    new_head_person_id: str,
    relationships: Mapping[str, Relationship],
    expected_version: int | None = None,
) -> Outcome[State]:
    """Make a member head; membership does not change, so no guard row either."""
    command = household.ChangeHead(
        new_head_person_id=new_head_person_id, relationships=relationships, by=by
    )
    return await execute_as(
        by,
        store,
        household.DECIDER,
        household_id,
        command,
        expected_version=expected_version,
    )


async def _member(
    store: EventStore,
    by: Acting,
    person_id: str,
    relationship: Relationship,
    office: str,
) -> AddMember:
    await living_person(store, by, person_id, "person_id", office)
    return AddMember(
        person_id=person_id,
        relationship=relationship,
        member_of=await household_of(store.pool, person_id),
        by=by,
    )


async def _guarded(
    store: EventStore,
    by: Acting,
    decider: Decider[C, State, HouseholdEvent],
    household_id: str,
    command: C,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    async with store.pool.acquire() as conn, conn.transaction():
        outcome = await execute_as(
            by,
            store,
            decider,
            household_id,
            command,
            key=key,
            expected_version=expected_version,
            connection=conn,
        )
        for event in outcome.events:
            await keep_membership(conn, household_id, event)
    return outcome
