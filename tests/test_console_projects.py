"""The console's service projects (服务项目), in a browser.

The stack and browser of shequ.testing.console, started again for this module. The
activity organiser of 东向社区 starts seed 000 篇七's elderly project 夕阳依旧美 through
新建项目 — target groups and objectives a line each, the method, the period; saved
first without an objective, refused on its field —, plans an activity in it from the
project's page, follows the activity's link back to the project, and evaluates the
project: a blank summary refused on its field, then a summary and a score, sent once
the page is stale (a colleague evaluated meanwhile: 412, 重新加载, sent again). What
the API then answers is asserted. Every step leaves a screenshot under
``artifacts/<test>/``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from shequ.testing.console import Steps, api_sign_in, china_today
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

ORGANISER = ("activities", "demo-activities")  # the activity organiser of 东向社区
COMMUNITY = "441900101002"  # 东向社区
EV = "/api/v1/events"
SUMMARY = "老人参与积极，精神面貌明显改善，达到预期目标"


@pytest.fixture(scope="module")
def http(console_stack: SupervisorRun) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=console_stack.url, timeout=10, trust_env=False
    ) as client:
        yield client


def _pick(page: Page, select: Locator, text: str) -> None:
    """Choose the option starting with ``text`` from a select's list."""
    expect(page.locator(".el-select-dropdown:visible")).to_have_count(0)
    select.click()
    page.locator(".el-select-dropdown__item:visible").filter(
        has_text=re.compile(f"^{text}")
    ).first.click()


def _day(page: Page, name: str, day: str) -> None:
    page.fill(f"input[name={name}]", day)
    page.keyboard.press("Enter")


def _until_shown(page: Page, table: str, text: str) -> None:
    """Read the page again until ``table`` shows ``text``: it is a projection's."""
    deadline = time.monotonic() + 15
    while page.locator(f"[data-test={table}]", has_text=text).count() == 0:
        assert time.monotonic() < deadline, f"{text} never shown in {table}"
        page.wait_for_timeout(500)
        page.reload()
        page.locator(f"[data-test={table}]").wait_for()


def _start_project(steps: Steps, title: str, ends_on: str) -> str:
    """Start the project through 新建项目; its id, from the page it opens."""
    page = steps.page
    steps.menu("社区活动", "服务项目")
    page.wait_for_url(re.compile(r"/events/projects$"))
    page.click("[data-test=project-new]")
    page.wait_for_url(re.compile(r"/events/projects/new"))
    page.fill("[data-test=project-title]", title)
    page.fill("input[name='target_groups.0']", "空巢老人")
    page.click("[data-test=project-target_groups-add]")
    page.fill("input[name='target_groups.1']", "独居老人")
    page.fill("textarea[name=method]", "小组工作与社区活动相结合，志愿者结对探访")
    _day(page, "starts_on", china_today())
    _day(page, "ends_on", ends_on)

    # No objective: refused on its field, nothing sent.
    page.click("[data-test=project-save]")
    page.locator("[data-test=project-objectives]").get_by_text("请填写此项").wait_for()
    steps.shot("an-objective-is-required")
    assert re.search(r"/events/projects/new", page.url)
    page.fill("input[name='objectives.0']", "丰富老人精神文化生活")
    page.click("[data-test=project-objectives-add]")
    page.fill("input[name='objectives.1']", "建立邻里互助网络")
    steps.shot("the-project-typed-in")

    page.click("[data-test=project-save]")
    page.wait_for_url(re.compile(r"/events/projects/(?!new)[^/]+$"))
    objectives = page.locator("[data-test=project-objectives]")
    objectives.filter(has_text="建立邻里互助网络").wait_for()
    steps.shot("the-project-started")
    return page.url.rsplit("/", 1)[-1]


def _plan_activity_in(steps: Steps, title: str) -> str:
    """From the project's page, plan an activity in it; its id."""
    page = steps.page
    page.click("[data-test=project-plan-activity]")
    page.wait_for_url(re.compile(r"/events/activities/new\?"))
    _pick(page, page.locator("[data-test=activity-kind]"), "文艺演出")
    page.fill("[data-test=activity-title]", title)
    _day(page, "held_on", china_today())
    page.fill("[data-test=activity-place]", "东向社区老年活动中心")
    page.fill("[data-test=activity-lead]", "李新欣")
    page.click("[data-test=activity-save]")
    page.wait_for_url(re.compile(r"/events/activities/(?!new)[^/]+$"))
    activity_id = page.url.rsplit("/", 1)[-1]
    steps.shot("an-activity-of-the-project")
    return activity_id


