"""Person files (一人一档): register, read (also as of a past date), search, change.

Reads of one file replay its stream, so they are never stale and can be taken as of
any moment; search reads the directory. A change whose outcome depends on what the
clerk last saw (a correction, a move, a death, a merge) requires ``If-Match`` with the
version from the ``ETag``: 428 without it, 412 when the file changed meanwhile. Tags
are a blind write (see :func:`change_tags`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from shequ.access import CHINA, Acting, Actor, OfficeCode, mask_id, mask_phone
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.contracts.personal import ERASED_DATE
from shequ.contracts.registry import Residence, Sex, Tag
from shequ.eventstore import Outcome
from shequ.registry.api._fields import (
    MAX_ITEMS,
    Address,
    DocumentNumber,
    Name,
    Phone,
    Reason,
    RecordId,
)
from shequ.registry.api._records import readable, visible
from shequ.registry.domain import person
from shequ.registry.domain.access import ACCESS, unmasked
from shequ.registry.domain.identity import DocumentType
from shequ.registry.handlers import persons as handle
from shequ.registry.handlers.offices import office_names
from shequ.registry.readmodels.directory.person_search import (
    PersonDetails,
    PersonPage,
    search_persons,
)
from shequ.service import (
    AsOf,
    IdempotencyKey,
    PageNumber,
    PageSize,
    Reader,
    Runtime,
    RuntimeDep,
    Writer,
)
from shequ.webapi import (
    CurrentActor,
    ExpectedVersion,
    Problem,
    RequestModel,
    RequiredVersion,
    set_etag,
)

router = APIRouter(prefix="/api/v1/registry/persons", tags=["persons"])


class RegisterPersonRequest(RequestModel):
    name: Name
    office: OfficeCode = Field(description="the community, village or grid office")
    address: Address
    document_kind: DocumentType | None = DocumentType.RESIDENT_ID
    document_number: DocumentNumber | None = None
    birth_date: date | None = Field(None, description="only without a resident ID")
    sex: Sex | None = Field(None, description="only without a resident ID")
    phone: Phone | None = None
    residence: Residence = "registered"
    tags: list[Tag] = Field([], max_length=MAX_ITEMS)


class PersonFile(PersonDetails):
    """A person's file as the reader may see it."""

    elderly: bool
    status: str = Field(description="living, deceased, merged or erased")
    date_of_death: date | None
    merged_into: str | None
    version: int


async def _file(
    rt: Runtime, state: person.Person, version: int, actor: Actor, today: date
) -> PersonFile:
    full = unmasked(actor)
    number = state.document_number
    return PersonFile(
        person_id=state.person_id,
        office=state.office,
        office_name=(await office_names(rt, [state.office])).get(state.office),
        name=state.name,
        document_kind=None if state.erased else state.document_kind,
        document_number=number if full or number is None else mask_id(number),
        # Read after the key is destroyed, the birth date is ERASED_DATE: none.
        birth_date=None if state.birth_date == ERASED_DATE else state.birth_date,
        sex=state.sex,
        phone=state.phone if full or state.phone is None else mask_phone(state.phone),
        address=state.address,
        residence=state.residence,
        tags=sorted(state.tags),
        elderly=not state.erased and person.is_elderly(state, today),
        status="erased"
        if state.erased
        else "merged"
        if state.merged_into
        else "deceased"
        if state.date_of_death
        else "living",
        date_of_death=state.date_of_death,
        merged_into=state.merged_into,
        version=version,
    )


async def _reply(
    rt: Runtime, outcome: Outcome[person.State], actor: Actor, response: Response
) -> PersonFile:
    assert outcome.state is not None
    set_etag(response, outcome.version)
    today = rt.clock().astimezone(CHINA).date()
    return await _file(rt, outcome.state, outcome.version, actor, today)


