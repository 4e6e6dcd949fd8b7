"""The console's 创建考评 pages, in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district on a free port), started again for this module. The demo defines the
seeds' three campaigns and records three of 绿色社区's four stages for 东向社区.
The demo's community worker opens 东向社区's own card on the board, goes to its
designation and records the fourth stage, 创建自查; applying is offered next, and
refused in Chinese (the demo's 东向社区 is below 篇一's floor). The district
administrator opens the board for the district (东向社区 创建中 among its
communities, each street's rate beside), exports it to Excel and opens the file;
opens the designation and reads the trail (four stages, who recorded them); and in
创建项目设置 sees a campaign without a name refused on that field, then saves it as
it stands (If-Match); 无毒社区's meetings on the
board open the activities they count.
Every step leaves a screenshot under ``artifacts/<test>/``.
"""

from __future__ import annotations

import re

import pytest

from shequ.testing.console import Steps, china_today, workbook_rows

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

WORKER = ("worker", "demo-worker")  # the community worker of 东向社区
DISTRICT = ("district", "demo-district")  # the district administrator
COMMUNITY = "441900101002"  # 东向社区
GREEN = "green_community"


def _pick_campaign(steps: Steps, name: str) -> None:
    page = steps.page
    page.click("[data-test=campaign]")
    page.locator(".el-select-dropdown__item:visible", has_text=name).click()
    page.locator(".el-loading-mask").first.wait_for(state="detached")


def test_the_community_worker_records_the_fourth_stage_of_the_green_community(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*WORKER)

    # The worker has the board alone under 创建考评: the group is the entry.
    page.locator(".menu").get_by_text("创建考评", exact=True).click()
    page.wait_for_url(re.compile(r"/designations"))
    _pick_campaign(steps, "绿色社区")
    own = page.locator("[data-test=own-card]")
    own.wait_for()
    assert "东向社区" in own.inner_text()
    assert page.inner_text("[data-test=own-status]") == "创建中"
    steps.shot("board-of-the-community")

    own.get_by_text("创建详情").click()
    page.wait_for_url(re.compile(rf"/designations/{COMMUNITY}/{GREEN}"))
    page.wait_for_selector("[data-test=trail] tbody tr")
    stages = page.locator("[data-test=stages] .el-step")
    assert stages.count() == 4
    assert "未完成" in stages.nth(3).inner_text()
    assert page.locator("[data-test=trail] tbody tr").count() == 3
    steps.shot("three-stages-done")

    page.click("[data-test=act-stage]")
    dialog = page.locator("[data-test=step-stage]")
    dialog.wait_for()
    assert "创建自查" in dialog.locator("[data-test=field-stage]").inner_text()
    dialog.locator("textarea[name=note]").fill("对照七个方面逐项自查")
    steps.shot("record-the-self-check")
    dialog.locator("[data-test=step-submit]").click()
    page.wait_for_selector(".el-message--success")
    assert "记录创建阶段已记录" in page.inner_text(".el-message--success")
    page.wait_for_function(
        "document.querySelectorAll('[data-test=trail] tbody tr').length === 4"
    )
    assert china_today() in stages.nth(3).inner_text()
    trail = page.inner_text("[data-test=trail]")
    assert "创建自查" in trail
    assert "对照七个方面逐项自查" in trail
    # Every stage done: applying is what the worker may do next.
    assert page.locator("[data-test=act-apply]").is_visible()
    assert page.locator("[data-test=act-stage]").count() == 0
    steps.shot("four-stages-done")

    # The demo's 东向社区 is smaller than 篇一's floor: reporting refuses, in Chinese.
    page.click("[data-test=act-apply]")
    applying = page.locator("[data-test=step-apply]")
    applying.locator("[data-test=step-submit]").click()
    refusal = applying.locator("[data-test=step-failure]")
    refusal.wait_for()
    assert "绿色社区要求不少于 500 户或 1500 人" in refusal.inner_text()
    steps.shot("too-small-to-apply")
    applying.get_by_role("button", name="取消").click()
    assert page.inner_text("[data-test=status]") == "创建中"
    assert steps.errors == []


def test_the_district_admin_reads_the_board_and_the_trail_and_exports_the_board(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*DISTRICT)

    steps.menu("创建考评", "考评看板")
    page.wait_for_url(re.compile(r"/designations"))
    _pick_campaign(steps, "绿色社区")
    page.wait_for_selector("[data-test=communities] tbody tr")
    row = page.locator("[data-test=communities] tbody tr", has_text="东向社区")
    assert "创建中" in row.inner_text()
    page.wait_for_selector("[data-test=streets] tbody tr")
    assert "中堂镇" in page.inner_text("[data-test=streets]")
    page.wait_for_selector("[data-test=dues]")
    steps.shot("board-of-the-district")

    # The board as offices print it: one row per community, in Chinese.
    with page.expect_download() as downloading:
        page.click("[data-test=export]")
    download = downloading.value
    saved = steps.folder / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".xlsx"
    cells = " ".join(
        str(value)
        for rows in workbook_rows(saved)
        for line in rows
        for value in line
        if value is not None
    )
    assert "东向社区" in cells
    assert "绿色社区" in cells

    row.get_by_role("link", name="东向社区").click()
    page.wait_for_url(re.compile(rf"/designations/{COMMUNITY}/{GREEN}"))
    page.wait_for_selector("[data-test=trail] tbody tr")
    trail = page.locator("[data-test=trail] tbody tr")
    assert trail.count() == 4
    assert all(
        "记录创建阶段" in trail.nth(i).inner_text() for i in range(trail.count())
    )
    assert "staff-worker" in trail.nth(3).inner_text()
    assert "创建自查" in trail.nth(3).inner_text()
    # Every stage done: the application next, which an admin above may make for it.
    assert page.inner_text("[data-test=steps] .actions") == "创建申报"
    steps.shot("trail-of-the-designation")

    steps.menu("创建考评", "创建项目设置")
    page.wait_for_url(re.compile(r"/designations/campaigns"))
    green = page.locator("[data-test=campaigns] tbody tr", has_text="绿色社区")
    assert "完善机构 → 宣传发动 → 组织培训 → 创建自查" in green.inner_text()
    green.locator("[data-test=edit-campaign]").click()
    dialog = page.locator("[data-test=campaign-dialog]")
    dialog.wait_for()
    assert dialog.locator("[data-test=stage-row]").count() == 4
    steps.shot("campaign-settings")
    # A campaign without a name is refused on that field; named, it is saved.
    name = dialog.locator("input[name=name]")
    name.fill("")
    dialog.locator("[data-test=campaign-submit]").click()
    error = dialog.locator("[data-test=field-name] .el-form-item__error")
    error.wait_for()
    assert "名称不能为空" in error.inner_text()
    steps.shot("campaign-without-a-name")
    name.fill("绿色社区")
    dialog.locator("[data-test=campaign-submit]").click()
    page.locator(".el-message--success", has_text="已保存：绿色社区").wait_for()
    dialog.wait_for(state="hidden")

    # 无毒社区's meetings (篇五) link to the activities they count.
    steps.menu("创建考评", "考评看板")
    _pick_campaign(steps, "无毒社区")
    meetings = page.locator(
        "[data-test=own-criteria] tbody tr", has_text="禁毒工作会议"
    )
    meetings.locator("[data-test=ledger-link]").click()
    page.wait_for_url(re.compile(r"/ledgers/events\?.*metric=anti_drug_meetings"))
    steps.shot("the-meetings-behind-the-number")
    assert steps.errors == []
