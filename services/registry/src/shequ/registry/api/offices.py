"""Offices (机构): open, rename, close, leadership groups, and the office tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.access import OfficeCode, Role, require_role
from shequ.contracts.registry import OfficeKind
from shequ.registry.api._access import may_read, may_write
from shequ.registry.domain import office
from shequ.registry.handlers._common import acting, office_is_open, run
from shequ.registry.readmodels.directory.offices import OfficeRow, offices_within
from shequ.service import RuntimeDep
from shequ.webapi import CurrentActor, ExpectedVersion, set_etag

router = APIRouter(prefix="/api/v1/registry/offices", tags=["offices"])


class OpenOfficeRequest(BaseModel):
    code: OfficeCode = Field(description="12-digit division code (统计用区划代码)")
    name: str
    kind: OfficeKind


class OfficeResponse(BaseModel):
    code: str
    name: str
    kind: str
    status: str
    version: int


def _response(state: office.Office, version: int) -> OfficeResponse:
    return OfficeResponse(
        code=state.code,
        name=state.name,
        kind=state.kind,
        status=state.status,
        version=version,
    )


@router.post("", status_code=201)
async def open_office(
    body: OpenOfficeRequest, rt: RuntimeDep, actor: CurrentActor, response: Response
) -> OfficeResponse:
    """Open an office under an open parent; a district needs a district admin."""
    parent = body.code.parent
    if parent is None:
        require_role(actor, Role.DISTRICT_ADMIN)
    may_write(actor, parent or body.code)
    command = office.OpenOffice(
        code=body.code,
        name=body.name,
        kind=body.kind,
        parent_open=parent is None or await office_is_open(rt.store, parent),
        by=acting(actor, rt.clock()),
    )
    outcome = await run(rt.store, office.DECIDER, body.code, command, command.by)
    assert outcome.state is not None
    set_etag(response, outcome.version)
    return _response(outcome.state, outcome.version)


class RenameRequest(BaseModel):
    name: str


@router.post("/{code}/name")
async def rename_office(
    code: OfficeCode,
    body: RenameRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: ExpectedVersion,
    response: Response,
) -> OfficeResponse:
    """Rename an open office."""
    may_write(actor, code)
    command = office.RenameOffice(name=body.name, by=acting(actor, rt.clock()))
    outcome = await run(
        rt.store, office.DECIDER, code, command, command.by, expected_version=expected
    )
    assert outcome.state is not None
    set_etag(response, outcome.version)
    return _response(outcome.state, outcome.version)


class CloseRequest(BaseModel):
    reason: str


@router.post("/{code}/closure")
async def close_office(
    code: OfficeCode,
    body: CloseRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: ExpectedVersion,
) -> OfficeResponse:
    """Close an office with no open office beneath it; its history stays."""
    may_write(actor, code.parent or code)
    beneath = await offices_within(rt.pool, code.subtree_prefix)
    command = office.CloseOffice(
        reason=body.reason,
        open_children=tuple(
            o.code for o in beneath if o.code != code and o.status == "open"
        ),
        by=acting(actor, rt.clock()),
    )
    outcome = await run(
        rt.store, office.DECIDER, code, command, command.by, expected_version=expected
    )
    assert outcome.state is not None
    return _response(outcome.state, outcome.version)


@router.get("")
async def list_offices(
    rt: RuntimeDep,
    actor: CurrentActor,
    within: Annotated[OfficeCode | None, Query()] = None,
) -> list[OfficeRow]:
    """The offices in a subtree (default: the reader's own)."""
    root = within or actor.office
    may_read(actor, root)
    return await offices_within(rt.pool, root.subtree_prefix)
