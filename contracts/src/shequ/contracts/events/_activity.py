"""An activity (活动) on its stream ``activity/<activity id>``, and a project's.

An activity is planned (kind, day, time, place, lead, staff in roles, resources,
planned participants, risks with contingency plans, the project it belongs to), then
its attendance, family visits, files (by SHA-256), evaluations and costs are added.
Who attended (person ids) and the notes of a family visit are personal: sealed under
the activity stream's key. A project (服务项目, e.g. 夕阳依旧美) is ``project/<id>``.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

from pydantic import Field

from shequ.contracts._event import Event
from shequ.contracts.events._types import (
    ActivityKind,
    EvaluationStage,
    Evaluator,
    Resource,
    Risk,
    Score,
    StaffMember,
)
from shequ.contracts.personal import PERSONAL, Personal
from shequ.contracts.registry._types import OfficeCodeText


class ActivityPlanned(Event):
    """An activity planned: the plan as the office wrote it (活动计划)."""

    type: Literal["ActivityPlanned"] = "ActivityPlanned"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    kind: ActivityKind
    title: str
    held_on: date
    starts_at: time | None = None
    ends_at: time | None = None
    place: str
    capacity: int | None = Field(None, ge=1)  # the venue's, where one is set
    lead: str
    staff: list[StaffMember]
    resources: list[Resource]
    planned_participants: int = Field(ge=0)
    risks: list[Risk]
    project_id: str | None = None


class AttendanceRecorded(Event):
    """Who came: registered persons (sealed) and a head count of the public."""

    type: Literal["AttendanceRecorded"] = "AttendanceRecorded"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    person_ids: Annotated[list[str], Personal(erased=[])]
    head_count: int = Field(ge=0)  # the public, not registered by name
    attendance: int = Field(ge=0)  # persons named + head count


class FamilyVisited(Event):
    """A family visited within the activity (家访), how many people, the notes."""

    type: Literal["FamilyVisited"] = "FamilyVisited"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    household_id: str
    people: int = Field(ge=1)
    visited_on: date
    notes: Annotated[str, PERSONAL]


class ActivityFileAttached(Event):
    """A photo or file kept outside the event, referenced by its SHA-256."""

    type: Literal["ActivityFileAttached"] = "ActivityFileAttached"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    name: str


class ActivityEvaluated(Event):
    """A scored evaluation form, by residents, organisers or community leaders."""

    type: Literal["ActivityEvaluated"] = "ActivityEvaluated"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    stage: EvaluationStage
    evaluator: Evaluator
    evaluated_on: date
    scores: list[Score]
    average: float = Field(ge=1, le=5)
    comment: str = ""


class ActivityCostRecorded(Event):
    """A cost of the activity, in fen (分) so sums are exact."""

    type: Literal["ActivityCostRecorded"] = "ActivityCostRecorded"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    item: str
    amount_fen: int = Field(ge=1)


class ActivityCancelled(Event):
    """An activity called off before it took place (活动取消), with the reason.

    It no longer counts towards any figure or recurring duty; the ledger keeps it,
    marked cancelled.
    """

    type: Literal["ActivityCancelled"] = "ActivityCancelled"
    stream_type = "activity"
    activity_id: str
    office: OfficeCodeText
    cancelled_on: date
    reason: str


ActivityEvent = (
    ActivityPlanned
    | AttendanceRecorded
    | FamilyVisited
    | ActivityFileAttached
    | ActivityEvaluated
    | ActivityCostRecorded
    | ActivityCancelled
)


class ProjectStarted(Event):
    """A service project (服务项目): target groups, objectives, method, period."""

    type: Literal["ProjectStarted"] = "ProjectStarted"
    stream_type = "project"
    project_id: str
    office: OfficeCodeText
    title: str
    target_groups: list[str]
    objectives: list[str]
    method: str
    starts_on: date
    ends_on: date


class ProjectEvaluated(Event):
    """The project's evaluation: a summary and a score out of 5."""

    type: Literal["ProjectEvaluated"] = "ProjectEvaluated"
    stream_type = "project"
    project_id: str
    office: OfficeCodeText
    evaluated_on: date
    summary: str
    score: int = Field(ge=1, le=5)


ProjectEvent = ProjectStarted | ProjectEvaluated
