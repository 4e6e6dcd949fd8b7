"""Handlers of person files (一人一档): register, correct, tag, move, death, merge."""

from __future__ import annotations

from dataclasses import replace

from shequ.contracts.registry import PersonRegistered
from shequ.eventstore import EventStore, Outcome, load

__all__ = ["change", "load", "merge", "move", "register"]
from shequ.registry.domain import person
from shequ.registry.domain.person import (
    AbsorbDuplicate,
    DuplicateInHousehold,
    MergeInto,
    MovePerson,
    RegisterPerson,
    State,
)
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers._common import office_is_open, run
from shequ.registry.readmodels.guards import claim_document, household_of

Command = person.Command


async def register(
    store: EventStore, command: RegisterPerson, key: str | None = None
) -> Outcome[State]:
    """Open a file; its document number is claimed in the same transaction."""
    command = replace(command, office_open=await office_is_open(store, command.office))
    async with store.pool.acquire() as conn, conn.transaction():
        outcome = await run(
            store,
            person.DECIDER,
            command.person_id,
            command,
            command.by,
            key=key,
            connection=conn,
        )
        for event in outcome.events:
            if isinstance(event, PersonRegistered) and event.document_number:
                await claim_document(
                    conn,
                    event.document_kind or "",
                    event.document_number,
                    command.person_id,
                )
    if outcome.result is not None and outcome.result.duplicate:
        # A retry carries a fresh id; the file is the one the first attempt opened.
        state, head = await load(store, person.DECIDER, outcome.result.stream_id)
        return Outcome((), state, head.version, outcome.result)
    return outcome


async def move(
    store: EventStore,
    person_id: str,
    command: MovePerson,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Move a person; the target office must be open."""
    command = replace(
        command, target_open=await office_is_open(store, command.to_office)
    )
    return await run(
        store,
        person.DECIDER,
        person_id,
        command,
        command.by,
        expected_version=expected_version,
    )


async def merge(
    store: EventStore,
    survivor_id: str,
    duplicate_id: str,
    by: Acting,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Merge a duplicate file into the surviving one; both histories stay.

    Both files change in one transaction: two merges of one duplicate at once cannot
    both absorb it (the second's append to the duplicate fails, and with it all).
    A duplicate still in a household is refused: it would leave one person in two.
    """
    async with store.pool.acquire() as conn, conn.transaction():
        if household := await household_of(conn, duplicate_id):
            raise DuplicateInHousehold(
                f"file {duplicate_id} is still in household {household}: remove it"
                " there first",
                field="duplicate_person_id",
            )
        survivor, _ = await load(store, person.DECIDER, survivor_id, conn)
        duplicate, _ = await load(store, person.DECIDER, duplicate_id, conn)
        absorbed = await run(
            store,
            person.DECIDER,
            survivor_id,
            AbsorbDuplicate(duplicate_id=duplicate_id, duplicate=duplicate, by=by),
            by,
            expected_version=expected_version,
            connection=conn,
        )
        await run(
            store,
            person.DECIDER,
            duplicate_id,
            MergeInto(survivor_id=survivor_id, survivor=survivor, by=by),
            by,
            connection=conn,
        )
    return absorbed


async def change(
    store: EventStore,
    person_id: str,
    command: Command,
    by: Acting,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Corrections, tags and deaths: nothing to look up, straight to the decider."""
    return await run(
        store, person.DECIDER, person_id, command, by, expected_version=expected_version
    )
