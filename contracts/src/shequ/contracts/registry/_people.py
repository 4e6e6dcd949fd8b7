"""Events of a person file (一人一档): registration, corrections, moves, death."""

from __future__ import annotations

from datetime import date
from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.registry._types import (
    DocumentKind,
    MoveKind,
    OfficeCodeText,
    Residence,
    Sex,
    Tag,
)


class PersonRegistered(Event):
    """A person file was opened; a person without a document has none of its fields."""

    type: Literal["PersonRegistered"] = "PersonRegistered"
    stream_type = "person"
    person_id: str
    office: OfficeCodeText
    name: str
    document_kind: DocumentKind | None
    document_number: str | None
    document_masked: str | None
    birth_date: date
    sex: Sex
    phone: str | None
    address: str
    residence: Residence
    tags: list[Tag]


class PersonDetailsCorrected(Event):
    """Details were corrected; a field left None was not changed."""

    type: Literal["PersonDetailsCorrected"] = "PersonDetailsCorrected"
    stream_type = "person"
    office: OfficeCodeText
    name: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    phone: str | None = None
    address: str | None = None
    residence: Residence | None = None
    reason: str


class PersonTagsChanged(Event):
    type: Literal["PersonTagsChanged"] = "PersonTagsChanged"
    stream_type = "person"
    office: OfficeCodeText
    added: list[Tag]
    removed: list[Tag]


class PersonMoved(Event):
    """The person moved; a move to another office hands their cases over."""

    type: Literal["PersonMoved"] = "PersonMoved"
    stream_type = "person"
    from_office: OfficeCodeText
    to_office: OfficeCodeText
    kind: MoveKind
    address: str


class PersonDied(Event):
    type: Literal["PersonDied"] = "PersonDied"
    stream_type = "person"
    office: OfficeCodeText
    date_of_death: date


class PersonsMerged(Event):
    """A duplicate file of this person was absorbed into this, the surviving file."""

    type: Literal["PersonsMerged"] = "PersonsMerged"
    stream_type = "person"
    office: OfficeCodeText
    absorbed_person_id: str
    tags_added: list[Tag]


class PersonMergedInto(Event):
    """The file was a duplicate; the person lives on in ``surviving_person_id``."""

    type: Literal["PersonMergedInto"] = "PersonMergedInto"
    stream_type = "person"
    office: OfficeCodeText
    surviving_person_id: str


# Every event of a ``person`` stream.
PersonEvent = (
    PersonRegistered
    | PersonDetailsCorrected
    | PersonTagsChanged
    | PersonMoved
    | PersonDied
    | PersonsMerged
    | PersonMergedInto
)
