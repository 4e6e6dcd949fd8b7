"""The committees over HTTP: the hotline list, and appointing members, who is on call.

All staff read the list of their subtree (the phones are published for the legal
hotline); mediators and the justice office change a committee of their subtree.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode, require_role
from shequ.contracts import NotFound
from shequ.contracts.mediation import CommitteeRole
from shequ.contracts.messages import N_
from shequ.eventstore import Outcome
from shequ.mediation.api.reading import Within
from shequ.mediation.domain import committee
from shequ.mediation.domain.access import COMMITTEE
from shequ.mediation.handlers import committee as handle
from shequ.mediation.readmodels.committee import Member, members, office_exists
from shequ.service import IdempotencyKey, RuntimeDep
from shequ.service.people import living_person
from shequ.webapi import (
    CurrentActor,
    ExpectedVersion,
    RequestModel,
    RequiredVersion,
    set_etag,
)

router = APIRouter(prefix="/api/v1/mediation", tags=["committee"])
COMMITTEE_OF = "/committees/{office}"
Short = Annotated[str, Field(min_length=1, max_length=100)]


class OfficeNotFound(NotFound):
    code = "mediation-office-not-found"
    title = N_("No such office")


class AppointRequest(RequestModel):
    role: CommitteeRole
    name: Annotated[str, Field(min_length=1, max_length=50)]
    phone: Annotated[str, Field(min_length=1, max_length=30)]
    staff_id: Short | None = None
    person_id: Short | None = None


class OnCallRequest(RequestModel):
    member_id: Short


class Changed(BaseModel):
    office: str
    version: int
    recorded: list[str]
    member_id: str | None = None


@router.get("/committees")
async def hotline_list(
    rt: RuntimeDep, actor: CurrentActor, within: Within = None
) -> list[Member]:
    """The committees' serving members with their phones, on call first (值班表)."""
    require_role(actor, *COMMITTEE.readers)
    root = COMMITTEE.reading_root(actor, within)
    return await members(rt.pool, root.subtree_prefix)


async def _writable(rt: RuntimeDep, actor: CurrentActor, code: OfficeCode) -> Acting:
    office = str(code)
    unknown = OfficeNotFound(N_("no office {office}"), field="office", office=office)
    COMMITTEE.may_write(actor, office, unknown=unknown)
    if not await office_exists(rt.pool, office):
        raise unknown
    return Acting.of(actor, rt.clock())


def _changed(
    office: str, outcome: Outcome[committee.State], response: Response
) -> Changed:
    set_etag(response, outcome.version)
    return Changed(
        office=office,
        version=outcome.version,
        recorded=[e.type for e in outcome.events],
    )


@router.post(f"{COMMITTEE_OF}/members", status_code=201)
async def appoint_member(
    office: OfficeCode,
    body: AppointRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    response: Response,
    expected: ExpectedVersion = None,
    key: IdempotencyKey = None,
) -> Changed:
    """A director, member or mediator joins the committee (staff or a resident)."""
    by = await _writable(rt, actor, office)
    if body.person_id is not None:
        await living_person(rt.pool, body.person_id)
    member_id, outcome = await handle.appoint(
        rt.store,
        by=by,
        key=key,
        office=str(office),
        expected_version=expected,
        **body.model_dump(),
    )
    changed = _changed(str(office), outcome, response)
    return changed.model_copy(update={"member_id": member_id})


@router.post(f"{COMMITTEE_OF}/members/{{member_id}}/leave")
async def remove_member(
    office: OfficeCode,
    member_id: str,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> Changed:
    """A member leaves the committee."""
    by = await _writable(rt, actor, office)
    command = committee.RemoveMember(member_id=member_id, by=by)
    outcome = await handle.act(
        rt.store, str(office), command, expected_version=expected
    )
    return _changed(str(office), outcome, response)


@router.put(f"{COMMITTEE_OF}/on-call")
async def set_on_call(
    office: OfficeCode,
    body: OnCallRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> Changed:
    """Who answers the legal hotline now (值班)."""
    by = await _writable(rt, actor, office)
    command = committee.SetOnCall(member_id=body.member_id, by=by)
    outcome = await handle.act(
        rt.store, str(office), command, expected_version=expected
    )
    return _changed(str(office), outcome, response)
