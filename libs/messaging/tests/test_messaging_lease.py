"""The lease: one replica at a time runs the relay and projections, fenced by epoch.

Two ``Lease`` objects on one schema stand for two replicas of one service.
"""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
from nats.aio.client import Client as NatsClient

from shequ.eventstore import EventStore, migrate
from shequ.messaging import (
    LEASE_MIGRATIONS,
    Delivered,
    Fence,
    Lease,
    LeaseLost,
    Relay,
    apply_delivered,
    stream_name,
)
from shequ.testing.sample import SampleService, notes_projection, open_case


@pytest.fixture
async def leases(pool: asyncpg.Pool, pg_dsn: str) -> tuple[Lease, Lease]:
    async with pool.acquire() as conn:
        await migrate(conn, LEASE_MIGRATIONS)
    return Lease(pg_dsn, "notes", every=0.2), Lease(pg_dsn, "notes", every=0.2)


async def test_one_replica_holds_the_lease_and_the_next_gets_a_higher_epoch(
    leases: tuple[Lease, Lease],
) -> None:
    first, second = leases
    try:
        held = await first.acquire()
        assert held is not None
        assert held.epoch == 1
        assert await second.acquire() is None  # standby while the first holds it

        await first.release()
        taken = await second.acquire()
        assert taken is not None
        assert taken.epoch == 2
    finally:
        await first.release()
        await second.release()


async def test_a_deposed_replica_commits_nothing(
    leases: tuple[Lease, Lease], sample: SampleService, store: EventStore
) -> None:
    """The old holder's session is cut (as a killed network would); it has not yet
    noticed, and its next batch comes back refused with nothing applied."""
    first, second = leases
    await open_case(store, "case-1", "a note")
    await sample.relay.publish_batch()
    projection = notes_projection(sample.service)
    message = await sample.relay.js.get_msg(stream_name(sample.service), 1)
    delivered = [Delivered(seq=1, body=message.data or b"", headers={})]
    try:
        stale = await first.acquire()
        assert stale is not None
        holder_pid = first._conn.get_server_pid()  # type: ignore[union-attr]
        await sample.pool.execute("SELECT pg_terminate_backend($1)", holder_pid)
        fresh = None
        for _ in range(50):
            if (fresh := await second.acquire()) is not None:
                break
            await asyncio.sleep(0.1)
        assert fresh is not None
        assert fresh.epoch == stale.epoch + 1

        with pytest.raises(LeaseLost):
            await apply_delivered(
                sample.pool, projection, sample.service, delivered, fence=stale
            )
        applied = await apply_delivered(
            sample.pool, projection, sample.service, delivered, fence=fresh
        )
        assert applied.applied == 1
    finally:
        await first.release()
        await second.release()


async def test_a_standby_takes_over_within_seconds_when_the_holder_dies(
    leases: tuple[Lease, Lease], pool: asyncpg.Pool
) -> None:
    first, second = leases
    stop = asyncio.Event()
    events: list[tuple[str, str, float]] = []

    def on(who: str) -> tuple[object, object]:
        async def gained(fence: Fence) -> None:
            events.append((who, f"gained {fence.epoch}", time.monotonic()))

        async def lost() -> None:
            events.append((who, "lost", time.monotonic()))

        return gained, lost

    assert await first.acquire() is not None
    tasks = [
        asyncio.create_task(first.keep(stop, *on("first"))),  # type: ignore[arg-type]
        asyncio.create_task(second.keep(stop, *on("second"))),  # type: ignore[arg-type]
    ]
    try:
        await asyncio.sleep(0.5)
        assert [e[:2] for e in events] == [("first", "gained 1")]
        # The holder's session dies (its process killed): the lock goes with it.
        holder_pid = first._conn.get_server_pid()  # type: ignore[union-attr]
        killed = time.monotonic()
        await pool.execute("SELECT pg_terminate_backend($1)", holder_pid)
        for _ in range(50):
            if any(e[:2] == ("second", "gained 2") for e in events):
                break
            await asyncio.sleep(0.1)
        took_over = next(t for who, what, t in events if what == "gained 2")
        assert took_over - killed < 3.0
        assert ("first", "lost") in [e[:2] for e in events]
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await first.release()
        await second.release()


async def test_a_relay_from_another_replica_cannot_publish_out_of_order(
    store: EventStore, nats_client: NatsClient, relay: Relay
) -> None:
    """The relay is fenced by JetStream itself: each message names its predecessor."""
    await open_case(store, "case-1", "a note")
    other = Relay(store, nats_client)
    assert await relay.publish_batch() == 2
    assert await other.publish_batch() == 0  # it resumes from the stream's last
    info = await relay.js.stream_info(stream_name(relay.service))
    assert info.state.messages == 2
