"""Zero-employment households (零就业家庭): stream ``zero-household/<household>``.

Detected, never typed in: a household is one while every member of working age who is
able and willing to work is unemployed (and there is at least one such member). It is
cleared when one of them finds work, or the household changes so that it no longer
qualifies; ``days_open`` is how long it stayed a zero-employment household. Each
event names the household's members then (``member_person_ids``), so it shows in
every member's file; events stored before that field decode with none.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from shequ.contracts._event import Event
from shequ.contracts.registry._types import OfficeCodeText


class ZeroEmploymentHouseholdIdentified(Event):
    type: Literal["ZeroEmploymentHouseholdIdentified"] = (
        "ZeroEmploymentHouseholdIdentified"
    )
    stream_type = "zero_employment_household"
    household_id: str
    office: OfficeCodeText
    unemployed_person_ids: list[str]
    identified_on: date
    member_person_ids: list[str] = Field(
        default_factory=list, description="the household's members, by person id"
    )


class ZeroEmploymentHouseholdMembersChanged(Event):
    """Still zero-employment, with other members: one joined, left or now counts."""

    type: Literal["ZeroEmploymentHouseholdMembersChanged"] = (
        "ZeroEmploymentHouseholdMembersChanged"
    )
    stream_type = "zero_employment_household"
    household_id: str
    office: OfficeCodeText
    unemployed_person_ids: list[str]
    member_person_ids: list[str]
    changed_on: date


class ZeroEmploymentHouseholdCleared(Event):
    """No longer zero-employment; ``by_person_id`` found work, when that was why."""

    type: Literal["ZeroEmploymentHouseholdCleared"] = "ZeroEmploymentHouseholdCleared"
    stream_type = "zero_employment_household"
    household_id: str
    office: OfficeCodeText
    cleared_on: date
    by_person_id: str | None
    reason: str
    days_open: int
    member_person_ids: list[str] = Field(
        default_factory=list, description="the household's members, by person id"
    )


# Every event of a ``zero_employment_household`` stream.
ZeroEmploymentHouseholdEvent = (
    ZeroEmploymentHouseholdIdentified
    | ZeroEmploymentHouseholdMembersChanged
    | ZeroEmploymentHouseholdCleared
)
