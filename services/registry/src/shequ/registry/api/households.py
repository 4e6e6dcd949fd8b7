"""Households (户): register with members, read, list, add and remove members, new head.

One household reads from its stream, so it is never stale and its ``ETag`` is the
version ``If-Match`` expects (required to remove a member or change the head, 428
without it; optional to add one); its members' names come from their person files.
Lists read the directory, which may lag the last write a moment.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from shequ.access import Acting, Actor, OfficeCode
from shequ.contracts.messages import N_
from shequ.contracts.registry import Relationship
from shequ.eventstore import load
from shequ.registry.api._fields import MAX_PEOPLE, Address, RecordId
from shequ.registry.api._records import readable, writable
from shequ.registry.domain import household, person
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.household_errors import HouseholdNotFound
from shequ.registry.handlers import households as handle
from shequ.registry.handlers.offices import office_names
from shequ.registry.readmodels.directory.households import (
    HouseholdPage,
    HouseholdRow,
    MemberRow,
    households_within,
)
from shequ.service import (
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
    RequestModel,
    RequiredVersion,
    set_etag,
)

router = APIRouter(prefix="/api/v1/registry/households", tags=["households"])


class MemberRequest(RequestModel):
    person_id: RecordId
    relationship: Relationship = Field(description="to the head of the household")


class RegisterHouseholdRequest(RequestModel):
    head_person_id: RecordId
    office: OfficeCode = Field(description="the community, village or grid office")
    address: Address
    members: list[MemberRequest] = Field(
        [], max_length=MAX_PEOPLE, description="everyone but the head"
    )


async def _reply(
    rt: Runtime, state: household.State, version: int, response: Response
) -> HouseholdRow:
    assert state is not None
    set_etag(response, version)
    people = {state.head: "head", **dict(sorted(state.members.items()))}
    files = await asyncio.gather(*(load(rt.store, person.DECIDER, p) for p in people))
    names = {f.person_id: f.name for f, _ in files if f is not None}
    return HouseholdRow(
        household_id=state.household_id,
        office=state.office,
        office_name=(await office_names(rt, [state.office])).get(state.office),
        address=state.address,
        head_person_id=state.head,
        version=version,
        members=[
            MemberRow(person_id=p, name=names.get(p, ""), relationship=r)
            for p, r in people.items()
        ],
    )


def _unknown(household_id: str) -> HouseholdNotFound:
    """What an unknown id gets, and so a household outside the reader's subtree."""
    return HouseholdNotFound(
        N_("no household {household_id}"),
        field="household_id",
        household_id=household_id,
    )


async def _writable(
    rt: Runtime, household_id: str, actor: Actor
) -> household.Household:
    """The household, if ``actor`` writes its office; checked before any rule."""
    return await writable(
        rt, household.DECIDER, household_id, actor, _unknown(household_id)
    )


@router.post("", status_code=201)
async def register_household(
    body: RegisterHouseholdRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> HouseholdRow:
    """Register a household; a person already in another household answers 422."""
    ACCESS.may_write(actor, body.office)
    outcome = await handle.register(
        rt.store,
        Acting.of(actor, rt.clock()),
        head_person_id=body.head_person_id,
        address=body.address,
        office=body.office,
        members=[(m.person_id, m.relationship) for m in body.members],
        key=key,
    )
    assert outcome.state is not None
    response.headers["Location"] = f"{router.prefix}/{outcome.state.household_id}"
    return await _reply(rt, outcome.state, outcome.version, response)


@router.get("/{household_id}")
async def read_household(
    household_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> HouseholdRow:
    """One household with its members' names and relationships to the head."""
    state, version = await readable(
        rt, household.DECIDER, household_id, actor, _unknown(household_id)
    )
    return await _reply(rt, state, version, response)


@router.get("")
async def list_households(
    rt: RuntimeDep,
    actor: Reader,
    within: Annotated[OfficeCode | None, Query()] = None,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> HouseholdPage:
    """Households in the reader's subtree (or a part of it), from the directory."""
    root = ACCESS.reading_root(actor, within)
    return await households_within(rt.pool, root.subtree_prefix, page, size)


@router.post("/{household_id}/members")
async def add_member(
    household_id: str,
    body: MemberRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: ExpectedVersion,
    response: Response,
) -> HouseholdRow:
    """Add a resident of the household's office who is in no other household.

    ``If-Match`` is optional: adding a member depends only on that person (a
    resident of the office, in no other household), which is checked on the fresh
    household, so a blind write is safe; one that loses a race is decided again.
    Removing a member and changing the head require it.
    """
    await _writable(rt, household_id, actor)
    outcome = await handle.add_member(
        rt.store,
        Acting.of(actor, rt.clock()),
        household_id,
        person_id=body.person_id,
        relationship=body.relationship,
        expected_version=expected,
    )
    return await _reply(rt, outcome.state, outcome.version, response)


@router.delete("/{household_id}/members/{person_id}")
async def remove_member(
    household_id: str,
    person_id: str,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
    reason: Annotated[
        str, Query(max_length=500, description="why they left, e.g. moved away")
    ],
) -> HouseholdRow:
    """Remove a member (never the head: make another member head first)."""
    await _writable(rt, household_id, actor)
    outcome = await handle.remove_member(
        rt.store,
        Acting.of(actor, rt.clock()),
        household_id,
        person_id=person_id,
        reason=reason,
        expected_version=expected,
    )
    return await _reply(rt, outcome.state, outcome.version, response)


class ChangeHeadRequest(RequestModel):
    new_head_person_id: RecordId
    relationships: dict[RecordId, Relationship] = Field(
        max_length=MAX_PEOPLE,
        description="every other member's relationship to the new head",
    )


@router.post("/{household_id}/head")
async def change_head(
    household_id: str,
    body: ChangeHeadRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> HouseholdRow:
    """Make a member head (户主变更), restating the others' relationships to them."""
    await _writable(rt, household_id, actor)
    outcome = await handle.change_head(
        rt.store,
        Acting.of(actor, rt.clock()),
        household_id,
        new_head_person_id=body.new_head_person_id,
        relationships=body.relationships,
        expected_version=expected,
    )
    return await _reply(rt, outcome.state, outcome.version, response)
