"""Two replicas of a service: kill the one running the relay and projections.

``shequ-dev run`` starts registry and employment (a process each, embedded
PostgreSQL, a NATS of the test's own); the test starts a second replica of each
beside them, on the same database and NATS. Clients send registrations to both
registry replicas in turn, each request under its own Idempotency-Key and retried
under the same key at the other replica on a connection error or a 5xx. Midway, the
replicas holding the lease (the supervisor's, started first) are killed with
SIGKILL: the second replicas take the lease within seconds, carry the load, and
every acknowledged command is stored, published and projected exactly once.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest

from shequ.devinfra._nats import EmbeddedNats
from shequ.devinfra._process import free_port
from shequ.keyring import new_master_key
from shequ.service._rundir import with_schema
from shequ.testing.supervisor import SupervisorRun, project_folder, start_supervisor
from shequ.testing.tokens import PRIVATE_KEY, PUBLIC_KEY

PASSWORD = "replica-bootstrap-pw"
STREET, COMMUNITY = "441900106000", "441900106001"
LOAD = 200
CLIENTS = 4
KILL_AFTER = 60
DEADLINE = 90.0
SERVICES = ("registry", "employment")


@dataclass
class Replica:
    """A second process of a service, started by the test beside the supervisor's."""

    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Stack:
    run: SupervisorRun
    nats_url: str
    env: dict[str, str]
    project: Path
    replicas: dict[str, Replica] = field(default_factory=dict)

    def start_replica(self, name: str) -> Replica:
        port = free_port()
        command = [sys.executable, "-m", "shequ.service.worker", "--service", name]
        with (self.project / f"{name}-2.log").open("wb") as log:
            process = subprocess.Popen(
                [*command, "--port", str(port)],
                env={
                    **{
                        k: v
                        for k, v in os.environ.items()
                        if not k.startswith("SHEQU_")
                    },
                    **self.env,
                    "SHEQU_DATABASE_URL": with_schema(self.run.database_url(), name),
                    "SHEQU_DATABASE_ROLE": f"shequ_{name}",
                    "SHEQU_NATS_URL": self.nats_url,
                },
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        replica = Replica(name, port, process)
        self.replicas[name] = replica
        deadline = time.monotonic() + 60
        with httpx.Client(timeout=2, trust_env=False) as http:
            while True:
                assert process.poll() is None, (
                    self.project / f"{name}-2.log"
                ).read_text()
                assert time.monotonic() < deadline, f"{name} replica not ready"
                try:
                    ready = http.get(f"{replica.url}/api/v1/{name}/health/ready")
                    if ready.status_code == 200:
                        return replica
                except httpx.TransportError:
                    pass
                time.sleep(0.2)


@pytest.fixture
def stack() -> Iterator[Stack]:
    with project_folder("shequ-replicas-") as project:
        nats = EmbeddedNats(project / "nats").start()
        env = {
            "SHEQU_REGISTRY_BOOTSTRAP_PASSWORD": PASSWORD,
            "SHEQU_TOKEN_PRIVATE_KEY": PRIVATE_KEY,
            "SHEQU_TOKEN_PUBLIC_KEY": PUBLIC_KEY,
            "SHEQU_MASTER_KEY": new_master_key(),
        }
        run = start_supervisor(
            project,
            *("--no-demo", "--services", ",".join(SERVICES)),
            env={**env, "SHEQU_NATS_URL": nats.url},
            ready_timeout=120,
        )
        stack = Stack(run, nats.url, env, project)
        try:
            yield stack
        finally:
            for replica in stack.replicas.values():
                replica.stop()
            run.stop()
            nats.close()


def _direct_url(run: SupervisorRun, name: str) -> str:
    """The supervisor's own replica of ``name``, as it reported it ready."""
    address = run.wait_for(rf"{name} (?:ready|is up again) on (\S+) \(pid").group(1)
    return f"http://{address}"


def _status(http: httpx.Client, url: str, name: str, auth: dict[str, str]) -> dict:
    try:
        answer = http.get(f"{url}/api/v1/{name}/ops/status", headers=auth, timeout=2)
    except httpx.TransportError:
        return {}
    return answer.json() if answer.status_code == 200 else {}


def _person(n: int) -> dict[str, object]:
    return {
        "name": f"副本{n:03d}",
        "office": COMMUNITY,
        "address": f"副本路 {n} 号",
        "document_kind": None,
        "birth_date": (date(1980, 1, 1) + timedelta(days=13 * n)).isoformat(),
        "sex": "male" if n % 2 else "female",
    }


@dataclass
class Load:
    """Registrations to both replicas in turn, each retried at the other until 2xx."""

    urls: list[str]
    auth: dict[str, str]
    acked: dict[str, str] = field(default_factory=dict)
    retried: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)
    ack_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        deadline = time.monotonic() + DEADLINE
        numbers = iter(range(LOAD))
        take = threading.Lock()

        def client() -> None:
            with httpx.Client(timeout=10, trust_env=False) as http:
                while True:
                    with take:
                        n = next(numbers, None)
                    if n is None:
                        return
                    self._register(http, n, deadline)

        with ThreadPoolExecutor(CLIENTS) as pool:
            for done in [pool.submit(client) for _ in range(CLIENTS)]:
                done.result()

    def _register(self, http: httpx.Client, n: int, deadline: float) -> None:
        key = f"replica-{n:03d}"
        headers = {**self.auth, "Idempotency-Key": key}
        for attempt in itertools.count():
            assert time.monotonic() < deadline, f"{key} not acknowledged in time"
            url = self.urls[(n + attempt) % len(self.urls)]
            if attempt:
                with self.lock:
                    self.retried.add(key)
                time.sleep(0.05)
            try:
                answer = http.post(
                    f"{url}/api/v1/registry/persons", json=_person(n), headers=headers
                )
            except httpx.TransportError:
                continue
            if answer.status_code >= 500:
                continue
            with self.lock:
                if answer.is_success:
                    self.acked[key] = answer.json()["person_id"]
                    self.ack_times.append(time.monotonic())
                else:
                    self.refused[key] = f"{answer.status_code} {answer.text}"
            return

    def longest_gap(self) -> float:
        times = sorted(self.ack_times)
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


