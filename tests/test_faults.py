"""Faults under load (故障注入): a service or NATS killed while commands pour in.

Each test runs ``shequ-dev run`` as a user runs it (a supervisor process, a process
per service, embedded PostgreSQL, all on free ports of 127.0.0.1, in a project folder
of its own under /tmp), signs in as the bootstrap administrator and registers people
from a few concurrent clients, each request under its own Idempotency-Key and retried
under the SAME key on a connection error or a 5xx, as a client is told to. Midway a
process is killed with SIGKILL. Afterwards every acknowledged command must be stored
exactly once: in the events table, in the registry's list, in employment's people copy
and in reporting's figures.

Everything started here is stopped by pid (the supervisor, then whatever of its
process tree is left, then our own NATS), even when a test fails.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest

from shequ.devinfra._nats import EmbeddedNats
from shequ.devinfra._process import process_alive
from shequ.testing.supervisor import SupervisorRun, project_folder, start_supervisor

pytestmark = [pytest.mark.servers, pytest.mark.slow]

PASSWORD = "fault-bootstrap-pw"  # the bootstrap administrator's, given by environment
STREET, COMMUNITY = "441900105000", "441900105001"  # offices no demo uses
LOAD = 200  # registrations per test
CLIENTS = 4  # concurrent clients
KILL_AFTER = 60  # acknowledged registrations before the kill
DEADLINE = 90.0  # seconds for the load, and again for the projections to agree


Start = Callable[..., SupervisorRun]


@pytest.fixture
def project() -> Iterator[Path]:
    with project_folder("shequ-faults-") as folder:
        yield folder


@pytest.fixture
def start(project: Path) -> Iterator[Start]:
    runs: list[SupervisorRun] = []

    def run(services: str, **env_extra: str) -> SupervisorRun:
        env = {"SHEQU_REGISTRY_BOOTSTRAP_PASSWORD": PASSWORD, **env_extra}
        runs.append(
            start_supervisor(
                project,
                *("--no-demo", "--services", services),
                env=env,
                ready_timeout=120,
            )
        )
        return runs[-1]

    yield run
    for run_ in runs:
        run_.stop()


@pytest.fixture
def own_nats(project: Path) -> Iterator[EmbeddedNats]:
    """A NATS of our own, kept on its port and store across a kill and a restart."""
    server = EmbeddedNats(project / "nats").start()
    yield server
    server.close()


# -- the client ------------------------------------------------------------------


def _sign_in(http: httpx.Client) -> dict[str, str]:
    answer = http.post(
        "/api/v1/registry/sign-in", json={"login": "admin", "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _open_offices(http: httpx.Client, auth: dict[str, str]) -> None:
    for code, kind in [(STREET, "street"), (COMMUNITY, "community")]:
        answer = http.post(
            "/api/v1/registry/offices",
            json={"code": code, "name": f"测试 {code}", "kind": kind},
            headers={**auth, "Idempotency-Key": f"office-{code}"},
        )
        assert answer.status_code == 201, answer.text
    # A person is registered only in an office the directory knows.
    _eventually(lambda: _listed(http, auth, "/api/v1/registry/offices", COMMUNITY))


def _listed(http: httpx.Client, auth: dict[str, str], url: str, code: str) -> bool:
    answer = http.get(url, headers=auth)
    return answer.status_code == 200 and code in {o["code"] for o in answer.json()}


def _eventually(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.1)


def _person(n: int) -> dict[str, object]:
    # No ID number: a duplicate would show as a second file, not be refused as 409.
    return {
        "name": f"测试{n:03d}",
        "office": COMMUNITY,
        "address": f"故障路 {n} 号",
        "document_kind": None,
        "birth_date": (date(1980, 1, 1) + timedelta(days=13 * n)).isoformat(),
        "sex": "male" if n % 2 else "female",
    }


@dataclass
class Load:
    """Registrations from a few clients, each retried under its own key until 2xx."""

    url: str
    auth: dict[str, str]
    acked: dict[str, str] = field(default_factory=dict)  # key -> person id
    retried: set[str] = field(default_factory=set)  # keys sent more than once
    refused: dict[str, str] = field(default_factory=dict)  # key -> a 4xx answer
    lock: threading.Lock = field(default_factory=threading.Lock)
    deadline: float = 0.0

    def run(self, prefix: str) -> None:
        self.deadline = time.monotonic() + DEADLINE
        numbers = iter(range(LOAD))
        take = threading.Lock()

        def client() -> None:
            with httpx.Client(base_url=self.url, timeout=10, trust_env=False) as http:
                while True:
                    with take:
                        n = next(numbers, None)
                    if n is None:
                        return
                    self._register(http, f"{prefix}-{n:03d}", n)

        with ThreadPoolExecutor(CLIENTS) as pool:
            for done in [pool.submit(client) for _ in range(CLIENTS)]:
                done.result()

    def _register(self, http: httpx.Client, key: str, n: int) -> None:
        headers = {**self.auth, "Idempotency-Key": key}
        for attempt in itertools.count():
            assert time.monotonic() < self.deadline, f"{key} not acknowledged in time"
            if attempt:
                with self.lock:
                    self.retried.add(key)
                time.sleep(0.1)
            try:
                answer = http.post(
                    "/api/v1/registry/persons", json=_person(n), headers=headers
                )
            except httpx.TransportError:
                continue
            if answer.status_code >= 500:
                continue
            with self.lock:
                if answer.is_success:
                    self.acked[key] = answer.json()["person_id"]
                else:
                    self.refused[key] = f"{answer.status_code} {answer.text}"
            return

    def count(self) -> int:
        with self.lock:
            return len(self.acked)


def _load_in_background(
    load: Load, prefix: str
) -> tuple[threading.Thread, list[BaseException]]:
    failures: list[BaseException] = []

    def go() -> None:
        try:
            load.run(prefix)
        except BaseException as error:  # reported by the test's thread
            failures.append(error)

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    return thread, failures


def _wait_for_acks(load: Load, count: int, thread: threading.Thread) -> None:
    deadline = time.monotonic() + DEADLINE
    while load.count() < count and thread.is_alive():
        assert time.monotonic() < deadline, f"only {load.count()} acknowledged"
        time.sleep(0.01)


def _stored(database_url: str, schema: str) -> tuple[int, int]:
    """PersonRegistered events in ``schema``'s events table: all, distinct streams."""

    async def query() -> tuple[int, int]:
        conn = await asyncpg.connect(database_url)
        try:
            row = await conn.fetchrow(
                f"SELECT count(*) AS n, count(DISTINCT stream_id) AS streams "
                f"FROM {schema}.events WHERE event_type = 'PersonRegistered'"
            )
            assert row is not None
            return int(row["n"]), int(row["streams"])
        finally:
            await conn.close()

    return asyncio.run(query())