@router.post("", status_code=201)
async def register_person(
    body: RegisterPersonRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> PersonFile:
    """Open a person file; an ID number already on file answers 409 naming it."""
    ACCESS.may_write(actor, body.office)
    if body.document_number and body.document_kind is None:
        # Dropping the number would let the same ID become a second file later.
        raise Problem(
            422,
            N_("Invalid request"),
            N_("a document number needs its kind"),
            slug="invalid-request",
            field="document_kind",
        )
    document = (
        person.IdDocument(kind=body.document_kind, number=body.document_number)
        if body.document_kind and body.document_number
        else None
    )
    outcome = await handle.register(
        rt.store,
        Acting.of(actor, rt.clock()),
        name=body.name,
        document=document,
        birth_date=body.birth_date,
        sex=body.sex,
        phone=body.phone,
        address=body.address,
        office=body.office,
        residence=body.residence,
        tags=body.tags,
        key=key,
    )
    assert outcome.state is not None
    response.headers["Location"] = f"{router.prefix}/{outcome.state.person_id}"
    return await _reply(rt, outcome, actor, response)


def _unknown(person_id: str, field: str = "person_id") -> NotFound:
    """What an unknown file's id gets, and so a file outside the reader's subtree."""
    return NotFound(N_("no person file {person_id}"), field=field, person_id=person_id)


async def _current(
    rt: Runtime, person_id: str, actor: Actor, field: str = "person_id"
) -> person.Person:
    unknown = _unknown(person_id, field)
    state, _ = await readable(rt, person.DECIDER, person_id, actor, unknown)
    return state


@router.get("/{person_id}")
async def read_person(
    person_id: str,
    rt: RuntimeDep,
    actor: Reader,
    response: Response,
    as_of: AsOf = None,
) -> PersonFile:
    """One person's file, now or as recorded at ``as_of``."""
    events, head = await rt.store.replay(person_id, as_of=as_of)
    state = visible(person.DECIDER.fold(events), actor, _unknown(person_id))
    set_etag(response, head.version)
    moment = as_of or rt.clock()
    return await _file(rt, state, head.version, actor, moment.astimezone(CHINA).date())


@router.get("")
async def search(
    rt: RuntimeDep,
    actor: Reader,
    q: Annotated[
        str | None,
        Query(max_length=100, description="ID number, phone, or any part of a name"),
    ] = None,
    within: Annotated[OfficeCode | None, Query()] = None,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> PersonPage:
    """Search person files in the reader's subtree (or a part of it)."""
    root = ACCESS.reading_root(actor, within)
    return await search_persons(
        rt.pool,
        rt.keyring,
        within=root.subtree_prefix,
        query=q,
        page=page,
        size=size,
        unmasked=unmasked(actor),
    )


async def _writer_of(
    rt: Runtime, person_id: str, actor: Actor, field: str = "person_id"
) -> Acting:
    """Who acts on a file: a writer of its office.

    Checked before any rule of the domain: an unknown file, and one outside the
    writer's subtree, answer the same 404.
    """
    state = await _current(rt, person_id, actor, field)
    ACCESS.may_write(actor, state.office, unknown=_unknown(person_id, field))
    return Acting.of(actor, rt.clock())


class CorrectionRequest(RequestModel):
    reason: Reason
    name: Name | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    phone: Phone | None = None
    address: Address | None = None
    residence: Residence | None = None


@router.post("/{person_id}/corrections")
async def correct(
    person_id: str,
    body: CorrectionRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> PersonFile:
    """Correct details recorded wrongly (never against the ID number's facts)."""
    by = await _writer_of(rt, person_id, actor)
    outcome = await handle.correct(
        rt.store, by, person_id, **body.model_dump(), expected_version=expected
    )
    return await _reply(rt, outcome, actor, response)


class TagsRequest(RequestModel):
    add: list[Tag] = Field([], max_length=MAX_ITEMS)
    remove: list[Tag] = Field([], max_length=MAX_ITEMS)


@router.post("/{person_id}/tags")
async def change_tags(
    person_id: str,
    body: TagsRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: ExpectedVersion,
    response: Response,
) -> PersonFile:
    """Add and remove tags (student, 低保, disabled ...); elderly is derived.

    ``If-Match`` is optional: adding or removing a tag means the same whatever else
    changed in the file, so a blind write is safe; one that loses a race is decided
    again on the fresh file.
    """
    by = await _writer_of(rt, person_id, actor)
    outcome = await handle.change_tags(
        rt.store,
        by,
        person_id,
        add=body.add,
        remove=body.remove,
        expected_version=expected,
    )
    return await _reply(rt, outcome, actor, response)


class MoveRequest(RequestModel):
    to_office: OfficeCode
    address: Address


@router.post("/{person_id}/moves")
async def move(
    person_id: str,
    body: MoveRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> PersonFile:
    """Move a person; a move to another office hands their cases over."""
    by = await _writer_of(rt, person_id, actor)
    outcome = await handle.move(
        rt.store,
        by,
        person_id,
        to_office=body.to_office,
        address=body.address,
        expected_version=expected,
    )
    return await _reply(rt, outcome, actor, response)


class DeathRequest(RequestModel):
    date_of_death: date


@router.post("/{person_id}/death")
async def record_death(
    person_id: str,
    body: DeathRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> PersonFile:
    """Record a death; the file stays, closed."""
    by = await _writer_of(rt, person_id, actor)
    outcome = await handle.record_death(
        rt.store,
        by,
        person_id,
        date_of_death=body.date_of_death,
        expected_version=expected,
    )
    return await _reply(rt, outcome, actor, response)


class MergeRequest(RequestModel):
    duplicate_person_id: RecordId


@router.post("/{person_id}/merges")
async def merge(
    person_id: str,
    body: MergeRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> PersonFile:
    """Merge a duplicate file of the same person into this one; both histories stay.

    ``If-Match`` is the surviving file's version.
    """
    by = await _writer_of(rt, person_id, actor)
    await _writer_of(rt, body.duplicate_person_id, actor, "duplicate_person_id")
    outcome = await handle.merge(
        rt.store,
        by,
        person_id,
        duplicate_id=body.duplicate_person_id,
        expected_version=expected,
    )
    return await _reply(rt, outcome, actor, response)
