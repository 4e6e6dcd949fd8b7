"""The console's erasure (个人信息删除) and retention (保存期限) pages, in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the
demo district on a free port, in a project folder of its own under /tmp; Debian's
Chromium through Playwright), started again for this module: a district
administrator erases a resident registered in error, a community worker then sees
the file as erased and is offered no erasure, and the 保存期限 page sets the rule.
Every step leaves a screenshot under ``artifacts/<test>/``.

Everything started here is stopped by pid, even when a test fails.
"""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import urlsplit

import httpx
import pytest

from shequ.testing.console import Steps, api_sign_in, china_today, resident_id
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

WORKER = ("worker", "demo-worker")  # a community worker of 东向社区 (441900101002)
DISTRICT = ("district", "demo-district")  # the district's administrator
OWN = "441900101002"  # 东向社区


@pytest.fixture(scope="module")
def district_token(console_stack: SupervisorRun) -> dict[str, str]:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        return api_sign_in(http, *DISTRICT)


def _register_in_error(console_stack: SupervisorRun, token: dict[str, str]) -> str:
    """A resident of 东向社区 registered by mistake (a new ID number): their id."""
    first17 = f"11010119700301{int(time.time() * 1000) % 1000:03d}"
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        answer = http.post(
            "/api/v1/registry/persons",
            json={
                "name": "误登记者",
                "office": OWN,
                "address": "东城路 9 号",
                "document_number": resident_id(first17),
            },
            headers={**token, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert answer.status_code == 201, answer.text
        person_id = str(answer.json()["person_id"])
        # The page's timeline is reporting's: wait until it holds the registration.
        http.get(
            f"/api/v1/reporting/persons/{person_id}/file",
            params={"after": answer.headers["Shequ-Position"]},
            headers=token,
        ).raise_for_status()
    return person_id


def test_a_district_admin_erases_a_resident_registered_in_error(
    steps: Steps, console_stack: SupervisorRun, district_token: dict[str, str]
) -> None:
    person_id = _register_in_error(console_stack, district_token)
    page = steps.page
    dialog = page.locator("[data-test=erasure-dialog]")

    steps.sign_in(*DISTRICT)
    page.goto(f"{steps.url}/persons/{person_id}")
    page.wait_for_selector("[data-test=timeline]")
    steps.shot("the-file-before")
    assert "误登记者" in page.inner_text("[data-test=facts]")

    page.click("[data-test=erase]")
    dialog.locator("[data-test=erasure-warning]").wait_for()
    dialog.get_by_text("误登记", exact=True).click()
    dialog.locator("[data-test=erasure-submit]").click()
    page.wait_for_selector("text=请填写删除的原因")
    steps.shot("the-reason-is-required")
    warning = dialog.locator("[data-test=erasure-warning]").inner_text()
    assert "无法恢复" in warning
    assert "防篡改校验" in warning

    # Someone changes the file meanwhile: the version read is stale (412), reload.
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        changed = http.post(
            f"/api/v1/registry/persons/{person_id}/tags",
            json={"add": ["student"]},
            headers=district_token,
        )
    assert changed.status_code == 200, changed.text
    dialog.locator("textarea[name=reason]").fill("身份证号录入错误，系重复登记")
    dialog.locator("[data-test=erasure-submit]").click()
    dialog.locator("[data-test=erasure-reload]").wait_for()
    steps.shot("a-stale-read-offers-to-reload")
    assert "重新加载" in dialog.locator("[data-test=erasure-failure]").inner_text()

    dialog.locator("[data-test=erasure-reload]").click()
    page.locator(".el-loading-mask").first.wait_for(state="detached")
    dialog.locator("[data-test=erasure-submit]").click()
    page.wait_for_selector("[data-test=erased-tag]")
    page.wait_for_selector("[data-test=timeline]")
    steps.shot("erased")
    assert page.inner_text("[data-test=name]").strip() == "姓名已删除"
    assert "已删除" in page.inner_text("[data-test=erased-tag]")
    # No personal data shown: not the name, birth date, ID number or address.
    body = page.inner_text("body")
    for personal in ("误登记者", "1970-03-01", "0001-01-01", "东城路"):
        assert personal not in body
    assert page.inner_text("[data-test=facts]").count("已删除") >= 3
    assert "删除个人信息" in page.inner_text("[data-test=timeline]")
    assert page.locator("[data-test=erase]").count() == 0
    assert page.locator("[data-test=open-employment]").count() == 0

    # The community worker of the office sees it erased, and nothing to write.
    steps.sign_out()
    steps.sign_in(*WORKER)
    page.goto(f"{steps.url}/persons/{person_id}")
    page.wait_for_selector("[data-test=erased-tag]")
    steps.shot("the-worker-sees-it-erased")
    assert page.inner_text("[data-test=name]").strip() == "姓名已删除"
    assert page.locator("[data-test=erase]").count() == 0
    assert page.locator("[data-test=open-employment]").count() == 0


def test_a_community_worker_is_offered_no_erasure(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        someone = http.get(
            "/api/v1/registry/persons",
            params={"q": "建", "size": 1},
            headers=api_sign_in(http, *WORKER),
        ).json()["items"][0]
    page = steps.page

    steps.sign_in(*WORKER)
    page.goto(f"{steps.url}/persons/{someone['person_id']}")
    page.wait_for_selector("[data-test=timeline]")
    page.wait_for_selector("[data-test=open-employment]")
    steps.shot("a-living-file-for-the-worker")
    assert page.locator("[data-test=erase]").count() == 0
    assert page.locator("[data-test=erased-tag]").count() == 0
    # Nor is the 保存期限 page in the menu, or open to them.
    page.get_by_text("居民档案", exact=True).click()
    assert page.get_by_text("保存期限", exact=True).count() == 0
    page.goto(f"{steps.url}/registry/retention")
    page.wait_for_url(lambda url: urlsplit(url).path == "/workbench")


@pytest.fixture(scope="module")
def closed_files(
    console_stack: SupervisorRun, district_token: dict[str, str]
) -> dict[str, str]:
    """Two residents of 东向社区 who died in 2001, one still registered unemployed
    (a legal hold, 法定保存): name -> id. Men born in 1975, of working age today."""
    made: dict[str, str] = {}
    stamp = int(time.time()) % 100
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        for n, name in enumerate(("故去甲", "故去乙")):
            # An odd 17th digit: a man.
            first17 = f"11010119750601{stamp:02d}{2 * n + 1}"
            answer = http.post(
                "/api/v1/registry/persons",
                json={
                    "name": name,
                    "office": OWN,
                    "address": "东城路 11 号",
                    "document_number": resident_id(first17),
                },
                headers={**district_token, "Idempotency-Key": str(uuid.uuid4())},
            )
            assert answer.status_code == 201, answer.text
            made[name] = answer.json()["person_id"]
        held = made["故去甲"]
        deadline = time.monotonic() + 30
        while True:  # until employment has the person from the registry's stream
            registered = http.post(
                f"/api/v1/employment/unemployment/{held}/registrations",
                json={"registered_on": china_today()},
                headers={**district_token, "Idempotency-Key": str(uuid.uuid4())},
            )
            if registered.status_code == 201 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert registered.status_code == 201, registered.text
        for person_id in made.values():
            read = http.get(
                f"/api/v1/registry/persons/{person_id}", headers=district_token
            )
            died = http.post(
                f"/api/v1/registry/persons/{person_id}/death",
                json={"date_of_death": "2001-06-01"},
                headers={**district_token, "If-Match": read.headers["ETag"]},
            )
            assert died.status_code == 200, died.text
    return made


def test_the_retention_page_sets_the_rule_and_lists_the_files_due(
    steps: Steps, closed_files: dict[str, str]
) -> None:
    page = steps.page

    steps.sign_in(*DISTRICT)
    page.get_by_text("居民档案", exact=True).click()
    page.get_by_text("保存期限", exact=True).click()
    page.wait_for_url(re.compile(r"/registry/retention"))
    page.wait_for_selector("[data-test=retention-years]")
    page.wait_for_selector("[data-test=due]")
    steps.shot("retention-page")
    assert "已关闭的人员档案（去世/合并）" in page.inner_text(
        "[data-test=retention-rule]"
    )

    # Twenty years after 2001-06-01: both files are due, one kept by its hold.
    years = page.locator("[data-test=retention-years] input")
    years.fill("20")
    years.blur()
    page.click("[data-test=retention-save]")
    page.wait_for_selector("text=保存期限已保存")
    page.locator("[data-test=no-rule]").wait_for(state="detached")
    due = page.locator("[data-test=due]")
    for _ in range(20):  # the projections follow the streams within moments
        if "故去乙" in due.inner_text() and "法定保存" in due.inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
        page.wait_for_selector("[data-test=due] tbody tr")
        page.locator(".el-loading-mask").first.wait_for(state="detached")
    steps.shot("rule-saved-files-due")
    rows = {
        row.split("\t")[0].strip(): row
        for row in due.locator("tbody tr").all_inner_texts()
    }
    assert "故去甲" in rows
    assert "故去乙" in rows
    assert "2001-06-01" in rows["故去乙"]
    assert "2021-06-01" in rows["故去乙"]
    assert "东向社区" in rows["故去乙"]
    assert "法定保存：失业登记（就业）" in rows["故去甲"]
    assert "法定保存" not in rows["故去乙"]

    page.reload()
    page.wait_for_selector("[data-test=retention-years]")
    shown = "document.querySelector('[data-test=retention-years] input').value"
    page.wait_for_function(f"() => {shown} === '20'")
    steps.shot("rule-read-back")