def _registry_total(http: httpx.Client, auth: dict[str, str]) -> int:
    answer = http.get(
        "/api/v1/registry/persons",
        params={"within": COMMUNITY, "size": 1},
        headers=auth,
    )
    assert answer.status_code == 200, answer.text
    total: int = answer.json()["total"]
    return total


# -- the faults ------------------------------------------------------------------


def test_a_killed_service_restarts_and_keeps_each_acknowledged_command_once(
    start: Start,
) -> None:
    run = start("registry")
    with httpx.Client(base_url=run.url, timeout=10, trust_env=False) as http:
        auth = _sign_in(http)
        _open_offices(http, auth)
        first_pid = run.pids_of("registry")[-1]
        load = Load(run.url, auth)
        began = time.monotonic()
        thread, failures = _load_in_background(load, "kill-service")

        _wait_for_acks(load, KILL_AFTER, thread)
        acked_before_kill = load.count()
        os.kill(first_pid, signal.SIGKILL)
        thread.join(DEADLINE + 10)
        took = time.monotonic() - began
        run.wait_for(r"registry is up again on \S+ \(pid \d+")
        run.note_tree()
        ready = http.get("/api/v1/registry/health/ready").status_code
        deadline = time.monotonic() + DEADLINE
        while _registry_total(http, auth) < LOAD and time.monotonic() < deadline:
            time.sleep(0.2)
        listed = _registry_total(http, auth)
    events, streams = _stored(run.database_url(), "registry")
    print(f"load of {LOAD} with a kill: {took:.1f} s, {len(load.retried)} retried")

    assert failures == []
    assert not thread.is_alive()
    assert load.refused == {}
    assert acked_before_kill < LOAD, "the kill came after the load"
    assert load.retried, "no request met the outage"
    assert re.search(r"registry stopped \(exit code -9\); restarting", run.text)
    assert run.pids_of("registry")[-1] != first_pid
    assert run.pids_of("registry")[-1] in run.tree  # a child of the supervisor
    assert not process_alive(first_pid)
    assert ready == 200
    assert len(load.acked) == LOAD  # every key acknowledged in the end
    assert len(set(load.acked.values())) == LOAD  # each key its own file
    assert (events, streams) == (LOAD, LOAD)  # stored once, retried or not
    assert listed == LOAD


