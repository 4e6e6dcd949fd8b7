"""NATS killed (-9) and restarted: catch-up and relay resume at once, nothing twice.

Each test kills its own private server (``restartable_nats``) mid-work and starts it
again on the same port and store, as after a crash, and bounds how long recovery may
take well under the waits it used to sit out (``stall_after``, ``ack_timeout``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import Sequence

import asyncpg
import nats
import pytest
from nats.aio.client import Client as NatsClient

from shequ.contracts import EventEnvelope
from shequ.devinfra import EmbeddedNats
from shequ.eventstore import Checkpoint, EventStore
from shequ.messaging import ProjectionRunner, Relay, stream_name
from shequ.testing.sample import apply_notes, notes_projection, open_case

pytestmark = pytest.mark.slow


async def _connect(server: EmbeddedNats) -> NatsClient:
    # As the services connect: reconnect for ever, every half second at most.
    return await nats.connect(
        server.url, max_reconnect_attempts=-1, reconnect_time_wait=0.1
    )


def _crash_and_restart(server: EmbeddedNats) -> None:
    """SIGKILL, then the same port and store again, as after a crash."""
    os.kill(server.pid, signal.SIGKILL)
    while server.running:  # reaped: start() would otherwise see it alive
        time.sleep(0.01)
    server.start()


async def _notes(pool: asyncpg.Pool) -> list[tuple[str, int]]:
    rows = await pool.fetch("SELECT stream_id, version FROM case_notes")
    return sorted((r[0], r[1]) for r in rows)


async def test_a_catch_up_cut_off_by_a_nats_restart_starts_again_from_its_checkpoint(
    store: EventStore, pool: asyncpg.Pool, restartable_nats: EmbeddedNats, service: str
) -> None:
    client = await _connect(restartable_nats)
    relay = Relay(store, client)
    await relay.ensure_stream()
    for n in range(20):
        await open_case(store, f"case-{n}", "a")
    while await relay.publish_batch():
        pass
    first_batch, go_on = asyncio.Event(), asyncio.Event()

    async def slow_apply(
        conn: asyncpg.Connection, events: Sequence[EventEnvelope]
    ) -> None:
        await apply_notes(conn, events)
        first_batch.set()
        await go_on.wait()  # the reader meanwhile runs a few batches ahead

    runner = ProjectionRunner(
        pool,
        notes_projection(service, slow_apply),
        client,
        catch_up_batch=2,
        stall_after=20,
    )
    try:
        catching_up = asyncio.create_task(runner.catch_up(service))
        await first_batch.wait()
        # The catch-up's in-memory consumer and its pull requests die with the server.
        _crash_and_restart(restartable_nats)
        go_on.set()
        began = time.monotonic()
        async with asyncio.timeout(15):  # it used to wait out stall_after, then fail
            applied = await catching_up
        took = time.monotonic() - began
        again = await runner.catch_up(service)
    finally:
        await client.close()

    in_store = await store.read_all(Checkpoint())
    print(f"catch-up resumed and finished {took:.2f} s after NATS was back")
    assert (applied, again) == (40, 0)
    assert took < 5
    # Every event once: the checkpoint moved in the transaction of each batch.
    assert await _notes(pool) == sorted((e.stream_id, e.version) for e in in_store)


async def test_a_relay_whose_acks_died_with_nats_resumes_once_it_is_back(
    store: EventStore,
    restartable_nats: EmbeddedNats,
    service: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="shequ.messaging")
    client = await _connect(restartable_nats)
    relay = Relay(store, client, idle_wait=0.01)  # ack_timeout: the default 10 s
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        await open_case(store, "before", "a")
        await _until(relay.status, lambda s: s.pending == 0)
        # A frozen server takes the next publishes and answers none of them ...
        os.kill(restartable_nats.pid, signal.SIGSTOP)
        for n in range(5):
            await open_case(store, f"during-{n}", "x")
        await asyncio.sleep(0.5)
        # ... and dies: those acks can never come.
        _crash_and_restart(restartable_nats)
        began = time.monotonic()
        await _until(relay.status, lambda s: s.pending == 0, timeout=20)
        took = time.monotonic() - began
        js = client.jetstream()
        info = await js.stream_info(stream_name(service))
        ids = [
            (await js.get_msg(stream_name(service), seq)).headers["Nats-Msg-Id"]  # type: ignore[index]
            for seq in range(1, info.state.last_seq + 1)
        ]
    finally:
        stop.set()
        await running
        await client.close()

    print(f"relay published everything {took:.2f} s after NATS was back")
    in_store = await store.read_all(Checkpoint())
    assert ids == [str(e.event_id) for e in in_store]  # in order, each once
    assert took < 5  # it used to sit out ack_timeout
    said = [r.getMessage() for r in caplog.records if r.name.endswith("_relay")]
    assert any("NATS connection lost" in line for line in said), said
    assert not any("store" in line for line in said), said


async def test_a_relay_reports_a_store_outage_as_one(
    store: EventStore,
    pg_dsn: str,
    nats_client: NatsClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await open_case(store, "case-1")
    closed = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    await closed.close()  # every query now fails on the store's side
    relay = Relay(EventStore(closed, store.catalog), nats_client)
    await relay.ensure_stream()
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    await asyncio.sleep(0.3)
    stop.set()
    await running

    said = [r.getMessage() for r in caplog.records if r.name.endswith("_relay")]
    assert said, "the relay said nothing"
    assert all("store unavailable" in line for line in said), said
    assert not any("NATS" in line for line in said), said


async def _until(probe, done, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not done(value := await probe()):
            await asyncio.sleep(0.05)
    return value
