"""Events of a labour profile (劳动力档案): one stream per person, ``labour/<person>``.

Each status change says why and where the information came from; the profile's office
is the person's office in the registry, and moves with them (hand-over).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from shequ.contracts._event import Event
from shequ.contracts.employment._types import InformationSource, LabourStatus
from shequ.contracts.personal import PERSONAL
from shequ.contracts.registry._types import OfficeCodeText


class LabourStatusRecorded(Event):
    """The person's labour status as found; the first one opens the profile.

    ``employer`` names the employer for ``employed``; ``since`` is when the status
    began (for ``unemployed``, the date they lost work).
    """

    type: Literal["LabourStatusRecorded"] = "LabourStatusRecorded"
    stream_type = "labour_profile"
    person_id: str
    office: OfficeCodeText
    status: LabourStatus
    employer: Annotated[str | None, PERSONAL]
    since: date
    reason: str
    source: InformationSource


class FlexibleEmploymentRegistered(Event):
    """Flexible employment (灵活就业) was registered; certification may follow."""

    type: Literal["FlexibleEmploymentRegistered"] = "FlexibleEmploymentRegistered"
    stream_type = "labour_profile"
    person_id: str
    office: OfficeCodeText
    occupation: str
    registered_on: date


class FlexibleEmploymentCertified(Event):
    """The registered flexible employment was checked and certified (认定)."""

    type: Literal["FlexibleEmploymentCertified"] = "FlexibleEmploymentCertified"
    stream_type = "labour_profile"
    person_id: str
    office: OfficeCodeText
    certified_on: date


class JobSeekingRegistered(Event):
    """The person entered the job-seeker bank (求职需求信息库) or updated the entry."""

    type: Literal["JobSeekingRegistered"] = "JobSeekingRegistered"
    stream_type = "labour_profile"
    person_id: str
    office: OfficeCodeText
    wishes: list[str]  # kinds of work wanted, e.g. 保洁, 收银
    skills: list[str]
    available_from: date
    min_monthly_wage: int | None  # yuan


class JobSeekingWithdrawn(Event):
    type: Literal["JobSeekingWithdrawn"] = "JobSeekingWithdrawn"
    stream_type = "labour_profile"
    person_id: str
    office: OfficeCodeText
    reason: str


class LabourProfileHandedOver(Event):
    """The person moved to another office, which keeps the profile from now on."""

    type: Literal["LabourProfileHandedOver"] = "LabourProfileHandedOver"
    stream_type = "labour_profile"
    person_id: str
    from_office: OfficeCodeText
    to_office: OfficeCodeText


# Every event of a ``labour_profile`` stream.
LabourProfileEvent = (
    LabourStatusRecorded
    | FlexibleEmploymentRegistered
    | FlexibleEmploymentCertified
    | JobSeekingRegistered
    | JobSeekingWithdrawn
    | LabourProfileHandedOver
)
