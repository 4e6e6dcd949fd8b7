"""Designations (创建): the campaigns a district configures, each office's path.

A campaign (创建项目: 绿色社区, 无毒社区, 充分就业社区, 和谐社区 …) is data the district
keeps on stream ``campaign/<code>``: its preparation stages, the eligibility floor,
the criteria (a work-plan metric, a comparison, a threshold), the share of a street's
communities that must pass, the grades a year may give, how often a title is
re-checked. A new campaign is configured, not programmed.

An office's path to the title is stream ``designation/<office>/<campaign>`` (seed 000
篇一): the dated preparation stages (完善机构, 宣传发动, 组织培训, 创建自查), the
application (创建申报) the street reviews, the district's acceptance with a public
notice (受理公示) and the objections to it, the inspection and the naming (考核命名),
then the long term (长效管理): a yearly evaluation, a re-check every few years, a
rectification with a deadline when one fails, and revocation when that fails too.
The timer records what comes due (a re-check, an evaluation, a missed deadline).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shequ.contracts._event import Event
from shequ.contracts.messages import N_, Labels
from shequ.contracts.registry._types import OfficeCodeText

DesignationStatus = Literal[
    "preparing",  # 创建中: stages being done
    "applied",  # 已申报: the street reviews
    "reviewed",  # 街道(镇)已审核: the district decides whether to accept
    "accepted",  # 已受理: public notice, then inspection
    "inspected",  # 已考核: passed, the naming comes next
    "named",  # 已命名
    "rectifying",  # 限期整改
    "revoked",  # 已撤销
]
DESIGNATION_STATUS_LABELS: Labels = {
    "preparing": N_("preparing"),
    "applied": N_("applied, with the street"),
    "reviewed": N_("reviewed, with the district"),
    "accepted": N_("accepted, on public notice"),
    "inspected": N_("inspected"),
    "named": N_("named"),
    "rectifying": N_("rectifying"),
    "revoked": N_("revoked"),
}
RevocationReason = Literal["rectification_failed", "deadline_passed"]
REVOCATION_REASON_LABELS: Labels = {
    "rectification_failed": N_("the rectification failed"),
    "deadline_passed": N_("the rectification deadline passed unmet"),
}
InspectionMethod = Literal["site_visit", "archive_check", "questionnaire", "forum"]
INSPECTION_METHOD_LABELS: Labels = {
    "site_visit": N_("site visit"),
    "archive_check": N_("archive check"),
    "questionnaire": N_("questionnaire"),
    "forum": N_("forum"),
}


class Stage(BaseModel):
    """A preparation stage of a campaign: its code and the name offices know."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str


class Criterion(BaseModel):
    """One criterion: a work-plan metric reporting computes, against a threshold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: str
    comparison: Literal["at_least", "at_most"]
    threshold: float
    label: str = ""


class CampaignDefined(Event):
    """The district defined a campaign or changed it (the whole definition again)."""

    type: Literal["CampaignDefined"] = "CampaignDefined"
    stream_type = "campaign"
    campaign: str
    office: OfficeCodeText  # the district that keeps it
    name: str
    stages: list[Stage]
    min_households: int | None
    min_residents: int | None
    criteria: list[Criterion]
    pass_rate: float | None  # share of a street's communities that must pass
    grades: list[str]
    recheck_years: int


class DesignationStageRecorded(Event):
    type: Literal["DesignationStageRecorded"] = "DesignationStageRecorded"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    stage: str
    on: date
    note: str


class DesignationApplied(Event):
    """创建申报: the office applied, its size counted from the registry that day."""

    type: Literal["DesignationApplied"] = "DesignationApplied"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    households: int
    residents: int
    note: str


class DesignationReviewed(Event):
    """The street's (town's) leading group reviewed the application."""

    type: Literal["DesignationReviewed"] = "DesignationReviewed"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    approved: bool
    note: str


class DesignationAccepted(Event):
    """受理: the district accepted the application and put it on public notice."""

    type: Literal["DesignationAccepted"] = "DesignationAccepted"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    notice_until: date


class DesignationNotAccepted(Event):
    type: Literal["DesignationNotAccepted"] = "DesignationNotAccepted"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    reason: str


class DesignationObjectionRecorded(Event):
    """An objection raised during the public notice (公示期异议)."""

    type: Literal["DesignationObjectionRecorded"] = "DesignationObjectionRecorded"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    objection: str


class DesignationInspected(Event):
    """考核 by site visit, archive check, questionnaire or forum: a score, a verdict."""

    type: Literal["DesignationInspected"] = "DesignationInspected"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    methods: list[InspectionMethod]
    score: float
    passed: bool
    note: str


class DesignationNamed(Event):
    """命名: the title; re-checked every ``recheck_years`` from ``on``."""

    type: Literal["DesignationNamed"] = "DesignationNamed"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    recheck_due: date


class DesignationGradeSet(Event):
    """The office's grade for a year (无毒社区: 保无毒 / 创无毒 / 创达标)."""

    type: Literal["DesignationGradeSet"] = "DesignationGradeSet"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    year: int
    grade: str


class DesignationEvaluated(Event):
    """The yearly evaluation of a named office (每年评估)."""

    type: Literal["DesignationEvaluated"] = "DesignationEvaluated"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    year: int
    on: date
    passed: bool
    score: float | None
    note: str


class DesignationRechecked(Event):
    """复查: passed (next one due) or failed (a rectification until ``rectify_by``)."""

    type: Literal["DesignationRechecked"] = "DesignationRechecked"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    passed: bool
    score: float | None
    note: str
    recheck_due: date | None  # passed: the next re-check
    rectify_by: date | None  # failed: the rectification's deadline


class DesignationRectificationChecked(Event):
    type: Literal["DesignationRectificationChecked"] = "DesignationRectificationChecked"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    passed: bool
    note: str
    recheck_due: date | None  # passed: the next re-check


class DesignationRevoked(Event):
    """撤销: a failed rectification, or its deadline passed unmet (the timer)."""

    type: Literal["DesignationRevoked"] = "DesignationRevoked"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    on: date
    reason: RevocationReason


class DesignationRecheckDue(Event):
    """The timer: a named office's re-check came due and is not yet recorded."""

    type: Literal["DesignationRecheckDue"] = "DesignationRecheckDue"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    due_on: date


class DesignationEvaluationDue(Event):
    """The timer: a named office's yearly evaluation came due."""

    type: Literal["DesignationEvaluationDue"] = "DesignationEvaluationDue"
    stream_type = "designation"
    office: OfficeCodeText
    campaign: str
    year: int


CampaignEvent = CampaignDefined
DesignationEvent = (
    DesignationStageRecorded
    | DesignationApplied
    | DesignationReviewed
    | DesignationAccepted
    | DesignationNotAccepted
    | DesignationObjectionRecorded
    | DesignationInspected
    | DesignationNamed
    | DesignationGradeSet
    | DesignationEvaluated
    | DesignationRechecked
    | DesignationRectificationChecked
    | DesignationRevoked
    | DesignationRecheckDue
    | DesignationEvaluationDue
)
DESIGNATION_EVENTS: list[type[Event]] = [
    CampaignDefined,
    DesignationStageRecorded,
    DesignationApplied,
    DesignationReviewed,
    DesignationAccepted,
    DesignationNotAccepted,
    DesignationObjectionRecorded,
    DesignationInspected,
    DesignationNamed,
    DesignationGradeSet,
    DesignationEvaluated,
    DesignationRechecked,
    DesignationRectificationChecked,
    DesignationRevoked,
    DesignationRecheckDue,
    DesignationEvaluationDue,
]
