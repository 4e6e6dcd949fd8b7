"""A JetStream cluster of three loses its stream leader mid-load (issue #21, part 4).

The registry runs in this process as deployed on a cluster (uvicorn on a free port,
``SHEQU_NATS_URL`` naming the three nodes, ``SHEQU_NATS_REPLICAS=3``) against three
nats-server nodes of :class:`shequ.devinfra.NatsCluster` and the suite's PostgreSQL.
Clients register people over HTTP at a steady rate, each request under its own
Idempotency-Key and retried under the same key on a connection error or a 5xx; a few
seconds in, the node leading both the registry's stream and the directory's consumer of
it is killed with SIGKILL and the load goes on. Twice: with the service's own NATS
connection on another node (its publishes meet a leaderless stream) and on the leader
(the connection dies with it).

Afterwards every acknowledged command must be in the store once, in the stream once
(as many messages as events, no message id twice) and in the registry's directory,
the projection fed from the stream, once; the killed node, restarted, catches up.
Printed: the outage (the longest anything stood still) and the counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx
import nats
import nats.errors
import pytest
import uvicorn
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from nats.js.api import PeerInfo

from shequ.access import Role
from shequ.devinfra import NatsCluster
from shequ.devinfra._process import process_alive
from shequ.messaging import stream_name
from shequ.registry.app import create_app
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, DISTRICT, STREET_A
from shequ.testing.tokens import PRIVATE_KEY, PUBLIC_KEY, bearer, staff

STREAM = stream_name("registry")
DIRECTORY = "registry-directory"  # the registry's projection of persons
CONSUMER = f"{DIRECTORY}-registry"  # its live (durable) consumer of the stream
RATE = 20.0  # registrations started per second
IN_FLIGHT = 8  # at most this many requests at once
KILL_AFTER = 5.0  # seconds of load before the kill
LOAD_AFTER_KILL = 12.0  # seconds of load after it: longer than an election
SETTLE = 30.0  # seconds for the relay, the directory and the restarted node
WHOLE_TEST = 85.0  # per case (~35 s here): both within 3 minutes
# An election takes 4–9 s (raft's timeouts in nats-server); the relay asks again
# every second at most. Far above that, something waits that should not.
OUTAGE_BOUND = 20.0


@pytest.fixture
def nats_cluster() -> Iterator[NatsCluster]:
    with NatsCluster(3) as cluster:
        yield cluster


@pytest.mark.parametrize(
    "service_on_leader",
    [False, True],
    ids=["service-on-another-node", "service-on-the-leader"],
)
async def test_killing_the_stream_leader_mid_load_publishes_each_command_once(
    nats_cluster: NatsCluster, pg_dsn: str, service_on_leader: bool
) -> None:
    async with asyncio.timeout(WHOLE_TEST), _registry(nats_cluster, pg_dsn) as run:
        await _lead_from(run, run.service_on if service_on_leader else run.other)
        fault = await _kill_the_leader_under_load(run)
        await _settled(run.runtime, SETTLE)
        fault.settled_at = time.monotonic()
        await fault.stop_watching()
        stored = await _stored(run)
        nats_cluster.start()  # the killed node again, on its port and store
        rejoined = await _rejoined(run, fault.leader)
    stream = await _published(nats_cluster.urls)
    print(fault.report(stored, stream, rejoined))

    load = fault.load
    assert fault.replicas == 3
    assert fault.consumer_leader == fault.leader
    assert (fault.leader == run.service_on) is service_on_leader
    assert not process_alive(fault.killed_pid)
    assert load.refused == {}
    assert 0 < fault.acked_before_kill < len(load.acked), "the kill came mid-load"
    assert set(load.acked) == load.sent, "every command acknowledged in the end"
    # Each acknowledged command stored once, retried or not.
    assert sorted(stored.person_ids) == sorted(load.acked.values())
    # Published exactly once: one message per event, no message id twice.
    assert stream.messages == len(stream.ids) == len(stored.recorded)
    assert sorted(stream.ids) == sorted(stored.recorded)
    # Projected exactly once: the directory holds each person, nothing parked,
    # its checkpoint at the stream's end.
    assert stored.listed == stored.projected == len(load.acked)
    assert stored.parked == 0
    assert stored.directory_seq == stream.messages
    assert fault.outage < OUTAGE_BOUND


# -- the registry on the cluster -----------------------------------------------------


@dataclass
class Run:
    """The registry serving HTTP on the cluster, and who is connected where."""

    cluster: NatsCluster
    http: httpx.AsyncClient
    runtime: Runtime
    observer: NatsClient  # the test's own connection, to ask JetStream
    service_on: str  # the node the service's NATS connection is on
    other: str  # another node


@contextlib.asynccontextmanager
async def _registry(cluster: NatsCluster, pg_dsn: str) -> AsyncIterator[Run]:
    settings = ServiceSettings(
        database_url=pg_dsn,
        nats_url=cluster.url,
        nats_replicas=3,
        token_public_key=PUBLIC_KEY,
        token_private_key=PRIVATE_KEY,  # as deployed: its first start opens DISTRICT
    )
    app = create_app(settings)
    observer = await nats.connect(cluster.urls, connect_timeout=5)
    try:
        async with _serve(app) as url, httpx.AsyncClient(base_url=url) as http:
            runtime: Runtime = app.state.runtime
            assert runtime.nats.connected_url is not None
            service_on = cluster.node_on(runtime.nats.connected_url.port or 0)
            other = next(n.name for n in cluster.nodes if n.name != service_on)
            await _open_offices(http)
            yield Run(cluster, http, runtime, observer, service_on, other)
    finally:
        await observer.close()


@contextlib.asynccontextmanager
async def _serve(app: FastAPI) -> AsyncIterator[str]:
    """``app`` under uvicorn on a free port of 127.0.0.1; its base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(60):
        while not server.started:
            if task.done():
                task.result()  # a failed start raises here
                raise RuntimeError("uvicorn stopped before it started")
            await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


