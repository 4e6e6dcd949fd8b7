"""Rented housing (出租屋): register with landlord and tenants, read, list, move them.

One rental reads from its stream (never stale; its ``ETag`` is the version ``If-Match``
expects); lists read the directory, which may lag the last write a moment.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor, OfficeCode
from shequ.contracts.messages import N_
from shequ.eventstore import Outcome
from shequ.registry.api._fields import MAX_PEOPLE, Address, RecordId
from shequ.registry.api._records import readable, writable
from shequ.registry.domain import rental
from shequ.registry.domain.access import ACCESS
from shequ.registry.handlers import rentals as handle
from shequ.registry.handlers.offices import office_names
from shequ.registry.readmodels.directory.rentals import RentalPage, rentals_within
from shequ.service import (
    IdempotencyKey,
    PageNumber,
    PageSize,
    Reader,
    Runtime,
    RuntimeDep,
    Writer,
)
from shequ.webapi import CurrentActor, RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/registry/rentals", tags=["rentals"])


class RegisterRentalRequest(RequestModel):
    landlord_person_id: RecordId
    tenant_person_ids: list[RecordId] = Field([], max_length=MAX_PEOPLE)
    office: OfficeCode = Field(description="the community, village or grid office")
    address: Address


class RentalResponse(BaseModel):
    rental_id: str
    office: str
    office_name: str | None = Field(
        None, description="the office's name, shown beside its code"
    )
    address: str
    landlord_person_id: str
    tenant_person_ids: list[str] = Field(description="by person id")
    version: int


async def _reply(
    rt: Runtime, state: rental.State, version: int, response: Response
) -> RentalResponse:
    assert state is not None
    set_etag(response, version)
    return RentalResponse(
        rental_id=state.rental_id,
        office=state.office,
        office_name=(await office_names(rt, [state.office])).get(state.office),
        address=state.address,
        landlord_person_id=state.landlord,
        tenant_person_ids=sorted(state.tenants),
        version=version,
    )


async def _replied(
    rt: Runtime, outcome: Outcome[rental.State], response: Response
) -> RentalResponse:
    return await _reply(rt, outcome.state, outcome.version, response)


def _unknown(rental_id: str) -> rental.RentalNotFound:
    """What an unknown id gets, and so a rental outside the reader's subtree."""
    return rental.RentalNotFound(
        N_("no rented housing {rental_id}"), field="rental_id", rental_id=rental_id
    )


async def _writable(rt: Runtime, rental_id: str, actor: Actor) -> rental.Rental:
    """The rental, if ``actor`` writes its office; checked before any rule."""
    return await writable(rt, rental.DECIDER, rental_id, actor, _unknown(rental_id))


@router.post("", status_code=201)
async def register_rental(
    body: RegisterRentalRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> RentalResponse:
    """Register rented housing; the landlord cannot also be its tenant."""
    ACCESS.may_write(actor, body.office)
    outcome = await handle.register(
        rt.store,
        Acting.of(actor, rt.clock()),
        landlord_person_id=body.landlord_person_id,
        tenant_person_ids=body.tenant_person_ids,
        address=body.address,
        office=body.office,
        key=key,
    )
    assert outcome.state is not None
    response.headers["Location"] = f"{router.prefix}/{outcome.state.rental_id}"
    return await _replied(rt, outcome, response)


@router.get("/{rental_id}")
async def read_rental(
    rental_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> RentalResponse:
    """One rented home with its landlord and tenants."""
    state, version = await readable(
        rt, rental.DECIDER, rental_id, actor, _unknown(rental_id)
    )
    return await _reply(rt, state, version, response)


@router.get("")
async def list_rentals(
    rt: RuntimeDep,
    actor: Reader,
    within: Annotated[OfficeCode | None, Query()] = None,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> RentalPage:
    """Rented housing in the reader's subtree (or a part of it), from the directory."""
    root = ACCESS.reading_root(actor, within)
    return await rentals_within(rt.pool, root.subtree_prefix, page, size)


class TenantsRequest(RequestModel):
    moved_in: list[RecordId] = Field([], max_length=MAX_PEOPLE)
    moved_out: list[RecordId] = Field([], max_length=MAX_PEOPLE)


@router.post("/{rental_id}/tenants")
async def change_tenants(
    rental_id: str,
    body: TenantsRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> RentalResponse:
    """Record tenants moving in and out; ``If-Match`` is required (428 without it).

    A move-out, like a household member's removal, depends on who the clerk last
    saw living there.
    """
    await _writable(rt, rental_id, actor)
    outcome = await handle.change_tenants(
        rt.store,
        Acting.of(actor, rt.clock()),
        rental_id,
        moved_in=body.moved_in,
        moved_out=body.moved_out,
        expected_version=expected,
    )
    return await _replied(rt, outcome, response)
