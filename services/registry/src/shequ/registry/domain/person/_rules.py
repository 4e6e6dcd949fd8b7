"""The rules of a person file (一人一档) that need no state: errors, ages, move kinds.

Each error is one rule a command can break; its message says in domain words what is
wrong and ``field`` names the input at fault. Ages and move kinds are derived, never
stored: being elderly (60+) follows from the birth date and the day asked about.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import MoveKind

ELDERLY_AGE = 60


class PersonAlreadyRegistered(Conflict):
    """The file was opened before; a second registration would make two files."""

    title = N_("Person already registered")


class PersonNotFound(NotFound):
    """No person file exists under this id."""

    title = N_("Person not found")


class FileMerged(DomainError):
    """The file was merged into another: act on the surviving file instead."""

    code = "file-merged"
    title = N_("The file was merged")


class BirthDateContradictsId(DomainError):
    """A birth date or sex given differs from what the resident ID number encodes."""

    code = "contradicts-id-number"
    title = N_("Contradicts the ID number")


class DetailMissing(DomainError):
    """Without a resident ID number, birth date and sex must be given."""

    title = N_("A detail is missing")


class BirthDateInFuture(DomainError):
    title = N_("Birth date in the future")


class TagAddedAndRemoved(DomainError):
    """One change cannot both add and remove the same tag."""

    title = N_("Tag both added and removed")


class PersonDeceased(DomainError):
    """The person has died: they can no longer move or die again."""

    code = "person-deceased"
    title = N_("The person has died")


class DeathDateImpossible(DomainError):
    """A date of death before the birth date, or after today."""

    title = N_("Impossible date of death")


class CannotMergeWithItself(DomainError):
    title = N_("Cannot merge a file with itself")


class DifferentIdNumbers(DomainError):
    """Two files holding different ID numbers are two people, never one."""

    code = "different-id-numbers"
    title = N_("Different ID numbers")


class KeepTheFileWithTheId(DomainError):
    """When only one file holds an ID number, that file is the one that survives."""

    title = N_("Keep the file with the ID number")


class NotTheSamePerson(DomainError):
    """Files with different birth dates or sexes are two people, never one."""

    title = N_("Not the same person")


class DuplicateInHousehold(DomainError):
    """A file still in a household cannot be merged away: remove it there first."""

    title = N_("The duplicate is in a household")


class PersonFileErased(Conflict):
    """The person's personal data was erased: nothing more is recorded on the file."""

    code = "person-erased"
    title = N_("The personal data was erased")


class FileInUse(DomainError):
    """A living person's file is in use: erased only if it was registered in error."""

    code = "file-in-use"
    title = N_("The file is in use")


class UnderLegalHold(DomainError):
    """An open case the law requires to be kept (法定保存) holds the file."""

    code = "legal-hold"
    title = N_("Kept by law")


def age_on(birth_date: date, on: date) -> int:
    """Full years of age on ``on`` (someone born on 29 February ages on 1 March)."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def is_elderly_on(birth_date: date, on: date) -> bool:
    """True from the 60th birthday on (老年人)."""
    return age_on(birth_date, on) >= ELDERLY_AGE


def move_kind(from_office: str, to_office: str) -> MoveKind:
    """How far a move goes, read from the two codes (both community or grid level).

    Within the same community (another grid, or a new address) → ``within_community``;
    to another community of the same street → ``to_community``; else ``to_street``.
    """
    if from_office[:12] == to_office[:12]:
        return "within_community"
    if from_office[:9] == to_office[:9]:
        return "to_community"
    return "to_street"