async def _stored(database_url: str) -> tuple[int, int]:
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow(
            "SELECT count(*) AS n, count(DISTINCT stream_id) AS streams"
            " FROM registry.events WHERE event_type = 'PersonRegistered'"
        )
        assert row is not None
        return int(row["n"]), int(row["streams"])
    finally:
        await conn.close()


def _working_age(http: httpx.Client, url: str, auth: dict[str, str]) -> int:
    answer = http.get(f"{url}/api/v1/employment/figures/employment-rate", headers=auth)
    if answer.status_code != 200:
        return -1
    for office in answer.json()["offices"]:
        if office["office"] == COMMUNITY:
            return int(office["working_age"])
    return 0


AGREED = {"persons": LOAD, "working age": LOAD, "behind": 0}


def _settled(
    http: httpx.Client, second: dict[str, str], auth: dict[str, str]
) -> dict[str, int]:
    """What the second replicas count once they agree with the load (or time is up).

    ``behind`` adds unpublished events, parked messages and messages not yet applied.
    """
    counts: dict[str, int] = {}
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        persons = http.get(
            f"{second['registry']}/api/v1/registry/persons",
            params={"within": COMMUNITY, "size": 1},
            headers=auth,
        )
        behind = 0
        for name in SERVICES:
            status = _status(http, second[name], name, auth)
            lag = sum(
                s["lag"] for p in status.get("projections", []) for s in p["sources"]
            )
            behind += status.get("relay_pending", 1) + status.get("parked", 0) + lag
        counts = {
            "persons": persons.json()["total"] if persons.status_code == 200 else -1,
            "working age": _working_age(http, second["employment"], auth),
            "behind": behind,
        }
        if counts == AGREED:
            break
        time.sleep(0.5)
    return counts


def test_the_standby_replica_takes_over_the_lease_and_nothing_is_lost_or_doubled(
    stack: Stack,
) -> None:
    run = stack.run
    first = {name: _direct_url(run, name) for name in SERVICES}
    with httpx.Client(base_url=run.url, timeout=10, trust_env=False) as http:
        signed = http.post(
            "/api/v1/registry/sign-in", json={"login": "admin", "password": PASSWORD}
        )
        assert signed.status_code == 200, signed.text
        auth = {"Authorization": f"Bearer {signed.json()['token']}"}
        for code, kind in [(STREET, "street"), (COMMUNITY, "community")]:
            answer = http.post(
                "/api/v1/registry/offices",
                json={"code": code, "name": f"副本 {code}", "kind": kind},
                headers={**auth, "Idempotency-Key": f"office-{code}"},
            )
            assert answer.status_code == 201, answer.text
        second = {name: stack.start_replica(name).url for name in SERVICES}
        for name in SERVICES:
            assert _status(http, first[name], name, auth)["runs_background"] is True
            assert _status(http, second[name], name, auth)["runs_background"] is False
        time.sleep(1)  # the directory's office reaches the second replica's reads

        load = Load([first["registry"], second["registry"]], auth)
        failures: list[BaseException] = []

        def go() -> None:
            try:
                load.run()
            except BaseException as error:  # reported by the test's thread
                failures.append(error)

        thread = threading.Thread(target=go, daemon=True)
        thread.start()
        deadline = time.monotonic() + DEADLINE
        while len(load.acked) < KILL_AFTER and thread.is_alive():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        acked_before = len(load.acked)
        killed_at = time.monotonic()
        for name in SERVICES:
            os.kill(run.pid_of(name), signal.SIGKILL)
        takeover: dict[str, float] = {}
        while len(takeover) < len(SERVICES) and time.monotonic() - killed_at < 30:
            for name in SERVICES:
                status = _status(http, second[name], name, auth)
                if name not in takeover and status.get("runs_background"):
                    takeover[name] = time.monotonic() - killed_at
            time.sleep(0.1)
        thread.join(DEADLINE + 10)
        run.note_tree()

        counts = _settled(http, second, auth)
    events, streams = asyncio.run(_stored(run.database_url()))
    print(
        f"replicas: {LOAD} sent, {len(load.acked)} acknowledged ({acked_before} before"
        f" the kill), {len(load.retried)} retried; stored {events} in {streams}"
        f" streams; projected {counts}; lease taken over in "
        + ", ".join(f"{n} {s:.1f} s" for n, s in takeover.items())
        + f"; longest gap between acknowledgements {load.longest_gap():.2f} s"
    )

    assert failures == []
    assert load.refused == {}
    assert acked_before < LOAD, "the kill came after the load"
    assert set(takeover) == set(SERVICES), "a standby never took the lease"
    assert max(takeover.values()) < 10.0
    assert len(load.acked) == LOAD
    assert len(set(load.acked.values())) == LOAD
    assert (events, streams) == (LOAD, LOAD)
    assert counts == AGREED
