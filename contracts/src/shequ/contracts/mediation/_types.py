"""Value types of mediation events (人民调解): sources, kinds, roles, advice, outcomes.

From seed 000 篇四 and the 2010 statistical report (人民调解统计报表), which counts
disputes by kind, source and outcome. Beside each literal its ``…_LABELS``.
"""

from __future__ import annotations

from typing import Literal

from shequ.contracts.messages import N_, Labels

DisputeSource = Literal[
    "walk_in",  # 来访: a party comes to the committee
    "hotline",  # 热线: the legal hotline (法律热线)
    "police_referral",  # 移交: referred by the police
    "court_referral",  # 委托: entrusted by a court
    "street_referral",  # 移交: assigned by the street or a department
    "screening",  # 排查: found by the committee's own screening
]
DISPUTE_SOURCE_LABELS: Labels = {
    "walk_in": N_("walk-in"),
    "hotline": N_("legal hotline"),
    "police_referral": N_("referred by the police"),
    "court_referral": N_("entrusted by a court"),
    "street_referral": N_("referred by the street"),
    "screening": N_("found by screening"),
}
DisputeKind = Literal[
    "demolition",  # 拆迁补偿: the seed's community sits in a demolition zone
    "neighbours",  # 邻里纠纷
    "family",  # 婚姻家庭
    "property",  # 物业纠纷
    "labour",  # 劳动纠纷
    "damages",  # 损害赔偿
    "other",
]
DISPUTE_KIND_LABELS: Labels = {
    "demolition": N_("demolition compensation"),
    "neighbours": N_("neighbours"),
    "family": N_("marriage and family"),
    "property": N_("property management"),
    "labour": N_("labour"),
    "damages": N_("damages"),
    "other": N_("other"),
}
CommitteeRole = Literal["director", "member", "mediator"]  # 主任 / 委员 / 调解员
COMMITTEE_ROLE_LABELS: Labels = {
    "director": N_("director"),
    "member": N_("committee member"),
    "mediator": N_("mediator"),
}
Advice = Literal["litigation", "arbitration", "administrative", "other"]
ADVICE_LABELS: Labels = {
    "litigation": N_("bring a lawsuit"),
    "arbitration": N_("apply for arbitration"),
    "administrative": N_("the administrative route"),
    "other": N_("other advice"),
}
AgreementForm = Literal["written", "oral"]  # 书面协议 / 口头协议 (art. 28)
AGREEMENT_FORM_LABELS: Labels = {
    "written": N_("written agreement"),
    "oral": N_("oral agreement"),
}
DisputeOutcome = Literal["fulfilled", "not_fulfilled", "failed"]
DISPUTE_OUTCOME_LABELS: Labels = {
    "fulfilled": N_("agreement fulfilled"),
    "not_fulfilled": N_("agreement not fulfilled"),
    "failed": N_("mediation failed"),
}
DisputeStatus = Literal[
    "registered", "declined", "accepted", "agreed", "failed", "closed"
]
DISPUTE_STATUS_LABELS: Labels = {
    "registered": N_("registered"),
    "declined": N_("declined"),
    "accepted": N_("accepted"),
    "agreed": N_("agreement reached"),
    "failed": N_("mediation failed"),
    "closed": N_("closed, the case filed"),
}
MediationDocumentKind = Literal[
    "agreement",  # 人民调解协议书 (art. 29)
    "application",  # 调解申请书
    "session_record",  # 调解记录
    "follow_up_record",  # 回访记录
]
MEDIATION_DOCUMENT_KIND_LABELS: Labels = {
    "agreement": N_("people's mediation agreement"),
    "application": N_("mediation application"),
    "session_record": N_("mediation record"),
    "follow_up_record": N_("follow-up record"),
}
