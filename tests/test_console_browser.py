"""The web console in a real browser: a community worker's day, step by step.

The stack, Chromium and the screenshot of each step come from shequ.testing.console
(``shequ-dev run`` with the demo district on a free port; Debian's Chromium through
Playwright; skipped, saying so, without a Chromium). The first page load's figures
land beside the screenshots in ``figures.json``.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date

import httpx
import pytest

from shequ.testing.console import (
    Steps,
    api_sign_in,
    china_today,
    resident_id,
    workbook_rows,
)
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

WORKER = ("worker", "demo-worker")  # a community worker of 东向社区 (441900101002)
DISTRICT = ("district", "demo-district")
OWN, FOREIGN = "441900101002", "441900102001"  # 东向社区, 南城社区


def test_a_community_worker_signs_in_finds_a_resident_and_exports_the_ledger(
    steps: Steps,
) -> None:
    page = steps.page
    # The printed address, cold: the console's first page and what it costs.
    page.goto(f"{steps.url}/")
    page.wait_for_selector("input[name=login]")
    page.wait_for_load_state("load")
    figures = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType("navigation")[0];
          const js = performance.getEntriesByType("resource")
            .filter((r) => r.name.endsWith(".js"));
          return {
            load_ms: nav.loadEventEnd,
            js_files: js.length,
            js_gzipped_bytes: js.reduce((n, r) => n + r.encodedBodySize, 0),
            js_bytes: js.reduce((n, r) => n + r.decodedBodySize, 0),
          };
        }"""
    )
    (steps.folder / "figures.json").write_text(json.dumps(figures, indent=1))
    steps.shot("sign-in-page")
    assert "/login" in page.url
    assert figures["load_ms"] < 2000
    assert figures["js_gzipped_bytes"] <= 500 * 1024

    steps.sign_in(*WORKER)
    page.wait_for_selector("[data-test=figure-rate] .value")
    page.wait_for_selector("[data-test=rate-chart] canvas")
    steps.shot("workbench")
    assert re.fullmatch(
        r"\d+\.\d%", page.inner_text("[data-test=figure-rate] .value").strip()
    )
    assert page.inner_text("[data-test=office]") == "东向社区"
    assert "逾期回访" in page.inner_text("[data-test=overdue]")

    page.get_by_text("居民档案", exact=True).click()
    page.get_by_text("查找居民", exact=True).click()
    page.fill("input[name=q]", "建")
    page.click("[data-test=search]")
    page.wait_for_url(re.compile(r"/persons\?q="))
    names = page.locator("[data-test=results] tbody tr td:first-child a")
    names.first.wait_for()
    # Everyone is listed until the search's answer comes (a busy machine is slow).
    page.wait_for_function(
        """() => [...document.querySelectorAll(
                 "[data-test=results] tbody tr td:first-child a")]
               .every((a) => a.textContent.includes("建"))"""
    )
    found = names.all_inner_texts()
    steps.shot("search-jian")
    assert found
    assert all("建" in name for name in found)

    names.first.click()
    page.wait_for_selector("[data-test=timeline]")
    steps.shot("person-file")
    assert page.inner_text("[data-test=facts]").count(found[0]) >= 1
    assert "建档登记" in page.inner_text("[data-test=timeline]")

    page.get_by_text("台帐", exact=True).click()
    page.get_by_text("失业人员台帐", exact=True).click()
    page.wait_for_selector("[data-test=ledger] tbody tr")
    steps.shot("unemployed-ledger")
    assert "东向社区" in page.inner_text("[data-test=ledger]")

    with page.expect_download() as downloading:
        page.click("[data-test=export]")
    download = downloading.value
    saved = steps.folder / download.suggested_filename
    download.save_as(saved)
    steps.shot("exported")
    assert saved.suffix == ".xlsx"
    title = workbook_rows(saved)[0][0]
    assert "失业人员台帐" in str(title[0])

    # As of today's end (China time) the ledger is reporting's, with the same people.
    page.click("[data-test=as-of] input")
    page.locator(".el-picker-panel .today").first.click()
    page.wait_for_url(re.compile(r"/ledgers/unemployed"))
    page.wait_for_selector("[data-test=ledger] tbody tr")
    steps.shot("ledger-as-of-today")
    assert "东向社区" in page.inner_text("[data-test=ledger]")

    page.get_by_text("English", exact=True).click()
    page.wait_for_selector("text=Unemployed persons")
    steps.shot("in-english")
    page.get_by_text("中文", exact=True).click()

    page.click("[data-test=sign-out]")
    page.wait_for_url(re.compile(r"/login"))
    page.goto(f"{steps.url}/workbench")
    page.wait_for_url(re.compile(r"/login\?next="))
    steps.shot("signed-out")


