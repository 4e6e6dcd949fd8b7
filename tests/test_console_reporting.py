"""The console's reporting pages (报表), in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district on a free port, in a project folder of its own under /tmp; Debian's Chromium
through Playwright), started again for this module. The street administrator of
中堂镇 opens 零就业家庭台帐 as of a past day (before anything was recorded: the page
says so, naming the first record) and as of today (a couple of 东向社区 both out of
work, made by a fixture), and exports it; downloads every ledger from 全部台帐导出
with its progress; sets a work-plan target (required on its field; a plan changed
meanwhile answers 412, 重新加载 and the same form saves it) and sees it on the plan's
dashboard; and opens 统计数据 for the street. The demo's rehab worker opens
社区戒毒康复台帐 with the demo's cases by name and exports it; the street administrator
sees the same ledger as counts, no one named. The demo's mediator opens
人民调解台帐与统计 with the parties by name and exports it; the street administrator
sees them masked.
Every step leaves a screenshot under ``artifacts/<test>/``.

Everything started here is stopped by pid, even when a test fails.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta

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

STREET = ("street", "demo-street")  # the administrator of 中堂镇
TOWN = "441900101000"  # 中堂镇: 潢涌村 (001) and 东向社区 (002)
COMMUNITY = "441900101002"  # 东向社区
ZERO_LEDGER = "/api/v1/reporting/ledgers/zero-employment-households"


@pytest.fixture(scope="module")
def street_token(console_stack: SupervisorRun) -> dict[str, str]:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        return api_sign_in(http, *STREET)


def _register(
    http: httpx.Client, token: dict[str, str], name: str, first17: str
) -> str:
    answer = http.post(
        "/api/v1/registry/persons",
        json={
            "name": name,
            "office": COMMUNITY,
            "address": "东城路 21 号",
            "document_number": resident_id(first17),
        },
        headers={**token, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["person_id"])


def _unemployed(http: httpx.Client, token: dict[str, str], person_id: str) -> None:
    """Recorded unemployed, once employment has the person from the registry."""
    deadline = time.monotonic() + 30
    while (
        read := http.get(f"/api/v1/employment/profiles/{person_id}", headers=token)
    ).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    answer = http.post(
        f"/api/v1/employment/profiles/{person_id}/status",
        json={
            "status": "unemployed",
            "since": china_today(),
            "reason": "入户走访",
            "source": "home_visit",
        },
        headers={**token, "If-Match": read.headers["ETag"]},
    )
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def zero_household(console_stack: SupervisorRun, street_token: dict[str, str]) -> str:
    """A couple of 东向社区, both out of work (a zero-employment household): the head's
    name, once reporting's ledger has the household."""
    stamp = int(time.time()) % 1000
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        # Born in 1980, an odd 17th digit a man and an even one a woman.
        head = _register(
            http, street_token, "零户甲", f"44190019800101{stamp:03d}"[:16] + "1"
        )
        spouse = _register(
            http, street_token, "零户乙", f"44190019820202{stamp:03d}"[:16] + "2"
        )
        household = http.post(
            "/api/v1/registry/households",
            json={
                "head_person_id": head,
                "office": COMMUNITY,
                "address": "东城路 21 号",
                "members": [{"person_id": spouse, "relationship": "spouse"}],
            },
            headers={**street_token, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert household.status_code == 201, household.text
        for person_id in (head, spouse):
            _unemployed(http, street_token, person_id)
        deadline = time.monotonic() + 60
        while True:  # the household reaches reporting's ledgers within moments
            rows = http.get(ZERO_LEDGER, headers=street_token).json()["items"]
            heads = [row["head_name"] for row in rows]
            if "零户甲" in heads or time.monotonic() > deadline:
                break
            time.sleep(1)
    assert "零户甲" in heads, rows
    return "零户甲"


def _pick_day(steps: Steps, day: str) -> None:
    picker = steps.page.locator("[data-test=as-of] input")
    picker.fill(day)
    picker.press("Enter")
    steps.page.locator(".el-loading-mask").first.wait_for(state="detached")


def test_a_street_admin_reads_the_zero_employment_ledger_as_of_a_day_and_exports_it(
    steps: Steps, zero_household: str
) -> None:
    page = steps.page
    menu = page.locator(".menu")
    steps.sign_in(*STREET)

    menu.get_by_text("台帐", exact=True).click()
    menu.get_by_text("零就业家庭台帐", exact=True).click()
    page.wait_for_url(re.compile(r"/ledgers/zero-employment-households"))
    page.wait_for_selector("[data-test=zero-ledger] tbody tr")
    steps.shot("zero-ledger-today")
    ledger = page.inner_text("[data-test=zero-ledger]")
    assert zero_household in ledger
    assert "零户乙" in ledger
    assert "中堂镇" in page.inner_text("[data-test=office]")

    # A past day: the demo was recorded today, so nothing was on record by then.
    yesterday = (date.fromisoformat(china_today()) - timedelta(days=1)).isoformat()
    _pick_day(steps, yesterday)
    page.wait_for_selector("[data-test=problem]")
    steps.shot("zero-ledger-yesterday")
    assert "之前没有任何记录" in page.inner_text("[data-test=problem]")
    assert page.locator("[data-test=zero-ledger] tbody tr").count() == 0
    page.click("[data-test=export]")
    page.wait_for_selector(".el-message--error")
    assert "之前没有任何记录" in page.inner_text(".el-message--error")

    # Today again: the ledger as it stands, exported as the workbook offices print.
    _pick_day(steps, china_today())
    page.wait_for_selector("[data-test=zero-ledger] tbody tr")
    assert page.locator("[data-test=problem]").count() == 0
    with page.expect_download() as downloading:
        page.click("[data-test=export]")
    download = downloading.value
    saved = steps.folder / download.suggested_filename
    download.save_as(saved)
    steps.shot("zero-ledger-exported")
    assert saved.name == f"ledgers-{TOWN}-{china_today().replace('-', '')}.xlsx"
    titles = {str(rows[0][0]) for rows in workbook_rows(saved)}
    zero = next(t for t in titles if "零就业家庭台帐" in t)
    assert "中堂镇" in zero

    # 全部台帐导出: the office and the day picked, the download's progress shown.
    menu.get_by_text("全部台帐导出", exact=True).click()
    page.wait_for_url(re.compile(r"/ledgers/export"))
    with page.expect_download() as downloading:
        page.click("[data-test=download]")
    whole = downloading.value
    page.wait_for_selector("[data-test=saved]")
    steps.shot("every-ledger-downloaded")
    assert whole.suggested_filename.startswith(f"ledgers-{TOWN}-")
    assert "已接收" in page.inner_text("[data-test=progress]")
    bar = page.locator("[data-test=progress] [role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "100"


def test_a_street_admin_sets_a_work_plan_target_and_sees_it_on_the_dashboard(
    steps: Steps, console_stack: SupervisorRun, street_token: dict[str, str]
) -> None:
    page = steps.page
    dialog = page.locator("[data-test=target-dialog]")
    year = china_today()[:4]
    steps.sign_in(*STREET)

    page.locator(".menu").get_by_text("台帐", exact=True).click()
    page.locator(".menu").get_by_text("工作计划", exact=True).click()
    page.wait_for_url(re.compile(r"/reporting/work-plans"))
    page.wait_for_selector("[data-test=plan-version]")
    steps.shot("an-empty-plan")
    assert "本年度尚未设定工作目标" in page.inner_text("[data-test=targets]")

    page.click("[data-test=set-target]")
    dialog.locator("[data-test=target-metric]").click()
    page.locator(".el-select-dropdown__item", has_text="就业率").click()
    dialog.locator("[data-test=target-submit]").click()
    dialog.get_by_text("请输入目标值").wait_for()
    steps.shot("the-target-is-required")

    # Someone sets another target meanwhile: the plan read is stale (412), reload.
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        plan = http.get(
            f"/api/v1/reporting/work-plans/{TOWN}/{year}", headers=street_token
        )
        changed = http.put(
            f"/api/v1/reporting/work-plans/{TOWN}/{year}/targets/new_jobs",
            json={"comparison": "at_least", "target": 120, "note": "区下达指标"},
            headers={**street_token, "If-Match": plan.headers["ETag"]},
        )
    assert changed.status_code == 200, changed.text
    dialog.locator("[data-test=target-value] input").fill("96")
    dialog.locator("input[name=note]").fill("区下达指标")
    dialog.locator("[data-test=target-submit]").click()
    dialog.locator("[data-test=target-reload]").wait_for()
    steps.shot("a-stale-plan-offers-to-reload")
    assert "重新加载" in dialog.locator("[data-test=target-failure]").inner_text()

    dialog.locator("[data-test=target-reload]").click()
    page.wait_for_function(
        "() => document.querySelector('[data-test=plan-version]').textContent"
        ".includes('版本 1')"
    )
    dialog.locator("[data-test=target-submit]").click()
    page.wait_for_selector("text=已保存工作目标")
    page.wait_for_function(
        "() => document.querySelector('[data-test=plan-version]').textContent"
        ".includes('版本 2')"
    )
    steps.shot("the-target-set")
    targets = {
        row.split("\t")[0].strip(): row
        for row in page.locator("[data-test=targets] tbody tr").all_inner_texts()
    }
    assert "不低于" in targets["就业率"]
    assert "96.0%" in targets["就业率"]
    assert "区下达指标" in targets["就业率"]
    assert "120" in targets["新增就业人数"]

    rows = page.locator("[data-test=dashboard-row]")
    rows.first.wait_for()
    dashboard = page.inner_text("[data-test=dashboard]")
    steps.shot("the-dashboard")
    assert "就业率" in dashboard
    assert "目标值 不低于 96.0%" in dashboard
    assert "新增就业人数" in dashboard
    assert rows.count() == 2
    assert page.locator("[data-test=dashboard] .el-progress").count() == 2


def test_a_street_admin_opens_the_streets_figures(steps: Steps) -> None:
    page = steps.page
    steps.sign_in(*STREET)

    page.locator(".menu").get_by_text("台帐", exact=True).click()
    page.locator(".menu").get_by_text("统计数据", exact=True).click()
    page.wait_for_url(re.compile(r"/reporting/figures"))
    page.wait_for_selector("[data-test=figures] tbody tr")
    page.wait_for_selector("[data-test=figures-chart] canvas")
    page.wait_for_timeout(800)  # ECharts draws its bars after the canvas appears
    steps.shot("the-streets-figures")
    rows = {
        row.split("\t")[0].strip(): row
        for row in page.locator("[data-test=figures] tbody tr").all_inner_texts()
    }
    assert {"中堂镇", "潢涌村", "东向社区"} <= set(rows)
    assert "%" in rows["东向社区"]
    assert "道滘镇" not in rows  # another street: outside the subtree


def _exported_first_sheet(steps: Steps) -> tuple[str, list[str]]:
    """导出 Excel clicked: the file's name and its first sheet's cells as text."""
    with steps.page.expect_download() as downloading:
        steps.page.click("[data-test=export]")
    saved = steps.folder / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    cells = [str(cell) for row in workbook_rows(saved)[0] for cell in row]
    return saved.name, cells


REHAB = ("rehab", "demo-rehab")  # the rehab worker of 东向社区
REHAB_LEDGERS = "社区戒毒康复台帐"


def _demo_client_names(console_stack: SupervisorRun) -> list[str]:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        answer = http.get("/api/v1/rehab/cases", headers=api_sign_in(http, *REHAB))
    assert answer.status_code == 200, answer.text
    names = [str(c["name"]) for c in answer.json()["items"]]
    assert names, "the demo loads three rehab cases of 东向社区"
    return names


def test_a_rehab_worker_reads_the_rehab_ledgers_by_name_and_exports_them(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    page = steps.page
    names = _demo_client_names(console_stack)
    steps.sign_in(*REHAB)

    page.locator(".menu").get_by_text("台帐", exact=True).click()
    page.locator(".menu").get_by_text(REHAB_LEDGERS, exact=True).click()
    page.wait_for_url(re.compile(r"/ledgers/rehab"))
    page.wait_for_selector("[data-test=rehab-cases] tbody tr")
    steps.shot("rehab-case-ledger")
    ledger = page.inner_text("[data-test=rehab-cases]")
    assert all(name in ledger for name in names)
    assert page.locator("[data-test=counts-only]").count() == 0

    page.locator("[data-test=rehab-tabs]").get_by_text("人员配备", exact=True).click()
    page.wait_for_selector("[data-test=rehab-staffing] tbody tr")
    steps.shot("rehab-staffing")
    assert "东向社区" in page.inner_text("[data-test=rehab-staffing]")
    assert "每 20 名人员配 1 名专职社工" in page.inner_text("[data-test=shortfalls]")

    name, cells = _exported_first_sheet(steps)
    assert name.startswith(f"rehab-ledgers-{COMMUNITY}-")
    assert "社区戒毒康复人员台帐" in cells[0]
    assert all(name in cells for name in names)


def test_a_street_admin_sees_the_rehab_ledger_as_counts_naming_no_one(
    steps: Steps, console_stack: SupervisorRun
) -> None:
    page = steps.page
    names = _demo_client_names(console_stack)
    steps.sign_in(*STREET)

    page.locator(".menu").get_by_text("台帐", exact=True).click()
    page.locator(".menu").get_by_text(REHAB_LEDGERS, exact=True).click()
    page.wait_for_url(re.compile(r"/ledgers/rehab"))
    page.wait_for_selector("[data-test=rehab-counts] tbody tr")
    steps.shot("rehab-ledger-as-counts")
    assert page.locator("[data-test=counts-only]").count() == 1
    counts = page.inner_text("[data-test=rehab-counts]")
    assert "东向社区" in counts
    assert not any(name in page.content() for name in names)


MEDIATOR = ("mediator", "demo-mediator")  # the mediator of 中堂镇
MEDIATION_LEDGERS = "人民调解台帐与统计"
DEMO_PARTIES = ("王建华", "李秀英")  # the parties of every demo dispute of 东向社区


def _open_mediation_ledgers(steps: Steps) -> None:
    page = steps.page
    page.locator(".menu").get_by_text("台帐", exact=True).click()
    page.locator(".menu").get_by_text(MEDIATION_LEDGERS, exact=True).click()
    page.wait_for_url(re.compile(r"/ledgers/mediation"))
    page.wait_for_selector("[data-test=mediation-ledger] tbody tr")


def test_a_mediator_reads_the_mediation_ledger_with_its_parties_and_exports_it(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*MEDIATOR)

    _open_mediation_ledgers(steps)
    steps.shot("mediation-ledger")
    ledger = page.inner_text("[data-test=mediation-ledger]")
    assert all(name in ledger for name in DEMO_PARTIES)
    assert "法律热线" in ledger
    assert page.locator("[data-test=masked]").count() == 0

    page.locator("[data-test=mediation-tabs]").get_by_text("调解统计").click()
    page.wait_for_selector("[data-test=mediation-figures] tbody tr")
    steps.shot("mediation-figures")
    assert "东向社区" in page.inner_text("[data-test=mediation-figures]")

    name, cells = _exported_first_sheet(steps)
    assert name.startswith(f"mediation-ledgers-{TOWN}-")
    assert "人民调解台帐" in cells[0]
    assert "王建华、李秀英" in cells


def test_a_street_admin_sees_the_mediation_ledger_with_the_parties_masked(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*STREET)

    _open_mediation_ledgers(steps)
    steps.shot("mediation-ledger-masked")
    assert page.locator("[data-test=masked]").count() == 1
    assert "东向社区" in page.inner_text("[data-test=mediation-ledger]")
    assert not any(name in page.content() for name in DEMO_PARTIES)
