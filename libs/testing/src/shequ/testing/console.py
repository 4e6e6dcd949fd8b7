"""The console's browser tests' harness: Debian's Chromium driving the real stack.

The real stack runs as ``make run`` runs it (``shequ-dev run``: a supervisor, a
process per service, embedded PostgreSQL and NATS, the demo district loaded) on a free
port of 127.0.0.1 in a project folder of its own under /tmp, and serves the console
built in console/dist (``make test`` builds it first). Playwright for Python drives
Debian's Chromium (Playwright's own browser download is not available here); without a
Chromium the tests are skipped, saying so. Every step leaves a screenshot under
pytest's temporary folder, ``artifacts/<test>/NN-step.png``.

The fixtures (``chromium``, ``console_stack`` — one stack per test module —,
``browser``, ``steps``) come with shequ's pytest plugin; everything started is stopped
by pid, even when a test fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from openpyxl import load_workbook

from shequ.testing.supervisor import SupervisorRun, project_folder, start_supervisor

STEP_TIMEOUT_MS = 15_000
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def resident_id(first17: str) -> str:
    """A valid resident ID number (GB 11643 check digit) from its first 17 digits."""
    total = sum(w * int(d) for w, d in zip(_WEIGHTS, first17, strict=True))
    return first17 + "10X98765432"[total % 11]


def china_today() -> str:
    """Today's date in China, as the console's date pickers write it."""
    return (datetime.now(UTC) + timedelta(hours=8)).date().isoformat()


def china_year() -> int:
    return date.fromisoformat(china_today()).year


def workbook_rows(path: Path) -> list[list[tuple[object, ...]]]:
    """Each sheet's rows of a downloaded workbook, the file closed again.

    A read-only openpyxl workbook keeps its file open until it is closed.
    """
    book = load_workbook(path, read_only=True)
    try:
        return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    finally:
        book.close()


def api_sign_in(http: httpx.Client, login: str, password: str) -> dict[str, str]:
    """The Authorization header of a demo account, signed in over the API."""
    answer = http.post(
        "/api/v1/registry/sign-in", json={"login": login, "password": password}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "no Chromium found (/usr/bin/chromium): install Debian's `chromium` and "
            "`fonts-noto-cjk` (.ci/run does) to run the console's browser tests"
        )
    return found


@pytest.fixture(scope="module")
def console_stack(
    chromium: str, request: pytest.FixtureRequest
) -> Iterator[SupervisorRun]:
    """The whole stack serving the built console, one per test module."""
    dist = request.config.rootpath / "console" / "dist"
    if not (dist / "index.html").is_file():
        pytest.fail("the console is not built: run `make console` (make test does)")
    with project_folder("shequ-console-") as project:
        running = start_supervisor(
            project, env={"SHEQU_CONSOLE_DIR": str(dist)}, ready_timeout=150
        )
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[object]:
    # Playwright is imported only when a browser test runs (a test-only dependency).
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium)
        try:
            yield launched
        finally:
            launched.close()


class Steps:
    """A page in a fresh browser profile, and a screenshot for each step taken."""

    def __init__(self, browser: object, stack: SupervisorRun, folder: Path) -> None:
        from playwright.sync_api import Browser  # noqa: PLC0415

        assert isinstance(browser, Browser)
        self.url = stack.url
        self.folder = folder
        self.taken = 0
        # An office screen, in China, reading Chinese.
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 768},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        self.context.set_default_timeout(STEP_TIMEOUT_MS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def shot(self, step: str) -> None:
        """The whole page once nothing is loading any more, numbered in order."""
        self.page.locator(".el-loading-mask").first.wait_for(state="detached")
        self.page.wait_for_timeout(300)  # Element Plus's transitions end
        self.taken += 1
        path = self.folder / f"{self.taken:02d}-{step}.png"
        self.page.screenshot(path=path, full_page=True)

    def sign_in(self, login: str, password: str) -> None:
        self.page.goto(f"{self.url}/")
        self.page.wait_for_selector("input[name=login]")
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(lambda url: urlsplit(url).path == "/workbench")

    def sign_out(self) -> None:
        self.page.click("[data-test=sign-out]")
        self.page.wait_for_url(lambda url: urlsplit(url).path == "/login")

    def menu(self, group: str, entry: str) -> None:
        """Open a page from the side menu: its group first, if folded.

        ``entry`` is the item's whole text (人民调解台帐 is not 人民调解台帐与统计).
        """
        menu = self.page.locator(".el-menu")
        item = menu.locator(".el-menu-item").get_by_text(entry, exact=True)
        if not item.is_visible():
            menu.locator(".el-sub-menu__title", has_text=group).click()
        item.click()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def steps(
    browser: object,
    console_stack: SupervisorRun,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Steps]:
    folder = tmp_path_factory.getbasetemp() / "artifacts" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    taking = Steps(browser, console_stack, folder)
    try:
        yield taking
    finally:
        # Where it stood at the end, passed or failed: the first look when one fails.
        taking.page.screenshot(path=folder / "last.png")
        taking.close()
    assert taking.errors == [], "the page raised"
