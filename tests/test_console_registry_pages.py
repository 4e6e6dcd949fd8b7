"""The console's registry pages (户籍家庭, a file's changes, 导入居民台帐), in Chromium.

The stack and browser of shequ.testing.console (``shequ-dev run`` with the
demo district on a free port, in a project folder of its own under /tmp; Debian's
Chromium through Playwright), started again for this module: a community worker of
东向社区 registers a household with two members, corrects a phone, moves a resident to
another street's community, and imports a small ledger with one bad row, which is
refused with its reason. Every step leaves a screenshot under ``artifacts/<test>/``.

Everything started here is stopped by pid, even when a test fails.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from shequ.testing.console import Steps, api_sign_in, resident_id
from shequ.testing.supervisor import SupervisorRun

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.servers, pytest.mark.slow]

WORKER = ("worker", "demo-worker")  # a community worker of 东向社区 (441900101002)
OWN = "441900101002"  # 东向社区
ELSEWHERE = "441900102001"  # 南城社区, of 道滘镇: another street


@pytest.fixture(scope="module")
def worker_token(console_stack: SupervisorRun) -> dict[str, str]:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        return api_sign_in(http, *WORKER)


_serial = iter(range(1000))


def _new_id(born: str) -> str:
    """A resident ID number not yet on file (born ``born``, YYYYMMDD)."""
    serial = (int(time.time()) * 7 + next(_serial)) % 1000
    return resident_id(f"110101{born}{serial:03d}")


def _stamp() -> str:
    """A mark making this run's names unique; no digits, since a search holding one
    looks for a document or a phone, never a name."""
    return "".join(
        "甲乙丙丁戊己庚辛壬癸"[int(d)] for d in f"{time.time_ns() % 10**6:06d}"
    )


def _register(console_stack: SupervisorRun, token: dict[str, str], name: str) -> str:
    """A resident of 东向社区 in no household: their id."""
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        answer = http.post(
            "/api/v1/registry/persons",
            json={
                "name": name,
                "office": OWN,
                "address": "文化路 8 号",
                "document_number": _new_id("19800515"),
                "phone": "13800000001",
            },
            headers={**token, "Idempotency-Key": str(uuid.uuid4())},
        )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["person_id"])


def _read(
    console_stack: SupervisorRun, token: dict[str, str], person_id: str
) -> dict[str, str]:
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        answer = http.get(f"/api/v1/registry/persons/{person_id}", headers=token)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _pick(page: Page, select: Locator, text: str) -> None:
    """Choose ``text`` in an Element Plus select, typing it first when it searches."""
    select.click()
    if select.locator("input").get_attribute("readonly") is None:
        page.keyboard.type(text)
    options = page.locator(".el-select-dropdown__item:visible")
    options.filter(has_text=re.compile(f"^{text}")).first.click()


def _item(page: Page, label: str) -> Locator:
    """The form item labelled exactly ``label``."""
    return page.locator(
        ".el-form-item", has=page.locator("label", has_text=re.compile(f"^{label}$"))
    )


def test_a_community_worker_registers_a_household_corrects_and_moves_residents(
    steps: Steps, console_stack: SupervisorRun, worker_token: dict[str, str]
) -> None:
    stamp = _stamp()
    head, spouse, child, leaving = (f"{n}{stamp}" for n in ("许", "冯", "冯小", "韩"))
    ids = {
        name: _register(console_stack, worker_token, name)
        for name in (head, spouse, child, leaving)
    }
    page = steps.page

    steps.sign_in(*WORKER)
    page.get_by_text("居民档案", exact=True).click()
    page.get_by_text("户籍家庭", exact=True).click()
    page.wait_for_url(re.compile(r"/registry/households$"))
    page.wait_for_selector("[data-test=households] tbody tr")
    steps.shot("households")

    page.click("[data-test=register-household]")
    page.wait_for_selector("[data-test=household-form]")
    _pick(page, _item(page, "户主").locator(".el-select"), head)
    page.fill("input[name=address]", "文化路 8 号")
    for i, (member, relationship) in enumerate(((spouse, "配偶"), (child, "子女"))):
        page.click("[data-test=add-member-row]")
        row = page.locator(f"[data-test=member-{i}]")
        _pick(page, row.locator(".el-select").first, member)
        _pick(page, row.locator("[data-test=relationship]"), relationship)
    steps.shot("household-form")
    page.click("[data-test=save]")
    page.wait_for_url(re.compile(r"/registry/households/[^/]+$"))
    page.wait_for_selector("[data-test=members] tbody tr")
    steps.shot("household-registered")
    members = {
        row.split("\t")[0].strip(): row
        for row in page.locator("[data-test=members] tbody tr").all_inner_texts()
    }
    assert set(members) == {head, spouse, child}
    assert "户主" in members[head]
    assert "配偶" in members[spouse]
    assert "子女" in members[child]
    assert "文化路 8 号" in page.inner_text("[data-test=household]")

    # The child moves out (移出, with the reason), and the spouse becomes head.
    page.locator("[data-test=members] tbody tr", has_text=child).locator(
        "[data-test=remove-member]"
    ).click()
    dialog = page.locator("[data-test=household-dialog]")
    dialog.locator("[data-test=household-submit]").click()
    dialog.get_by_text("请填写原因").wait_for()
    dialog.locator("textarea[name=reason]").fill("外出求学，户口迁出")
    dialog.locator("[data-test=household-submit]").click()
    page.wait_for_selector("text=已移出家庭")
    page.locator("[data-test=members] tbody tr", has_text=child).wait_for(
        state="detached"
    )
    page.click("[data-test=change-head]")
    _pick(page, dialog.locator("[data-test=new-head]"), spouse)
    _pick(page, dialog.locator(f"[data-test=relationship-{ids[head]}]"), "配偶")
    steps.shot("change-head")
    dialog.locator("[data-test=household-submit]").click()
    page.wait_for_selector("text=户主已变更")
    steps.shot("head-changed")
    members = {
        row.split("\t")[0].strip(): row
        for row in page.locator("[data-test=members] tbody tr").all_inner_texts()
    }
    assert set(members) == {head, spouse}
    assert "户主" in members[spouse]
    assert "配偶" in members[head]

    # The child comes back (添加成员), a child of the new head too.
    page.click("[data-test=add-member]")
    _pick(page, dialog.locator(".el-select").first, child)
    _pick(page, dialog.locator("[data-test=relationship]"), "子女")
    dialog.locator("[data-test=household-submit]").click()
    page.wait_for_selector("text=已添加成员")
    page.locator("[data-test=members] tbody tr", has_text=child).wait_for()
    steps.shot("member-added")

    # 更正信息: the spouse's phone was written wrongly.
    page.get_by_role("link", name=spouse).click()
    page.wait_for_selector("[data-test=timeline]")
    page.click("[data-test=correct]")
    dialog = page.locator("[data-test=correct-dialog]")
    dialog.locator("input[name=phone]").fill("13912345678")
    dialog.locator("[data-test=change-submit]").click()
    dialog.get_by_text("请填写原因").wait_for()
    steps.shot("a-correction-needs-its-reason")
    dialog.locator("textarea[name=reason]").fill("登记时电话号码录错")
    dialog.locator("[data-test=change-submit]").click()
    page.wait_for_selector("text=信息已更正")
    page.get_by_text("信息更正").first.wait_for()
    steps.shot("phone-corrected")
    assert _read(console_stack, worker_token, ids[spouse])["phone"] == "13912345678"

    # 迁移: a resident moves to 南城社区, of another street; the file leaves the area.
    page.goto(f"{steps.url}/persons/{ids[leaving]}")
    page.wait_for_selector("[data-test=timeline]")
    page.click("[data-test=move]")
    dialog = page.locator("[data-test=move-dialog]")
    dialog.locator("[data-test=to-office] input").fill(ELSEWHERE)
    page.keyboard.press("Enter")
    dialog.locator("input[name=address]").fill("南城大道 1 号")
    dialog.locator("[data-test=move-kind]").wait_for()
    assert dialog.locator("[data-test=move-kind]").inner_text() == "迁往其他街道（镇）"
    steps.shot("move-form")
    dialog.locator("[data-test=change-submit]").click()
    page.wait_for_selector("[data-test=moved-away]")
    steps.shot("moved-away")
    assert "已迁往 南城社区" in page.inner_text("[data-test=moved-away]")
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        district = api_sign_in(http, "district", "demo-district")
    assert _read(console_stack, district, ids[leaving])["office"] == ELSEWHERE


def test_a_community_worker_imports_a_ledger_with_one_bad_row(
    steps: Steps, tmp_path: Path
) -> None:
    good, also_good = _new_id("19900307"), _new_id("19851120")
    right = _new_id("19700101")
    bad = right[:17] + ("1" if right[17] != "1" else "2")  # a wrong check digit
    ledger = tmp_path / "居民台帐.csv"
    ledger.write_text(
        "姓名,身份证号,住址,联系电话\n"
        f"导入甲,{good},江滨大道 3 号,13700000001\n"
        f"导入乙,{also_good},江滨大道 5 号,13700000002\n"
        f"导入丙,{bad},江滨大道 7 号,13700000003\n",
        encoding="utf-8",
    )
    page = steps.page

    steps.sign_in(*WORKER)
    page.get_by_text("居民档案", exact=True).click()
    page.get_by_text("导入居民台帐", exact=True).click()
    page.wait_for_url(re.compile(r"/registry/imports"))
    page.wait_for_selector("[data-test=import-form]")
    page.set_input_files("[data-test=ledger-file] input[type=file]", ledger)
    steps.shot("ledger-chosen")
    page.click("[data-test=upload]")
    page.wait_for_url(re.compile(r"/registry/imports\?job="))
    status = page.locator("[data-test=import-status]")
    status.filter(has_text="导入完成").wait_for(timeout=60_000)
    page.wait_for_selector("[data-test=refused-rows] tbody tr")
    steps.shot("import-done")
    assert page.inner_text("[data-test=added]").strip() == "2"
    assert page.inner_text("[data-test=duplicates]").strip() == "0"
    assert page.inner_text("[data-test=refused]").strip() == "1"
    rows = page.locator("[data-test=refused-rows] tbody tr").all_inner_texts()
    assert len(rows) == 1
    number, field, reason = (cell.strip() for cell in rows[0].split("\t"))
    assert (number, field) == ("4", "身份证号")
    assert "校验码应为" in reason

    with page.expect_download() as downloading:
        page.click("[data-test=download-csv]")
    saved = tmp_path / "refused.csv"
    downloading.value.save_as(saved)
    assert bad in saved.read_text(encoding="utf-8-sig")

    # The same ledger again adds nobody twice.
    page.click("[data-test=import-again]")
    page.wait_for_selector("[data-test=import-form]")
    page.set_input_files("[data-test=ledger-file] input[type=file]", ledger)
    page.click("[data-test=upload]")
    status.filter(has_text="导入完成").wait_for(timeout=60_000)
    steps.shot("imported-again")
    assert page.inner_text("[data-test=added]").strip() == "0"
    assert page.inner_text("[data-test=duplicates]").strip() == "2"


def test_a_refused_move_shows_on_its_field_a_stale_file_reloads_a_death_closes_it(
    steps: Steps, console_stack: SupervisorRun, worker_token: dict[str, str]
) -> None:
    stamp = _stamp()
    person_id = _register(console_stack, worker_token, f"郑{stamp}")
    page = steps.page

    steps.sign_in(*WORKER)
    page.goto(f"{steps.url}/persons/{person_id}")
    page.wait_for_selector("[data-test=timeline]")

    # A code of no open office: the registry's refusal shows on 迁入社区.
    page.click("[data-test=move]")
    dialog = page.locator("[data-test=move-dialog]")
    dialog.locator("[data-test=to-office] input").fill("441900999001")
    page.keyboard.press("Enter")
    dialog.locator("input[name=address]").fill("无名路 1 号")
    dialog.locator("[data-test=change-submit]").click()
    error = dialog.locator(".el-form-item", has=page.locator("[data-test=to-office]"))
    error.locator(".el-form-item__error").wait_for()
    steps.shot("a-refused-move-on-its-field")
    dialog.get_by_role("button", name="取消").click()

    # Someone changes the file meanwhile: the version read is stale (412), reload.
    with httpx.Client(base_url=console_stack.url, timeout=10, trust_env=False) as http:
        changed = http.post(
            f"/api/v1/registry/persons/{person_id}/tags",
            json={"add": ["retiree"]},
            headers=worker_token,
        )
    assert changed.status_code == 200, changed.text
    page.click("[data-test=death]")
    dialog = page.locator("[data-test=death-dialog]")
    dialog.locator("input[name=date_of_death]").fill("2026-01-15")
    page.keyboard.press("Enter")
    dialog.locator("[data-test=change-submit]").click()
    dialog.locator("[data-test=change-reload]").wait_for()
    steps.shot("a-stale-file-offers-reload")
    assert "重新加载" in dialog.locator("[data-test=change-failure]").inner_text()
    dialog.locator("[data-test=change-reload]").click()
    page.locator(".el-loading-mask").first.wait_for(state="detached")
    dialog.locator("[data-test=change-submit]").click()
    page.wait_for_selector("[data-test=deceased-tag]")
    steps.shot("death-recorded")
    assert "2026-01-15" in page.inner_text("[data-test=deceased-tag]")
    for closed in ("correct", "move", "death"):
        assert page.locator(f"[data-test={closed}]").count() == 0
    file = _read(console_stack, worker_token, person_id)
    assert (file["status"], file["date_of_death"]) == ("deceased", "2026-01-15")
