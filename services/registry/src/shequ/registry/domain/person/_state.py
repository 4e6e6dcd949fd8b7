"""The state of a person file (一人一档), folded from its events by a rule-free evolve.

A file is deceased once it has a date of death and merged once it names the file it
was merged into; a merged file may also be deceased. Age is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.contracts.registry import (
    DocumentKind,
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonEvent,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonsMerged,
    PersonTagsChanged,
    Residence,
    Sex,
    Tag,
)
from shequ.registry.domain.person._rules import is_elderly_on


@dataclass(frozen=True)
class Person:
    person_id: str
    office: str
    name: str
    document_kind: DocumentKind | None
    document_number: str | None
    birth_date: date
    sex: Sex
    phone: str | None
    address: str
    residence: Residence
    tags: frozenset[Tag]
    date_of_death: date | None = None
    merged_into: str | None = None
    absorbed: tuple[str, ...] = ()
    # Set once the person's personal data was erased (个人信息已删除).
    erased: bool = False

    @property
    def holds_resident_id(self) -> bool:
        """True when birth date and sex come from a resident ID number."""
        return self.document_kind == "resident_id"


State = Person | None


def is_elderly(state: Person, on: date) -> bool:
    """True when the person is 60 or older on ``on`` (derived, never a tag)."""
    return is_elderly_on(state.birth_date, on)


def evolve(state: State, event: PersonEvent) -> State:  # noqa: PLR0911 - a case each
    match event:
        case PersonRegistered():
            return _registered(event)
        case _ if state is None:
            return state
        case PersonDetailsCorrected():
            return _corrected(state, event)
        case PersonTagsChanged():
            tags = (state.tags | set(event.added)) - set(event.removed)
            return replace(state, tags=tags)
        case PersonMoved():
            return replace(state, office=event.to_office, address=event.address)
        case PersonDied():
            return replace(state, date_of_death=event.date_of_death)
        case PersonsMerged():
            absorbed = (*state.absorbed, event.absorbed_person_id)
            return replace(
                state, tags=state.tags | set(event.tags_added), absorbed=absorbed
            )
        case PersonMergedInto():
            return replace(state, merged_into=event.surviving_person_id)
        case PersonErased():
            return replace(state, erased=True)
        case _:
            assert_never(event)


def _registered(event: PersonRegistered) -> Person:
    return Person(
        person_id=event.person_id,
        office=event.office,
        name=event.name,
        document_kind=event.document_kind,
        document_number=event.document_number,
        birth_date=event.birth_date,
        sex=event.sex,
        phone=event.phone,
        address=event.address,
        residence=event.residence,
        tags=frozenset(event.tags),
    )


def _corrected(state: Person, event: PersonDetailsCorrected) -> Person:
    return replace(
        state,
        name=event.name or state.name,
        birth_date=event.birth_date or state.birth_date,
        sex=event.sex or state.sex,
        phone=event.phone or state.phone,
        address=event.address or state.address,
        residence=event.residence or state.residence,
    )
