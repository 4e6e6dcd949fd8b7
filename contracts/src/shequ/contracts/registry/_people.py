"""Events of a person file (一人一档): registration, corrections, moves, death."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from shequ.contracts._event import Event
from shequ.contracts.personal import ERASED_DATE, PERSONAL, PERSONAL_NAME, Personal
from shequ.contracts.registry._types import (
    DocumentKind,
    ErasureGround,
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
    name: Annotated[str, PERSONAL_NAME]
    document_kind: DocumentKind | None
    document_number: Annotated[str | None, PERSONAL]
    document_masked: Annotated[str | None, PERSONAL]
    birth_date: Annotated[date, Personal(erased=ERASED_DATE)]
    sex: Sex
    phone: Annotated[str | None, PERSONAL]
    address: Annotated[str, PERSONAL]
    residence: Residence
    tags: list[Tag]


class PersonDetailsCorrected(Event):
    """Details were corrected; a field left None was not changed."""

    type: Literal["PersonDetailsCorrected"] = "PersonDetailsCorrected"
    stream_type = "person"
    office: OfficeCodeText
    name: Annotated[str | None, PERSONAL] = None
    birth_date: Annotated[date | None, PERSONAL] = None
    sex: Sex | None = None
    phone: Annotated[str | None, PERSONAL] = None
    address: Annotated[str | None, PERSONAL] = None
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
    address: Annotated[str, PERSONAL]


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


class PersonErased(Event):
    """The person's personal data was erased (个人信息删除) by destroying their key.

    Every event stays where it is and every chain still verifies; what was sealed
    under the person's key reads as erased from now on (姓名已删除), in every
    service. Nothing is recorded for the person after this.
    """

    type: Literal["PersonErased"] = "PersonErased"
    stream_type = "person"
    erases_subject = True
    office: OfficeCodeText
    ground: ErasureGround
    reason: str


# Every event of a ``person`` stream.
PersonEvent = (
    PersonRegistered
    | PersonDetailsCorrected
    | PersonTagsChanged
    | PersonMoved
    | PersonDied
    | PersonsMerged
    | PersonMergedInto
    | PersonErased
)
