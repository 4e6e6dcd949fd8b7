"""Projections apply every event exactly once in effect, park poison, rebuild equal."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import asyncpg
import pytest
from faststream.nats import NatsBroker
from nats.aio.client import Client as NatsClient

from shequ.contracts import EventEnvelope
from shequ.eventstore import EventStore
from shequ.messaging import (
    CatchUpStalled,
    Projection,
    ProjectionRunner,
    Relay,
    list_parked,
    replay_parked,
    stream_name,
)
from shequ.testing.sample import apply_notes, notes_projection, open_case


async def _notes(pool: asyncpg.Pool) -> list[tuple[str, int, str]]:
    rows = await pool.fetch("SELECT * FROM case_notes ORDER BY stream_id, version")
    return [tuple(r) for r in rows]  # type: ignore[misc]


async def _counts(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch("SELECT stream_id, notes FROM case_note_counts")
    return {r["stream_id"]: r["notes"] for r in rows}


@pytest.fixture
async def broker(nats_server_url: str) -> AsyncIterator[NatsBroker]:
    broker = NatsBroker(nats_server_url)
    yield broker
    await broker.stop()


async def _until_notes(pool: asyncpg.Pool, count: int, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while await pool.fetchval("SELECT count(*) FROM case_notes") < count:
            await asyncio.sleep(0.02)


async def test_catch_up_applies_every_event_once_in_order(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> None:
    await open_case(store, "case-1", "a", "b")
    await open_case(store, "case-2", "c")
    await relay.publish_batch()
    runner = ProjectionRunner(
        pool, notes_projection(service), nats_client, batch_size=2, catch_up_batch=2
    )

    applied = await runner.catch_up(service)
    again = await runner.catch_up(service)

    assert (applied, again) == (5, 0)
    assert await _notes(pool) == [
        ("case-1", 1, "case-1"),
        ("case-1", 2, "a"),
        ("case-1", 3, "b"),
        ("case-2", 1, "case-2"),
        ("case-2", 2, "c"),
    ]
    assert [(s.source, s.checkpoint, s.lag) for s in await runner.status()] == [
        (service, 5, 0)
    ]


async def test_an_event_published_twice_under_another_id_is_applied_once(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> None:
    await open_case(store, "case-1", "a")
    await open_case(store, "case-2", "b")
    await relay.publish_batch()
    js = nats_client.jetstream()
    first = await js.get_msg(stream_name(service), 1)
    # As after a relay re-sync past JetStream's duplicate window: a new message id.
    await js.publish(first.subject, first.data, headers={"Nats-Msg-Id": "again"})
    runner = ProjectionRunner(pool, notes_projection(service), nats_client)

    applied = await runner.catch_up(service)

    # The sample projection counts every event it is given (it is not idempotent).
    assert applied == 4
    assert await _counts(pool) == {"case-1": 2, "case-2": 2}
    assert [(s.checkpoint, s.lag) for s in await runner.status()] == [(5, 0)]


async def test_the_live_consumer_applies_new_events_as_they_are_published(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    broker: NatsBroker,
    service: str,
) -> None:
    # nats-py can lose a pulled batch to a fetch timeout (libs/messaging/README);
    # JetStream then redelivers it to this consumer after ack_wait. A service's
    # watch() would catch up sooner; this test has only the live consumer.
    runner = ProjectionRunner(
        pool, notes_projection(service), nats_client, ack_wait=1.0
    )
    runner.subscribe(broker)
    await broker.start()

    await open_case(store, "case-1", "a")
    await relay.publish_batch()
    await _until_notes(pool, 2)
    await open_case(store, "case-2", "b")
    await relay.publish_batch()
    await _until_notes(pool, 4)

    assert await _counts(pool) == {"case-1": 2, "case-2": 2}


class _DiesBeforeAcking(ProjectionRunner):
    """A runner whose process dies after its transaction committed, before any ack."""

    died = 0

    async def _settle(self, messages, delivered, outcome):  # type: ignore[no-untyped-def]
        if not self.died:
            self.died += 1
            raise RuntimeError("killed after commit")
        await super()._settle(messages, delivered, outcome)


@pytest.mark.slow
async def test_a_consumer_killed_mid_batch_resumes_without_double_effect(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    nats_server_url: str,
    service: str,
) -> None:
    for n in range(10):
        await open_case(store, f"case-{n}", "a", "b")
    await relay.publish_batch()

    crashed = 0

    async def dies_half_way(conn: asyncpg.Connection, events: Sequence[EventEnvelope]):
        nonlocal crashed
        await apply_notes(conn, events[: len(events) // 2])
        if not crashed:
            crashed += 1
            raise asyncio.CancelledError  # the process is killed mid-batch
        await apply_notes(conn, events[len(events) // 2 :])

    first = ProjectionRunner(
        pool, notes_projection(service, dies_half_way), nats_client
    )
    with pytest.raises(asyncio.CancelledError):
        await first.catch_up(service)
    assert await _notes(pool) == []

    dying = _DiesBeforeAcking(
        pool, notes_projection(service), nats_client, batch_size=8, ack_wait=1.0
    )
    broker = NatsBroker(nats_server_url)
    dying.subscribe(broker)
    await broker.start()
    try:
        await _until_notes(pool, 8)
    finally:
        await broker.stop()

    resumed = ProjectionRunner(
        pool, notes_projection(service), nats_client, batch_size=8, ack_wait=1.0
    )
    broker = NatsBroker(nats_server_url)
    resumed.subscribe(broker)
    await broker.start()
    try:
        await _until_notes(pool, 30, timeout=20)
        await asyncio.sleep(1.5)  # past ack_wait: anything unacked was redelivered
    finally:
        await broker.stop()

    assert await _counts(pool) == {f"case-{n}": 3 for n in range(10)}
    assert len(await _notes(pool)) == 30
    consumer = await nats_client.jetstream().consumer_info(
        stream_name(service), f"case-notes-{service}"
    )
    assert consumer.num_ack_pending == 0


def _poisoned(service: str, healed: list[bool]) -> Projection:
    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        if not healed[0] and any(e.data.get("text") == "poison" for e in events):
            raise ValueError("cannot file a poisoned note")
        await apply_notes(conn, events)

    return notes_projection(service, apply)


async def test_an_event_that_keeps_failing_is_parked_and_the_rest_go_on(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> None:
    await open_case(store, "case-1", "a", "poison", "b")
    await open_case(store, "case-2", "c")
    await relay.publish_batch()
    healed = [False]
    runner = ProjectionRunner(pool, _poisoned(service, healed), nats_client)

    await runner.catch_up(service)
    parked = await list_parked(pool)

    assert [
        (p.source, p.stream_seq, p.event_type, p.error, p.attempts) for p in parked
    ] == [(service, 3, "NoteAdded", "ValueError: cannot file a poisoned note", 3)]
    assert await _counts(pool) == {"case-1": 3, "case-2": 2}

    healed[0] = True
    await replay_parked(pool, runner.projection, service, 3)

    assert await list_parked(pool) == []
    assert await _counts(pool) == {"case-1": 4, "case-2": 2}


async def test_a_malformed_message_is_parked_with_a_clear_error(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> None:
    await open_case(store, "case-1")
    await relay.publish_batch()
    await nats_client.jetstream().publish(
        f"shequ.{service}.case.Garbled", b"{not json", stream=stream_name(service)
    )
    runner = ProjectionRunner(pool, notes_projection(service), nats_client)

    await runner.catch_up(service)

    parked = await list_parked(pool)
    assert [(p.stream_seq, p.event_type) for p in parked] == [(2, None)]
    assert parked[0].error.startswith("malformed: 1 validation error for EventEnvelope")
    assert await _counts(pool) == {"case-1": 1}


async def test_a_rebuild_from_zero_gives_the_same_read_model(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> None:
    for n in range(5):
        await open_case(store, f"case-{n}", *[f"note {i}" for i in range(n)])
    await relay.publish_batch()
    runner = ProjectionRunner(
        pool, notes_projection(service), nats_client, batch_size=3, catch_up_batch=3
    )
    await runner.catch_up(service)
    live = (await _notes(pool), await _counts(pool))
    progress: list[tuple[int, int]] = []

    rebuilt = await runner.rebuild(
        lambda _s, done, total: progress.append((done, total))
    )

    assert rebuilt == 15
    assert (await _notes(pool), await _counts(pool)) == live
    assert progress[-1] == (15, 15)


async def test_a_catch_up_that_stops_short_of_the_streams_end_fails_loudly(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> None:
    await open_case(store, "case-1", "a", "b")
    await relay.publish_batch()
    await nats_client.jetstream().delete_msg(stream_name(service), 3)
    runner = ProjectionRunner(
        pool, notes_projection(service), nats_client, stall_after=0.5
    )
    runner.js.stream_info = _claiming_last_seq(runner.js.stream_info, 3)  # type: ignore[method-assign]

    with pytest.raises(
        CatchUpStalled, match=f"from {service} stalled at sequence 2 of 3"
    ):
        await runner.catch_up(service)

    # The batch in hand is not applied, and the checkpoint has not moved past it.
    assert await _counts(pool) == {}
    assert [s.checkpoint for s in await runner.status()] == [0]


def _claiming_last_seq(stream_info, last_seq: int):  # type: ignore[no-untyped-def]
    """Stream info as it stood before the last message was deleted."""

    async def info(name: str):  # type: ignore[no-untyped-def]
        found = await stream_info(name)
        found.state.last_seq = last_seq
        return found

    return info
