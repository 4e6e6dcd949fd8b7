"""Published events of reporting (报表与审计): work-plan targets and restricted reads.

An office's work plan (工作计划) for a year is a stream ``workplan/<office>/<year>``
holding its targets; every read of restricted records (rehab cases) through reporting
is itself recorded (``access-log/<staff>``), as DOMAIN.md asks.
"""

from __future__ import annotations

from typing import Literal

from shequ.contracts._catalog import EventCatalog
from shequ.contracts._event import Event
from shequ.contracts.messages import N_, Labels
from shequ.contracts.registry._types import OfficeCodeText
from shequ.contracts.reporting._designations import (
    DESIGNATION_EVENTS,
    DESIGNATION_STATUS_LABELS,
    INSPECTION_METHOD_LABELS,
    REVOCATION_REASON_LABELS,
    CampaignDefined,
    CampaignEvent,
    Criterion,
    DesignationAccepted,
    DesignationApplied,
    DesignationEvaluated,
    DesignationEvaluationDue,
    DesignationEvent,
    DesignationGradeSet,
    DesignationInspected,
    DesignationNamed,
    DesignationNotAccepted,
    DesignationObjectionRecorded,
    DesignationRecheckDue,
    DesignationRechecked,
    DesignationRectificationChecked,
    DesignationReviewed,
    DesignationRevoked,
    DesignationStageRecorded,
    DesignationStatus,
    InspectionMethod,
    RevocationReason,
    Stage,
)

EventsMetric = Literal[
    "large_performances",  # 大型文艺演出 (seed 002 (2): at least 6 a year)
    "competitions",  # 比赛 (at least 10 a year)
    "competition_participants",  # 比赛参与人数 (at least 1,000)
    "anti_drug_meetings",  # 禁毒工作会议 (篇五: at least 4 a year)
    "hygiene_checks",  # 卫生自查 (篇六: 24 a year)
    "party_classes",  # 党课 (twice a month)
    "publicity_corners",  # 禁毒宣传角: the fewest in any community of the subtree
    "activities_held",  # 开展活动: every activity held in the year
    "volunteer_hours",  # 志愿服务时长: hours served in the year
]
"""The work-plan metrics fed by events (活动), each traceable to what is behind it."""
Metric = Literal[
    "employment_rate",  # 就业率, a share between 0 and 1
    "zero_employment_households",  # 零就业家庭 open at the end of the period
    "new_jobs",  # 新增就业岗位: hires through the vacancy bank in the year
    "registered_unemployed",  # 登记失业人数
    "rehab_test_compliance",  # 尿检率: tests taken over tests due in the year, a share
    "rehab_relapses",  # 复吸人数: relapses found in the year
    "rehab_staffing_shortfall",  # 社区戒毒康复专职人员缺口
    "rehab_ledger_completeness",  # 台帐完整率: open cases fully on record, a share
    "disputes_registered",  # 纠纷登记数: disputes registered in the year
    "mediation_success_rate",  # 调解成功率: agreements over disputes concluded
    "mediation_on_time_rate",  # 按期办结率: concluded on time over concluded
    "mediation_fulfilment_rate",  # 履行率: agreements fulfilled over those followed up
    "mediation_satisfaction_rate",  # 满意率: 回访 satisfied over all 回访
    EventsMetric,
]
METRIC_LABELS: Labels = {
    "employment_rate": N_("employment rate"),
    "zero_employment_households": N_("zero-employment households"),
    "new_jobs": N_("new jobs"),
    "registered_unemployed": N_("registered unemployed"),
    "rehab_test_compliance": N_("urine test compliance"),
    "rehab_relapses": N_("relapses"),
    "rehab_staffing_shortfall": N_("rehab workers short"),
    "rehab_ledger_completeness": N_("rehab ledger completeness"),
    "disputes_registered": N_("disputes registered"),
    "mediation_success_rate": N_("mediation success rate"),
    "mediation_on_time_rate": N_("mediation on-time rate"),
    "mediation_fulfilment_rate": N_("mediation agreement fulfilment rate"),
    "mediation_satisfaction_rate": N_("mediation satisfaction rate"),
    "large_performances": N_("large performances"),
    "competitions": N_("competitions"),
    "competition_participants": N_("competition participants"),
    "anti_drug_meetings": N_("anti-drug work meetings"),
    "hygiene_checks": N_("hygiene self-checks"),
    "party_classes": N_("party classes"),
    "publicity_corners": N_("publicity corners per community"),
    "activities_held": N_("activities held"),
    "volunteer_hours": N_("volunteer hours"),
}
SHARE_METRICS: frozenset[str] = frozenset(
    {
        "employment_rate",
        "rehab_test_compliance",
        "rehab_ledger_completeness",
        "mediation_success_rate",
        "mediation_on_time_rate",
        "mediation_fulfilment_rate",
        "mediation_satisfaction_rate",
    }
)
"""The metrics that are shares in (0, 1]; every other one is a whole count."""
"""How a person reads each metric of a work plan (就业率, 零就业家庭 …)."""
Comparison = Literal["at_least", "at_most"]
COMPARISON_LABELS: Labels = {"at_least": N_("at least"), "at_most": N_("at most")}
"""How a person reads a target's comparison (不低于 / 不高于)."""


