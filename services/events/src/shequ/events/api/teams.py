"""Culture and sports teams (文体队伍) over HTTP: form one, members join and leave.

A team's members are registered persons (names from the registry's copy).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.contracts.events import (
    TeamFormed,
    TeamKind,
    TeamMemberJoined,
    TeamMemberLeft,
)
from shequ.events.api._access import PageNo, Size, Subtree, record
from shequ.events.api._answers import NOT_FOUND, Recorded, recorded
from shequ.events.domain import team
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import community as handle
from shequ.events.readmodels import community as ledger
from shequ.service import IdempotencyKey, Page, Reader, RuntimeDep, Writer
from shequ.service.people import find_person
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["teams"])
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
    """A team as formed (name, kind, since when) and its members now."""

    team_id: str
    office: str
    name: str
    kind: TeamKind
    formed_on: date
    members: list[ledger.MemberRow]
    version: int


def _members(events: Sequence[object]) -> dict[str, date]:
    """Who is in the team now, and since when, as the stream says."""
    joined: dict[str, date] = {}
    for event in events:
        match event:
            case TeamMemberJoined():
                joined[event.person_id] = event.joined_on
            case TeamMemberLeft():
                joined.pop(event.person_id, None)
    return joined


async def _member(rt: RuntimeDep, person_id: str, on: date) -> ledger.MemberRow:
    person = await find_person(rt.pool, person_id)
    if person is None:
        return ledger.MemberRow(
            person_id=person_id, name=None, office=None, joined_on=on
        )
    name = None if person.erased else person.name
    return ledger.MemberRow(
        person_id=person_id, name=name, office=person.office, joined_on=on
    )


@router.get("/teams/{team_id}", responses=NOT_FOUND)
async def read_team(
    team_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> TeamView:
    """A team and its members (names from the registry), by the day they joined.

    Read from the team's stream, so a member just added is there at the version
    the ETag names, not once the ledger caught up.
    """
    await record(rt, actor, team.DECIDER, "team", team_id, ACCESS.readers)
    events, head = await rt.store.replay(f"team/{team_id}")
    formed = next(e for e in events if isinstance(e, TeamFormed))
    joined = sorted(_members(events).items(), key=lambda m: (m[1], m[0]))
    set_etag(response, head.version)
    return TeamView(
        team_id=team_id,
        office=formed.office,
        name=formed.name,
        kind=formed.kind,
        formed_on=formed.formed_on,
        members=[await _member(rt, person_id, on) for person_id, on in joined],
        version=head.version,
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
