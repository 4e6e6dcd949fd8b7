"""Value types shared by the registry's events: codes, tags, kinds (as literals)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shequ.contracts.messages import N_, Labels

OfficeCodeText = Annotated[str, Field(pattern=r"^\d{12}(\d{3})?$")]
OfficeKind = Literal["district", "street", "town", "community", "village", "grid"]
RoleName = Literal[
    "community_worker",
    "street_admin",
    "district_admin",
    "employment_officer",
    "rehab_worker",
    "police_liaison",
    "anti_drug_office",
    "mediator",
    "activity_organiser",
    "auditor",
]
Employment = Literal["full_time", "part_time"]  # 专职 / 兼职
DocumentKind = Literal["resident_id", "passport", "hk_macau_permit", "taiwan_permit"]
Sex = Literal["male", "female"]
SEX_LABELS: Labels = {"male": N_("male"), "female": N_("female")}
"""How a person reads each value (男/女): ledgers and the console show these words."""
Residence = Literal["registered", "floating"]  # 户籍人口 / 流动人口
Tag = Literal[
    "student",  # 在校学生
    "retiree",
    "disabled",  # 残疾
    "subsistence_allowance",  # 低保
    "hardship_family",  # 困难家庭
    "party_member",
    "veteran_family",  # 优抚对象
]
MoveKind = Literal["within_community", "to_community", "to_street"]
Relationship = Literal["spouse", "child", "parent", "grandchild", "sibling", "other"]
