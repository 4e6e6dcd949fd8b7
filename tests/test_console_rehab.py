"""The console's rehab pages (社区戒毒康复), in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district, its three rehab cases of 东向社区 included, on a free port in a project
folder of its own under /tmp; Debian's Chromium through Playwright), started again
for this module. The rehab worker of 东向社区 opens a case from a police decision
typed in (the required fields shown on their fields; only the grounds of the chosen
kind offered), records the report and a negative urine test (sent again after
重新加载, since a colleague signed the agreement meanwhile: 412), prints the
agreement as PDF and checks the saved file against the record, and finds the case
in 案件; the district administrator sees 统计 with counts per office but no 案件 menu
and no name; the district's anti-drug officer opens a case by 紧急查阅 stating a
reason, sees the banner that the access is recorded and flagged, and finds the
opening in 紧急查阅记录. Every step leaves a screenshot under ``artifacts/<test>/``.

Everything started here is stopped by pid, even when a test fails.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Locator, Page

from shequ.testing.console import Steps, api_sign_in, china_today, resident_id
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

REHAB = ("rehab", "demo-rehab")  # the rehab worker of 东向社区
STREET = ("street", "demo-street")  # the administrator of 中堂镇
DISTRICT = ("district", "demo-district")
ANTI_DRUG = ("antidrug", "demo-antidrug")  # the district's anti-drug office (禁毒办)
COMMUNITY = "441900101002"  # 东向社区
NAME = "戒康甲"


@pytest.fixture(scope="module")
def http(console_stack: SupervisorRun) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=console_stack.url, timeout=10, trust_env=False
    ) as client:
        yield client


@pytest.fixture(scope="module")
def resident(http: httpx.Client) -> str:
    """A resident of 东向社区 registered by the street (no case yet): their name."""
    token = api_sign_in(http, *STREET)
    stamp = int(time.time()) % 1000
    answer = http.post(
        "/api/v1/registry/persons",
        json={
            "name": NAME,
            "office": COMMUNITY,
            "address": "东城路 8 号",
            "document_number": resident_id(f"44190019900303{stamp:03d}"),
        },
        headers={**token, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert answer.status_code == 201, answer.text
    return NAME


@pytest.fixture(scope="module")
def demo_cases(http: httpx.Client) -> list[dict[str, str]]:
    """The demo's cases as the rehab worker lists them (case id, name)."""
    token = api_sign_in(http, *REHAB)
    answer = http.get("/api/v1/rehab/cases", headers=token)
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert items, "the demo loads three rehab cases of 东向社区"
    return [{"case_id": c["case_id"], "name": c["name"]} for c in items]


def _pick(page: Page, select: Locator, text: str) -> None:
    """Choose the option starting with ``text``, typing it first when it searches."""
    select.click()
    if select.locator("input").first.get_attribute("readonly") is None:
        page.keyboard.type(text)
    page.locator(".el-select-dropdown__item:visible").filter(
        has_text=re.compile(f"^{text}")
    ).first.click()


def _item(page: Page | Locator, label: str) -> Locator:
    """The form item labelled exactly ``label``."""
    return page.locator(
        ".el-form-item", has=page.locator("label", has_text=re.compile(f"^{label}$"))
    )


def _open(page: Page, entry: str) -> None:
    """A 社区戒毒康复 entry named exactly ``entry`` (案件, not 新建案件; 紧急查阅, not
    紧急查阅记录), its group unfolded first if need be."""
    menu = page.locator(".menu")
    item = menu.locator(".el-menu-item").get_by_text(entry, exact=True)
    if not item.is_visible():
        menu.locator(".el-sub-menu__title", has_text="社区戒毒康复").click()
    item.click()


def _act(steps: Steps, action: str, done: str) -> Locator:
    """Open an action's dialog; ``done`` fills it. Returns the dialog."""
    steps.page.click(f"[data-test=act-{action}]")
    dialog = steps.page.locator(f"[data-test=action-{done}]")
    dialog.wait_for()
    return dialog


