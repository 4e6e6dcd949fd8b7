"""The relay publishes committed events to JetStream in global order, once each."""

from __future__ import annotations

import asyncio

import asyncpg
import nats
import pytest
from nats.aio.client import Client as NatsClient
from nats.js.errors import APIError

from shequ.devinfra import EmbeddedNats
from shequ.eventstore import Checkpoint, EventStore
from shequ.messaging import ProjectionRunner, Relay, StreamMismatch, decode, stream_name
from shequ.testing.sample import notes_projection, open_case


async def _stream_contents(
    js_client: NatsClient, service: str
) -> list[tuple[str, str]]:
    js = js_client.jetstream()
    info = await js.stream_info(stream_name(service))
    found = []
    for seq in range(1, info.state.last_seq + 1):
        message = await js.get_msg(stream_name(service), seq)
        found.append((message.subject, (message.headers or {})["Nats-Msg-Id"]))
    return found


async def test_committed_events_are_published_in_global_order_with_their_ids(
    store: EventStore, relay: Relay, nats_client: NatsClient, service: str
) -> None:
    await open_case(store, "case-1", "a")
    await open_case(store, "case-2")

    published = await relay.publish_batch()

    in_store = await store.read_all(Checkpoint())
    assert published == 3
    assert await _stream_contents(nats_client, service) == [
        (f"shequ.{service}.case.{e.event_type}", str(e.event_id)) for e in in_store
    ]
    message = await nats_client.jetstream().get_msg(stream_name(service), 1)
    assert decode(message.data) == in_store[0]


async def test_a_restarted_relay_publishes_nothing_twice(
    store: EventStore, relay: Relay, nats_client: NatsClient, service: str
) -> None:
    await open_case(store, "case-1", "a", "b")
    await relay.publish_batch()
    await open_case(store, "case-2")

    restarted = Relay(store, nats_client)
    published = await restarted.publish_batch()

    assert published == 1
    assert len(await _stream_contents(nats_client, service)) == 4
    assert (await restarted.status()).pending == 0


@pytest.mark.slow
async def test_relay_catches_up_after_nats_was_down(
    store: EventStore, pool: asyncpg.Pool, restartable_nats: EmbeddedNats, service: str
) -> None:
    client = await nats.connect(
        restartable_nats.url, max_reconnect_attempts=-1, reconnect_time_wait=0.1
    )
    relay = Relay(store, client, idle_wait=0.01)
    consumer = ProjectionRunner(pool, notes_projection(service), client)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        await open_case(store, "before", "a")
        await _until(relay.status, lambda s: s.pending == 0)
        before = await consumer.catch_up(service)

        restartable_nats.stop()
        for n in range(10):
            await open_case(store, f"during-{n}", "x")
        await asyncio.sleep(0.5)
        assert (await relay.status()).pending == 20
        restartable_nats.start()

        await _until(relay.status, lambda s: s.pending == 0, timeout=20)
        contents = await _stream_contents(client, service)
        after = await consumer.catch_up(service)
        again = await consumer.catch_up(service)
    finally:
        stop.set()
        await running
        await client.close()

    in_store = await store.read_all(Checkpoint())
    assert [msg_id for _, msg_id in contents] == [str(e.event_id) for e in in_store]
    # The consumer saw every event once in effect: one note row per event.
    assert (before, after, again) == (2, 20, 0)
    notes = await pool.fetch("SELECT stream_id, version FROM case_notes")
    assert sorted((r[0], r[1]) for r in notes) == sorted(
        (e.stream_id, e.version) for e in in_store
    )


async def _until(probe, done, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not done(value := await probe()):
            await asyncio.sleep(0.05)
    return value


async def test_a_relay_refuses_a_stream_that_another_store_filled(
    store: EventStore, relay: Relay, pool: asyncpg.Pool, service: str
) -> None:
    await open_case(store, "case-1")
    await relay.publish_batch()
    async with pool.acquire() as conn:
        await conn.execute("ALTER TABLE events DISABLE TRIGGER events_no_truncate")
        await conn.execute("TRUNCATE events")  # as if restored from an older backup
    restarted = Relay(store, relay.nats)

    with pytest.raises(StreamMismatch, match=f"SHEQU_{service.upper()} ends with"):
        await restarted.resync()


async def test_a_publish_the_stream_refuses_fails_at_once(
    store: EventStore, relay: Relay, nats_client: NatsClient, service: str
) -> None:
    await open_case(store, "case-1")
    await relay.publish_batch()
    # Someone else's message lands in the stream: the relay's next message no longer
    # follows the last one, and JetStream refuses it.
    await nats_client.jetstream().publish(
        f"shequ.{service}.case.Foreign", b"{}", headers={"Nats-Msg-Id": "foreign"}
    )
    await open_case(store, "case-2")

    # Well before ack_timeout (10 s): the refusal itself, not a wait for an ack.
    async with asyncio.timeout(2):
        with pytest.raises(APIError, match="wrong last msg ID"):
            await relay.publish_batch()
    assert (await relay.status()).pending == 1
