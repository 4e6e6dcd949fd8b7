"""Reporting speaks Chinese by default and English on request (#13).

The test client sends ``Accept-Language: en`` (tests read rules in English); these
requests send none, as an office's browser may not, or ask for English by name.
"""

from __future__ import annotations

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, STREET_A

PLANS = "/api/v1/reporting/work-plans"
RATE = {"comparison": "at_least", "target": 1.5, "note": ""}


async def _send(reporting, method: str, url: str, *, language: str | None, **kwargs):
    request = reporting.http.build_request(method, url, **kwargs)
    del request.headers["Accept-Language"]
    if language is not None:
        request.headers["Accept-Language"] = language
    return await reporting.http.send(request)


async def test_a_refusal_is_in_chinese_without_accept_language(
    reporting, token
) -> None:
    worker = {**token(Role.COMMUNITY_WORKER, COMMUNITY_A), "If-Match": '"0"'}
    url = f"{PLANS}/{COMMUNITY_A}/2026/targets/employment_rate"

    chinese = await _send(
        reporting, "PUT", url, language=None, json=RATE, headers=worker
    )
    english = await _send(
        reporting, "PUT", url, language="en", json=RATE, headers=worker
    )

    assert chinese.status_code == 422, chinese.text
    assert chinese.headers["content-language"] == "zh-CN"
    detail = "就业率是比例：指标应大于 0 且不超过 1（96% 填 0.96），不能是 1.5"
    assert (chinese.json()["title"], chinese.json()["detail"]) == (
        "指标超出范围",
        detail,
    )
    assert chinese.json()["errors"][0]["field"] == "target"
    assert chinese.json()["errors"][0]["message"] == detail
    assert chinese.json()["type"].endswith("target-out-of-range")
    assert (english.json()["title"], english.json()["detail"]) == (
        "Target out of range",
        "the employment rate is a share: the target must be above 0 and at most 1"
        " (0.96 for 96%), not 1.5",
    )


async def test_a_refusal_names_the_offices_it_speaks_of(reporting, token) -> None:
    # A worker at the street office may not plan for one of its communities.
    worker = {**token(Role.COMMUNITY_WORKER, STREET_A), "If-Match": '"0"'}
    url = f"{PLANS}/{COMMUNITY_A}/2026/targets/employment_rate"

    refused = await _send(
        reporting,
        "PUT",
        url,
        language=None,
        json={**RATE, "target": 0.96},
        headers=worker,
    )

    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == (
        f"office {STREET_A}（{STREET_A}） 的工作人员 staff-1 不能制定"
        f" office {COMMUNITY_A}（{COMMUNITY_A}） 的工作计划"
    )


async def test_a_plan_names_its_office(reporting, token) -> None:
    plan = await reporting.http.get(f"{PLANS}/{COMMUNITY_A}/2026", headers=token())

    assert (plan.json()["office"], plan.json()["office_name"]) == (
        COMMUNITY_A,
        f"office {COMMUNITY_A}",
    )
