"""Value types of events (活动): kinds of activity, staff roles, evaluators, duties.

From seed 000 篇五–篇八 and seed 002 (1)(2): the activities a community's year is made
of, the six roles of the family-harmony plan's 13 social workers, who evaluates an
activity, and the recurring duties with a rhythm. Beside each literal its labels.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shequ.contracts.messages import N_, Labels

ActivityKind = Literal[
    "evening_party",  # 晚会
    "publicity",  # 宣传教育
    "home_visit",  # 家访
    "sports_meeting",  # 运动会
    "performance",  # 文艺演出
    "competition",  # 比赛
    "lecture",  # 讲座
    "training",  # 培训
    "meeting",  # 会议
    "anti_drug_meeting",  # 禁毒工作会议 (篇五: at least 4 a year)
    "hygiene_check",  # 卫生自查 (篇六: twice a month)
    "party_class",  # 党课 (seed 002 (2): twice a month)
    "other",
]
ACTIVITY_KIND_LABELS: Labels = {
    "evening_party": N_("evening party"),
    "publicity": N_("publicity and education"),
    "home_visit": N_("home visit"),
    "sports_meeting": N_("sports meeting"),
    "performance": N_("performance"),
    "competition": N_("competition"),
    "lecture": N_("lecture"),
    "training": N_("training"),
    "meeting": N_("meeting"),
    "anti_drug_meeting": N_("anti-drug work meeting"),
    "hygiene_check": N_("hygiene self-check"),
    "party_class": N_("party class"),
    "other": N_("other activity"),
}
StaffRole = Literal[
    "lead",  # 总负责
    "publicity",  # 宣传
    "performance",  # 表演
    "explanation",  # 讲解
    "materials",  # 物资与摄影
    "standby",  # 机动
]
STAFF_ROLE_LABELS: Labels = {
    "lead": N_("in charge"),
    "publicity": N_("publicity"),
    "performance": N_("performance"),
    "explanation": N_("explanation"),
    "materials": N_("materials and photos"),
    "standby": N_("standby"),
}
Evaluator = Literal["residents", "organisers", "leaders"]
EVALUATOR_LABELS: Labels = {
    "residents": N_("residents"),
    "organisers": N_("organisers"),
    "leaders": N_("community leaders"),
}
EvaluationStage = Literal["stage", "summary"]
EVALUATION_STAGE_LABELS: Labels = {
    "stage": N_("stage evaluation"),
    "summary": N_("summary evaluation"),
}
PERFORMANCE_KINDS: tuple[ActivityKind, ...] = ("performance", "evening_party")
"""The kinds counted as large performances (大型文艺演出, seed 002 (2))."""
COMPETITION_KINDS: tuple[ActivityKind, ...] = ("competition", "sports_meeting")
"""The kinds counted as competitions (比赛, seed 002 (2)); their attendance too."""
DutyKind = Literal["anti_drug_meeting", "hygiene_check", "party_class"]
TeamKind = Literal["tai_chi", "aerobics", "yangko", "troupe", "other"]
TEAM_KIND_LABELS: Labels = {
    "tai_chi": N_("tai chi team"),
    "aerobics": N_("elderly aerobics team"),
    "yangko": N_("yangko team"),
    "troupe": N_("art troupe"),
    "other": N_("other team"),
}

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class StaffMember(BaseModel):
    """One of the activity's staff (a social worker, a volunteer) in a role."""

    model_config = _FROZEN
    name: str = Field(min_length=1, max_length=50)
    role: StaffRole


class Resource(BaseModel):
    """A resource and how many (4 display boards, 53 leaflets, 2 banners …)."""

    model_config = _FROZEN
    item: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=1)


class Risk(BaseModel):
    """A risk foreseen and its contingency plan (应急预案)."""

    model_config = _FROZEN
    risk: str = Field(min_length=1, max_length=200)
    contingency: str = Field(min_length=1, max_length=500)


class Score(BaseModel):
    """One line of the scored form: a criterion and its score out of 5."""

    model_config = _FROZEN
    criterion: str = Field(min_length=1, max_length=100)
    score: int = Field(ge=1, le=5)
