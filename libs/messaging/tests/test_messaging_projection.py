"""Projections apply every event exactly once in effect, park poison, rebuild equal."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace

import asyncpg
import pytest
from faststream.nats import NatsBroker
from nats.aio.msg import Msg

from shequ.contracts import EventEnvelope
from shequ.messaging import (
    CatchUpStalled,
    Projection,
    ProjectionRunner,
    connect,
    list_parked,
    replay_parked,
    stream_name,
)
from shequ.messaging._runner import PULL
from shequ.testing.sample import SampleService, apply_notes, notes_projection, open_case


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
    sample: SampleService,
) -> None:
    await open_case(sample.store, "case-1", "a", "b")
    await open_case(sample.store, "case-2", "c")
    await sample.relay.publish_batch()
    runner = sample.runner(batch_size=2, catch_up_batch=2)

    applied = await runner.catch_up(sample.service)
    again = await runner.catch_up(sample.service)

    assert (applied, again) == (5, 0)
    assert await _notes(sample.pool) == [
        ("case-1", 1, "case-1"),
        ("case-1", 2, "a"),
        ("case-1", 3, "b"),
        ("case-2", 1, "case-2"),
        ("case-2", 2, "c"),
    ]
    assert [(s.source, s.checkpoint, s.lag) for s in await runner.status()] == [
        (sample.service, 5, 0)
    ]


async def test_an_event_published_twice_under_another_id_is_applied_once(
    sample: SampleService,
) -> None:
    await open_case(sample.store, "case-1", "a")
    await open_case(sample.store, "case-2", "b")
    await sample.relay.publish_batch()
    js = sample.nats.jetstream()
    first = await js.get_msg(stream_name(sample.service), 1)
    # As after a relay re-sync past JetStream's duplicate window: a new message id.
    await js.publish(first.subject, first.data, headers={"Nats-Msg-Id": "again"})
    runner = sample.runner()

    applied = await runner.catch_up(sample.service)

    # The sample projection counts every event it is given (it is not idempotent).
    assert applied == 4
    assert await _counts(sample.pool) == {"case-1": 2, "case-2": 2}
    assert [(s.checkpoint, s.lag) for s in await runner.status()] == [(5, 0)]


async def test_the_live_consumer_applies_new_events_as_they_are_published(
    sample: SampleService, broker: NatsBroker
) -> None:
    # nats-py can lose a pulled batch to a fetch timeout (libs/messaging/README);
    # JetStream then redelivers it to this consumer after ack_wait. A service's
    # watch() would catch up sooner; this test has only the live consumer.
    runner = sample.runner(ack_wait=1.0)
    runner.subscribe(broker)
    await broker.start()

    await open_case(sample.store, "case-1", "a")
    await sample.relay.publish_batch()
    await _until_notes(sample.pool, 2)
    await open_case(sample.store, "case-2", "b")
    await sample.relay.publish_batch()
    await _until_notes(sample.pool, 4)

    assert await _counts(sample.pool) == {"case-1": 2, "case-2": 2}


async def test_the_live_consumer_starts_after_what_the_catch_up_applied(
    sample: SampleService, nats_server_url: str
) -> None:
    # Else it delivers the stream's history again, each message to be skipped: at
    # the district, the service's one core for over half an hour.
    js = sample.nats.jetstream()
    consumer = (stream_name(sample.service), f"case-notes-{sample.service}")
    await open_case(sample.store, "case-1", "a", "b")
    await sample.relay.publish_batch()

    async def live_until(notes: int) -> None:
        runner = sample.runner(ack_wait=1.0)
        await runner.prepare()  # catches up first, as a service starting does
        assert (await js.consumer_info(*consumer)).num_pending == 0
        broker = NatsBroker(nats_server_url)
        runner.subscribe(broker)
        await broker.start()
        try:
            await open_case(sample.store, f"case-{notes}")
            await sample.relay.publish_batch()
            await _until_notes(sample.pool, notes)
        finally:
            await broker.stop()

    await live_until(4)
    first = await js.consumer_info(*consumer)
    # Down while two more were written: the catch-up applies them, live goes on.
    await open_case(sample.store, "case-2", "c")
    await sample.relay.publish_batch()
    await live_until(7)
    again = await js.consumer_info(*consumer)

    assert (first.delivered.consumer_seq, first.delivered.stream_seq) == (1, 4)
    assert (again.delivered.consumer_seq, again.delivered.stream_seq) == (1, 7)
    assert again.num_ack_pending == again.num_pending == 0
    assert await _counts(sample.pool) == {
        "case-1": 3,
        "case-4": 1,
        "case-2": 2,
        "case-7": 1,
    }


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
    sample: SampleService, nats_server_url: str
) -> None:
    for n in range(10):
        await open_case(sample.store, f"case-{n}", "a", "b")
    await sample.relay.publish_batch()

    crashed = 0

    async def dies_half_way(conn: asyncpg.Connection, events: Sequence[EventEnvelope]):
        nonlocal crashed
        await apply_notes(conn, events[: len(events) // 2])
        if not crashed:
            crashed += 1
            raise asyncio.CancelledError  # the process is killed mid-batch
        await apply_notes(conn, events[len(events) // 2 :])

    first = sample.runner(notes_projection(sample.service, dies_half_way))
    with pytest.raises(asyncio.CancelledError):
        await first.catch_up(sample.service)
    assert await _notes(sample.pool) == []

    dying = _DiesBeforeAcking(
        sample.pool,
        notes_projection(sample.service),
        sample.nats,
        batch_size=8,
        ack_wait=1.0,
    )
    broker = NatsBroker(nats_server_url)
    dying.subscribe(broker)
    await broker.start()
    try:
        await _until_notes(sample.pool, 8)
    finally:
        await broker.stop()

    resumed = sample.runner(batch_size=8, ack_wait=1.0)
    broker = NatsBroker(nats_server_url)
    resumed.subscribe(broker)
    await broker.start()
    try:
        await _until_notes(sample.pool, 30, timeout=20)
        await asyncio.sleep(1.5)  # past ack_wait: anything unacked was redelivered
    finally:
        await broker.stop()

    assert await _counts(sample.pool) == {f"case-{n}": 3 for n in range(10)}
    assert len(await _notes(sample.pool)) == 30
    consumer = await sample.nats.jetstream().consumer_info(
        stream_name(sample.service), f"case-notes-{sample.service}"
    )
    assert consumer.num_ack_pending == 0


def _poisoned(service: str, healed: list[bool]) -> Projection:
    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        if not healed[0] and any(e.data.get("text") == "poison" for e in events):
            raise ValueError("cannot file a poisoned note")
        await apply_notes(conn, events)

    return notes_projection(service, apply)


async def test_an_event_that_keeps_failing_is_parked_and_the_rest_go_on(
    sample: SampleService,
) -> None:
    await open_case(sample.store, "case-1", "a", "poison", "b")
    await open_case(sample.store, "case-2", "c")
    await sample.relay.publish_batch()
    healed = [False]
    runner = sample.runner(_poisoned(sample.service, healed))

    await runner.catch_up(sample.service)
    parked = await list_parked(sample.pool)

    assert [
        (p.source, p.stream_seq, p.event_type, p.error, p.attempts) for p in parked
    ] == [
        (sample.service, 3, "NoteAdded", "ValueError: cannot file a poisoned note", 3)
    ]
    assert await _counts(sample.pool) == {"case-1": 3, "case-2": 2}

    healed[0] = True
    await replay_parked(sample.pool, runner.projection, sample.service, 3)

    assert await list_parked(sample.pool) == []
    assert await _counts(sample.pool) == {"case-1": 4, "case-2": 2}


async def test_a_malformed_message_is_parked_with_a_clear_error(
    sample: SampleService,
) -> None:
    await open_case(sample.store, "case-1")
    await sample.relay.publish_batch()
    await sample.nats.jetstream().publish(
        f"shequ.{sample.service}.case.Garbled",
        b"{not json",
        stream=stream_name(sample.service),
    )
    runner = sample.runner()

    await runner.catch_up(sample.service)

    parked = await list_parked(sample.pool)
    assert [(p.stream_seq, p.event_type) for p in parked] == [(2, None)]
    assert parked[0].error.startswith("malformed: 1 validation error for EventEnvelope")
    assert await _counts(sample.pool) == {"case-1": 1}


async def test_a_rebuild_from_zero_gives_the_same_read_model(
    sample: SampleService,
) -> None:
    for n in range(5):
        await open_case(sample.store, f"case-{n}", *[f"note {i}" for i in range(n)])
    await sample.relay.publish_batch()
    runner = sample.runner(batch_size=3, catch_up_batch=3)
    await runner.catch_up(sample.service)
    live = (await _notes(sample.pool), await _counts(sample.pool))
    progress: list[tuple[int, int]] = []

    rebuilt = await runner.rebuild(
        lambda _s, done, total: progress.append((done, total))
    )

    assert rebuilt == 15
    assert (await _notes(sample.pool), await _counts(sample.pool)) == live
    assert progress[-1] == (15, 15)


async def test_a_catch_up_that_stops_short_of_the_streams_end_fails_loudly(
    sample: SampleService,
) -> None:
    await open_case(sample.store, "case-1", "a", "b")
    await sample.relay.publish_batch()
    await sample.nats.jetstream().delete_msg(stream_name(sample.service), 3)
    runner = sample.runner(stall_after=0.5)
    runner.js.stream_info = _claiming_last_seq(runner.js.stream_info, 3)  # type: ignore[method-assign]

    with pytest.raises(
        CatchUpStalled, match=f"from {sample.service} stalled at sequence 2 of 3"
    ):
        await runner.catch_up(sample.service)

    # The batch in hand is not applied, and the checkpoint has not moved past it.
    assert await _counts(sample.pool) == {}
    assert [s.checkpoint for s in await runner.status()] == [0]


async def test_a_batch_applied_for_longer_than_the_stall_limit_is_no_stall(
    sample: SampleService,
) -> None:
    """The reader waits on a full queue while one batch takes long to apply (a large
    source transaction held whole, say): that is progress, and catch-up goes on."""
    await open_case(sample.store, "case-1", *(f"note {n}" for n in range(13)))
    await sample.relay.publish_batch()
    slow = [True]

    async def slow_first(
        conn: asyncpg.Connection, events: Sequence[EventEnvelope]
    ) -> None:
        if slow.pop() if slow else False:
            await asyncio.sleep(1.5)
        await apply_notes(conn, events)

    projection = notes_projection(sample.service, apply=slow_first)
    runner = sample.runner(projection, catch_up_batch=2, stall_after=0.5)

    assert await runner.catch_up(sample.service) == 14
    assert await _counts(sample.pool) == {"case-1": 14}


def _claiming_last_seq(stream_info, last_seq: int):  # type: ignore[no-untyped-def]
    """Stream info as it stood before the last message was deleted."""

    async def info(name: str):  # type: ignore[no-untyped-def]
        found = await stream_info(name)
        found.state.last_seq = last_seq
        return found

    return info


def _whole(service: str, seen: list[list[int]]) -> Projection:
    """The sample notes projection, taking transactions whole, noting each batch."""

    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        seen.append([e.transaction_id for e in events])
        await apply_notes(conn, events)

    return replace(notes_projection(service, apply), whole_transactions=True)


def _split(batches: list[list[int]]) -> set[int]:
    """The transactions that more than one batch held part of."""
    owners: dict[int, set[int]] = {}
    for index, batch in enumerate(batches):
        for transaction in batch:
            owners.setdefault(transaction, set()).add(index)
    return {t for t, where in owners.items() if len(where) > 1}


async def test_a_catch_up_never_ends_a_batch_inside_a_transaction(
    sample: SampleService,
) -> None:
    # Four transactions of 4, 2, 5 and 1 events; the relay publishes 3 at a time,
    # the catch-up reads 2 at a time: both cut through every bigger transaction.
    for n, notes in enumerate(["abc", "d", "efgh", ""]):
        await open_case(sample.store, f"case-{n}", *notes)
    sample.relay.batch_size = 3
    while await sample.relay.publish_batch():
        pass
    seen: list[list[int]] = []
    runner = sample.runner(_whole(sample.service, seen), catch_up_batch=2)

    applied = await runner.catch_up(sample.service)

    assert applied == 12
    assert _split(seen) == set()
    assert await _counts(sample.pool) == {
        "case-0": 4,
        "case-1": 2,
        "case-2": 5,
        "case-3": 1,
    }


async def test_the_live_consumer_waits_for_the_rest_of_a_transaction(
    sample: SampleService, broker: NatsBroker
) -> None:
    seen: list[list[int]] = []
    runner = sample.runner(_whole(sample.service, seen), batch_size=2, ack_wait=1.0)
    runner.subscribe(broker)
    await broker.start()
    watching = asyncio.Event()
    watch = asyncio.create_task(runner.watch(watching, every=0.2))
    try:
        await open_case(sample.store, "case-1", "a", "b", "c", "d")
        await open_case(sample.store, "case-2", "e")
        sample.relay.batch_size = 2
        while await sample.relay.publish_batch():
            await asyncio.sleep(0.05)  # the live consumer pulls between batches
        await _until_notes(sample.pool, 7)
    finally:
        watching.set()
        await watch

    assert _split(seen) == set()
    assert await _counts(sample.pool) == {"case-1": 5, "case-2": 2}


async def test_a_catch_up_asks_for_pulls_of_at_most_pull_and_applies_whole_batches(
    sample: SampleService, nats_server_url: str
) -> None:
    """Batches of 5,000 are read as pulls of at most ``PULL``: the server pushes all
    it was asked for at once, and several catch-ups on one connection (a rebuild's
    sources) asking 10,000 each went past what a client may have pending."""
    await open_case(sample.store, "case-1", *(f"note {n}" for n in range(2_499)))
    while await sample.relay.publish_batch():
        pass
    asked: list[int] = []
    spy = await connect(nats_server_url)
    subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream_name(sample.service)}.*"

    async def note(request: Msg) -> None:
        asked.append(json.loads(request.data)["batch"])

    await spy.subscribe(subject, cb=note)
    await spy.flush()
    batches: list[int] = []

    async def counting(
        conn: asyncpg.Connection, events: Sequence[EventEnvelope]
    ) -> None:
        batches.append(len(events))
        await apply_notes(conn, events)

    runner = sample.runner(
        notes_projection(sample.service, counting), catch_up_batch=5_000
    )

    try:
        applied = await runner.catch_up(sample.service)
    finally:
        await spy.close()

    assert applied == 2_500
    assert batches == [2_500]
    assert await _counts(sample.pool) == {"case-1": 2_500}
    assert len(asked) >= 3
    assert max(asked) == PULL