def test_a_worker_cannot_find_another_communitys_resident_and_stays_signed_in(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        district = api_sign_in(http, *DISTRICT)
        theirs = http.get(
            "/api/v1/registry/persons",
            params={"within": FOREIGN, "size": 200},
            headers=district,
        ).json()["items"]
        ours = http.get(
            "/api/v1/registry/persons",
            params={"within": OWN, "size": 500},
            headers=district,
        ).json()["items"]
    # Someone of 南城社区 whose name no one in 东向社区 shares.
    own_names = {p["name"] for p in ours}
    foreign = next(p for p in theirs if p["name"] not in own_names)
    page = steps.page

    steps.sign_in(*WORKER)
    page.goto(f"{steps.url}/persons?q={foreign['name']}")
    page.wait_for_selector("text=没有找到符合条件的居民")
    steps.shot("search-finds-nobody")
    assert page.locator("[data-test=results] tbody tr").count() == 0

    page.goto(f"{steps.url}/persons/{foreign['person_id']}")
    page.wait_for_selector("[data-test=not-found]")
    steps.shot("file-answers-as-unknown")
    assert "没有这位居民的档案" in page.inner_text("[data-test=not-found]")
    assert foreign["name"] not in page.inner_text("body")

    # A token about to lapse is traded for a new pair before it is sent.
    held = "JSON.parse(localStorage.getItem('shequ.session'))"
    before = page.evaluate(f"() => {held}")
    page.evaluate(
        f"""() => {{
          const held = {held};
          held.expiresAt = Date.now() + 30000;
          localStorage.setItem("shequ.session", JSON.stringify(held));
        }}"""
    )
    page.goto(f"{steps.url}/persons?q=建")
    page.locator("[data-test=results] tbody tr").first.wait_for()
    after = page.evaluate(f"() => {held}")
    assert after["refreshToken"] != before["refreshToken"]
    assert after["token"] != before["token"]
    assert after["expiresAt"] > before["expiresAt"]

    # A token the services refuse (401) sends the worker back to 登录.
    page.evaluate(
        """() => {
          const held = JSON.parse(localStorage.getItem("shequ.session"));
          held.token = "not-a-token";
          localStorage.setItem("shequ.session", JSON.stringify(held));
        }"""
    )
    page.goto(f"{steps.url}/persons?q=建")
    page.wait_for_url(re.compile(r"/login\?.*expired=1"))
    steps.shot("refused-token-back-to-sign-in")


def test_registering_a_resident_shows_each_refusal_on_its_field(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        taken = http.get(
            "/api/v1/registry/persons",
            params={"q": "建", "size": 1},
            headers=api_sign_in(http, *WORKER),
        ).json()["items"][0]["document_number"]
    # Born on a day no demo resident is (the demo's ids start 441900): a new file.
    first17 = f"110101{date(1960, 2, 29):%Y%m%d}{int(time.time()) % 1000:03d}"
    fresh = resident_id(first17)
    wrong = first17 + ("0" if fresh[-1] != "0" else "1")
    page = steps.page
    document = page.locator(".el-form-item", has=page.locator("[name=document_number]"))

    steps.sign_in(*WORKER)
    page.goto(f"{steps.url}/persons/new")
    page.fill("input[name=name]", "测试建")
    page.fill("input[name=address]", "东城路 1 号")
    page.fill("input[name=document_number]", wrong)
    page.click("[data-test=save]")
    page.wait_for_selector("text=身份证号校验位不正确")
    steps.shot("check-digit-refused-as-typed")

    page.fill("input[name=document_number]", taken)
    page.click("[data-test=save]")
    page.wait_for_function(
        "() => document.querySelector('.el-form-item.is-error [name=document_number]')"
    )
    steps.shot("server-refusal-on-the-field")
    assert "is-error" in (document.get_attribute("class") or "")
    assert document.locator(".el-form-item__error").inner_text().strip()

    page.fill("input[name=document_number]", fresh)
    page.click("[data-test=save]")
    page.wait_for_selector("[data-test=timeline]")
    steps.shot("registered")
    assert "测试建" in page.inner_text("[data-test=facts]")


AUDITOR = ("auditor", "demo-auditor")  # the district's auditor


@pytest.fixture(scope="module")
def working_age(console_stack: SupervisorRun) -> list[dict[str, str]]:
    """Demo residents of 东向社区 of working age, never registered as unemployed and
    with no follow-up planned: the first is the one the worker's morning is about."""
    found: list[dict[str, str]] = []
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        worker = api_sign_in(http, *WORKER)
        people = http.get(
            "/api/v1/registry/persons", params={"size": 200}, headers=worker
        ).json()["items"]
        for person in people:
            born = int(person["birth_date"][:4])
            if not (1980 <= born <= 2000 and person.get("document_number")):
                continue
            pid = person["person_id"]
            record = http.get(
                f"/api/v1/employment/unemployment/{pid}", headers=worker
            ).json()
            helped = http.get(
                f"/api/v1/employment/assistance/{pid}", headers=worker
            ).json()
            if record["registrations"] or helped["follow_ups"]:
                continue
            found.append(
                {
                    "person_id": pid,
                    "name": person["name"],
                    "document_number": person["document_number"],
                }
            )
            if len(found) == 2:
                return found
    pytest.fail("not two demo residents of working age without a registration")


@pytest.fixture(scope="module")
def morning_person(working_age: list[dict[str, str]]) -> dict[str, str]:
    return working_age[0]


def test_a_community_workers_morning_registers_and_follows_up_a_resident(
    steps: Steps, morning_person: dict[str, str]
) -> None:
    page = steps.page
    person = morning_person
    steps.sign_in(*WORKER)

    # Find the resident by their ID number and open their file, then 就业档案.
    page.get_by_text("居民档案", exact=True).click()
    page.get_by_text("查找居民", exact=True).click()
    page.fill("input[name=q]", person["document_number"])
    page.click("[data-test=search]")
    page.locator("[data-test=results] tbody tr td:first-child a").first.click()
    page.wait_for_selector("[data-test=timeline]")
    steps.shot("person-file")
    page.click("[data-test=open-employment] button")
    page.wait_for_selector("[data-test=profile]")
    steps.shot("employment-file")
    assert person["name"] in page.inner_text(".page-title")

    # A labour status, sent with If-Match (the profile's ETag); the reason is required.
    page.click("[data-test=record-status]")
    dialog = page.locator("[data-test=status-dialog]")
    dialog.locator("[data-test=status]").click()
    page.locator(".el-select-dropdown__item:visible", has_text="失业").first.click()
    dialog.locator("[data-test=source]").click()
    page.locator(".el-select-dropdown__item:visible", has_text="电话排查").click()
    page.click("[data-test=status-save]")
    page.wait_for_selector("text=请填写原因")
    steps.shot("status-reason-required")
    dialog.locator("input[name=reason]").fill("工厂停产，电话排查确认")
    page.click("[data-test=status-save]")
    page.wait_for_selector("[data-test=status-dialog]", state="hidden")
    page.wait_for_function(
        "() => document.querySelector('[data-test=profile]').innerText.includes('失业')"
    )
    steps.shot("status-recorded")

    # 失业登记 as of today (China time).
    page.click("[data-test=register]")
    page.wait_for_selector("[data-test=registrations] tbody tr")
    steps.shot("registered-unemployed")
    assert china_today() in page.inner_text("[data-test=registrations]")
    assert page.locator("[data-test=register]").count() == 0  # one open at most

    # Schedule a home visit, then record the visit that completes it.
    page.click("[data-test=schedule]")
    plan = page.locator("[data-test=plan-dialog]")
    plan.locator("input[name=purpose]").fill("了解求职意向")
    page.click("[data-test=plan-save]")
    page.wait_for_selector("[data-test=follow-ups] tbody tr")
    steps.shot("follow-up-scheduled")
    assert "待回访" in page.inner_text("[data-test=follow-ups]")

    page.click("[data-test=record-contact]")
    contact = page.locator("[data-test=contact-dialog]")
    contact.locator("textarea[name=findings]").fill("有意参加技能培训")
    page.click("[data-test=contact-save]")
    page.wait_for_selector("[data-test=contacts] tbody tr")
    steps.shot("contact-recorded")
    assert "已完成" in page.inner_text("[data-test=follow-ups]")
    assert "有意参加技能培训" in page.inner_text("[data-test=contacts]")

    # On a phone (a home visit) the same page and its forms fit the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("[data-test=schedule]")
    box = page.locator("[data-test=plan-dialog]").bounding_box()
    steps.shot("on-a-phone")
    assert box is not None
    assert box["width"] <= 390
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 1366, "height": 768})

    # The 就业 menu: the open follow-ups and the zero-employment households.
    menu = page.locator(".menu")
    menu.get_by_text("就业", exact=True).click()
    menu.get_by_text("回访安排", exact=True).click()
    page.wait_for_selector("[data-test=follow-ups]")
    steps.shot("open-follow-ups")  # the one just planned is done: none open here
    menu.get_by_text("零就业家庭", exact=True).click()
    page.wait_for_selector("[data-test=households]")
    steps.shot("zero-households")

    # The ledger exported: the resident is on it.
    menu.get_by_text("台帐", exact=True).click()
    menu.get_by_text("失业人员台帐", exact=True).click()
    page.wait_for_selector("[data-test=ledger] tbody tr")
    names: list[str] = []
    for _ in range(10):  # the ledger follows the registration within moments
        with page.expect_download() as downloading:
            page.click("[data-test=export]")
        saved = steps.folder / downloading.value.suggested_filename
        downloading.value.save_as(saved)
        names = [str(c) for row in workbook_rows(saved)[0] for c in row]
        if person["name"] in names:
            break
        time.sleep(0.5)
    steps.shot("ledger-exported")
    assert person["name"] in names