def _admin() -> dict[str, str]:
    return bearer(staff(Role.DISTRICT_ADMIN, office=DISTRICT), datetime.now(UTC))


async def _open_offices(http: httpx.AsyncClient) -> None:
    """The street and community the load registers people in (the district is open)."""
    for code, kind in ((STREET_A, "street"), (COMMUNITY_A, "community")):
        answer = await http.post(
            "/api/v1/registry/offices",
            json={"code": code, "name": f"集群 {code}", "kind": kind},
            headers=_admin(),
        )
        assert answer.status_code == 201, answer.text
    async with asyncio.timeout(30):  # a person goes to an office the directory knows
        while True:
            offices = await http.get("/api/v1/registry/offices", headers=_admin())
            if offices.status_code == 200 and COMMUNITY_A in {
                o["code"] for o in offices.json()
            }:
                return
            await asyncio.sleep(0.1)


async def _lead_from(run: Run, node: str) -> None:
    """Move the leadership of the stream and the directory's consumer to ``node``.

    A stepdown naming ``node`` preferred; the kill then takes both leaders at once.
    """
    js = run.observer.jetstream(timeout=5)
    for group, leader in (
        (STREAM, _stream_leader),
        (f"{STREAM}.{CONSUMER}", _consumer_leader),
    ):
        kind = "STREAM" if group == STREAM else "CONSUMER"
        async with asyncio.timeout(30):
            while await leader(js) != node:
                with contextlib.suppress(nats.errors.Error):
                    await run.observer.request(
                        f"$JS.API.{kind}.LEADER.STEPDOWN.{group}",
                        json.dumps({"placement": {"preferred": node}}).encode(),
                        timeout=5,
                    )
                await asyncio.sleep(0.5)


async def _stream_leader(js: JetStreamContext) -> str | None:
    info = await js.stream_info(STREAM)
    return info.cluster.leader if info.cluster else None


async def _consumer_leader(js: JetStreamContext) -> str | None:
    info = await js.consumer_info(STREAM, CONSUMER)
    return info.cluster.leader if info.cluster else None


# -- the load and the fault ----------------------------------------------------------


def _person(n: int) -> dict[str, object]:
    # No ID number: a command applied twice would show as a second file.
    return {
        "name": f"集群{n:04d}",
        "office": COMMUNITY_A,
        "address": f"选举路 {n} 号",
        "document_kind": None,
        "birth_date": (date(1970, 1, 1) + timedelta(days=11 * n)).isoformat(),
        "sex": "male" if n % 2 else "female",
    }


@dataclass
class Load:
    """Registrations started at a steady rate, each retried under its key until 2xx."""

    http: httpx.AsyncClient
    auth: dict[str, str] = field(default_factory=_admin)
    sent: set[str] = field(default_factory=set)
    acked: dict[str, str] = field(default_factory=dict)  # key -> person id
    acked_at: list[float] = field(default_factory=list)
    retried: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)

    async def run(self, stop: asyncio.Event, deadline: float) -> None:
        slots = asyncio.Semaphore(IN_FLIGHT)
        tasks: list[asyncio.Task[None]] = []
        began = time.monotonic()
        while not stop.is_set():
            # Started on a schedule, not after the previous answer: a stall shows.
            due = began + len(tasks) / RATE
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), due - time.monotonic())
            if stop.is_set():
                break
            await slots.acquire()
            tasks.append(
                asyncio.create_task(self._register(len(tasks), slots, deadline))
            )
        await asyncio.gather(*tasks)

    async def _register(
        self, n: int, slots: asyncio.Semaphore, deadline: float
    ) -> None:
        key = f"cluster-{n:05d}"
        self.sent.add(key)
        headers = {**self.auth, "Idempotency-Key": key}
        try:
            while time.monotonic() < deadline:
                try:
                    answer = await self.http.post(
                        "/api/v1/registry/persons",
                        json=_person(n),
                        headers=headers,
                        timeout=10,
                    )
                except httpx.TransportError:
                    answer = None
                if answer is not None and answer.status_code < 500:
                    if answer.is_success:
                        self.acked[key] = answer.json()["person_id"]
                        self.acked_at.append(time.monotonic())
                    else:
                        self.refused[key] = f"{answer.status_code} {answer.text}"
                    return
                self.retried.add(key)
                await asyncio.sleep(0.1)
        finally:
            slots.release()


