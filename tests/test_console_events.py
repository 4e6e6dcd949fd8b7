"""The console's events pages (社区活动), in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district, on a free port in a project folder of its own under /tmp; Debian's Chromium
through Playwright), started again for this module. The activity organiser of 东向社区
plans a publicity day as the family-harmony plan is written — staff in roles,
resources with quantities, a risk with its contingency plan, a cost — the role left
out first and shown on its cell; then records who came (a resident picked from the
registry and a head count of the public) and the residents' summary evaluation on the
activity's page; then registers the resident as a volunteer, records their hours for
the activity and redeems points: one more than the balance refused on the points
field, then fewer. An activity not yet held is cancelled with its reason (a blank one
refused on the field). What the API then answers is asserted. Every step leaves a
screenshot under ``artifacts/<test>/``.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from shequ.testing.console import Steps, api_sign_in, china_today, resident_id
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

ORGANISER = ("activities", "demo-activities")  # the activity organiser of 东向社区
STREET = ("street", "demo-street")
COMMUNITY = "441900101002"  # 东向社区
NAME = "志愿乙"
EV = "/api/v1/events"


@pytest.fixture(scope="module")
def http(console_stack: SupervisorRun) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=console_stack.url, timeout=10, trust_env=False
    ) as client:
        yield client


@pytest.fixture(scope="module")
def resident(http: httpx.Client) -> str:
    """A resident of 东向社区 registered by the street: their person id."""
    token = api_sign_in(http, *STREET)
    stamp = int(time.time()) % 1000
    answer = http.post(
        "/api/v1/registry/persons",
        json={
            "name": NAME,
            "office": COMMUNITY,
            "address": "东城路 18 号",
            "document_number": resident_id(f"44190019850505{stamp:03d}"),
        },
        headers={**token, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert answer.status_code == 201, answer.text
    person_id: str = answer.json()["person_id"]
    return person_id


def _pick(page: Page, select: Locator, text: str) -> None:
    """Choose the option starting with ``text``, typing it first when it searches.

    The list of a select picked before is gone first: closing, it still shows the
    same words (two staff rows' roles).
    """
    expect(page.locator(".el-select-dropdown:visible")).to_have_count(0)
    select.click()
    if select.locator("input").first.get_attribute("readonly") is None:
        page.keyboard.type(text)
    page.locator(".el-select-dropdown__item:visible").filter(
        has_text=re.compile(f"^{text}")
    ).first.click()


def _row(page: Page, table: str, n: int) -> Locator:
    return page.locator(f"[data-test={table}-row]").nth(n)


def _act(steps: Steps, action: str) -> Locator:
    steps.page.click(f"[data-test=act-{action}]")
    dialog = steps.page.locator(f"[data-test=action-{action}]")
    dialog.wait_for()
    return dialog


def _plan_activity(steps: Steps, title: str) -> str:
    """Plan the activity through 新建活动; its id, from the page it opens."""
    page = steps.page
    steps.menu("社区活动", "新建活动")
    page.wait_for_url(re.compile(r"/events/activities/new"))
    _pick(page, page.locator("[data-test=activity-kind]"), "宣传教育")
    page.fill("[data-test=activity-title]", title)
    page.fill("input[name=held_on]", china_today())
    page.keyboard.press("Enter")
    page.fill("[data-test=activity-place]", "东向社区广场")
    page.fill("[data-test=activity-capacity] input", "80")
    page.fill("[data-test=activity-lead]", "李新欣")
    page.fill("[data-test=activity-planned] input", "60")

    page.click("[data-test=plan-staff-add]")
    _row(page, "plan-staff", 0).locator("input[name='staff.0.name']").fill("李新欣")
    page.click("[data-test=plan-staff-add]")
    _row(page, "plan-staff", 1).locator("input[name='staff.1.name']").fill("焦斌")
    page.click("[data-test=plan-resources-add]")
    resource = _row(page, "plan-resources", 0)
    resource.locator("input[name='resources.0.item']").fill("宣传展板")
    resource.locator(".el-input-number input").fill("4")
    page.click("[data-test=plan-risks-add]")
    risk = _row(page, "plan-risks", 0)
    risk.locator("input[name='risks.0.risk']").fill("秩序混乱和意外")
    risk.locator("input[name='risks.0.contingency']").fill(
        "安排安全保障措施，及时联系民警"
    )
    page.click("[data-test=plan-costs-add]")
    cost = _row(page, "plan-costs", 0)
    cost.locator("input[name='costs.0.item']").fill("宣传单印刷")
    cost.locator(".el-input-number input").fill("120.50")
    cost.locator(".el-input-number input").press("Tab")

    # The roles left out: refused on their cells, nothing sent.
    page.click("[data-test=activity-save]")
    _row(page, "plan-staff", 0).get_by_text("请填写此项").wait_for()
    steps.shot("a-role-is-required")
    assert re.search(r"/events/activities/new$", page.url)
    _pick(page, _row(page, "plan-staff", 0).locator(".el-select"), "负责人")
    _pick(page, _row(page, "plan-staff", 1).locator(".el-select"), "宣传")
    steps.shot("the-plan-typed-in")

    page.click("[data-test=activity-save]")
    page.wait_for_url(re.compile(r"/events/activities/(?!new)[^/]+$"))
    page.locator("[data-test=plan-staff-shown]", has_text="焦斌").wait_for()
    steps.shot("the-activity-planned")
    return page.url.rsplit("/", 1)[-1]


def test_an_organiser_plans_an_activity_records_who_came_and_its_evaluation(
    steps: Steps, http: httpx.Client, resident: str
) -> None:
    page = steps.page
    title = f"禁毒宣传日{int(time.time()) % 10000}"
    steps.sign_in(*ORGANISER)
    activity_id = _plan_activity(steps, title)
    staff = page.inner_text("[data-test=plan-staff-shown]")
    assert ("负责人" in staff, "宣传" in staff) == (True, True)
    assert "宣传展板" in page.inner_text("[data-test=plan-resources-shown]")
    assert "¥120.50" in page.inner_text("[data-test=activity-costs]")

    dialog = _act(steps, "attendance")
    _pick(page, dialog.locator("[data-test=field-person_ids] .el-select"), NAME)
    page.keyboard.press("Escape")  # a list of many stays open
    dialog.locator("[data-test=field-head_count] input").fill("30")
    steps.shot("who-came")
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：记录出席")
    page.locator("[data-test=activity-attendance]", has_text="31").wait_for()

    dialog = _act(steps, "evaluation")
    _pick(page, dialog.locator("[data-test=field-stage] .el-select"), "总结评估")
    _pick(page, dialog.locator("[data-test=field-evaluator] .el-select"), "社区居民")
    for n, score in enumerate(("5", "4", "5")):
        dialog.locator("[data-test=scores-row]").nth(n).locator(
            ".el-input-number input"
        ).fill(score)
    dialog.locator("textarea[name=comment]").fill("居民反映很好")
    steps.shot("the-evaluation-form")
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：记录评估")
    page.locator("[data-test=activity-evaluations]", has_text="居民反映很好").wait_for()
    steps.shot("evaluated")

    token = api_sign_in(http, *ORGANISER)
    shown = http.get(f"{EV}/activities/{activity_id}", headers=token).json()
    plan = shown["plan"]
    assert (plan["title"], plan["kind"], plan["capacity"]) == (title, "publicity", 80)
    assert (plan["lead"], plan["planned_participants"]) == ("李新欣", 60)
    assert plan["staff"] == [
        {"name": "李新欣", "role": "lead"},
        {"name": "焦斌", "role": "publicity"},
    ]
    assert plan["resources"] == [{"item": "宣传展板", "quantity": 4}]
    assert plan["risks"] == [
        {"risk": "秩序混乱和意外", "contingency": "安排安全保障措施，及时联系民警"}
    ]
    assert shown["costs"] == [{"item": "宣传单印刷", "amount_fen": 12050}]
    assert (shown["attendance"], shown["head_count"], shown["person_ids"]) == (
        31, 30, [resident],
    )  # fmt: skip
    assert [
        (e["stage"], e["evaluator"], [s["score"] for s in e["scores"]], e["average"])
        for e in shown["evaluations"]
    ] == [("summary", "residents", [5, 4, 5], 4.67)]


def test_an_organiser_records_a_volunteers_hours_and_redeems_points(
    steps: Steps, http: httpx.Client, resident: str
) -> None:
    page = steps.page
    token = api_sign_in(http, *ORGANISER)
    title = f"敬老服务{int(time.time()) % 10000}"
    planned = http.post(
        f"{EV}/activities",
        json={
            "office": COMMUNITY, "kind": "other", "title": title,
            "held_on": china_today(), "place": "社区活动室", "lead": "李新欣",
        },
        headers={**token, "Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    assert planned.status_code == 201, planned.text
    steps.sign_in(*ORGANISER)
    steps.menu("社区活动", "志愿者")
    page.wait_for_url(re.compile(r"/events/volunteers$"))
    page.click("[data-test=volunteer-register]")
    dialog = page.locator("[data-test=volunteer-register-dialog]")
    _pick(page, dialog.locator("[data-test=field-person_id] .el-select"), NAME)
    dialog.locator("[data-test=volunteer-register-submit]").click()
    page.wait_for_url(re.compile(rf"/events/volunteers/{resident}$"))
    page.locator("[data-test=volunteer-balance]", has_text="0").wait_for()
    steps.shot("a-new-volunteer")

    dialog = _act(steps, "hours")
    _pick(
        page,
        dialog.locator("[data-test=field-activity_id] .el-select"),
        f"{china_today()} {title}",
    )
    dialog.locator("[data-test=field-hours] input").fill("3")
    dialog.locator("[data-test=field-hours] input").press("Tab")
    steps.shot("hours-served")
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：记录服务时长")
    page.locator("[data-test=volunteer-ledger]", has_text="服务 3 小时").wait_for()
    earned = http.get(f"{EV}/volunteers/{resident}", headers=token).json()["balance"]
    assert earned > 0

    dialog = _act(steps, "redeem")
    dialog.locator("[data-test=field-points] input").fill(str(earned + 1))
    dialog.locator("input[name=redeemed_for]").fill("大米")
    dialog.locator("[data-test=action-submit]").click()
    refusal = dialog.locator("[data-test=field-points] .el-form-item__error")
    refusal.wait_for()
    steps.shot("beyond-the-balance")
    assert str(earned) in refusal.inner_text()  # the balance, said on the field
    assert dialog.locator("[data-test=action-failure]").count() == 0

    dialog.locator("[data-test=field-points] input").fill("2")
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：兑换积分")
    page.locator("[data-test=volunteer-ledger]", has_text="兑换：大米").wait_for()
    page.locator("[data-test=volunteer-balance]", has_text=str(earned - 2)).wait_for()
    steps.shot("points-redeemed")

    shown = http.get(f"{EV}/volunteers/{resident}", headers=token).json()
    activity_id = planned.json()["activity_id"]
    assert (shown["name"], shown["hours"]) == (NAME, 3.0)
    assert (shown["earned"], shown["redeemed"], shown["balance"]) == (
        earned, 2, earned - 2,
    )  # fmt: skip
    assert [
        (r["activity_id"], r["hours"], r["points"], r["redeemed_for"], r["balance"])
        for r in shown["ledger"]
    ] == [
        (activity_id, 3.0, earned, None, earned),
        (None, None, -2, "大米", earned - 2),
    ]


def test_an_organiser_forms_a_team_adds_a_member_and_refreshes_a_corner(
    steps: Steps, http: httpx.Client, resident: str
) -> None:
    page = steps.page
    team = f"太极拳队{int(time.time()) % 10000}"
    steps.sign_in(*ORGANISER)
    steps.menu("社区活动", "文体队伍")
    page.wait_for_url(re.compile(r"/events/teams$"))
    page.click("[data-test=team-new]")
    dialog = page.locator("[data-test=action-newTeam]")
    dialog.locator("input[name=name]").fill(team)
    _pick(page, dialog.locator("[data-test=field-kind] .el-select"), "太极拳队")
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_url(re.compile(r"/events/teams/[^/]+$"))
    team_id = page.url.rsplit("/", 1)[-1]

    dialog = _act(steps, "join")
    _pick(page, dialog.locator("[data-test=field-person_id] .el-select"), NAME)
    dialog.locator("[data-test=action-submit]").click()
    page.locator("[data-test=team-members]", has_text=NAME).wait_for()
    steps.shot("a-member-joined")

    steps.menu("社区活动", "禁毒宣传角")
    page.wait_for_url(re.compile(r"/events/corners$"))
    page.click("[data-test=corner-new]")
    dialog = page.locator("[data-test=action-newCorner]")
    place = f"东向社区服务中心{team[-4:]}"
    dialog.locator("input[name=place]").fill(place)
    dialog.locator("[data-test=action-submit]").click()
    row = page.locator("[data-test=events-corners] tbody tr", has_text=place)
    row.wait_for()
    row.locator("[data-test=corner-refresh]").click()
    dialog = page.locator("[data-test=action-refresh]")
    dialog.locator("input[name=theme]").fill("6.26国际禁毒日")
    dialog.locator("[data-test=action-submit]").click()
    page.locator(
        "[data-test=events-corners] tbody tr", has_text="6.26国际禁毒日"
    ).wait_for()
    steps.shot("a-corner-refreshed")

    token = api_sign_in(http, *ORGANISER)
    shown = http.get(f"{EV}/teams/{team_id}", headers=token).json()
    assert (shown["name"], shown["kind"], shown["formed_on"]) == (
        team, "tai_chi", china_today(),
    )  # fmt: skip
    assert [(m["person_id"], m["joined_on"]) for m in shown["members"]] == [
        (resident, china_today())
    ]
    # The list is read from the projection: it shows the refresh once caught up.
    deadline = time.monotonic() + 10
    while True:
        corners = http.get(f"{EV}/corners", headers=token).json()
        (corner,) = [c for c in corners if c["place"] == place]
        if corner["theme"] == "6.26国际禁毒日" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (corner["since"], corner["refreshed_on"], corner["theme"]) == (
        china_today(), china_today(), "6.26国际禁毒日",
    )  # fmt: skip


def test_an_organiser_cancels_an_activity_not_yet_held(
    steps: Steps, http: httpx.Client
) -> None:
    page = steps.page
    token = api_sign_in(http, *ORGANISER)
    planned = http.post(
        f"{EV}/activities",
        json={
            "office": COMMUNITY, "kind": "lecture", "title": "防诈骗讲座",
            "held_on": f"{date.today().year + 1}-03-15", "place": "社区活动室",
            "lead": "李新欣", "planned_participants": 40,
        },
        headers={**token, "Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    assert planned.status_code == 201, planned.text
    activity_id = planned.json()["activity_id"]
    steps.sign_in(*ORGANISER)
    page.goto(f"{steps.url}/events/activities/{activity_id}")

    dialog = _act(steps, "cancel")
    dialog.locator("[data-test=action-submit]").click()
    dialog.locator("[data-test=field-reason]").get_by_text("请填写此项").wait_for()
    dialog.locator("textarea[name=reason]").fill("讲师临时有事，改期另行通知")
    steps.shot("why-it-is-cancelled")
    dialog.locator("[data-test=action-submit]").click()

    shown = page.locator("[data-test=activity-cancelled]")
    shown.wait_for()
    steps.shot("cancelled")
    assert "讲师临时有事，改期另行通知" in shown.inner_text()
    assert page.locator("[data-test=activity-actions]").count() == 0
    read = http.get(f"{EV}/activities/{activity_id}", headers=token).json()
    assert read["cancelled"]["reason"] == "讲师临时有事，改期另行通知"
