"""Value types shared by employment events: statuses, sources, kinds (as literals).

Beside each literal, its ``…_LABELS``: the words a person reads for each value (失业,
失业证, 技能培训 …), marked for contracts' catalogue.
"""

from __future__ import annotations

from typing import Literal

from shequ.contracts.messages import N_, Labels

LabourStatus = Literal[
    "employed",  # 就业 (with an employer)
    "flexible",  # 灵活就业
    "self_employed",  # 自主创业 / 个体
    "unemployed",  # 失业 (since a date)
    "student",  # 在校学生
    "retired",  # 退休
    "unable",  # 无劳动能力
    "unwilling",  # 无就业意愿
]
LABOUR_STATUS_LABELS: Labels = {
    "employed": N_("employed"),
    "flexible": N_("in flexible employment"),
    "self_employed": N_("self-employed"),
    "unemployed": N_("unemployed"),
    "student": N_("in school"),
    "retired": N_("retired"),
    "unable": N_("unable to work"),
    "unwilling": N_("not wishing to work"),
}
"""How a person reads each labour status (就业, 失业 …) in ledgers and replies."""
# Able to work and wishing to: the people the employment rate counts (when of working
# age and not students).
IN_LABOUR_FORCE: tuple[LabourStatus, ...] = (
    "employed",
    "flexible",
    "self_employed",
    "unemployed",
)
InformationSource = Literal[
    "phone_survey",  # 电话排查
    "home_visit",  # 走访排查
    "self_report",  # 本人申报
    "employer",  # 用人单位
    "referral",  # a hire through the vacancy bank
    "other_office",  # 街道/人社 records
]
INFORMATION_SOURCE_LABELS: Labels = {
    "phone_survey": N_("phone survey"),
    "home_visit": N_("home visit survey"),
    "self_report": N_("reported by the person"),
    "employer": N_("reported by the employer"),
    "referral": N_("hired through the vacancy bank"),
    "other_office": N_("records of another office"),
}
CertificateKind = Literal[
    "unemployment",  # 失业证
    "reemployment_preferential",  # 再就业优惠证
]
CERTIFICATE_KIND_LABELS: Labels = {
    "unemployment": N_("unemployment certificate"),
    "reemployment_preferential": N_("re-employment preferential certificate"),
}
DifficultyCategory = Literal[
    "older_worker",  # 4050 人员: women over 40, men over 50
    "disabled",  # 残疾人员
    "subsistence_allowance",  # 低保人员
    "zero_employment_household",  # 零就业家庭成员
    "long_term_unemployed",  # 长期失业人员 (a year or more)
    "land_lost_farmer",  # 失地农民
    "other",
]
DIFFICULTY_CATEGORY_LABELS: Labels = {
    "older_worker": N_("older worker (4050)"),
    "disabled": N_("person with a disability"),
    "subsistence_allowance": N_("on subsistence allowance"),
    "zero_employment_household": N_("member of a zero-employment household"),
    "long_term_unemployed": N_("long-term unemployed"),
    "land_lost_farmer": N_("farmer who lost their land"),
    "other": N_("other difficulty"),
}
FollowUpSource = Literal[
    "office",  # planned by the office's own staff
    "partner_referral",  # opened on a partner's referral (转介), e.g. social work
]
FOLLOW_UP_SOURCE_LABELS: Labels = {
    "office": N_("planned by the office"),
    "partner_referral": N_("partner referral"),
}
ContactKind = Literal["home_visit", "phone_call"]  # 走访 / 电话排查
CONTACT_KIND_LABELS: Labels = {
    "home_visit": N_("home visit"),
    "phone_call": N_("phone call"),
}
TrainingKind = Literal["skills", "entrepreneurship"]  # 技能培训 / 创业(开业)培训
TRAINING_KIND_LABELS: Labels = {
    "skills": N_("skills training"),
    "entrepreneurship": N_("entrepreneurship training"),
}
TrainingOutcome = Literal["completed", "certified", "dropped_out", "failed"]
TRAINING_OUTCOME_LABELS: Labels = {
    "completed": N_("completed"),
    "certified": N_("certified"),
    "dropped_out": N_("dropped out"),
    "failed": N_("failed"),
}
GuidanceKind = Literal[
    "policy_consultation",  # 政策咨询
    "career_guidance",  # 职业指导
    "job_introduction",  # 职业介绍
    "job_fair",  # 招聘会
    "immediate_placement",  # 即时就业安置
]
GUIDANCE_KIND_LABELS: Labels = {
    "policy_consultation": N_("policy consultation"),
    "career_guidance": N_("career guidance"),
    "job_introduction": N_("job introduction"),
    "job_fair": N_("job fair"),
    "immediate_placement": N_("immediate placement"),
}