@dataclass
class Watch:
    """When the relay's and the directory's checkpoints moved, polled in PostgreSQL."""

    published_at: list[float] = field(default_factory=list)
    projected_at: list[float] = field(default_factory=list)

    async def run(self, pool: asyncpg.Pool, stop: asyncio.Event) -> None:
        relay, directory = None, None
        while not stop.is_set():
            now = time.monotonic()
            row = await pool.fetchrow(
                """SELECT (SELECT position FROM relay_checkpoint
                            WHERE stream_name = $1) AS relay,
                          (SELECT stream_seq FROM projection_checkpoints
                            WHERE projection = $2 AND source = 'registry')
                            AS directory""",
                STREAM,
                DIRECTORY,
            )
            assert row is not None
            if row["relay"] != relay:
                relay = row["relay"]
                self.published_at.append(now)
            if row["directory"] != directory:
                directory = row["directory"]
                self.projected_at.append(now)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.05)


@dataclass
class Fault:
    """One kill under load: where things stood, and what the load and watch saw."""

    load: Load
    watch: Watch
    began: float
    leader: str
    consumer_leader: str | None
    service_on: str
    replicas: int
    killed_pid: int
    acked_before_kill: int
    # Watched on until settled: the relay and the directory may still catch up.
    watching: tuple[asyncio.Event, asyncio.Task[None]]
    load_ended: float = 0.0
    settled_at: float = 0.0

    async def stop_watching(self) -> None:
        stop, task = self.watching
        stop.set()
        await task

    @property
    def outage(self) -> float:
        """The longest the relay's checkpoint stood still: no event published."""
        return _longest_gap([self.began, *self.watch.published_at, self.settled_at])

    def report(self, stored: Stored, stream: Published, rejoined: float | None) -> str:
        # Each the longest a thing stood still under a steady load (~0.05 s normally).
        acked = _longest_gap([self.began, *self.load.acked_at, self.load_ended])
        projected = _longest_gap(
            [self.began, *self.watch.projected_at, self.settled_at]
        )
        waited = sorted(
            (stream.stored_at[event_id] - at).total_seconds()
            for event_id, at in stored.recorded.items()
            if event_id in stream.stored_at
        )
        load = self.load
        return (
            f"\nNATS cluster of 3, R{self.replicas}: killed the stream leader "
            f"{self.leader} (pid {self.killed_pid}) after {self.acked_before_kill} "
            f"acknowledged; the service was on {self.service_on}, the directory's "
            f"consumer led by {self.consumer_leader}\n"
            f"  outage: no command acknowledged for {acked:.2f} s at most, nothing "
            f"published for {self.outage:.2f} s, nothing projected for "
            f"{projected:.2f} s; an event waited at most {waited[-1]:.2f} s to be "
            f"in the stream (median {waited[len(waited) // 2]:.3f} s); settled "
            f"{self.settled_at - self.load_ended:.1f} s after the load; the "
            + (
                f"restarted node current after {rejoined:.1f} s\n"
                if rejoined is not None
                else f"restarted node not current within {SETTLE:g} s\n"
            )
            + f"  counts: sent {len(load.sent)}, acknowledged {len(load.acked)} "
            f"({len(load.retried)} retried), stored {len(stored.person_ids)} "
            f"registrations ({len(stored.recorded)} events), in the stream "
            f"{stream.messages} messages ({len(set(stream.ids))} ids), projected "
            f"{stored.projected} persons ({stored.listed} listed)"
        )