def test_a_rehab_worker_opens_a_case_from_a_decision_and_records_the_report_and_a_test(
    steps: Steps, http: httpx.Client, resident: str
) -> None:
    page = steps.page
    steps.sign_in(*REHAB)
    steps.menu("社区戒毒康复", "待办")
    page.wait_for_url(re.compile(r"/rehab/to-dos"))
    page.wait_for_selector("[data-test=rehab-to-dos]")
    steps.shot("to-dos")

    steps.menu("社区戒毒康复", "新建案件")
    page.wait_for_url(re.compile(r"/rehab/cases/new"))
    page.click("[data-test=case-submit]")
    _item(page, "决定书编号").get_by_text("请填写此项").wait_for()
    steps.shot("the-decision-is-required")
    assert "请填写此项" in _item(page, "当事人").inner_text()

    _pick(page, page.locator("[data-test=case-person] .el-select"), resident)
    page.locator("[data-test=case-kind]").get_by_text("社区康复", exact=True).click()
    page.locator("[data-test=case-ground]").click()
    options = page.locator(".el-select-dropdown__item:visible")
    options.filter(has_text="解除强制隔离戒毒").wait_for()
    # Only the grounds of the kind chosen: none of 社区戒毒's.
    assert options.filter(has_text="初次查获").count() == 0
    page.keyboard.press("Escape")
    page.locator("[data-test=case-kind]").get_by_text("社区戒毒", exact=True).click()
    _pick(page, page.locator("[data-test=case-ground]"), "初次查获")
    page.fill(
        "input[name=decision_number]", f"东公(禁)决字〔{china_today()[:4]}〕901号"
    )
    page.fill("input[name=police_organ]", "东莞市公安局中堂分局")
    page.fill("input[name=decided_on]", china_today())
    page.keyboard.press("Enter")
    steps.shot("a-decision-typed-in")
    page.click("[data-test=case-submit]")

    page.wait_for_url(re.compile(r"/rehab/cases/[^/]+$"))
    page.wait_for_selector("[data-test=case-facts]")
    steps.shot("the-case-opened")
    assert "每次查阅案件都会被记录" in page.inner_text("[data-test=read-note]")
    facts = page.inner_text("[data-test=case-facts]")
    assert resident in facts
    assert "社区戒毒" in facts
    timeline = page.inner_text("[data-test=case-timeline]")
    assert "收到决定书" in timeline
    assert "初次查获，有戒除意愿，有固定住所" in timeline

    dialog = _act(steps, "report", "report")
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：报到")
    page.wait_for_function(
        "() => document.querySelector('[data-test=case-reported-on]')"
        f".textContent.includes('{china_today()}')"
    )
    steps.shot("reported")

    dialog = _act(steps, "tests", "tests")
    _pick(page, dialog.locator("[data-test=field-result] .el-select"), "阴性")
    # A colleague records the agreement meanwhile: the case read is stale (412).
    case_id = page.url.rsplit("/", 1)[-1]
    token = api_sign_in(http, *REHAB)
    read = http.get(f"/api/v1/rehab/cases/{case_id}", headers=token)
    signed = http.post(
        f"/api/v1/rehab/cases/{case_id}/agreement",
        json={
            "agreement_number": "中堂社戒协字〔2026〕901号",
            "signed_on": china_today(),
        },
        headers={**token, "If-Match": read.headers["ETag"]},
    )
    assert signed.status_code == 200, signed.text
    dialog.locator("[data-test=action-submit]").click()
    dialog.locator("[data-test=action-reload]").wait_for()
    steps.shot("a-stale-case-offers-to-reload")
    assert "重新加载" in dialog.locator("[data-test=action-failure]").inner_text()
    dialog.locator("[data-test=action-reload]").click()
    page.locator("[data-test=case-facts]", has_text="已签订").wait_for()
    dialog.locator("[data-test=action-submit]").click()
    page.wait_for_selector("text=已记录：尿检")
    page.wait_for_function(
        "() => document.querySelector('[data-test=case-tests]').textContent === '1'"
    )
    steps.shot("a-negative-test")
    timeline = page.inner_text("[data-test=case-timeline]")
    assert "报到" in timeline
    assert "结果：阴性" in timeline
    # The responsible office sees who read the case: this worker, just now.
    page.wait_for_selector("[data-test=case-reads] tbody tr")

    # The agreement signed: print it (under its number) and check the saved file.
    with page.expect_download() as printed:
        page.click("[data-test=print-pdf]")
    assert printed.value.suggested_filename == (
        "社区戒毒(康复)协议书_中堂社戒协字〔2026〕901号.pdf"
    )
    page.wait_for_selector("text=已出具并登记校验码")
    page.locator("[data-test=case-timeline]", has_text="出具文书").wait_for()
    page.set_input_files("[data-test=check-file]", printed.value.path())
    result = page.locator("[data-test=check-result]")
    result.filter(has_text="一致：此文件是登记在案的文书").wait_for()
    steps.shot("the-agreement-printed-and-checked")
    assert "中堂社戒协字〔2026〕901号" in result.inner_text()

    _open(page, "案件")
    page.wait_for_url(re.compile(r"/rehab/cases$"))
    page.wait_for_selector("[data-test=rehab-cases] tbody tr")
    steps.shot("the-case-in-the-list")
    row = page.locator("[data-test=rehab-cases] tbody tr", has_text=resident)
    assert "社区戒毒" in row.inner_text()
    assert china_today() in row.inner_text()


