"""Rented housing (出租屋): the landlord, the tenants who live there, the address. Pure.

Stream type ``rental``, stream id ``rental-<uuid>`` given by the handler
(``new_id``). Seed 000 篇六 asks communities to manage rented housing and the floating
population (流动人口) in it: who lets which home, and who lives there now. People are
named by their person ids.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import (
    RentalEvent,
    RentalHousingRegistered,
    RentalTenantsChanged,
)
from shequ.eventstore import Decider
from shequ.registry.domain.rules import Acting, distinct, require_text, residents_office


@dataclass(frozen=True, kw_only=True)
class RegisterRentalHousing:
    rental_id: str
    landlord_person_id: str
    tenant_person_ids: tuple[str, ...]
    address: str
    office: str
    office_open: bool  # looked up by the handler
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ChangeTenants:
    moved_in: tuple[str, ...]
    moved_out: tuple[str, ...]
    by: Acting


Command = RegisterRentalHousing | ChangeTenants


@dataclass(frozen=True)
class Rental:
    rental_id: str
    landlord: str
    tenants: frozenset[str]
    address: str
    office: str


State = Rental | None


class RentalAlreadyRegistered(Conflict):
    title = N_("Rented housing already registered")


class RentalNotFound(NotFound):
    title = N_("Rented housing not found")


class LandlordAsTenant(DomainError):
    """The landlord lets the home to others; they are not its tenant."""

    title = N_("The landlord is not a tenant")


class TenantChangeInconsistent(DomainError):
    """Only a tenant can move out, and only someone else can move in."""

    title = N_("Tenant change inconsistent")


def decide(command: Command, state: State) -> list[RentalEvent]:
    match command:
        case RegisterRentalHousing():
            return [_register(command, state)]
        case ChangeTenants():
            return _change(command, state)
        case _:
            assert_never(command)


def _register(command: RegisterRentalHousing, state: State) -> RentalHousingRegistered:
    if state is not None:
        raise RentalAlreadyRegistered(
            N_("rental {rental_id} is already registered"),
            field="rental_id",
            rental_id=state.rental_id,
        )
    office = residents_office(
        command.office, is_open=command.office_open, field="office"
    )
    tenants = distinct(command.tenant_person_ids)
    landlord = require_text(
        command.landlord_person_id, "landlord_person_id", N_("the landlord")
    )
    _not_landlord(landlord, tenants)
    return RentalHousingRegistered(
        rental_id=command.rental_id,
        landlord_person_id=landlord,
        tenant_person_ids=tenants,
        address=require_text(command.address, "address", N_("the address")),
        office=office,
    )


def _change(command: ChangeTenants, state: State) -> list[RentalEvent]:
    if state is None:
        raise RentalNotFound(N_("no rented housing under this id"), field="rental_id")
    moved_in, moved_out = distinct(command.moved_in), distinct(command.moved_out)
    _not_landlord(state.landlord, moved_in)
    if already := state.tenants.intersection(moved_in):
        raise TenantChangeInconsistent(
            N_("already tenants: {person_ids}"),
            field="moved_in",
            person_ids=", ".join(sorted(already)),
        )
    if strangers := set(moved_out) - state.tenants:
        raise TenantChangeInconsistent(
            N_("not tenants: {person_ids}"),
            field="moved_out",
            person_ids=", ".join(sorted(strangers)),
        )
    if not (moved_in or moved_out):
        return []
    return [
        RentalTenantsChanged(
            office=state.office, moved_in=moved_in, moved_out=moved_out
        )
    ]


def _not_landlord(landlord: str, tenants: list[str]) -> None:
    if landlord in tenants:
        raise LandlordAsTenant(
            N_("{person_id} is the landlord, not a tenant"),
            field="tenant_person_ids",
            person_id=landlord,
        )


def evolve(state: State, event: RentalEvent) -> State:
    match event:
        case RentalHousingRegistered():
            return Rental(
                rental_id=event.rental_id,
                landlord=event.landlord_person_id,
                tenants=frozenset(event.tenant_person_ids),
                address=event.address,
                office=event.office,
            )
        case _ if state is None:
            return state
        case RentalTenantsChanged():
            tenants = (state.tenants - set(event.moved_out)) | set(event.moved_in)
            return replace(state, tenants=tenants)
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, RentalEvent] = Decider("rental", None, decide, evolve)
