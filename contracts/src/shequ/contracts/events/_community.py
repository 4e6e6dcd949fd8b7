"""What a community keeps beside activities: volunteers, teams, corners, duties.

- ``volunteer/<person id>``: a registered person's volunteer record (志愿者), hours per
  activity and the moral-bank points (道德银行) earned and redeemed; the balance never
  goes below zero.
- ``team/<team id>``: a culture and sports team (文体队伍) and its members.
- ``corner/<corner id>``: an anti-drug publicity corner (禁毒宣传角), refreshed.
- ``duties/<office>``: a recurring duty missed in a period (by the hourly timer).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from shequ.contracts._event import Event
from shequ.contracts.events._types import DutyKind, TeamKind
from shequ.contracts.registry._types import OfficeCodeText


class VolunteerRegistered(Event):
    type: Literal["VolunteerRegistered"] = "VolunteerRegistered"
    stream_type = "volunteer"
    person_id: str
    office: OfficeCodeText
    registered_on: date
    skills: list[str]


class VolunteerHoursRecorded(Event):
    """Hours given to an activity, and the points they earn (道德银行 存入)."""

    type: Literal["VolunteerHoursRecorded"] = "VolunteerHoursRecorded"
    stream_type = "volunteer"
    person_id: str
    office: OfficeCodeText
    activity_id: str
    served_on: date
    hours: float = Field(gt=0, le=24)
    points: int = Field(ge=0)
    balance: int = Field(ge=0)


class MoralPointsRedeemed(Event):
    """Points redeemed for something (道德银行 兑换); never beyond the balance."""

    type: Literal["MoralPointsRedeemed"] = "MoralPointsRedeemed"
    stream_type = "volunteer"
    person_id: str
    office: OfficeCodeText
    redeemed_on: date
    points: int = Field(ge=1)
    redeemed_for: str
    balance: int = Field(ge=0)


VolunteerEvent = VolunteerRegistered | VolunteerHoursRecorded | MoralPointsRedeemed


class TeamFormed(Event):
    type: Literal["TeamFormed"] = "TeamFormed"
    stream_type = "team"
    team_id: str
    office: OfficeCodeText
    name: str
    kind: TeamKind
    formed_on: date


class TeamMemberJoined(Event):
    type: Literal["TeamMemberJoined"] = "TeamMemberJoined"
    stream_type = "team"
    team_id: str
    office: OfficeCodeText
    person_id: str
    joined_on: date


class TeamMemberLeft(Event):
    type: Literal["TeamMemberLeft"] = "TeamMemberLeft"
    stream_type = "team"
    team_id: str
    office: OfficeCodeText
    person_id: str
    left_on: date


TeamEvent = TeamFormed | TeamMemberJoined | TeamMemberLeft


class PublicityCornerSetUp(Event):
    type: Literal["PublicityCornerSetUp"] = "PublicityCornerSetUp"
    stream_type = "corner"
    corner_id: str
    office: OfficeCodeText
    place: str
    since: date


class PublicityCornerRefreshed(Event):
    type: Literal["PublicityCornerRefreshed"] = "PublicityCornerRefreshed"
    stream_type = "corner"
    corner_id: str
    office: OfficeCodeText
    refreshed_on: date
    theme: str


CornerEvent = PublicityCornerSetUp | PublicityCornerRefreshed


class DutyMissed(Event):
    """A recurring duty not held by the end of its slot (a to-do, overdue first)."""

    type: Literal["DutyMissed"] = "DutyMissed"
    stream_type = "duties"
    office: OfficeCodeText
    duty: DutyKind
    due_by: date
    held: int = Field(ge=0)  # held in the period by then
    wanted: int = Field(ge=1)  # wanted by then


DutiesEvent = DutyMissed
