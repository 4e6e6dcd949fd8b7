"""The console's mediation pages (人民调解), in a browser.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the demo
district, 东向社区's committee and its three disputes included). The demo mediator
finds the demolition dispute past its deadline first on 调解待办, the ledger with the
parties whole, and the committee's 值班表 with who is on call; the district
administrator reads the same ledger with the parties masked and no 调解待办 at all.
Every step leaves a screenshot under ``artifacts/<test>/``.
"""

from __future__ import annotations

import re

import pytest

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
