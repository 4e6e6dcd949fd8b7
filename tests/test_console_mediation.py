"""The console's mediation pages (人民调解), in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district, 东向社区's committee and its three disputes included). The demo mediator
finds the demolition dispute past its deadline first on 调解待办, the ledger with the
parties whole, and the committee's 值班表 with who is on call; takes a hotline call
from 登记 through 受理, mediators, a session, the agreement, its 回访 and 结案, each
step in its dialog; the district administrator reads the same ledger with the
parties masked and no 调解待办 at all.
Every step leaves a screenshot under ``artifacts/<test>/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page

from shequ.testing.console import Steps

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

MEDIATOR = ("mediator", "demo-mediator")  # the demo mediator of 中堂镇
DISTRICT = ("district", "demo-district")


def test_a_mediator_sees_the_overdue_dispute_first_and_the_ledger_whole(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*MEDIATOR)
    steps.menu("人民调解", "调解待办")
    page.wait_for_url(re.compile(r"/mediation/to-dos"))
    first = page.locator("[data-test=mediation-to-dos] .el-table__row").first
    first.wait_for()
    steps.shot("to-dos")
    assert "已逾期" in first.inner_text()
    assert "调结纠纷" in first.inner_text()

    steps.menu("人民调解", "人民调解台帐")
    page.locator("[data-test=mediation-ledger]", has_text="王建华、李秀英").wait_for()
    steps.shot("the-ledger")
    assert "拆迁补偿" in page.inner_text("[data-test=mediation-ledger]")

    steps.menu("人民调解", "调委会值班表")
    page.locator("[data-test=mediation-committees]", has_text="梁志明").wait_for()
    steps.shot("the-hotline-list")
    assert "值班" in page.inner_text("[data-test=mediation-committees]")


def test_the_district_administrator_reads_the_ledger_with_the_parties_masked(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*DISTRICT)
    steps.menu("人民调解", "人民调解台帐")
    page.locator("[data-test=mediation-ledger]", has_text="王**、李**").wait_for()
    steps.shot("masked")
    assert "王建华" not in page.inner_text("[data-test=mediation-ledger]")
    assert page.locator(".menu").get_by_text("调解待办", exact=True).count() == 0


def _pick(page: Page, select: Locator, text: str) -> None:
    """Choose the option holding ``text`` in an Element Plus select."""
    select.click()
    page.locator(".el-select-dropdown__item:visible").filter(
        has_text=text
    ).first.click()


def _step(steps: Steps, step: str) -> Locator:
    """Open a step's dialog from the dispute page. Returns the dialog."""
    steps.page.click(f"[data-test=take-{step}]")
    dialog = steps.page.locator(f"[data-test=step-{step}]")
    dialog.wait_for()
    return dialog


def _stage(page: Page, stage: str) -> None:
    page.locator("[data-test=dispute-stage]", has_text=stage).wait_for()


def test_a_mediator_takes_a_hotline_call_through_agreement_and_follow_up(
    steps: Steps,
) -> None:
    page = steps.page
    steps.sign_in(*MEDIATOR)
    steps.menu("人民调解", "登记纠纷")
    page.wait_for_url(re.compile(r"/mediation/disputes/new"))
    page.locator("[data-test=dispute-office]", has_text="东向社区").wait_for()
    _pick(page, page.locator("[data-test=dispute-kind]"), "邻里纠纷")
    first, second = (
        page.locator("[data-test=party-0]"),
        page.locator("[data-test=party-1]"),
    )
    first.locator("input[name=party-name]").fill("周建国")
    first.locator("input[name=party-phone]").fill("13900139101")
    _pick(page, first.locator(".el-select"), "男")
    first.locator("input[name=party-occupation]").fill("个体经营")
    second.locator("input[name=party-name]").fill("吴桂英")
    page.fill("[data-test=dispute-matter]", "装修噪音扰民，楼下要求赔偿")
    steps.shot("intake")
    page.click("[data-test=dispute-submit]")

    page.wait_for_url(re.compile(r"/mediation/disputes/[^/]+$"))
    _stage(page, "已登记")
    steps.shot("registered")
    _step(steps, "accept").locator("[data-test=step-submit]").click()
    _stage(page, "已受理")

    dialog = _step(steps, "mediators")
    _pick(page, dialog.locator("[data-test=field-mediators] .el-select"), "梁志明")
    dialog.locator(".el-dialog__title").click()  # the list closed, the dialog kept
    dialog.locator("[data-test=step-submit]").click()
    page.locator("[data-test=dispute-history]", has_text="梁志明").wait_for()

    dialog = _step(steps, "sessions")
    dialog.locator("[data-test=step-submit]").click()  # no place nor summary yet
    dialog.locator("[data-test=field-place]").get_by_text("请填写此项").wait_for()
    steps.shot("a-session-needs-its-place")
    dialog.locator("input[name=place]").fill("东向社区调解室")
    dialog.locator("textarea[name=summary]").fill("双方陈述，同意协商解决")
    dialog.locator("[data-test=step-submit]").click()
    page.locator("[data-test=dispute-history]", has_text="东向社区调解室").wait_for()

    dialog = _step(steps, "agreement")
    dialog.locator("textarea[name=terms]").fill(
        "周建国赔偿吴桂英一千元，今后22时后不施工"
    )
    dialog.locator("[data-test=obligation-0] input[name=what]").fill("支付赔偿款")
    steps.shot("the-agreement")
    dialog.locator("[data-test=step-submit]").click()
    _stage(page, "达成协议")

    dialog = _step(steps, "followUps")
    _pick(page, dialog.locator("[data-test=field-obligation] .el-select"), "支付赔偿款")
    dialog.get_by_text("满意", exact=True).click()
    dialog.locator("[data-test=step-submit]").click()
    page.locator("[data-test=dispute-history]", has_text="回访日期").wait_for()
    steps.shot("followed-up")

    _step(steps, "close").locator("[data-test=step-submit]").click()
    _stage(page, "已结案")
    steps.shot("closed")
    history = page.inner_text("[data-test=dispute-history]")
    for shown in ("受理", "指定调解员", "调解记录", "达成调解协议", "回访", "结案"):
        assert shown in history, shown
