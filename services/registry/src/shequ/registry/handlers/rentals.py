"""Handlers of rented housing (出租屋): register with landlord and tenants, move them.

The landlord and tenants must have person files that are open (not merged, not
deceased); unlike a household's members they may be residents of any office, since a
landlord often lives elsewhere and tenants are often floating population (流动人口).
"""

from __future__ import annotations

from dataclasses import replace

from shequ.eventstore import EventStore, Outcome
from shequ.registry.domain import rental
from shequ.registry.domain.rental import ChangeTenants, RegisterRentalHousing
from shequ.registry.handlers._common import office_is_open, run
from shequ.registry.handlers.households import first_outcome, living_person

State = rental.State


async def register(
    store: EventStore, command: RegisterRentalHousing, key: str | None = None
) -> Outcome[State]:
    """Register rented housing in an open residents' office."""
    await living_person(store, command.landlord_person_id, "landlord_person_id")
    for tenant in command.tenant_person_ids:
        await living_person(store, tenant, "tenant_person_ids")
    command = replace(command, office_open=await office_is_open(store, command.office))
    outcome = await run(
        store, rental.DECIDER, command.rental_id, command, command.by, key=key
    )
    return await first_outcome(store, rental.DECIDER, outcome)


async def change_tenants(
    store: EventStore,
    rental_id: str,
    command: ChangeTenants,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Move tenants in and out; whoever moves in must have an open person file."""
    for tenant in command.moved_in:
        await living_person(store, tenant, "moved_in")
    return await run(
        store,
        rental.DECIDER,
        rental_id,
        command,
        command.by,
        expected_version=expected_version,
    )