async def _kill_the_leader_under_load(run: Run) -> Fault:
    """Load; kill the stream's leader; load on; wait for the load's last answers."""
    load, watch = Load(run.http), Watch()
    stop_load, stop_watch = asyncio.Event(), asyncio.Event()
    began = time.monotonic()
    watching = asyncio.create_task(watch.run(run.runtime.pool, stop_watch))
    loading = asyncio.create_task(
        load.run(stop_load, began + KILL_AFTER + LOAD_AFTER_KILL + 30)
    )
    try:
        await asyncio.sleep(KILL_AFTER)
        js = run.observer.jetstream(timeout=5)
        info = await js.stream_info(STREAM)
        assert info.cluster is not None
        assert info.cluster.leader
        consumer = await js.consumer_info(STREAM, CONSUMER)
        fault = Fault(
            load,
            watch,
            began,
            leader=info.cluster.leader,
            consumer_leader=consumer.cluster.leader if consumer.cluster else None,
            service_on=run.service_on,
            replicas=1 + len(info.cluster.replicas or []),
            killed_pid=run.cluster.node(info.cluster.leader).pid,
            acked_before_kill=len(load.acked),
            watching=(stop_watch, watching),
        )
        run.cluster.kill(fault.leader)
        await asyncio.sleep(LOAD_AFTER_KILL)
    finally:
        stop_load.set()
        await loading
    fault.load_ended = time.monotonic()
    return fault


async def _settled(runtime: Runtime, within: float) -> None:
    """Until the relay published everything and the directory applied the stream."""
    seen: object = None  # what still lagged, for the failure's message
    try:
        async with asyncio.timeout(within):
            while True:
                seen = await runtime.relay.status()
                if not seen.pending:
                    break
                await asyncio.sleep(0.1)
            runner = runtime.runners[DIRECTORY]
            while True:
                with contextlib.suppress(nats.errors.Error):  # still electing
                    seen = await runner.status()
                    if all(s.lag == 0 for s in seen):
                        return
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"not settled within {within:g} s: {seen}") from None


async def _rejoined(run: Run, node: str) -> float | None:
    """Seconds until the restarted ``node``'s copy of the stream is current.

    None when it is not within ``SETTLE``: that catch-up is nats-server's own
    (a follower's), beside what this test proves, and once in about 36 runs here a
    restarted follower stayed behind past it (CI, 2026-12-07). It is reported, not
    asserted.
    """
    began = time.monotonic()
    js = run.observer.jetstream(timeout=2)
    peers: list[PeerInfo] = []
    try:
        async with asyncio.timeout(SETTLE):
            while True:
                with contextlib.suppress(nats.errors.Error):
                    info = await js.stream_info(STREAM)
                    peers = (info.cluster.replicas or []) if info.cluster else []
                    if any(p.name == node and p.current and not p.lag for p in peers):
                        return time.monotonic() - began
                await asyncio.sleep(0.2)
    except TimeoutError:
        print(f"{node} not current within {SETTLE:g} s: {peers}")
        return None


# -- what is where -------------------------------------------------------------------


@dataclass
class Stored:
    """The store and the directory after the fault."""

    recorded: dict[str, datetime]  # event id -> when the store recorded it
    person_ids: list[str]  # one per PersonRegistered event
    projected: int  # rows of the directory's persons table
    listed: int  # the persons the API lists
    parked: int
    directory_seq: int  # the directory's checkpoint in the stream


async def _stored(run: Run) -> Stored:
    pool = run.runtime.pool
    events = await pool.fetch(
        "SELECT event_id, event_type, stream_id, recorded_at FROM events"
    )
    row = await pool.fetchrow(
        """SELECT (SELECT count(*) FROM persons) AS projected,
                  (SELECT count(*) FROM parked_events) AS parked,
                  (SELECT stream_seq FROM projection_checkpoints
                    WHERE projection = $1 AND source = 'registry') AS seq""",
        DIRECTORY,
    )
    assert row is not None
    listed = await run.http.get(
        "/api/v1/registry/persons",
        params={"within": COMMUNITY_A, "size": 1},
        headers=_admin(),
    )
    assert listed.status_code == 200, listed.text
    return Stored(
        recorded={str(e["event_id"]): e["recorded_at"] for e in events},
        person_ids=[
            e["stream_id"] for e in events if e["event_type"] == "PersonRegistered"
        ],
        projected=row["projected"],
        listed=listed.json()["total"],
        parked=row["parked"],
        directory_seq=row["seq"],
    )


@dataclass
class Published:
    """What the stream holds: its message count, and per message its id and time."""

    messages: int
    ids: list[str]
    stored_at: dict[str, datetime]  # message id -> when JetStream stored it


async def _published(urls: list[str]) -> Published:
    """The stream read message by message, by sequence."""
    client = await nats.connect(urls, connect_timeout=5)
    try:
        js = client.jetstream(timeout=5)
        info = await js.stream_info(STREAM)
        ids, stored_at = [], {}
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            message = await js.get_msg(STREAM, seq)
            ids.append((message.headers or {}).get("Nats-Msg-Id", ""))
            assert message.time is not None
            stored_at[ids[-1]] = message.time
        return Published(info.state.messages, ids, stored_at)
    finally:
        await client.close()


def _longest_gap(moments: list[float]) -> float:
    ordered = sorted(moments)
    return max((b - a for a, b in itertools.pairwise(ordered)), default=0)
