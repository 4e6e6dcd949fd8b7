"""Commands on a designation (创建), and the refusals of its rules (each a named error).

Each command that depends on the campaign carries its definition (``CampaignDefined``),
loaded by the handler: the stages, floors, grades and re-check interval are data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts import Conflict, DomainError
from shequ.contracts.messages import N_
from shequ.contracts.reporting import CampaignDefined, InspectionMethod


class WrongStage(Conflict):
    code = "designation-wrong-stage"
    title = N_("Not at this stage")


class DateOutOfOrder(DomainError):
    code = "designation-date-out-of-order"
    title = N_("Date out of order")


class StageNotInCampaign(DomainError):
    code = "stage-not-in-campaign"
    title = N_("No such stage")


class StagesMissing(Conflict):
    code = "stages-missing"
    title = N_("Stages not yet done")


class NotEligible(Conflict):
    code = "not-eligible"
    title = N_("Not eligible")


class AlreadyRecorded(Conflict):
    code = "already-recorded"
    title = N_("Already recorded")


class RectificationDeadlineNeeded(DomainError):
    code = "rectification-deadline-needed"
    title = N_("A rectification needs a deadline")


class InspectionMethodsNeeded(DomainError):
    code = "inspection-methods-needed"
    title = N_("How was it inspected?")


class GradeNotInCampaign(DomainError):
    code = "grade-not-in-campaign"
    title = N_("No such grade")


@dataclass(frozen=True, kw_only=True)
class RecordStage:
    """A preparation stage done (完善机构, 宣传发动, 组织培训, 创建自查), dated."""

    campaign: CampaignDefined
    stage: str
    on: date
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Apply:
    """创建申报; ``households`` and ``residents`` counted from the registry that day."""

    campaign: CampaignDefined
    on: date
    households: int
    residents: int
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Review:
    """The street's (town's) leading group reviews the application."""

    on: date
    approved: bool
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Accept:
    on: date
    notice_until: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Decline:
    on: date
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordObjection:
    on: date
    objection: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Inspect:
    on: date
    methods: tuple[InspectionMethod, ...]
    score: float
    passed: bool
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Name:
    campaign: CampaignDefined
    on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class SetGrade:
    campaign: CampaignDefined
    year: int
    grade: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Evaluate:
    year: int
    on: date
    passed: bool
    score: float | None
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Recheck:
    """复查: passed, or failed with the rectification's deadline (``rectify_by``)."""

    campaign: CampaignDefined
    on: date
    passed: bool
    score: float | None
    note: str
    rectify_by: date | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CheckRectification:
    campaign: CampaignDefined
    on: date
    passed: bool
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CheckClock:
    """The hourly timer: what came due by ``today`` is recorded, each once."""

    today: date
    by: Acting


Command = (
    RecordStage
    | Apply
    | Review
    | Accept
    | Decline
    | RecordObjection
    | Inspect
    | Name
    | SetGrade
    | Evaluate
    | Recheck
    | CheckRectification
    | CheckClock
)
