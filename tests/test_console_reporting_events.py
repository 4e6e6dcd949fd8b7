"""The console's events pages in reporting (活动与志愿者台帐, 活动月报), in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district, whose events demo holds a year of activities in 中堂镇's communities),
started again for this module. The street administrator of 中堂镇 sets an events
target on the street's work plan, follows the dashboard's 查看明细 to the activities
its actual counts, then opens 活动月报 for last month and downloads it as a PDF and
as Word.
Every step leaves a screenshot under ``artifacts/<test>/``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import docx
import httpx
import pytest
from pypdf import PdfReader

from shequ.testing.console import Steps, api_sign_in, china_today
from shequ.testing.supervisor import SupervisorRun

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

STREET = ("street", "demo-street")  # the administrator of 中堂镇
TOWN = "441900101000"  # 中堂镇


@pytest.fixture(scope="module")
def street_token(console_stack: SupervisorRun) -> dict[str, str]:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        return api_sign_in(http, *STREET)


def _target(stack: SupervisorRun, token: dict[str, str], year: str) -> None:
    plan = f"/api/v1/reporting/work-plans/{TOWN}/{year}"
    with httpx.Client(base_url=stack.url, timeout=10, trust_env=False) as http:
        read = http.get(plan, headers=token)
        answer = http.put(
            f"{plan}/targets/activities_held",
            json={"comparison": "at_least", "target": 100, "note": "街道下达"},
            headers={**token, "If-Match": read.headers["ETag"]},
        )
    assert answer.status_code == 200, answer.text


def test_a_street_admin_follows_a_target_to_its_activities_and_prints_the_month(
    steps: Steps, console_stack: SupervisorRun, street_token: dict[str, str]
) -> None:
    page = steps.page
    year = china_today()[:4]
    _target(console_stack, street_token, year)
    steps.sign_in(*STREET)

    page.locator(".menu").get_by_text("台帐", exact=True).click()
    page.locator(".menu").get_by_text("工作计划", exact=True).click()
    page.wait_for_selector("[data-test=dashboard-behind]")
    steps.shot("an-events-target-on-the-dashboard")
    assert "开展活动" in page.inner_text("[data-test=dashboard]")
    page.click("[data-test=dashboard-behind]")
    page.wait_for_url(re.compile(r"/ledgers/events\?.*metric=activities_held"))
    page.wait_for_selector("[data-test=behind] b")
    page.wait_for_selector("[data-test=events-activities] tbody tr")
    steps.shot("the-activities-the-target-counts")
    said = page.inner_text("[data-test=behind]")
    rows = page.locator("[data-test=events-activities] tbody tr").count()
    assert "开展活动" in said
    assert f"实际 {rows}" in said or rows == 200  # the page shows up to 200

    first = date.fromisoformat(china_today()).replace(day=1)
    last_month = (first - timedelta(days=1)).strftime("%Y-%m")
    page.locator(".menu").get_by_text("活动月报", exact=True).click()
    page.wait_for_url(re.compile(r"/reporting/monthly"))
    picker = page.locator("[data-test=month] input")
    picker.fill(last_month)
    picker.press("Enter")
    page.wait_for_selector("[data-test=by-kind] tbody tr")
    steps.shot("last-months-report")
    assert "中堂镇" in page.inner_text("[data-test=summary]")
    assert "卫生自查" in page.inner_text("[data-test=duties]")

    with page.expect_download() as downloading:
        page.click("[data-test=pdf]")
    saved = Path(downloading.value.path())
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "社区活动月报" in "".join(text.split())

    with page.expect_download() as downloading:
        page.click("[data-test=word]")
    word = docx.Document(str(downloading.value.path()))
    assert downloading.value.suggested_filename.endswith(".docx")
    words = "".join("".join(p.text.split()) for p in word.paragraphs)
    assert words.startswith("社区活动月报")
    assert "中堂镇" in words
