"""Handlers of households (户): register with members, add and remove members, new head.

A person belongs to one household at most (一人一户): the decider is told which
household a person already belongs to (``member_of``), and the guard row that records
membership is written in the same transaction as the events (readmodels/guards.py).
A household's people are living residents of its office, checked against their files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from shequ.contracts import Conflict, DomainError, Event
from shequ.eventstore import Decider, EventStore, Outcome, load
from shequ.registry.domain import household, person
from shequ.registry.domain.household import AddMember, RegisterHousehold
from shequ.registry.domain.rules import Acting, office_code
from shequ.registry.handlers._common import office_is_open, run
from shequ.registry.readmodels.guards import household_of, keep_membership

C = TypeVar("C")
S = TypeVar("S")
State = household.State


class LivesOutsideOffice(DomainError):
    """A household's people are residents of its office (or of a grid within it)."""

    code = "lives-outside-office"


def _decide_in_turn(commands: Sequence[household.Command], state: State) -> list[Event]:
    # Registration with members is one append: all of it is written, or none.
    events: list[Event] = []
    for command in commands:
        for event in household.decide(command, state):
            state = household.evolve(state, event)
            events.append(event)
    return events


_IN_TURN: Decider[Sequence[household.Command], State] = Decider(
    "household", None, _decide_in_turn, household.evolve
)


async def living_person(
    store: EventStore, person_id: str, field: str, within: str | None = None
) -> person.Person:
    """The person's file if it is open and, given ``within``, lies in that office."""
    found, _ = await load(store, person.DECIDER, person_id)
    if found is None:
        raise person.PersonNotFound(f"no person file {person_id}", field=field)
    if found.merged_into is not None:
        raise person.FileMerged(
            f"{person_id} was merged into {found.merged_into}: use that file",
            field=field,
        )
    if found.date_of_death is not None:
        raise person.PersonDeceased(f"{person_id} has died", field=field)
    if within is not None and not office_code(within, "office").covers(found.office):
        raise LivesOutsideOffice(
            f"{person_id} is a resident of office {found.office}, outside office"
            f" {within}: move them first",
            field=field,
        )
    return found


async def register(
    store: EventStore,
    command: RegisterHousehold,
    members: Sequence[AddMember] = (),
    key: str | None = None,
) -> Outcome[State]:
    """Register a household with its head and, in the same append, its members."""
    office = command.office
    await living_person(store, command.head_person_id, "head_person_id", office)
    command = replace(
        command,
        office_open=await office_is_open(store, office),
        head_member_of=await household_of(store.pool, command.head_person_id),
    )
    commands: list[household.Command] = [command]
    commands += [await _member(store, m, office) for m in members]
    outcome = await _guarded(
        store, _IN_TURN, command.household_id, commands, command.by, key=key
    )
    return await first_outcome(store, household.DECIDER, outcome)


async def add_member(
    store: EventStore,
    household_id: str,
    command: AddMember,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Add a resident of the household's office who belongs to no other household."""
    current, _ = await load(store, household.DECIDER, household_id)
    if current is not None:
        command = await _member(store, command, current.office)
    return await _guarded(
        store,
        household.DECIDER,
        household_id,
        command,
        command.by,
        expected_version=expected_version,
    )


async def remove_member(
    store: EventStore,
    household_id: str,
    command: household.RemoveMember,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Remove a member; they are then free to join another household."""
    return await _guarded(
        store,
        household.DECIDER,
        household_id,
        command,
        command.by,
        expected_version=expected_version,
    )


async def change_head(
    store: EventStore,
    household_id: str,
    command: household.ChangeHead,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Make a member head; membership does not change, so no guard row either."""
    return await run(
        store,
        household.DECIDER,
        household_id,
        command,
        command.by,
        expected_version=expected_version,
    )


async def _member(store: EventStore, command: AddMember, office: str) -> AddMember:
    await living_person(store, command.person_id, "person_id", office)
    return replace(command, member_of=await household_of(store.pool, command.person_id))


async def _guarded(
    store: EventStore,
    decider: Decider[C, State],
    household_id: str,
    command: C,
    by: Acting,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    async with store.pool.acquire() as conn, conn.transaction():
        outcome = await run(
            store,
            decider,
            household_id,
            command,
            by,
            key=key,
            expected_version=expected_version,
            connection=conn,
        )
        for event in outcome.events:
            await keep_membership(conn, household_id, event)
    return outcome


async def first_outcome(
    store: EventStore, decider: Decider[C, S], outcome: Outcome[S]
) -> Outcome[S]:
    """For a retried registration (same Idempotency-Key), the record made first.

    A retry carries a fresh id, so ``execute`` loaded an empty stream; the append
    result names the stream the first attempt wrote.
    """
    result = outcome.result
    if outcome.events or result is None:
        return outcome
    state, head = await load(store, decider, result.stream_id)
    if state is None:  # the key was first given with a command of another kind
        raise Conflict(
            f"this Idempotency-Key was used for another request ({result.stream_id})",
            field="header.Idempotency-Key",
        )
    return Outcome((), state, head.version, result)
