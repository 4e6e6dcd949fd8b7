"""A person file (一人一档): register, correct, tag, move, record a death, merge. Pure.

Stream type ``person``, stream id ``person-<uuid>`` given by the handler (``new_id``).
A resident ID number fixes the birth date and sex; other documents, or none, leave
them to be given.
That the same ID number never becomes two people is enforced by the handler with a
unique index on the number (a decider sees one stream only), answering 409 with the
existing file. Being elderly (60+) is derived by :func:`is_elderly`, never stored.
"""

from __future__ import annotations

from typing import assert_never

from shequ.contracts.messages import N_
from shequ.contracts.registry import PersonEvent
from shequ.eventstore import Decider
from shequ.registry.domain.person._commands import (
    AbsorbDuplicate,
    ChangeTags,
    Command,
    CorrectDetails,
    IdDocument,
    MergeInto,
    MovePerson,
    RecordDeath,
    RegisterPerson,
)
from shequ.registry.domain.person._details import correct, register
from shequ.registry.domain.person._erasure import (
    HOLD_KIND_LABELS,
    HOLD_SERVICE_LABELS,
    ErasePersonalData,
    LegalHold,
    as_shown,
    erase,
    refuse_if_erased,
)
from shequ.registry.domain.person._life import (
    absorb,
    change_tags,
    merge_into,
    move,
    record_death,
)
from shequ.registry.domain.person._rules import (
    BirthDateContradictsId,
    BirthDateInFuture,
    CannotMergeWithItself,
    DeathDateImpossible,
    DetailMissing,
    DifferentIdNumbers,
    DuplicateInHousehold,
    FileInUse,
    FileMerged,
    KeepTheFileWithTheId,
    NotTheSamePerson,
    PersonAlreadyRegistered,
    PersonDeceased,
    PersonFileErased,
    PersonNotFound,
    TagAddedAndRemoved,
    UnderLegalHold,
    age_on,
    move_kind,
)
from shequ.registry.domain.person._state import Person, State, evolve, is_elderly


def decide(command: Command, state: State) -> list[PersonEvent]:  # noqa: PLR0911 - a case each
    if state is not None:
        refuse_if_erased(state)
    match command:
        case RegisterPerson():
            return register(command, state)
        case ErasePersonalData():
            return list(erase(command, state))
        case CorrectDetails():
            return correct(command, _open_file(state))
        case ChangeTags():
            return change_tags(command, _open_file(state))
        case MovePerson():
            return move(command, _open_file(state))
        case RecordDeath():
            return record_death(command, _open_file(state))
        case AbsorbDuplicate():
            return absorb(command, _open_file(state))
        case MergeInto():
            return merge_into(command, _open_file(state))
        case _:
            assert_never(command)


def _open_file(state: State) -> Person:
    """The registered file, unless it was merged into another."""
    if state is None:
        raise PersonNotFound(N_("no person file under this id"), field="person_id")
    if state.merged_into is not None:
        raise FileMerged(
            N_("this file was merged into {merged_into}: use that file"),
            field="person_id",
            merged_into=state.merged_into,
        )
    return state


DECIDER: Decider[Command, State, PersonEvent] = Decider("person", None, decide, evolve)

__all__ = [
    "DECIDER",
    "HOLD_KIND_LABELS",
    "HOLD_SERVICE_LABELS",
    "AbsorbDuplicate",
    "BirthDateContradictsId",
    "BirthDateInFuture",
    "CannotMergeWithItself",
    "ChangeTags",
    "Command",
    "CorrectDetails",
    "DeathDateImpossible",
    "DetailMissing",
    "DifferentIdNumbers",
    "DuplicateInHousehold",
    "ErasePersonalData",
    "FileInUse",
    "FileMerged",
    "IdDocument",
    "KeepTheFileWithTheId",
    "LegalHold",
    "MergeInto",
    "MovePerson",
    "NotTheSamePerson",
    "Person",
    "PersonAlreadyRegistered",
    "PersonDeceased",
    "PersonFileErased",
    "PersonNotFound",
    "RecordDeath",
    "RegisterPerson",
    "State",
    "TagAddedAndRemoved",
    "UnderLegalHold",
    "age_on",
    "as_shown",
    "decide",
    "erase",
    "evolve",
    "is_elderly",
    "move_kind",
    "refuse_if_erased",
]