def test_an_organiser_starts_a_project_plans_an_activity_in_it_and_evaluates_it(
    steps: Steps, http: httpx.Client
) -> None:
    page = steps.page
    stamp = int(time.time()) % 10000
    title, show = f"夕阳依旧美{stamp}", f"重阳文艺汇演{stamp}"
    ends_on = f"{date.today().year + 1}-06-30"
    steps.sign_in(*ORGANISER)
    project_id = _start_project(steps, title, ends_on)
    facts = page.inner_text("[data-test=project-facts]")
    assert "空巢老人、独居老人" in facts
    assert f"{china_today()} 至 {ends_on}" in facts

    activity_id = _plan_activity_in(steps, show)
    link = page.locator("[data-test=activity-project-link]", has_text=title)
    link.click()
    page.wait_for_url(re.compile(rf"/events/projects/{project_id}$"))
    _until_shown(page, "project-activities", show)
    steps.shot("the-project-with-its-activity")

    page.click("[data-test=act-evaluateProject]")
    dialog = page.locator("[data-test=action-evaluateProject]")
    dialog.wait_for()
    dialog.locator("[data-test=action-submit]").click()
    dialog.locator("[data-test=field-summary]").get_by_text("请填写此项").wait_for()
    dialog.locator("textarea[name=summary]").fill(SUMMARY)
    dialog.locator("[data-test=field-score] input").fill("4")
    dialog.locator("[data-test=field-score] input").press("Tab")
    steps.shot("the-evaluation-form")

    # A colleague evaluates meanwhile: the page's version is stale (412).
    token = api_sign_in(http, *ORGANISER)
    version = http.get(f"{EV}/projects/{project_id}", headers=token).json()["version"]
    first = http.post(
        f"{EV}/projects/{project_id}/evaluation",
        json={"summary": "阶段小结", "score": 3},
        headers={**token, "If-Match": f'"{version}"'},
    )
    assert first.status_code == 200, first.text
    dialog.locator("[data-test=action-submit]").click()
    dialog.locator("[data-test=action-reload]").wait_for()
    steps.shot("changed-meanwhile")
    dialog.locator("[data-test=action-reload]").click()
    page.locator("[data-test=project-evaluation]", has_text="阶段小结").wait_for()
    assert dialog.locator("textarea[name=summary]").input_value() == SUMMARY
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：评估项目")
    page.locator("[data-test=project-evaluation]", has_text=SUMMARY).wait_for()
    steps.shot("evaluated")

    shown = http.get(f"{EV}/projects/{project_id}", headers=token).json()
    started = shown["started"]
    assert (started["title"], started["office"]) == (title, COMMUNITY)
    assert started["target_groups"] == ["空巢老人", "独居老人"]
    assert started["objectives"] == ["丰富老人精神文化生活", "建立邻里互助网络"]
    assert started["method"] == "小组工作与社区活动相结合，志愿者结对探访"
    assert (started["starts_on"], started["ends_on"]) == (china_today(), ends_on)
    assert [(a["activity_id"], a["title"]) for a in shown["activities"]] == [
        (activity_id, show)
    ]
    evaluation = shown["evaluation"]
    assert (evaluation["summary"], evaluation["score"]) == (SUMMARY, 4)
    assert evaluation["evaluated_on"] == china_today()

    # The list: the project with its period, groups, one activity and its score.
    steps.menu("社区活动", "服务项目")
    page.wait_for_url(re.compile(r"/events/projects$"))
    _until_shown(page, "events-projects", "4 分")
    row = page.locator("[data-test=events-projects] tbody tr", has_text=title)
    cells = row.locator("td").all_inner_texts()
    assert cells == [
        title, COMMUNITY, f"{china_today()} 至 {ends_on}", "空巢老人、独居老人",
        "1", "4 分",
    ]  # fmt: skip
    steps.shot("the-projects")
    listed = http.get(
        f"{EV}/projects", params={"within": COMMUNITY, "size": 200}, headers=token
    ).json()["items"]
    (mine,) = [p for p in listed if p["project_id"] == project_id]
    assert (mine["activities"], mine["score"]) == (1, 4)
