"""Volunteers (志愿者, 道德银行), teams (文体队伍) and publicity corners over HTTP.

A volunteer is a registered person living in the writer's subtree; their record is
``volunteer/<person id>``, so the paths name the person. Hours name an activity;
points are redeemed never beyond the balance.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.contracts.events import TeamKind
from shequ.events.api._access import PageNo, Size, Subtree, record
from shequ.events.domain import corner, team, volunteer
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import community as handle
from shequ.events.readmodels import community as ledger
from shequ.events.settings import Settings
from shequ.eventstore import Outcome
from shequ.service import IdempotencyKey, Page, Reader, RuntimeDep, Writer
from shequ.service.people import PersonNotKnown, find_person
from shequ.webapi import RequestModel, RequiredVersion, answers_not_found, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["volunteers, teams, corners"])
VOLUNTEER = "/volunteers/{person_id}"
NOT_FOUND = answers_not_found("No such record, or one outside your subtree")
Text = Annotated[str, Field(min_length=1, max_length=200)]
Id = Annotated[str, Field(min_length=1, max_length=64)]


class VolunteerRequest(RequestModel):
    skills: list[Text] = Field([], max_length=20)


class HoursRequest(RequestModel):
    activity_id: Id
    served_on: date
    hours: float = Field(gt=0, le=24)


class RedeemRequest(RequestModel):
    points: int = Field(ge=1, le=1_000_000)
    redeemed_for: Text


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


class Recorded(BaseModel):
    """What a command recorded: the record's id, its new version, the events."""

    id: str
    version: int
    recorded: list[str]


def _recorded(record_id: str, outcome: Outcome[Any], response: Response) -> Recorded:
    set_etag(response, outcome.version)
    events = [e.type for e in outcome.events]
    return Recorded(id=record_id, version=outcome.version, recorded=events)


@router.post(VOLUNTEER, status_code=201, responses=NOT_FOUND)
async def register_volunteer(
    person_id: str,
    body: VolunteerRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """A registered person of your subtree becomes a volunteer."""
    person = await find_person(rt.pool, person_id)
    if person is None:
        raise PersonNotKnown(person_id)
    ACCESS.may_write(actor, person.office, unknown=PersonNotKnown(person_id))
    by = Acting.of(actor, rt.clock())
    command = volunteer.Register(
        person_id=person_id, office=person.office, skills=tuple(body.skills), by=by
    )
    stream = f"volunteer/{person_id}"
    outcome = await handle.run(
        by, rt.store, volunteer.DECIDER, stream, command, key=key
    )
    return _recorded(person_id, outcome, response)


async def _volunteer(rt: RuntimeDep, actor: Writer, person_id: str) -> Acting:
    await record(rt, actor, volunteer.DECIDER, "volunteer", person_id, ACCESS.writers)
    return Acting.of(actor, rt.clock())


@router.post(f"{VOLUNTEER}/hours", responses=NOT_FOUND)
async def record_hours(
    person_id: str,
    body: HoursRequest,
    rt: RuntimeDep,
    actor: Writer,
    settings: Settings,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Hours given to an activity; points at the settings' rate (道德银行 存入)."""
    by = await _volunteer(rt, actor, person_id)
    command = volunteer.RecordHours(
        points_per_hour=settings.points_per_hour, by=by, **body.model_dump()
    )
    outcome = await handle.record_hours(
        rt.store, person_id, command, expected_version=expected
    )
    return _recorded(person_id, outcome, response)


@router.post(f"{VOLUNTEER}/redemptions", responses=NOT_FOUND)
async def redeem(
    person_id: str,
    body: RedeemRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Points redeemed (道德银行 兑换), never beyond the balance."""
    by = await _volunteer(rt, actor, person_id)
    command = volunteer.Redeem(by=by, **body.model_dump())
    outcome = await handle.run(
        by,
        rt.store,
        volunteer.DECIDER,
        f"volunteer/{person_id}",
        command,
        expected_version=expected,
    )
    return _recorded(person_id, outcome, response)


class VolunteerView(BaseModel):
    person_id: str
    office: str
    hours: float
    balance: int
    ledger: list[ledger.PointsRow]
    version: int


@router.get(VOLUNTEER, responses=NOT_FOUND)
async def read_volunteer(
    person_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> VolunteerView:
    """A volunteer's hours, balance and moral-bank ledger (道德银行台帐)."""
    state, version = await record(
        rt, actor, volunteer.DECIDER, "volunteer", person_id, ACCESS.readers
    )
    assert state is not None
    set_etag(response, version)
    return VolunteerView(
        person_id=person_id,
        office=state.office,
        hours=state.hours,
        balance=state.balance,
        ledger=await ledger.points_of(rt.pool, person_id),
        version=version,
    )


@router.get("/volunteers")
async def list_volunteers(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[ledger.VolunteerRow]:
    """The volunteers of a subtree, with hours and points (志愿者台帐)."""
    return await ledger.volunteers(rt.pool, root.subtree_prefix, page=page, size=size)


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
    return _recorded(outcome.state.team_id, outcome, response)


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
    return _recorded(team_id, outcome, response)


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
    return _recorded(team_id, outcome, response)


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
    return _recorded(outcome.state.corner_id, outcome, response)


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
    return _recorded(corner_id, outcome, response)


@router.get("/corners")
async def list_corners(rt: RuntimeDep, root: Subtree) -> list[ledger.CornerRow]:
    """The publicity corners of a subtree, when each was last refreshed."""
    return await ledger.corners(rt.pool, root.subtree_prefix)
