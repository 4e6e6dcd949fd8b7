"""Leadership groups (领导小组) of an office: form one, list them.

A group has a leader (组长), deputies and member departments, e.g. a street's
禁毒工作领导小组. Forming one is an administrator's act over their own subtree; the
groups are read from the office's stream, so they are never stale.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.eventstore import load
from shequ.registry.api._fields import MAX_ITEMS, Title
from shequ.registry.domain import office
from shequ.registry.domain.access import ACCESS, may_manage
from shequ.registry.handlers import offices as handle
from shequ.service import Reader, RuntimeDep
from shequ.webapi import CurrentActor, RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/registry/offices", tags=["offices"])


class LeadershipGroup(BaseModel):
    name: str
    leader: str
    deputies: list[str] = []
    member_departments: list[str] = []


class GroupRequest(RequestModel):
    """A group to form: the same fields as :class:`LeadershipGroup`, bounded."""

    name: Title
    leader: Title
    deputies: list[Title] = Field([], max_length=MAX_ITEMS)
    member_departments: list[Title] = Field([], max_length=MAX_ITEMS)


def _groups(state: office.State) -> list[LeadershipGroup]:
    groups = {} if state is None else state.groups
    return [
        LeadershipGroup(
            name=name,
            leader=group.leader,
            deputies=list(group.deputies),
            member_departments=list(group.member_departments),
        )
        for name, group in sorted(groups.items())
    ]


@router.post("/{code}/leadership-groups", status_code=201)
async def form_group(
    code: OfficeCode,
    body: GroupRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> list[LeadershipGroup]:
    """Form (or re-form, under the same name) a group; answers the office's groups.

    ``If-Match`` (the office's version) is required: re-forming replaces a group.
    """
    may_manage(actor, code, unknown=office.OfficeNotFound())
    outcome = await handle.form_group(
        rt.store,
        Acting.of(actor, rt.clock()),
        code,
        name=body.name,
        leader=body.leader,
        deputies=tuple(body.deputies),
        member_departments=tuple(body.member_departments),
        expected_version=expected,
    )
    set_etag(response, outcome.version)
    return _groups(outcome.state)


@router.get("/{code}/leadership-groups")
async def list_groups(
    code: OfficeCode, rt: RuntimeDep, actor: Reader, response: Response
) -> list[LeadershipGroup]:
    """The office's leadership groups, by name."""
    ACCESS.may_read(actor, code, unknown=office.OfficeNotFound())
    state, head = await load(rt.store, office.DECIDER, code)
    if state is None:
        raise office.OfficeNotFound
    set_etag(response, head.version)
    return _groups(state)