def test_nats_killed_mid_load_loses_and_doubles_nothing_in_any_projection(
    own_nats: EmbeddedNats,
    start: Start,  # in this order: NATS stops last
) -> None:
    run = start("registry,employment,reporting", SHEQU_NATS_URL=own_nats.url)
    with httpx.Client(base_url=run.url, timeout=10, trust_env=False) as http:
        auth = _sign_in(http)
        _open_offices(http, auth)
        load = Load(run.url, auth)
        began = time.monotonic()
        thread, failures = _load_in_background(load, "kill-nats")

        _wait_for_acks(load, KILL_AFTER, thread)
        acked_before_kill = load.count()
        killed_pid = own_nats.pid
        os.kill(killed_pid, signal.SIGKILL)
        time.sleep(2)  # commands go on: PostgreSQL is the record, the relay waits
        acked_while_down = load.count() - acked_before_kill
        own_nats.start()  # the same port and store, as after a crash
        thread.join(DEADLINE + 10)
        took = time.monotonic() - began

        agreed = {
            "registry persons": LOAD,
            "employment working age": LOAD,
            "reporting working age": LOAD,
            # unpublished events, parked messages and messages not yet applied
            "registry behind": 0,
            "employment behind": 0,
            "reporting behind": 0,
        }
        counts: dict[str, int] = {}
        caught_up = time.monotonic()
        deadline = caught_up + DEADLINE
        while time.monotonic() < deadline:
            counts = _projected(http, auth)
            if counts == agreed:
                break
            time.sleep(0.5)
        caught_up = time.monotonic() - caught_up
    events, streams = _stored(run.database_url(), "registry")
    print(
        f"load of {LOAD} with NATS killed: {took:.1f} s; projections agreed "
        f"{caught_up:.1f} s after the load"
    )

    assert failures == []
    assert load.refused == {}
    assert acked_before_kill < LOAD, "the kill came after the load"
    assert acked_while_down > 0, "commands should go on while NATS is down"
    assert not process_alive(killed_pid)
    assert len(load.acked) == LOAD
    assert len(set(load.acked.values())) == LOAD
    assert (events, streams) == (LOAD, LOAD)
    assert counts == agreed


def _projected(http: httpx.Client, auth: dict[str, str]) -> dict[str, int]:
    """The community's people as each service's projections count them."""
    rates = http.get("/api/v1/employment/figures/employment-rate", headers=auth)
    figures = http.get("/api/v1/reporting/figures", headers=auth)
    return {
        "registry persons": _registry_total(http, auth),
        "employment working age": _working_age(rates),
        "reporting working age": _working_age(figures),
        **{
            f"{name} behind": _behind(http, auth, name)
            for name in ("registry", "employment", "reporting")
        },
    }


def _working_age(answer: httpx.Response) -> int:
    """The community's residents of working age in an answer of figures by office."""
    if answer.status_code != 200:
        return -1
    for office in answer.json()["offices"]:
        if office["office"] == COMMUNITY:
            count: int = office["working_age"]
            return count
    return 0


def _behind(http: httpx.Client, auth: dict[str, str], service: str) -> int:
    """Events the relay has not published, messages parked or not yet applied.

    A projection's lag counts from its checkpoint to its source stream's last
    sequence, so 0 everywhere with every event published means nothing is in flight.
    """
    answer = http.get(f"/api/v1/{service}/ops/status", headers=auth)
    if answer.status_code != 200:
        return -1
    status = answer.json()
    lag = sum(s["lag"] for p in status["projections"] for s in p["sources"])
    return int(status["relay_pending"] + status["parked"] + lag)
