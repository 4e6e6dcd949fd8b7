"""The commands a person file (一人一档) takes, as the handler builds them.

Each carries who acts and when (``by``) and whatever a rule needs from other streams,
looked up by the handler: whether an office is open, the other file of a merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.registry import Residence, Sex, Tag
from shequ.registry.domain.identity import DocumentType
from shequ.registry.domain.person._erasure import ErasePersonalData
from shequ.registry.domain.person._state import Person
from shequ.registry.domain.rules import Acting


@dataclass(frozen=True, kw_only=True)
class IdDocument:
    kind: DocumentType
    number: str


@dataclass(frozen=True, kw_only=True)
class RegisterPerson:
    """Open a file. ``birth_date`` and ``sex`` may be left out with a resident ID."""

    person_id: str
    name: str
    document: IdDocument | None
    birth_date: date | None
    sex: Sex | None
    phone: str | None
    address: str
    office: str
    office_open: bool
    residence: Residence
    tags: frozenset[Tag]
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CorrectDetails:
    """Correct what was recorded wrongly; a field left None stays as it is."""

    reason: str
    by: Acting
    name: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    phone: str | None = None
    address: str | None = None
    residence: Residence | None = None


@dataclass(frozen=True, kw_only=True)
class ChangeTags:
    add: frozenset[Tag]
    remove: frozenset[Tag]
    by: Acting


@dataclass(frozen=True, kw_only=True)
class MovePerson:
    to_office: str
    target_open: bool  # the target office exists and is open
    address: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordDeath:
    date_of_death: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AbsorbDuplicate:
    """On the surviving file: take in ``duplicate`` (its state, or None)."""

    duplicate_id: str
    duplicate: Person | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class MergeInto:
    """On the duplicate file: close it into ``survivor`` (its state, or None)."""

    survivor_id: str
    survivor: Person | None
    by: Acting


Command = (
    RegisterPerson
    | ErasePersonalData
    | CorrectDetails
    | ChangeTags
    | MovePerson
    | RecordDeath
    | AbsorbDuplicate
    | MergeInto
)
