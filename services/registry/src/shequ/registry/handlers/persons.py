"""Handlers of person files (一人一档): register, correct, tag, move, death, merge.

Each looks up what a rule needs (is the office open? is the duplicate still in a
household?), builds the complete command and executes it as the acting staff member.
A new file's id derives from the Idempotency-Key, so a retry returns the first file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from shequ.access import Acting, OfficeCode
from shequ.contracts import Conflict
from shequ.contracts.messages import N_
from shequ.contracts.registry import PersonRegistered, Residence, Sex, Tag
from shequ.eventstore import ConcurrencyError, EventStore, Outcome, load
from shequ.registry.domain import person
from shequ.registry.domain.household_errors import LivesOutsideOffice
from shequ.registry.domain.person import (
    AbsorbDuplicate,
    DuplicateInHousehold,
    IdDocument,
    MergeInto,
    State,
)
from shequ.registry.domain.rules import office_code
from shequ.registry.handlers.offices import office_is_open
from shequ.registry.readmodels.guards import (
    DocumentAlreadyRegistered,
    DocumentHeldOutside,
    claim_document,
    household_of,
    keyring_of,
)
from shequ.service import execute_as, new_id


async def register(
    store: EventStore,
    by: Acting,
    *,
    name: str,
    document: IdDocument | None,
    birth_date: date | None,
    sex: Sex | None,
    phone: str | None,
    address: str,
    office: str,
    residence: Residence,
    tags: Iterable[Tag],
    key: str | None = None,
) -> Outcome[State]:
    """Open a file; its document number is claimed in the same transaction."""
    person_id = new_id("person", by, key)
    command = person.RegisterPerson(
        person_id=person_id,
        name=name,
        document=document,
        birth_date=birth_date,
        sex=sex,
        phone=phone,
        address=address,
        office=office,
        office_open=await office_is_open(store, office),
        residence=residence,
        tags=frozenset(tags),
        by=by,
    )
    try:
        async with store.pool.acquire() as conn, conn.transaction():
            outcome = await execute_as(
                by,
                store,
                person.DECIDER,
                person_id,
                command,
                key=key,
                # A fresh UUIDv7 names no stream yet: nothing to load. A keyed id
                # may name the first attempt's, which execute finds.
                new_stream=key is None,
                connection=conn,
            )
            for event in outcome.events:
                if isinstance(event, PersonRegistered) and event.document_number:
                    await claim_document(
                        conn,
                        keyring_of(store),
                        event.document_kind or "",
                        event.document_number,
                        person_id,
                    )
    except DocumentAlreadyRegistered as taken:
        # The holder's id only for a clerk who may read that file (#14 item 9).
        holder, _ = await load(store, person.DECIDER, taken.person_id)
        if holder is None or not OfficeCode(by.office).covers(holder.office):
            raise DocumentHeldOutside from None
        raise
    return outcome


async def correct(
    store: EventStore,
    by: Acting,
    person_id: str,
    *,
    reason: str,
    name: str | None = None,
    birth_date: date | None = None,
    sex: Sex | None = None,
    phone: str | None = None,
    address: str | None = None,
    residence: Residence | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Correct details recorded wrongly; a detail not given stays as it is."""
    command = person.CorrectDetails(
        reason=reason,
        name=name,
        birth_date=birth_date,
        sex=sex,
        phone=phone,
        address=address,
        residence=residence,
        by=by,
    )
    return await _execute(store, by, person_id, command, expected_version)


async def change_tags(
    store: EventStore,
    by: Acting,
    person_id: str,
    *,
    add: Iterable[Tag],
    remove: Iterable[Tag],
    expected_version: int | None = None,
) -> Outcome[State]:
    """Add and remove tags."""
    command = person.ChangeTags(add=frozenset(add), remove=frozenset(remove), by=by)
    return await _execute(store, by, person_id, command, expected_version)


async def record_death(
    store: EventStore,
    by: Acting,
    person_id: str,
    *,
    date_of_death: date,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Record a death; the file stays, closed."""
    command = person.RecordDeath(date_of_death=date_of_death, by=by)
    return await _execute(store, by, person_id, command, expected_version)


async def move(
    store: EventStore,
    by: Acting,
    person_id: str,
    *,
    to_office: str,
    address: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Move a person; the target office must be open."""
    command = person.MovePerson(
        to_office=to_office,
        target_open=await office_is_open(store, to_office),
        address=address,
        by=by,
    )
    return await _execute(store, by, person_id, command, expected_version)


async def merge(
    store: EventStore,
    by: Acting,
    survivor_id: str,
    *,
    duplicate_id: str,
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
                N_(
                    "file {person_id} is still in household {household_id}: remove it"
                    " there first"
                ),
                field="duplicate_person_id",
                person_id=duplicate_id,
                household_id=household,
            )
        survivor, _ = await load(store, person.DECIDER, survivor_id, conn)
        duplicate, _ = await load(store, person.DECIDER, duplicate_id, conn)
        absorbed = await execute_as(
            by,
            store,
            person.DECIDER,
            survivor_id,
            AbsorbDuplicate(duplicate_id=duplicate_id, duplicate=duplicate, by=by),
            expected_version=expected_version,
            connection=conn,
        )
        try:
            await execute_as(
                by,
                store,
                person.DECIDER,
                duplicate_id,
                MergeInto(survivor_id=survivor_id, survivor=survivor, by=by),
                connection=conn,
            )
        except ConcurrencyError:
            # The duplicate moved on (another merge took it): not the survivor's
            # If-Match going stale, so a conflict naming the duplicate, not a 412.
            raise Conflict(
                N_("file {person_id} changed meanwhile: read it again"),
                field="duplicate_person_id",
                person_id=duplicate_id,
            ) from None
    return absorbed


async def living_person(
    store: EventStore,
    by: Acting,
    person_id: str,
    field: str,
    within: str | None = None,
    *,
    anywhere: bool = False,
) -> person.Person:
    """The person's file if it is open and, given ``within``, lies in that office.

    A file outside the acting staff member's subtree is answered as an unknown one,
    before any rule looks at it, so no refusal tells them it exists. ``anywhere``
    admits such a file (a landlord living elsewhere) when it is open; a closed one
    is still answered as unknown.
    """
    found, _ = await load(store, person.DECIDER, person_id)
    unknown = person.PersonNotFound(f"no person file {person_id}", field=field)
    if found is None:
        raise unknown
    visible = OfficeCode(by.office).covers(found.office)
    if not visible and not anywhere:
        raise unknown
    if found.erased:
        # Nothing new may name an erased person (a household member, a landlord).
        if not visible:
            raise unknown
        person.refuse_if_erased(found)
    if found.merged_into is not None:
        raise (
            unknown
            if not visible
            else person.FileMerged(
                f"{person_id} was merged into {found.merged_into}: use that file",
                field=field,
            )
        )
    if found.date_of_death is not None:
        raise (
            unknown
            if not visible
            else person.PersonDeceased(
                N_("{person_id} has died"), field=field, person_id=person_id
            )
        )
    if within is not None and not office_code(within, "office").covers(found.office):
        raise LivesOutsideOffice(
            N_(
                "{person_id} is a resident of {office}, outside {within_office}:"
                " move them first"
            ),
            field=field,
            person_id=person_id,
            office=found.office,
            within_office=within,
        )
    return found


async def _execute(
    store: EventStore,
    by: Acting,
    person_id: str,
    command: person.Command,
    expected_version: int | None,
) -> Outcome[State]:
    return await execute_as(
        by, store, person.DECIDER, person_id, command, expected_version=expected_version
    )
