"""Events of households (户) and rented housing (出租屋)."""

from __future__ import annotations

from typing import Annotated, Literal

from shequ.contracts._event import Event
from shequ.contracts.personal import PERSONAL
from shequ.contracts.registry._types import OfficeCodeText, Relationship


class HouseholdRegistered(Event):
    """A household (户) was registered with its head (户主) as the first member."""

    type: Literal["HouseholdRegistered"] = "HouseholdRegistered"
    stream_type = "household"
    data_subject = "head_person_id"
    household_id: str
    head_person_id: str
    address: Annotated[str, PERSONAL]
    office: OfficeCodeText


class HouseholdMemberAdded(Event):
    type: Literal["HouseholdMemberAdded"] = "HouseholdMemberAdded"
    stream_type = "household"
    office: OfficeCodeText
    person_id: str
    relationship: Relationship  # to the head


class HouseholdMemberRemoved(Event):
    type: Literal["HouseholdMemberRemoved"] = "HouseholdMemberRemoved"
    stream_type = "household"
    office: OfficeCodeText
    person_id: str
    reason: str


class HeadOfHouseholdChanged(Event):
    """A member became head; ``relationships`` give the others' to the new head."""

    type: Literal["HeadOfHouseholdChanged"] = "HeadOfHouseholdChanged"
    stream_type = "household"
    office: OfficeCodeText
    previous_head_person_id: str
    head_person_id: str
    relationships: dict[str, Relationship]


class RentalHousingRegistered(Event):
    """Rented housing (出租屋) was registered with its landlord and tenants."""

    type: Literal["RentalHousingRegistered"] = "RentalHousingRegistered"
    stream_type = "rental"
    data_subject = "landlord_person_id"
    rental_id: str
    landlord_person_id: str
    tenant_person_ids: list[str]
    address: Annotated[str, PERSONAL]
    office: OfficeCodeText


class RentalTenantsChanged(Event):
    type: Literal["RentalTenantsChanged"] = "RentalTenantsChanged"
    stream_type = "rental"
    office: OfficeCodeText
    moved_in: list[str]
    moved_out: list[str]


# Every event of a ``household`` stream, and of a ``rental`` stream.
HouseholdEvent = (
    HouseholdRegistered
    | HouseholdMemberAdded
    | HouseholdMemberRemoved
    | HeadOfHouseholdChanged
)
RentalEvent = RentalHousingRegistered | RentalTenantsChanged
