"""``shequ-dev run`` as a user runs it: a supervisor process, real servers, real kills.

Each test runs the supervisor in a fresh project folder of its own (under /tmp, which
the PostgreSQL user can reach) with ``--services registry`` only, so a service being
reworked elsewhere cannot break these tests, on free ports of 127.0.0.1, and stops
what it started by pid.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from shequ.devinfra._process import process_alive
from shequ.testing.supervisor import (
    SupervisorRun,
    descendants,
    project_folder,
    start_supervisor,
)

pytestmark = [pytest.mark.servers, pytest.mark.slow]

PASSWORD = "bootstrap-pw-1"  # the bootstrap administrator's, given by environment
TOWN = "441900103000"  # not one of the demo's offices

Start = Callable[..., SupervisorRun]  # start("--no-demo") -> a run that said "ready"


@pytest.fixture
def project() -> Iterator[Path]:
    with project_folder("shequ-test-run-") as folder:
        yield folder


@pytest.fixture
def start(project: Path) -> Iterator[Start]:
    runs: list[SupervisorRun] = []

    def run(*args: str) -> SupervisorRun:
        runs.append(
            start_supervisor(
                project,
                *("--services", "registry", *args),
                env={"SHEQU_REGISTRY_BOOTSTRAP_PASSWORD": PASSWORD},
            )
        )
        return runs[-1]

    yield run
    for run_ in runs:
        run_.stop()


def _sign_in(http: httpx.Client, login: str, password: str) -> str:
    answer = http.post(
        "/api/v1/registry/sign-in", json={"login": login, "password": password}
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


def _offices(http: httpx.Client, token: str) -> list[str]:
    answer = http.get(
        "/api/v1/registry/offices", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    return [office["code"] for office in answer.json()]


def _open_town(http: httpx.Client, token: str) -> None:
    answer = http.post(
        "/api/v1/registry/offices",
        json={"code": TOWN, "name": "测试镇", "kind": "town"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "town-1"},
    )
    assert answer.status_code == 201, answer.text
    deadline = time.monotonic() + 10  # the office list is a projection
    while TOWN not in _offices(http, token) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_killed_service_is_restarted_and_a_stopped_supervisor_leaves_nothing(
    start: Start,
) -> None:
    run: SupervisorRun = start("--no-demo")
    with httpx.Client(base_url=run.url, timeout=10) as http:
        index = http.get("/services")  # the console is at /, when built
        ready = http.get("/api/v1/registry/health/ready")
        unknown = http.get("/api/v1/nowhere/at/all")
        token = _sign_in(http, "admin", PASSWORD)
        _open_town(http, token)

        os.kill(run.pid_of("registry"), signal.SIGKILL)
        killed = time.monotonic()
        answers = []
        while time.monotonic() - killed < 30:
            answers.append(http.get("/api/v1/registry/health/ready"))
            if answers[-1].status_code == 200:
                break
            time.sleep(0.05)
        back_after = time.monotonic() - killed
        offices_after = _offices(http, token)

    run.wait_for(r"registry stopped \(exit code -9\); restarting")
    started = descendants(run.process.pid)
    assert started  # the worker, PostgreSQL (and its processes), NATS
    code = run.stop(signal.SIGTERM, sweep=False)

    assert (index.status_code, index.headers["content-type"]) == (
        200,
        "text/html; charset=utf-8",
    )
    assert "/api/v1/registry/docs" in index.text
    assert ready.status_code == 200
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    unavailable = [a for a in answers if a.status_code != 200]
    assert unavailable, "the restart should take a moment (1 s back-off)"
    assert {a.status_code for a in unavailable} == {503}
    assert unavailable[0].headers["content-type"] == "application/problem+json"
    assert int(unavailable[0].headers["retry-after"]) >= 1
    assert answers[-1].status_code == 200
    assert back_after < 20, f"back after {back_after:.1f} s"
    assert TOWN in offices_after  # written before the kill, read after
    assert code == 0
    assert run.text.rstrip().endswith("shequ: stopped")
    assert [pid for pid in started if process_alive(pid)] == []


def test_a_second_run_keeps_data_and_key_and_the_demo_is_loaded_once(
    start: Start, project: Path
) -> None:
    first: SupervisorRun = start("--no-demo")
    with httpx.Client(base_url=first.url, timeout=10) as http:
        token = _sign_in(http, "admin", PASSWORD)
        _open_town(http, token)
    key = first.wait_for(r"signing key ([0-9a-f]{16})").group(1)
    private_key = project / ".run" / "keys" / "token-private.pem"
    mode = private_key.stat().st_mode & 0o777
    first.stop(signal.SIGINT)  # as Ctrl-C

    second: SupervisorRun = start()
    with httpx.Client(base_url=second.url, timeout=10) as http:
        offices = _offices(http, token)  # the first run's token
        demo_token = _sign_in(http, "district", "demo-district")
    second.stop()

    third: SupervisorRun = start()
    third.stop()

    assert oct(mode) == "0o600"
    assert second.wait_for(r"signing key ([0-9a-f]{16})").group(1) == key
    assert TOWN in offices
    assert demo_token
    assert "演示账号" in second.text  # the demo sign-ins, printed in Chinese
    assert "loading demo data into registry" in second.text
    assert "loading demo data" not in third.text  # remembered in the database
    assert "fsync on" in third.text


def test_a_killed_supervisor_takes_its_services_and_servers_with_it(
    start: Start,
) -> None:
    """PR_SET_PDEATHSIG: nothing is left running, and the next run starts as usual."""
    run = start("--no-demo")
    started = descendants(run.process.pid)
    run.stop(signal.SIGKILL, sweep=False)
    deadline = time.monotonic() + 15
    while any(process_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in started if process_alive(pid)]

    again = start("--no-demo")
    with httpx.Client(base_url=again.url, timeout=10) as http:
        ready = http.get("/api/v1/registry/health/ready").status_code
    again.stop()

    assert len(started) >= 3  # the worker, PostgreSQL, NATS (and postgres's own)
    assert left == []
    assert ready == 200