def _ensure_the_morning(console_stack: SupervisorRun, person_id: str) -> None:
    """The worker's morning through the API, when that test did not run first."""
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        worker = api_sign_in(http, *WORKER)
        helped = http.get(
            f"/api/v1/employment/assistance/{person_id}", headers=worker
        ).json()
        if helped["contacts"]:
            return
        today = china_today()
        planned = http.post(
            f"/api/v1/employment/assistance/{person_id}/follow-ups",
            json={"kind": "home_visit", "due_on": today, "purpose": "了解求职意向"},
            headers=worker,
        )
        assert planned.status_code == 201, planned.text
        follow_up = planned.json()["follow_ups"][-1]["follow_up_id"]
        time.sleep(1.1)  # a moment between the two to replay
        done = http.post(
            f"/api/v1/employment/assistance/{person_id}/contacts",
            json={
                "kind": "home_visit",
                "contacted_on": today,
                "findings": "有意参加技能培训",
                "follow_up_id": follow_up,
            },
            headers=worker,
        )
        assert done.status_code == 200, done.text


def test_an_auditor_replays_the_residents_case_and_verifies_the_chains(
    steps: Steps, console_stack: SupervisorRun, morning_person: dict[str, str]
) -> None:
    person_id = morning_person["person_id"]
    _ensure_the_morning(console_stack, person_id)
    page = steps.page
    steps.sign_in(*AUDITOR)
    menu = page.locator(".menu").inner_text()
    assert "审计" in menu
    assert "登记居民" not in menu  # an auditor registers no one

    # The resident's file, then everything every service recorded about them.
    page.goto(f"{steps.url}/persons/{person_id}")
    page.wait_for_selector("[data-test=timeline]")
    assert page.locator("[data-test=open-employment]").count() == 1
    page.click("[data-test=open-audit] button")
    page.wait_for_url(re.compile(r"/audit/events\?person="))
    page.wait_for_selector("[data-test=audit-log] tbody tr")
    steps.shot("audit-log-of-the-person")
    log = page.inner_text("[data-test=audit-log]")
    assert "安排回访" in log
    assert "回访记录" in log

    # The follow-ups' case, replayed: now both, at its first event the visit still open.
    page.locator("[data-test=stream]", has_text="assistance/").first.click()
    page.wait_for_selector("[data-test=replay-timeline]")
    steps.shot("replay-now")
    timeline = page.locator("[data-test=replay-timeline] .el-timeline-item")
    assert timeline.count() == 2
    # The replayed state reads in the office's words: 已完成, not the code "done".
    assert "已完成" in page.inner_text("[data-test=state]")

    page.locator("[data-test=slider] .el-slider__button-wrapper").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"as_of="))
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'[data-test=replay-timeline] .el-timeline-item').length === 1"
    )
    steps.shot("replay-at-the-first-event")
    state = page.inner_text("[data-test=state]")
    assert "待回访" in state
    assert "已完成" not in state

    # A moment typed in the date-time picker: before the case began, nothing yet.
    picker = page.locator("[data-test=as-of] input")
    picker.fill("2020-01-01 08:00:00")
    picker.press("Enter")
    page.wait_for_url(re.compile(r"as_of=2020-01-01"))
    page.wait_for_selector("[data-test=problem]")
    steps.shot("replay-before-anything")

    # Every store's hash chains: 完好.
    page.locator(".menu").get_by_text("审计", exact=True).click()
    page.locator(".menu").get_by_text("防篡改校验", exact=True).click()
    page.click("[data-test=verify]")
    page.wait_for_selector("[data-test=verdict]")
    steps.shot("chains-verified")
    assert "完好" in page.inner_text("[data-test=verdict]")
    assert "已损坏" not in page.inner_text("[data-test=stores]")


