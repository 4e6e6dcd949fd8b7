"""What happens to a registered person: tags change, they move, die, or are merged.

A move's kind is read from the two office codes; a move out of the office hands the
person's cases over in other services. Merging joins two files of the same person
(often one without an ID number): the surviving file records ``PersonsMerged`` and
the duplicate ``PersonMergedInto``, so both histories are kept.
"""

from __future__ import annotations

from shequ.access import mask_id
from shequ.contracts.messages import N_
from shequ.contracts.registry import (
    SEX_LABELS,
    PersonDied,
    PersonEvent,
    PersonMergedInto,
    PersonMoved,
    PersonsMerged,
    PersonTagsChanged,
)
from shequ.registry.domain.person._commands import (
    AbsorbDuplicate,
    ChangeTags,
    MergeInto,
    MovePerson,
    RecordDeath,
)
from shequ.registry.domain.person._erasure import refuse_if_erased
from shequ.registry.domain.person._rules import (
    CannotMergeWithItself,
    DeathDateImpossible,
    DifferentIdNumbers,
    FileMerged,
    KeepTheFileWithTheId,
    NotTheSamePerson,
    PersonDeceased,
    PersonNotFound,
    TagAddedAndRemoved,
    move_kind,
)
from shequ.registry.domain.person._state import Person
from shequ.registry.domain.rules import require_text, residents_office


def change_tags(command: ChangeTags, person: Person) -> list[PersonEvent]:
    both = command.add & command.remove
    if both:
        raise TagAddedAndRemoved(
            N_("tags both added and removed: {tags}"),
            field="tags",
            tags=", ".join(sorted(both)),
        )
    added, removed = command.add - person.tags, command.remove & person.tags
    if not (added or removed):
        return []
    return [
        PersonTagsChanged(
            office=person.office, added=sorted(added), removed=sorted(removed)
        )
    ]


def move(command: MovePerson, person: Person) -> list[PersonEvent]:
    _alive(person)
    to = residents_office(
        command.to_office, is_open=command.target_open, field="to_office"
    )
    address = require_text(command.address, "address", N_("the new address"))
    if to == person.office and address == person.address:
        return []
    return [
        PersonMoved(
            from_office=person.office,
            to_office=to,
            kind=move_kind(person.office, to),
            address=address,
        )
    ]


def record_death(command: RecordDeath, person: Person) -> list[PersonEvent]:
    _alive(person)
    died, today = command.date_of_death, command.by.today
    if died < person.birth_date:
        raise DeathDateImpossible(
            N_("date of death {died} is before the birth date {born}"),
            field="date_of_death",
            died=died.isoformat(),
            born=person.birth_date.isoformat(),
        )
    if died > today:
        raise DeathDateImpossible(
            N_("date of death {died} is after today ({today})"),
            field="date_of_death",
            died=died.isoformat(),
            today=today.isoformat(),
        )
    return [PersonDied(office=person.office, date_of_death=died)]


def absorb(command: AbsorbDuplicate, person: Person) -> list[PersonEvent]:
    duplicate = _other(command.duplicate, command.duplicate_id, "duplicate_id")
    _mergeable(survivor=person, duplicate=duplicate)
    return [
        PersonsMerged(
            office=person.office,
            absorbed_person_id=duplicate.person_id,
            tags_added=sorted(duplicate.tags - person.tags),
        )
    ]


def merge_into(command: MergeInto, person: Person) -> list[PersonEvent]:
    survivor = _other(command.survivor, command.survivor_id, "survivor_id")
    _mergeable(survivor=survivor, duplicate=person)
    return [
        PersonMergedInto(office=person.office, surviving_person_id=survivor.person_id)
    ]


def _alive(person: Person) -> None:
    if person.date_of_death is not None:
        raise PersonDeceased(
            N_("{name} died on {died}"),
            field="person_id",
            name=person.name,
            died=person.date_of_death.isoformat(),
        )


def _other(other: Person | None, person_id: str, field: str) -> Person:
    if other is None:
        raise PersonNotFound(
            N_("no person file {person_id}"), field=field, person_id=person_id
        )
    refuse_if_erased(other)
    if other.merged_into is not None:
        raise FileMerged(
            N_("file {person_id} was already merged into {merged_into}"),
            field=field,
            person_id=person_id,
            merged_into=other.merged_into,
        )
    return other


def _mergeable(*, survivor: Person, duplicate: Person) -> None:
    field = "duplicate_person_id"
    if survivor.person_id == duplicate.person_id:
        raise CannotMergeWithItself(
            N_("a file cannot be merged with itself"), field=field
        )
    theirs, ours = duplicate.document_number, survivor.document_number
    if theirs is not None and ours is not None and theirs != ours:
        raise DifferentIdNumbers(
            N_(
                "file {person_id} holds {number} and file {other_person_id} holds"
                " {other_number}: they are two people"
            ),
            field=field,
            person_id=survivor.person_id,
            number=mask_id(ours),
            other_person_id=duplicate.person_id,
            other_number=mask_id(theirs),
        )
    if theirs is not None and ours is None:
        raise KeepTheFileWithTheId(
            N_(
                "keep file {other_person_id}, which holds the ID number, and merge"
                " {person_id} into it"
            ),
            field=field,
            other_person_id=duplicate.person_id,
            person_id=survivor.person_id,
        )
    if (survivor.birth_date, survivor.sex) != (duplicate.birth_date, duplicate.sex):
        raise NotTheSamePerson(
            N_(
                "file {person_id} is of someone born {born} ({sex}) and file"
                " {other_person_id} of someone born {other_born} ({other_sex}):"
                " correct one first if they are one person"
            ),
            field=field,
            person_id=survivor.person_id,
            born=survivor.birth_date.isoformat(),
            sex=SEX_LABELS[survivor.sex],
            other_person_id=duplicate.person_id,
            other_born=duplicate.birth_date.isoformat(),
            other_sex=SEX_LABELS[duplicate.sex],
        )
