"""Value types of rehab events: kinds, grounds, results, outcomes (as literals).

From seed 000 篇三 (the town's plan under 《禁毒法》 and 《戒毒条例》): who may be
ordered into community detox (seven grounds), who may be placed at a rehab venue by
agreement (four grounds), and how a case ends. Beside each literal its ``…_LABELS``.
"""

from __future__ import annotations

from typing import Literal

from shequ.contracts.messages import N_, Labels

RehabKind = Literal[
    "community_detox",  # 社区戒毒: ordered by the police, at most three years
    "community_recovery",  # 社区康复: on release from compulsory isolation
    "agreement_placement",  # 协议执行: at a rehab venue, by agreement
]
REHAB_KIND_LABELS: Labels = {
    "community_detox": N_("community detox"),
    "community_recovery": N_("community recovery"),
    "agreement_placement": N_("placement at a rehab venue by agreement"),
}
RehabGround = Literal[
    # 社区戒毒 (篇三 二(一) 1–7)
    "first_time",  # 初次查获，有戒除意愿，有固定住所
    "stable_life",  # 有稳定的工作、生活来源、固定住所
    "pregnant_or_nursing",  # 怀孕或哺乳不满一周岁婴儿
    "minor_or_student",  # 不满16周岁或在校学生
    "over_seventy",  # 70周岁以上
    "ill_or_disabled",  # 严重疾病或残疾生活不能自理
    "unsuited_for_isolation",  # 其他不适宜强制隔离戒毒的
    # 社区康复 (篇三 二(二))
    "released_from_isolation",  # 解除强制隔离戒毒
    # 协议执行 (篇三 二(三) 1–4)
    "no_fixed_home",  # 无家可归或没有固定住所
    "no_livelihood",  # 无生活来源或缺乏就业条件
    "no_community_conditions",  # 不具备社区戒毒（康复）条件
    "placement_other",  # 其他需要安置在戒毒康复场所的
]
REHAB_GROUND_LABELS: Labels = {
    "first_time": N_("first time caught, willing to quit, with a fixed home"),
    "stable_life": N_("stable work, income and home"),
    "pregnant_or_nursing": N_("pregnant, or nursing a baby under one"),
    "minor_or_student": N_("under 16, or a student"),
    "over_seventy": N_("70 or older"),
    "ill_or_disabled": N_("seriously ill, or disabled and not self-reliant"),
    "unsuited_for_isolation": N_("otherwise unsuited for compulsory isolation"),
    "released_from_isolation": N_("released from compulsory isolation"),
    "no_fixed_home": N_("homeless, or without a fixed home"),
    "no_livelihood": N_("without a livelihood, or needing training for work"),
    "no_community_conditions": N_("without the conditions for community rehab"),
    "placement_other": N_("otherwise to be placed at a rehab venue"),
}
GROUNDS_OF_KIND: dict[RehabKind, tuple[RehabGround, ...]] = {
    "community_detox": (
        "first_time",
        "stable_life",
        "pregnant_or_nursing",
        "minor_or_student",
        "over_seventy",
        "ill_or_disabled",
        "unsuited_for_isolation",
    ),
    "community_recovery": ("released_from_isolation",),
    "agreement_placement": (
        "no_fixed_home",
        "no_livelihood",
        "no_community_conditions",
        "placement_other",
    ),
}
"""Which grounds each kind of case may be ordered on."""
TestResult = Literal["negative", "positive", "refused", "evaded"]
TEST_RESULT_LABELS: Labels = {
    "negative": N_("negative"),
    "positive": N_("positive"),
    "refused": N_("refused"),
    "evaded": N_("evaded"),
}
Violation = Literal[
    "refused_test",  # 拒绝接受检测
    "evaded_test",  # 逃避检测
    "left_without_approval",  # 未经批准离开县（市、区）
    "other",
]
VIOLATION_LABELS: Labels = {
    "refused_test": N_("refused a test"),
    "evaded_test": N_("evaded a test"),
    "left_without_approval": N_("left the county without approval"),
    "other": N_("other violation"),
}
SeriousViolationReason = Literal[
    "tests_refused_or_evaded",  # 拒绝或逃避检测三次以上
    "unapproved_absences",  # 未经批准离开三次以上
    "absent_over_thirty_days",  # 累计超过30日
    "relapse",  # 又吸食、注射毒品
]
SERIOUS_VIOLATION_LABELS: Labels = {
    "tests_refused_or_evaded": N_("refused or evaded testing three times or more"),
    "unapproved_absences": N_("left the county without approval three times or more"),
    "absent_over_thirty_days": N_(
        "away from the county without approval more than 30 days in all"
    ),
    "relapse": N_("took drugs again"),
}
RehabOutcome = Literal[
    "term_completed",  # 期满解除
    "compulsory_isolation",  # 强制隔离戒毒
    "maintenance_therapy",  # 药物维持治疗（经决定机关同意）
    "medical_treatment",  # 到医疗机构接受戒毒治疗（经决定机关同意）
    "died",  # 死亡
]
REHAB_OUTCOME_LABELS: Labels = {
    "term_completed": N_("term completed"),
    "compulsory_isolation": N_("compulsory isolation"),
    "maintenance_therapy": N_("maintenance therapy"),
    "medical_treatment": N_("medical treatment"),
    "died": N_("died"),
}
TeamRole = Literal[
    "responsible_worker", "police_officer", "family", "doctor", "volunteer"
]
TEAM_ROLE_LABELS: Labels = {
    "responsible_worker": N_("responsible worker"),
    "police_officer": N_("community police officer"),
    "family": N_("family member"),
    "doctor": N_("doctor"),
    "volunteer": N_("volunteer"),
}
EvaluationKind = Literal["half_yearly", "yearly"]
EVALUATION_KIND_LABELS: Labels = {
    "half_yearly": N_("half-yearly summary"),
    "yearly": N_("yearly evaluation"),
}
DocumentKind = Literal[
    "agreement",  # 社区戒毒(康复)协议书
    "test_entrustment",  # 尿检委托协议书
    "warning",  # 社区戒毒(康复)告诫书
]
DOCUMENT_KIND_LABELS: Labels = {
    "agreement": N_("community rehab agreement"),
    "test_entrustment": N_("urine test entrustment agreement"),
    "warning": N_("warning notice"),
}
DocumentFormat = Literal["pdf", "docx"]
