"""Events of offices (机构) and their staff (工作人员)."""

from __future__ import annotations

from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.registry._types import (
    Employment,
    OfficeCodeText,
    OfficeKind,
    RoleName,
)


class OfficeOpened(Event):
    """An office of the hierarchy was opened; ``parent_code`` is None for a district."""

    type: Literal["OfficeOpened"] = "OfficeOpened"
    stream_type = "office"
    code: OfficeCodeText
    name: str
    kind: OfficeKind
    parent_code: OfficeCodeText | None


class OfficeRenamed(Event):
    type: Literal["OfficeRenamed"] = "OfficeRenamed"
    stream_type = "office"
    previous_name: str
    name: str


class OfficeClosed(Event):
    """The office was closed; its history stays and its code is never reused."""

    type: Literal["OfficeClosed"] = "OfficeClosed"
    stream_type = "office"
    reason: str


class LeadershipGroupFormed(Event):
    """A leadership group (领导小组) was formed, or re-formed under the same name."""

    type: Literal["LeadershipGroupFormed"] = "LeadershipGroupFormed"
    stream_type = "office"
    name: str
    leader: str  # 组长
    deputies: list[str]  # 副组长
    member_departments: list[str]  # 成员单位


class StaffEnrolled(Event):
    """A staff member (工作人员) was enrolled; credentials are kept outside events."""

    type: Literal["StaffEnrolled"] = "StaffEnrolled"
    stream_type = "staff"
    staff_id: str
    login: str
    name: str
    office: OfficeCodeText
    roles: list[RoleName]
    employment: Employment


class StaffRolesChanged(Event):
    type: Literal["StaffRolesChanged"] = "StaffRolesChanged"
    stream_type = "staff"
    office: OfficeCodeText
    roles: list[RoleName]


class StaffDeactivated(Event):
    """The staff member left; their tokens are no longer accepted."""

    type: Literal["StaffDeactivated"] = "StaffDeactivated"
    stream_type = "staff"
    office: OfficeCodeText
    reason: str


# Every event of an ``office`` stream, and of a ``staff`` stream.
OfficeEvent = OfficeOpened | OfficeRenamed | OfficeClosed | LeadershipGroupFormed
StaffEvent = StaffEnrolled | StaffRolesChanged | StaffDeactivated
