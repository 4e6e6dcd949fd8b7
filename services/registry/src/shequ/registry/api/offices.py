"""Offices (机构): open, rename, close, leadership groups, and the office tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode, Role, require_role
from shequ.contracts.registry import OfficeKind
from shequ.eventstore import Outcome
from shequ.registry.api._fields import Reason, Title
from shequ.registry.domain import office
from shequ.registry.domain.access import ACCESS
from shequ.registry.handlers import offices as handle
from shequ.registry.readmodels.directory.offices import OfficeRow, offices_within
from shequ.service import Reader, RuntimeDep
from shequ.webapi import CurrentActor, RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/registry/offices", tags=["offices"])


class OpenOfficeRequest(RequestModel):
    code: OfficeCode = Field(description="12-digit division code (统计用区划代码)")
    name: Title
    kind: OfficeKind


class OfficeResponse(BaseModel):
    code: str
    name: str
    kind: str
    status: str
    version: int


def _response(outcome: Outcome[office.State]) -> OfficeResponse:
    state = outcome.state
    assert state is not None
    return OfficeResponse(
        code=state.code,
        name=state.name,
        kind=state.kind,
        status=state.status,
        version=outcome.version,
    )


def _reply(outcome: Outcome[office.State], response: Response) -> OfficeResponse:
    set_etag(response, outcome.version)
    return _response(outcome)


@router.post("", status_code=201)
async def open_office(
    body: OpenOfficeRequest, rt: RuntimeDep, actor: CurrentActor, response: Response
) -> OfficeResponse:
    """Open an office under an open parent; a district needs a district admin."""
    parent = body.code.parent
    if parent is None:
        require_role(actor, Role.DISTRICT_ADMIN)
    ACCESS.may_write(actor, parent or body.code)
    outcome = await handle.open_office(
        rt.store,
        Acting.of(actor, rt.clock()),
        code=body.code,
        name=body.name,
        kind=body.kind,
    )
    return _reply(outcome, response)


class RenameRequest(RequestModel):
    name: Title


@router.post("/{code}/name")
async def rename_office(
    code: OfficeCode,
    body: RenameRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> OfficeResponse:
    """Rename an open office."""
    ACCESS.may_write(actor, code, unknown=office.OfficeNotFound())
    outcome = await handle.rename(
        rt.store,
        Acting.of(actor, rt.clock()),
        code,
        name=body.name,
        expected_version=expected,
    )
    return _reply(outcome, response)


class CloseRequest(RequestModel):
    reason: Reason


@router.post("/{code}/closure")
async def close_office(
    code: OfficeCode,
    body: CloseRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
) -> OfficeResponse:
    """Close an office with no open office beneath it; its history stays.

    Its parent's staff close it: a reader sees their own office, but closing it
    takes the level above (403); an office outside the subtree answers as unknown.
    """
    ACCESS.within(actor, code, office.OfficeNotFound())
    ACCESS.may_write(actor, code.parent or code)
    outcome = await handle.close(
        rt.store,
        Acting.of(actor, rt.clock()),
        code,
        reason=body.reason,
        expected_version=expected,
    )
    return _response(outcome)


@router.get("")
async def list_offices(
    rt: RuntimeDep, actor: Reader, within: Annotated[OfficeCode | None, Query()] = None
) -> list[OfficeRow]:
    """The offices in a subtree (default: the reader's own)."""
    root = ACCESS.reading_root(actor, within)
    return await offices_within(rt.pool, root.subtree_prefix)
