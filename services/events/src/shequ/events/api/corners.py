"""Anti-drug publicity corners (禁毒宣传角) over HTTP: at least one per community.

A corner is where it is and since when; each refresh brings a new theme. Read one
whole (its refreshes, oldest first) for the version a refresh is sent with.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.contracts.events import PublicityCornerRefreshed, PublicityCornerSetUp
from shequ.events.api._access import Subtree, record
from shequ.events.api._answers import NOT_FOUND, Recorded, recorded
from shequ.events.domain import corner
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import community as handle
from shequ.events.readmodels import community as ledger
from shequ.service import IdempotencyKey, Reader, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["corners"])
CORNER = "/corners/{corner_id}"
Text = Annotated[str, Field(min_length=1, max_length=200)]


class CornerRequest(RequestModel):
    office: OfficeCode
    place: Text
    since: date


class RefreshRequest(RequestModel):
    theme: Text
    refreshed_on: date


class Refresh(BaseModel):
    refreshed_on: date
    theme: str


class CornerView(BaseModel):
    """A corner: where, since when, every refresh with its theme."""

    corner_id: str
    office: str
    place: str
    since: date
    refreshes: list[Refresh]
    version: int


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


@router.post(f"{CORNER}/refresh", responses=NOT_FOUND)
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


@router.get(CORNER, responses=NOT_FOUND)
async def read_corner(
    corner_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> CornerView:
    """A publicity corner whole: where, since when, its refreshes."""
    await record(rt, actor, corner.DECIDER, "corner", corner_id, ACCESS.readers)
    events, head = await rt.store.replay(f"corner/{corner_id}")
    set_up = next(e for e in events if isinstance(e, PublicityCornerSetUp))
    refreshes = [
        Refresh(refreshed_on=e.refreshed_on, theme=e.theme)
        for e in events
        if isinstance(e, PublicityCornerRefreshed)
    ]
    set_etag(response, head.version)
    return CornerView(
        corner_id=corner_id,
        office=set_up.office,
        place=set_up.place,
        since=set_up.since,
        refreshes=refreshes,
        version=head.version,
    )
