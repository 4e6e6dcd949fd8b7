"""Value types shared by employment events: statuses, sources, kinds (as literals)."""

from __future__ import annotations

from typing import Literal

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
CertificateKind = Literal[
    "unemployment",  # 失业证
    "reemployment_preferential",  # 再就业优惠证
]
DifficultyCategory = Literal[
    "older_worker",  # 4050 人员: women over 40, men over 50
    "disabled",  # 残疾人员
    "subsistence_allowance",  # 低保人员
    "zero_employment_household",  # 零就业家庭成员
    "long_term_unemployed",  # 长期失业人员 (a year or more)
    "land_lost_farmer",  # 失地农民
    "other",
]
ContactKind = Literal["home_visit", "phone_call"]  # 走访 / 电话排查
TrainingKind = Literal["skills", "entrepreneurship"]  # 技能培训 / 创业(开业)培训
TrainingOutcome = Literal["completed", "certified", "dropped_out", "failed"]
GuidanceKind = Literal[
    "policy_consultation",  # 政策咨询
    "career_guidance",  # 职业指导
    "job_introduction",  # 职业介绍
    "job_fair",  # 招聘会
    "immediate_placement",  # 即时就业安置
]