def test_a_status_refused_shows_on_its_field_and_a_stale_read_offers_to_reload(
    steps: Steps, console_stack: SupervisorRun, working_age: list[dict[str, str]]
) -> None:
    person_id = working_age[1]["person_id"]
    page = steps.page
    steps.sign_in(*WORKER)
    page.goto(f"{steps.url}/employment/persons/{person_id}")
    page.wait_for_selector("[data-test=profile]")

    # 就业 without an employer: the service's refusal lands on the employer field.
    page.click("[data-test=record-status]")
    dialog = page.locator("[data-test=status-dialog]")
    dialog.locator("[data-test=status]").click()
    page.locator(".el-select-dropdown__item:visible", has_text="灵活就业").wait_for()
    page.locator(".el-select-dropdown__item:visible").get_by_text(
        "就业", exact=True
    ).click()
    dialog.locator("[data-test=source]").click()
    page.locator(".el-select-dropdown__item:visible", has_text="入户走访").click()
    dialog.locator("input[name=reason]").fill("入户走访确认已上岗")
    page.click("[data-test=status-save]")
    employer = dialog.locator(".el-form-item", has=page.locator("[name=employer]"))
    page.wait_for_function(
        "() => document.querySelector('.el-form-item.is-error [name=employer]')"
    )
    steps.shot("employer-refused-on-its-field")
    assert employer.locator(".el-form-item__error").inner_text().strip()

    # Someone else records a status meanwhile: the page's version is stale (412).
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        worker = api_sign_in(http, *WORKER)
        read = http.get(f"/api/v1/employment/profiles/{person_id}", headers=worker)
        changed = http.post(
            f"/api/v1/employment/profiles/{person_id}/status",
            json={
                "status": "unemployed",
                "since": china_today(),
                "reason": "电话排查",
                "source": "phone_survey",
            },
            headers={**worker, "If-Match": read.headers["ETag"]},
        )
        assert changed.status_code == 200, changed.text
    dialog.locator("input[name=employer]").fill("东城制衣厂")
    page.click("[data-test=status-save]")
    page.wait_for_selector("[data-test=reload]")
    steps.shot("stale-read-offers-to-reload")
    assert "已被他人修改" in page.inner_text("[data-test=status-failure]")

    page.click("[data-test=reload]")
    page.wait_for_selector("[data-test=reload]", state="detached")
    page.click("[data-test=status-save]")
    page.wait_for_selector("[data-test=status-dialog]", state="hidden")
    page.wait_for_function(
        "() => document.querySelector('[data-test=profile]')"
        ".innerText.includes('东城制衣厂')"
    )
    steps.shot("status-recorded-after-reload")