def test_a_district_admin_sees_the_figures_without_cases_or_names(
    steps: Steps, demo_cases: list[dict[str, str]]
) -> None:
    page = steps.page
    steps.sign_in(*DISTRICT)
    menu = page.locator(".menu")
    # 统计 is the group's only entry for an administrator: the group opens it.
    menu.get_by_text("社区戒毒康复", exact=True).click()
    page.wait_for_url(re.compile(r"/rehab/figures"))
    page.wait_for_selector("[data-test=rehab-figures] tbody tr")
    steps.shot("the-figures")
    figures = page.inner_text("[data-test=rehab-figures]")
    assert "东向社区" in figures
    row = page.locator("[data-test=rehab-figures] tbody tr", has_text="东向社区")
    assert int(row.locator("td").nth(1).inner_text()) >= len(demo_cases)
    assert "案件" not in menu.inner_text()
    assert "紧急查阅" not in menu.inner_text()
    body = page.inner_text("body")
    for case in demo_cases:
        assert case["name"] not in body

    page.goto(f"{steps.url}/rehab/cases")  # typed in: the router sends it away
    page.wait_for_url(re.compile(r"/workbench"))


def test_the_district_anti_drug_officer_opens_a_case_by_break_glass(
    steps: Steps, demo_cases: list[dict[str, str]]
) -> None:
    page = steps.page
    case = demo_cases[0]
    steps.sign_in(*ANTI_DRUG)
    _open(page, "紧急查阅")
    page.wait_for_url(re.compile(r"/rehab/break-glass$"))
    page.fill("input[name=case_id]", case["case_id"])
    page.click("[data-test=break-glass-submit]")
    _item(page, "查阅事由").get_by_text("请填写此项").wait_for()
    steps.shot("a-reason-is-required")

    page.fill("textarea[name=reason]", "涉案线索核查：公安机关通报其近期行踪异常")
    page.click("[data-test=break-glass-submit]")
    page.wait_for_selector("[data-test=break-glass-banner]")
    steps.shot("the-case-under-the-banner")
    banner = page.inner_text("[data-test=break-glass-banner]")
    assert "已记录并标记" in banner
    assert "有效期至" in banner
    assert case["name"] in page.inner_text("[data-test=case-facts]")

    steps.menu("社区戒毒康复", "紧急查阅记录")
    page.wait_for_url(re.compile(r"/rehab/break-glass/reads"))
    page.wait_for_selector("[data-test=break-glass-reads] tbody tr")
    steps.shot("the-review-list")
    reads = page.inner_text("[data-test=break-glass-reads]")
    assert case["case_id"] in reads
    assert "涉案线索核查" in reads
