"""The seeds' campaigns as a district would configure them (demo and tests load these).

They are data passed to ``DefineCampaign`` through the API like any other campaign:
绿色社区 (篇一: four dated preparation stages, at least 500 households or 1,500
residents, re-checked every three years), 无毒社区 (篇五: ≥ 4 anti-drug meetings, ≥ 1
publicity corner, the rehab ledger complete, no rehab worker short; a street passes
when 95% of its communities do; graded 保无毒 / 创无毒 / 创达标) and 充分就业社区 (篇二:
the employment standard, ≥ 96% and no zero-employment household).
"""

from __future__ import annotations

from typing import Any

GREEN: dict[str, Any] = {
    "name": "绿色社区",
    "stages": [
        {"code": "organisation", "name": "完善机构"},
        {"code": "publicity", "name": "宣传发动"},
        {"code": "training", "name": "组织培训"},
        {"code": "self_check", "name": "创建自查"},
    ],
    "min_households": 500,
    "min_residents": 1500,
    "criteria": [],
    "pass_rate": None,
    "grades": [],
    "recheck_years": 3,
}
DRUG_FREE: dict[str, Any] = {
    "name": "无毒社区",
    "stages": [],
    "min_households": None,
    "min_residents": None,
    "criteria": [
        {"metric": "anti_drug_meetings", "comparison": "at_least", "threshold": 4},
        {"metric": "publicity_corners", "comparison": "at_least", "threshold": 1},
        {
            "metric": "rehab_ledger_completeness",
            "comparison": "at_least",
            "threshold": 1,
        },
        {"metric": "rehab_staffing_shortfall", "comparison": "at_most", "threshold": 0},
    ],
    "pass_rate": 0.95,
    "grades": ["保无毒", "创无毒", "创达标"],
    "recheck_years": 1,
}
FULL_EMPLOYMENT: dict[str, Any] = {
    "name": "充分就业社区",
    "stages": [],
    "min_households": None,
    "min_residents": None,
    "criteria": [
        {"metric": "employment_rate", "comparison": "at_least", "threshold": 0.96},
        {
            "metric": "zero_employment_households",
            "comparison": "at_most",
            "threshold": 0,
        },
    ],
    "pass_rate": None,
    "grades": [],
    "recheck_years": 3,
}
CAMPAIGNS = {
    "green_community": GREEN,
    "drug_free_community": DRUG_FREE,
    "full_employment_community": FULL_EMPLOYMENT,
}
