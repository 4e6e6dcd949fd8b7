"""The console's employment service pages, in a browser: an employment officer's day.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the
demo district on a free port, in a project folder of its own under /tmp; Debian's
Chromium through Playwright), started again for this module. The street's employment
officer (劳动保障协理员) identifies a registered unemployed resident as having
employment difficulties, issues them a 就业失业登记证, posts a vacancy, refers the
resident the job bank matches to it (the match reasons shown) and records the hire;
the resident's 就业档案 then reads 就业 at the employer, and the 充分就业社区达标 page
shows every community against the standard. Every step leaves a screenshot under
``artifacts/<test>/``.

Everything started here is stopped by pid, even when a test fails.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from shequ.testing.console import Steps, api_sign_in, china_today
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

OFFICER = (
    "employment",
    "demo-employment",
)  # the street's 劳动保障协理员 (441900101000)
API = "/api/v1/employment"


@pytest.fixture(scope="module")
def seeker(console_stack: SupervisorRun) -> dict[str, str]:
    """A demo resident of the officer's street registered as unemployed, holding no
    certificate and no open difficulty case, entered in the job-seeker bank wanting
    warehouse work with a forklift skill (what the vacancy posted below asks)."""
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        officer = api_sign_in(http, *OFFICER)
        ledger = http.get(
            f"{API}/ledgers/unemployed", params={"size": 200}, headers=officer
        )
        assert ledger.status_code == 200, ledger.text
        for row in ledger.json()["items"]:
            if not row["registration_id"] or row["certificates"]:
                continue
            pid = row["person_id"]
            helped = http.get(f"{API}/assistance/{pid}", headers=officer).json()
            if helped["difficulty"] is not None:
                continue
            profile = http.get(f"{API}/profiles/{pid}", headers=officer)
            seeking = http.put(
                f"{API}/profiles/{pid}/job-seeking",
                json={
                    "wishes": ["仓库管理员"],
                    "skills": ["叉车"],
                    "available_from": china_today(),
                    "min_monthly_wage": 3000,
                },
                headers={
                    **officer,
                    "If-Match": profile.headers["ETag"],
                    "Idempotency-Key": str(uuid.uuid4()),
                },
            )
            assert seeking.status_code == 200, seeking.text
            return {"person_id": pid, "name": row["name"]}
    pytest.fail("no demo resident registered as unemployed without a certificate")


def test_an_employment_officer_identifies_certifies_and_places_a_resident(
    steps: Steps, seeker: dict[str, str]
) -> None:
    page = steps.page
    pid, name = seeker["person_id"], seeker["name"]
    number = f"JY-{uuid.uuid4().hex[:8].upper()}"
    employer = "示范物流园仓储部"
    steps.sign_in(*OFFICER)

    # The resident's 就业档案: 就业困难人员认定 (the category required), then 发证.
    page.goto(f"{steps.url}/employment/persons/{pid}")
    page.wait_for_selector("[data-test=certificates-section]")
    steps.shot("employment-file")
    assert name in page.inner_text(".page-title")
    assert "暂未发证" in page.inner_text("[data-test=certificates]")

    page.click("[data-test=identify-difficulty]")
    identify = page.locator("[data-test=identify-dialog]")
    page.click("[data-test=identify-save]")
    page.wait_for_selector("text=请选择困难类别")
    steps.shot("difficulty-category-required")
    identify.locator("[data-test=category]").click()
    page.locator(".el-select-dropdown__item:visible", has_text="长期失业人员").click()
    identify.locator("textarea[name=notes]").fill("失业一年以上，家中无其他收入")
    page.click("[data-test=identify-save]")
    page.wait_for_selector("[data-test=difficulty-open]")
    steps.shot("difficulty-identified")
    assert "长期失业人员" in page.inner_text("[data-test=difficulty-open]")
    assert "失业一年以上" in page.inner_text("[data-test=difficulty-cases]")
    assert page.locator("[data-test=identify-difficulty]").count() == 0

    page.click("[data-test=issue-certificate]")
    issue = page.locator("[data-test=issue-dialog]")
    issue.locator("input[name=number]").fill(number)
    page.click("[data-test=issue-save]")
    page.wait_for_selector(f"[data-test=certificates] >> text={number}")
    steps.shot("certificate-issued")
    issued = page.inner_text("[data-test=certificates]")
    assert "就业失业登记证" in issued
    assert "在用" in issued
    assert china_today() in issued

    # 岗位信息库: post a vacancy the resident fits, from the 就业 menu.
    steps.menu("就业", "岗位信息库")
    page.wait_for_selector("[data-test=vacancies]")
    steps.shot("vacancy-bank")
    page.click("[data-test=post-vacancy]")
    post = page.locator("[data-test=post-dialog]")
    post.locator("input[name=employer]").fill(employer)
    post.locator("input[name=position]").fill("仓库管理员")
    post.locator("[data-test=requirements] input").fill("叉车")
    post.locator("[data-test=requirements] input").press("Enter")
    post.locator("input[name=wage_min]").fill("3200")
    post.locator("input[name=wage_min]").press("Tab")
    post.locator("input[name=wage_max]").fill("4500")
    post.locator("input[name=wage_max]").press("Tab")
    steps.shot("vacancy-form")
    page.click("[data-test=post-save]")
    page.wait_for_url(re.compile(r"/employment/vacancies/[^/]+$"))
    page.wait_for_selector("[data-test=vacancy]")
    steps.shot("vacancy-posted")
    facts = page.inner_text("[data-test=vacancy]")
    assert employer in facts
    assert "3200–4500" in facts
    assert "叉车" in facts
    assert "招聘中" in page.inner_text("[data-test=vacancy-state]")

    # 对号入座: the resident is suggested, with why; refer them.
    match = page.locator("[data-test=suggestions] tbody tr", has_text=name)
    match.wait_for()
    steps.shot("matches")
    reasons = match.inner_text()
    assert "意向对口：仓库管理员" in reasons
    assert "技能匹配：叉车" in reasons
    assert "工资可接受" in reasons
    match.locator("[data-test=refer]").click()
    referral = page.locator("[data-test=referrals] tbody tr", has_text=name)
    referral.wait_for()
    steps.shot("referred")
    assert "待定" in referral.inner_text()
    assert "技能匹配：叉车" in referral.inner_text()

    # 录用: the dialog says the status changes; the referral reads 已录用.
    referral.locator("[data-test=hire]").click()
    page.wait_for_selector("[data-test=hire-note]")
    assert employer in page.inner_text("[data-test=hire-note]")
    steps.shot("hire-dialog")
    page.click("[data-test=decide-save]")
    page.wait_for_selector("[data-test=referrals] [data-test=outcome]")
    steps.shot("hired")
    assert "已录用" in referral.inner_text()
    assert china_today() in referral.inner_text()

    # The resident's 就业档案 now reads 就业 at the employer.
    referral.get_by_role("link", name=name).click()
    page.wait_for_selector("[data-test=profile]")
    page.wait_for_function(
        "employer => document.querySelector('[data-test=profile]')"
        ".innerText.includes(employer)",
        arg=employer,
    )
    steps.shot("employed")
    assert "就业" in page.inner_text("[data-test=profile]")

    # 充分就业社区达标: every community of the street, as a table and a chart.
    steps.menu("就业", "充分就业社区达标")
    page.wait_for_selector("[data-test=standard] tbody tr")
    page.wait_for_selector("[data-test=standard-chart] canvas")
    steps.shot("standard")
    rows = page.locator("[data-test=standard] tbody tr")
    assert rows.count() >= 2
    table = page.inner_text("[data-test=standard]")
    assert "社区" in table
    assert "%" in table
    assert re.search(r"达标|未达标", table)
    assert "就业率不低于" in page.inner_text("[data-test=threshold]")
    assert f"{rows.count()} 个社区" in page.inner_text("[data-test=counted]")


def test_resolving_a_case_changed_meanwhile_offers_to_reload_and_then_resolves(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        officer = api_sign_in(http, *OFFICER)
        cases = http.get(f"{API}/ledgers/difficulty", headers=officer).json()["items"]
    assert cases, "the demo identifies some long-term unemployed"
    pid = cases[-1]["person_id"]
    page = steps.page
    steps.sign_in(*OFFICER)
    page.goto(f"{steps.url}/employment/persons/{pid}")
    page.wait_for_selector("[data-test=difficulty-open]")

    page.click("[data-test=resolve-difficulty]")
    resolve = page.locator("[data-test=resolve-dialog]")
    page.click("[data-test=resolve-save]")
    page.wait_for_selector("text=请填写原因")
    resolve.locator("input[name=reason]").fill("已在南城超市就业")
    # Guidance recorded by someone else meanwhile: the record read is stale (412).
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        given = http.post(
            f"{API}/assistance/{pid}/guidance",
            json={
                "kind": "job_introduction",
                "given_on": china_today(),
                "notes": "介绍超市岗位",
            },
            headers={**officer, "Idempotency-Key": str(uuid.uuid4())},
        )
    assert given.status_code == 200, given.text
    page.click("[data-test=resolve-save]")
    resolve.locator("[data-test=reload]").wait_for()
    steps.shot("a-stale-read-offers-to-reload")
    assert "重新加载" in resolve.locator("[data-test=resolve-failure]").inner_text()

    resolve.locator("[data-test=reload]").click()
    page.wait_for_selector("[data-test=guidance] >> text=介绍超市岗位")
    page.click("[data-test=resolve-save]")
    page.wait_for_selector("[data-test=difficulty-open]", state="detached")
    steps.shot("resolved")
    cases_shown = page.inner_text("[data-test=difficulty-cases]")
    assert "已解除" in cases_shown
    assert "已在南城超市就业" in cases_shown
    assert page.locator("[data-test=identify-difficulty]").count() == 1
