"""Culture and sports teams (文体队伍) and publicity corners (禁毒宣传角) over HTTP.

A team's members are registered persons; a corner is where it is, since when, and
when it was last refreshed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.contracts.events import TeamKind
from shequ.events.api._access import PageNo, Size, Subtree, record
from shequ.events.api._answers import NOT_FOUND, Recorded, recorded
from shequ.events.domain import corner, team
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import community as handle
from shequ.events.readmodels import community as ledger
from shequ.service import IdempotencyKey, Page, Reader, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["teams and corners"])
Text = Annotated[str, Field(min_length=1, max_length=200)]
Id = Annotated[str, Field(min_length=1, max_length=64)]


class TeamRequest(RequestModel):
    office: OfficeCode
    name: Text
    kind: TeamKind
    formed_on: date


class MemberRequest(RequestModel):
    person_id: Id
    on: date


class CornerRequest(RequestModel):
    office: OfficeCode
    place: Text
    since: date


class RefreshRequest(RequestModel):
    theme: Text
    refreshed_on: date


@router.post("/teams", status_code=201)
async def form_team(
    body: TeamRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """A culture and sports team (文体队伍) of an office in your subtree."""
    ACCESS.may_write(actor, body.office)
    by = Acting.of(actor, rt.clock())
    outcome = await handle.form_team(rt.store, by=by, key=key, **body.model_dump())
    assert outcome.state is not None
    return recorded(outcome.state.team_id, outcome, response)


@router.get("/teams")
async def list_teams(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[ledger.TeamRow]:
    """The teams of a subtree and how many members each has (文体队伍台帐)."""
    return await ledger.teams(rt.pool, root.subtree_prefix, page=page, size=size)


class TeamView(BaseModel):
    team_id: str
    office: str
    members: list[ledger.MemberRow]
    version: int


@router.get("/teams/{team_id}", responses=NOT_FOUND)
async def read_team(
    team_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> TeamView:
    """A team and its members (names from the registry)."""
    state, version = await record(
        rt, actor, team.DECIDER, "team", team_id, ACCESS.readers
    )
    assert state is not None
    set_etag(response, version)
    members = await ledger.members_of(rt.pool, team_id)
    return TeamView(
        team_id=team_id, office=state.office, members=members, version=version
    )


@router.post("/teams/{team_id}/members", responses=NOT_FOUND)
async def join_team(
    team_id: str,
    body: MemberRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A registered person joins the team."""
    await record(rt, actor, team.DECIDER, "team", team_id, ACCESS.writers)
    by = Acting.of(actor, rt.clock())
    command = team.Join(person_id=body.person_id, joined_on=body.on, by=by)
    outcome = await handle.join(rt.store, team_id, command, expected_version=expected)
    return recorded(team_id, outcome, response)


@router.post("/teams/{team_id}/leavers", responses=NOT_FOUND)
async def leave_team(
    team_id: str,
    body: MemberRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A member leaves the team."""
    await record(rt, actor, team.DECIDER, "team", team_id, ACCESS.writers)
    by = Acting.of(actor, rt.clock())
    command = team.Leave(person_id=body.person_id, left_on=body.on, by=by)
    outcome = await handle.join(rt.store, team_id, command, expected_version=expected)
    return recorded(team_id, outcome, response)


@router.post("/corners", status_code=201)
async def set_up_corner(
    body: CornerRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """An anti-drug publicity corner (禁毒宣传角): where, since when."""
    ACCESS.may_write(actor, body.office)
    by = Acting.of(actor, rt.clock())
    outcome = await handle.set_up_corner(rt.store, by=by, key=key, **body.model_dump())
    assert outcome.state is not None
    return recorded(outcome.state.corner_id, outcome, response)


@router.post("/corners/{corner_id}/refresh", responses=NOT_FOUND)
async def refresh_corner(
    corner_id: str,
    body: RefreshRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """The corner refreshed with a new theme."""
    await record(rt, actor, corner.DECIDER, "corner", corner_id, ACCESS.writers)
    by = Acting.of(actor, rt.clock())
    command = corner.Refresh(by=by, **body.model_dump())
    stream = f"corner/{corner_id}"
    outcome = await handle.run(
        by, rt.store, corner.DECIDER, stream, command, expected_version=expected
    )
    return recorded(corner_id, outcome, response)


@router.get("/corners")
async def list_corners(rt: RuntimeDep, root: Subtree) -> list[ledger.CornerRow]:
    """The publicity corners of a subtree, when each was last refreshed."""
    return await ledger.corners(rt.pool, root.subtree_prefix)
