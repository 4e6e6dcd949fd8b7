"""Gap-safe global order: a tailing reader never skips an event committed late."""

from __future__ import annotations

import asyncio
import random

import asyncpg
import pytest

from shequ.eventstore import Checkpoint, ConcurrencyError, EventStore
from shequ.testing.sample import CaseOpened, NoteAdded, append_case


async def test_reader_never_skips_a_late_commit(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    async with pool.acquire() as slow:
        transaction = slow.transaction()
        await transaction.start()
        slow_position = (
            await append_case(
                store,
                "slow",
                [CaseOpened(title="slow")],
                expected_version=0,
                connection=slow,
            )
        ).first_position
        await append_case(store, "fast", [CaseOpened(title="fast")], expected_version=0)

        while_slow_is_open = await store.read_all(Checkpoint())
        await transaction.commit()
    after_commit = await store.read_all(Checkpoint())

    fast = (await store.read_stream("fast"))[0]
    assert slow_position < fast.position
    assert while_slow_is_open == []
    assert [e.stream_id for e in after_commit] == ["slow", "fast"]


async def test_a_tailing_reader_sees_every_event_once_under_concurrent_writers(
    store: EventStore,
) -> None:
    writers, per_writer = 12, 25
    seen: list[tuple[str, int]] = []
    done = asyncio.Event()

    async def write(n: int) -> None:
        for i in range(per_writer):
            await append_case(
                store, f"s{n}", [NoteAdded(text=str(i))], expected_version=i
            )
            await asyncio.sleep(random.random() / 500)

    async def tail() -> None:
        # After the writers finish, read on until all is seen: on a shared server
        # another session's open transaction may hold the horizon back a while.
        checkpoint = Checkpoint()
        deadline = None
        while len(seen) < writers * per_writer:
            if done.is_set() and deadline is None:
                deadline = asyncio.get_running_loop().time() + 10
            if deadline is not None and asyncio.get_running_loop().time() > deadline:
                return
            batch = await store.read_all(checkpoint, limit=50)
            seen.extend((e.stream_id, e.version) for e in batch)
            if batch:
                checkpoint = batch[-1].checkpoint  # type: ignore[assignment]
            else:
                await asyncio.sleep(0.001)

    reader = asyncio.create_task(tail())
    await asyncio.gather(*(write(n) for n in range(writers)))
    done.set()
    await reader

    assert sorted(seen) == sorted(
        (f"s{n}", v) for n in range(writers) for v in range(1, per_writer + 1)
    )
    for n in range(writers):
        assert [v for s, v in seen if s == f"s{n}"] == list(range(1, per_writer + 1))


async def test_a_transaction_older_than_the_streams_last_writer_is_refused(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    await append_case(store, "case-1", [CaseOpened(title="x")], expected_version=0)
    async with pool.acquire() as older, older.transaction():
        await older.execute("SELECT pg_current_xact_id()")
        await append_case(
            store, "case-1", [NoteAdded(text="newer")], expected_version=1
        )
        with pytest.raises(ConcurrencyError):
            await append_case(
                store,
                "case-1",
                [NoteAdded(text="older")],
                expected_version=2,
                connection=older,
            )

    versions = [(e.version, e.data) for e in await store.read_stream("case-1")]
    assert versions == [(1, {"title": "x"}), (2, {"text": "newer"})]
