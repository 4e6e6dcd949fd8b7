"""The console's 系统管理 pages, the 工作台's trend and plan progress, and the replay's
labels, in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the
demo district on a free port, in a project folder of its own under /tmp; Debian's
Chromium through Playwright), started again for this module: the district
administrator opens a community under 中堂镇, enrols a staff member there (the login
already taken refused on its field, the first password shown once and good for
signing in), changes their role and deactivates them (the reason required on its
field); the 工作台 draws the employment rate's trend and this year's plan progress;
the replay of a resident's file reads 姓名 and 性别 with 男/女, not raw keys. Every
step leaves a screenshot under ``artifacts/<test>/``.

Everything started here is stopped by pid, even when a test fails.
"""

from __future__ import annotations

import re
import time

import httpx
import pytest

from shequ.testing.console import Steps, api_sign_in, china_year
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

DISTRICT = ("district", "demo-district")  # the district's administrator
DISTRICT_OFFICE = "441900000000"
TOWN = "441900101000"  # 中堂镇, whose communities are 001 and 002
NEW_COMMUNITY = "441900101003"


def test_a_district_admin_opens_a_community_and_manages_its_staff(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    page = steps.page
    steps.sign_in(*DISTRICT)

    # 机构管理: open a community beneath 中堂镇 (the next free code is suggested).
    page.get_by_text("系统管理", exact=True).click()
    page.get_by_text("机构管理", exact=True).click()
    page.wait_for_selector("[data-test=office-tree]")
    steps.shot("the-office-tree")
    town = page.locator(f"[data-test=office-node][data-code='{TOWN}']")
    assert "中堂镇" in town.inner_text()
    town.locator("[data-test=office-open]").click()
    dialog = page.locator("[data-test=office-dialog]")
    assert dialog.locator("input[name=code]").input_value() == NEW_COMMUNITY
    dialog.locator("[data-test=office-submit]").click()
    dialog.get_by_text("请输入机构名称").wait_for()
    steps.shot("the-name-is-required")
    dialog.locator("input[name=name]").fill("新华社区")
    dialog.locator("[data-test=office-kind]").get_by_text("社区", exact=True).click()
    dialog.locator("[data-test=office-submit]").click()
    created = page.locator(f"[data-test=office-node][data-code='{NEW_COMMUNITY}']")
    created.wait_for()
    # The listing itself holds it once the directory has followed (reloaded).
    for _ in range(20):
        page.reload()
        page.wait_for_selector("[data-test=office-tree]")
        if created.count():
            break
        time.sleep(0.5)
    steps.shot("the-community-opened")
    assert "新华社区" in created.inner_text()

    # 人员管理: enrol a staff member there; a login already taken is refused on
    # its field.
    page.get_by_text("人员管理", exact=True).click()
    page.wait_for_selector("[data-test=staff-table]")
    steps.shot("the-staff")
    assert "区管理员" in page.inner_text("[data-test=staff-table]")
    page.click("[data-test=enrol]")
    enrol = page.locator("[data-test=enrol-dialog]")
    enrol.locator("input[name=login]").fill("worker")
    enrol.locator("input[name=name]").fill("张新华")
    enrol.locator("[data-test=enrol-office]").click()
    page.locator(".el-select-dropdown__item:visible", has_text="新华社区").click()
    enrol.locator("[data-test=enrol-roles]").get_by_text("社区工作人员").click()
    enrol.locator("[data-test=enrol-submit]").click()
    enrol.get_by_text("已被占用").wait_for()
    steps.shot("the-login-is-taken")
    login = f"xinhua{int(time.time()) % 100000}"
    enrol.locator("input[name=login]").fill(login)
    enrol.locator("[data-test=enrol-submit]").click()

    # The first password is shown once, and it signs in.
    shown = page.locator("[data-test=password-shown]")
    shown.wait_for()
    steps.shot("the-first-password-shown-once")
    password = shown.inner_text().strip()
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        signed = http.post(
            "/api/v1/registry/sign-in", json={"login": login, "password": password}
        )
    assert signed.status_code == 200, signed.text
    assert signed.json()["roles"] == ["community_worker"]
    page.click("[data-test=password-noted]")
    shown.wait_for(state="detached")

    row = page.locator("[data-test=staff-table] tbody tr", has_text=login)
    row.wait_for()
    assert "新华社区" in row.inner_text()
    assert "社区工作人员" in row.inner_text()

    # 调整角色: the worker becomes the community's employment officer as well.
    row.locator("[data-test=staff-change-roles]").click()
    roles = page.locator("[data-test=staff-dialog]")
    roles.locator("[data-test=staff-roles]").get_by_text("劳动保障协理员").click()
    steps.shot("changing-the-roles")
    roles.locator("[data-test=staff-submit]").click()
    row.filter(has_text="劳动保障协理员").wait_for()
    steps.shot("the-roles-changed")

    # 停用: the reason is required on its field; then they are listed as 已停用.
    row.locator("[data-test=staff-deactivate]").click()
    dialog = page.locator("[data-test=staff-dialog]")
    dialog.locator("[data-test=staff-submit]").click()
    dialog.get_by_text("请填写原因").wait_for()
    steps.shot("the-reason-is-required")
    dialog.locator("textarea[name=reason]").fill("调离本社区")
    dialog.locator("[data-test=staff-submit]").click()
    row.wait_for(state="detached")
    page.get_by_text("显示已停用的人员").click()
    row.wait_for()
    steps.shot("deactivated")
    assert "已停用" in row.inner_text()
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        refused = http.post(
            "/api/v1/registry/sign-in", json={"login": login, "password": password}
        )
    assert refused.status_code == 401


def test_the_workbench_shows_the_trend_and_plan_progress(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    year = china_year()
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        token = api_sign_in(http, *DISTRICT)
        plan = http.put(
            f"/api/v1/reporting/work-plans/{DISTRICT_OFFICE}/{year}/targets/employment_rate",
            json={"comparison": "at_least", "target": 0.96, "note": "区下达指标"},
            headers={**token, "If-Match": '"0"'},
        )
    assert plan.status_code == 200, plan.text
    page = steps.page
    steps.sign_in(*DISTRICT)

    trend = page.locator("[data-test=rate-trend]")
    trend.locator("canvas").first.wait_for()
    progress = page.locator("[data-test=plan-row]")
    progress.first.wait_for()
    trend.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # ECharts draws the lines in over a second
    steps.shot("the-workbench")
    assert "就业率走势" in trend.inner_text()
    assert f"工作计划完成进度（{year} 年）" in page.inner_text(
        "[data-test=plan-progress]"
    )
    assert "示范区" in progress.first.inner_text()
    assert "就业率" in progress.first.inner_text()
    assert "不低于 96.0%" in progress.first.inner_text()

    trend.get_by_text("本单位").click()
    trend.locator("canvas").first.wait_for()
    page.wait_for_timeout(1500)
    steps.shot("the-office-trend")


def test_the_replay_reads_a_residents_file_in_the_offices_words(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        token = api_sign_in(http, *DISTRICT)
        people = http.get(
            "/api/v1/registry/persons", params={"size": 1}, headers=token
        ).json()["items"]
    person = people[0]
    page = steps.page
    steps.sign_in(*DISTRICT)

    page.goto(f"{steps.url}/audit/streams/{person['person_id']}")
    page.wait_for_selector("[data-test=state]")
    steps.shot("the-replayed-file")
    state = page.inner_text("[data-test=state]")
    for label in ("姓名", "出生日期", "性别", "户籍类型", "住址"):
        assert label in state
    assert person["name"] in state
    assert re.search("男|女", state)
    for raw in ("birth_date", "residence", "male", "female"):
        assert raw not in state
