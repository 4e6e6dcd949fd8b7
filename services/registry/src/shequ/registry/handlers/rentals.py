"""Handlers of rented housing (出租屋): register with landlord and tenants, move them.

The landlord and tenants must have person files that are open (not merged, not
deceased); unlike a household's members they may be residents of any office, since a
landlord often lives elsewhere and tenants are often floating population (流动人口).
A file outside the clerk's subtree that is not open is answered as an unknown one, so
no refusal tells the clerk what became of that person.
"""

from __future__ import annotations

from collections.abc import Sequence

from shequ.access import Acting
from shequ.eventstore import EventStore, Outcome
from shequ.registry.domain import rental
from shequ.registry.domain.rental import ChangeTenants, RegisterRentalHousing
from shequ.registry.handlers.offices import office_is_open
from shequ.registry.handlers.persons import living_person
from shequ.service import execute_as, new_id

State = rental.State


async def register(
    store: EventStore,
    by: Acting,
    *,
    landlord_person_id: str,
    tenant_person_ids: Sequence[str],
    address: str,
    office: str,
    key: str | None = None,
) -> Outcome[State]:
    """Register rented housing in an open residents' office."""
    await living_person(
        store, by, landlord_person_id, "landlord_person_id", anywhere=True
    )
    for tenant in tenant_person_ids:
        await living_person(store, by, tenant, "tenant_person_ids", anywhere=True)
    rental_id = new_id("rental", by, key)
    command = RegisterRentalHousing(
        rental_id=rental_id,
        landlord_person_id=landlord_person_id,
        tenant_person_ids=tuple(tenant_person_ids),
        address=address,
        office=office,
        office_open=await office_is_open(store, office),
        by=by,
    )
    return await execute_as(by, store, rental.DECIDER, rental_id, command, key=key)


async def change_tenants(
    store: EventStore,
    by: Acting,
    rental_id: str,
    *,
    moved_in: Sequence[str],
    moved_out: Sequence[str],
    expected_version: int | None = None,
) -> Outcome[State]:
    """Move tenants in and out; whoever moves in must have an open person file."""
    for tenant in moved_in:
        await living_person(store, by, tenant, "moved_in", anywhere=True)
    command = ChangeTenants(moved_in=tuple(moved_in), moved_out=tuple(moved_out), by=by)
    return await execute_as(
        by, store, rental.DECIDER, rental_id, command, expected_version=expected_version
    )
