"""NATS killed (-9) and restarted: catch-up and relay resume at once, nothing twice.

Each test kills its own private server (``restartable_nats``) mid-work and starts it
again on the same port and store, as after a crash, and bounds how long recovery may
take well under the waits it used to sit out (``stall_after``, ``ack_timeout``).
"""

from __future__ import annotations

import asyncio
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
from shequ.messaging import ProjectionRunner, Relay
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