class WorkPlanTargetSet(Event):
    """A target of the office's annual plan, set or changed (e.g. 就业率 ≥ 96%)."""

    type: Literal["WorkPlanTargetSet"] = "WorkPlanTargetSet"
    stream_type = "work_plan"
    office: OfficeCodeText
    year: int
    metric: Metric
    comparison: Comparison
    target: float
    note: str


class WorkPlanTargetWithdrawn(Event):
    type: Literal["WorkPlanTargetWithdrawn"] = "WorkPlanTargetWithdrawn"
    stream_type = "work_plan"
    office: OfficeCodeText
    year: int
    metric: Metric
    reason: str


class RestrictedRecordsRead(Event):
    """A staff member read restricted records (e.g. a rehab case in a person file)."""

    type: Literal["RestrictedRecordsRead"] = "RestrictedRecordsRead"
    stream_type = "access_log"
    staff_id: str
    office: OfficeCodeText
    person_id: str
    services: list[str]
    event_ids: list[str]
    purpose: str


# The events of each stream type, for exhaustive ``evolve``s.
WorkPlanEvent = WorkPlanTargetSet | WorkPlanTargetWithdrawn
AccessLogEvent = RestrictedRecordsRead

CATALOG = EventCatalog(
    "reporting",
    [
        WorkPlanTargetSet,
        WorkPlanTargetWithdrawn,
        RestrictedRecordsRead,
        *DESIGNATION_EVENTS,
    ],
)

__all__ = [
    "CATALOG",
    "COMPARISON_LABELS",
    "DESIGNATION_STATUS_LABELS",
    "INSPECTION_METHOD_LABELS",
    "METRIC_LABELS",
    "REVOCATION_REASON_LABELS",
    "SHARE_METRICS",
    "AccessLogEvent",
    "CampaignDefined",
    "CampaignEvent",
    "Comparison",
    "Criterion",
    "DesignationAccepted",
    "DesignationApplied",
    "DesignationEvaluated",
    "DesignationEvaluationDue",
    "DesignationEvent",
    "DesignationGradeSet",
    "DesignationInspected",
    "DesignationNamed",
    "DesignationNotAccepted",
    "DesignationObjectionRecorded",
    "DesignationRecheckDue",
    "DesignationRechecked",
    "DesignationRectificationChecked",
    "DesignationReviewed",
    "DesignationRevoked",
    "DesignationStageRecorded",
    "DesignationStatus",
    "EventsMetric",
    "InspectionMethod",
    "Metric",
    "RestrictedRecordsRead",
    "RevocationReason",
    "Stage",
    "WorkPlanEvent",
    "WorkPlanTargetSet",
    "WorkPlanTargetWithdrawn",
]
