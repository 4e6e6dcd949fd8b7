"""Value types shared by the registry's events: codes, tags, kinds (as literals)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shequ.contracts.messages import N_, Labels

OfficeCodeText = Annotated[str, Field(pattern=r"^\d{12}(\d{3})?$")]
OfficeKind = Literal["district", "street", "town", "community", "village", "grid"]
OFFICE_KIND_LABELS: Labels = {
    "district": N_("district"),
    "street": N_("street office"),
    "town": N_("town"),
    "community": N_("community"),
    "village": N_("village"),
    "grid": N_("grid"),
}
RoleName = Literal[
    "community_worker",
    "street_admin",
    "district_admin",
    "employment_officer",
    "rehab_worker",
    "police_liaison",
    "anti_drug_office",
    "mediator",
    "justice_office",
    "activity_organiser",
    "auditor",
    "police_partner",
]
ROLE_LABELS: Labels = {
    "community_worker": N_("community worker"),
    "street_admin": N_("street administrator"),
    "district_admin": N_("district administrator"),
    "employment_officer": N_("employment officer"),
    "rehab_worker": N_("community rehabilitation worker"),
    "police_liaison": N_("police liaison"),
    "anti_drug_office": N_("anti-drug office"),
    "mediator": N_("mediator"),
    "justice_office": N_("justice office"),
    "activity_organiser": N_("activity organiser"),
    "auditor": N_("auditor"),
    "police_partner": N_("police system (partner account)"),
}
Employment = Literal["full_time", "part_time"]  # 专职 / 兼职
EMPLOYMENT_LABELS: Labels = {"full_time": N_("full-time"), "part_time": N_("part-time")}
DocumentKind = Literal["resident_id", "passport", "hk_macau_permit", "taiwan_permit"]
DOCUMENT_KIND_LABELS: Labels = {
    "resident_id": N_("resident ID card"),
    "passport": N_("passport"),
    "hk_macau_permit": N_("Hong Kong/Macau permit"),
    "taiwan_permit": N_("Taiwan permit"),
}
Sex = Literal["male", "female"]
SEX_LABELS: Labels = {"male": N_("male"), "female": N_("female")}
"""How a person reads each value (男/女): ledgers and the console show these words."""
Residence = Literal["registered", "floating"]  # 户籍人口 / 流动人口
RESIDENCE_LABELS: Labels = {
    "registered": N_("registered resident"),
    "floating": N_("floating resident"),
}
Tag = Literal[
    "student",  # 在校学生
    "retiree",
    "disabled",  # 残疾
    "subsistence_allowance",  # 低保
    "hardship_family",  # 困难家庭
    "party_member",
    "veteran_family",  # 优抚对象
]
TAG_LABELS: Labels = {
    "student": N_("student"),
    "retiree": N_("retiree"),
    "disabled": N_("disabled"),
    "subsistence_allowance": N_("subsistence allowance"),
    "hardship_family": N_("hardship family"),
    "party_member": N_("party member"),
    "veteran_family": N_("veteran's family"),
}
ErasureGround = Literal["retention_ended", "registered_in_error", "purpose_fulfilled"]
"""Why personal data is erased (个人信息保护法 art. 47): 保存期限届满 (the district's
retention rule ran out), 误登记 (the file should never have been opened: not a
resident of the office, a duplicate typed in), 处理目的已实现 (nothing left to do)."""
ERASURE_GROUND_LABELS: Labels = {
    "retention_ended": N_("retention period ended"),
    "registered_in_error": N_("registered in error"),
    "purpose_fulfilled": N_("purpose fulfilled"),
}
MoveKind = Literal["within_community", "to_community", "to_street"]
MOVE_KIND_LABELS: Labels = {
    "within_community": N_("move within the community"),
    "to_community": N_("move to another community"),
    "to_street": N_("move to another street"),
}
Relationship = Literal["spouse", "child", "parent", "grandchild", "sibling", "other"]
RELATIONSHIP_LABELS: Labels = {
    "spouse": N_("spouse"),
    "child": N_("child"),
    "parent": N_("parent"),
    "grandchild": N_("grandchild"),
    "sibling": N_("sibling"),
    "other": N_("other relative"),
}
