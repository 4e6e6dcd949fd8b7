"""Append-only enforcement, the hash chain and migrations."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import asyncpg
import pytest

from shequ.eventstore import (
    BrokenLink,
    EventStore,
    Metadata,
    VerifyReport,
    _verify,
    grant_service_role,
    migrate,
    store_migrations,
    verify,
)
from shequ.testing import PgRole
from shequ.testing.sample import CaseOpened, NoteAdded, append_case, open_case


async def test_the_service_role_cannot_update_delete_or_truncate_events(
    store: EventStore, pool: asyncpg.Pool, pg_dsn: str, pg_role: PgRole
) -> None:
    await open_case(store, "case-1", "note")
    async with pool.acquire() as owner:
        await grant_service_role(owner, pg_role.name)
    service = await asyncpg.connect(pg_role.dsn_for(pg_dsn))
    try:
        refused = []
        for sql in (
            "UPDATE events SET data = '{}'",
            "DELETE FROM events",
            "TRUNCATE events",
            "UPDATE commands SET stream_id = 'x'",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await service.execute(sql)
            refused.append(sql)
        appended = EventStore(
            asyncpg_pool := await asyncpg.create_pool(
                pg_role.dsn_for(pg_dsn), min_size=1, max_size=1
            ),
            store.catalog,
        )
        await open_case(appended, "case-2")
        await asyncpg_pool.close()
    finally:
        await service.close()
    assert len(refused) == 4
    assert await store.pool.fetchval("SELECT count(*) FROM events") == 3


@pytest.mark.parametrize(
    "sql", ["UPDATE events SET data = '{}'", "DELETE FROM events", "TRUNCATE events"]
)
async def test_a_trigger_refuses_changes_even_from_the_owner(
    store: EventStore, sql: str
) -> None:
    await open_case(store, "case-1")

    with pytest.raises(asyncpg.PostgresError, match="events is append-only") as refused:
        await store.pool.execute(sql)

    assert refused.value.sqlstate == "SQ010"


async def _behind_the_stores_back(pool: asyncpg.Pool, sql: str) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")
        await conn.execute(sql)


async def test_verify_finds_an_intact_store_intact(store: EventStore) -> None:
    await open_case(store, "case-1", "a", "b")
    await open_case(store, "case-2", "c")

    assert await verify(store.pool) == VerifyReport(5, 2, None)


async def test_verify_names_an_event_altered_behind_the_stores_back(
    store: EventStore,
) -> None:
    await open_case(store, "case-1", "a", "b")
    await open_case(store, "case-2", "c")
    target = (await store.read_stream("case-1"))[1]

    await _behind_the_stores_back(
        store.pool,
        f'UPDATE events SET data = \'{{"text": "forged"}}\' '
        f"WHERE position = {target.position}",
    )

    assert await verify(store.pool) == VerifyReport(
        5,
        2,
        BrokenLink(
            target.position,
            target.event_id,
            "case-1",
            2,
            "hash does not match the recorded content",
        ),
    )


async def test_verify_names_the_event_after_one_deleted(store: EventStore) -> None:
    await open_case(store, "case-1", "a", "b")
    after = (await store.read_stream("case-1"))[2]

    await _behind_the_stores_back(
        store.pool, "DELETE FROM events WHERE stream_id = 'case-1' AND version = 2"
    )

    report = await verify(store.pool)
    assert report.first_broken == BrokenLink(
        after.position,
        after.event_id,
        "case-1",
        3,
        "version 3 follows 1: an event is missing",
    )


TRICKY = [
    'quote " backslash \\ slash /',
    "tab\tnewline\ncr\rbell\x07 unit\x1f del\x7f",
    "中文 东向社区 emoji 🧾 line sep \u2028 bom \ufeff",
    "",
]


def _control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F


def _printable(text: str) -> str:
    """A payload refuses control characters; the envelope's fields may hold them."""
    return "".join(ch for ch in text if ch in "\t\n\r" or not _control(ch))


async def test_verify_agrees_with_the_chain_on_any_text(store: EventStore) -> None:
    """Texts that need escaping, stored and read back, hash as they were appended."""
    for n, text in enumerate(TRICKY):
        metadata = Metadata(
            actor=text or None,
            office=f"{text}-office",
            correlation_id=uuid4() if n % 2 else None,
            causation_id=uuid4() if n % 3 == 0 else None,
        )
        await append_case(
            store,
            f'case "{n}" {text}',
            [CaseOpened(title=_printable(text)), NoteAdded(text=_printable(text) * 3)],
            expected_version=0,
            metadata=metadata,
        )

    assert await verify(store.pool) == VerifyReport(2 * len(TRICKY), len(TRICKY), None)


@pytest.mark.parametrize(
    "occurred_at",
    [
        datetime(1949, 10, 1, 15, 0, 0, 1, tzinfo=timezone(timedelta(hours=8))),
        datetime(1970, 1, 1, tzinfo=UTC) - timedelta(microseconds=1),
        datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        # A float's timestamp() is 1 µs off here; the chain counts in integers.
        datetime(2106, 2, 20, 20, 57, 57, 183185, tzinfo=UTC),
        datetime(2199, 2, 28, 8, 7, 6, 543210, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
async def test_verify_agrees_with_the_chain_at_any_moment(
    store: EventStore, occurred_at: datetime
) -> None:
    """PostgreSQL's microseconds since the epoch are the ones the append hashed."""
    await store.append(
        "case",
        "case-1",
        [CaseOpened(title="t"), NoteAdded(text="n")],
        expected_version=0,
        occurred_at=occurred_at,
    )

    assert await verify(store.pool) == VerifyReport(2, 1, None)


async def test_an_infinite_moment_behind_the_stores_back_is_a_broken_link(
    store: EventStore,
) -> None:
    """Not an unreadable store: the event is named, as any other altered one."""
    await open_case(store, "case-1", "a")
    altered = (await store.read_stream("case-1"))[1]
    await _behind_the_stores_back(
        store.pool,
        "UPDATE events SET occurred_at = 'infinity'"
        f" WHERE position = {altered.position}",
    )

    report = await verify(store.pool)

    assert report.events_verified == 2
    assert report.first_broken is not None
    assert report.first_broken.position == altered.position


async def test_verify_follows_streams_across_the_chunks_it_reads(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stream split over two chunks is one chain; a break in the second is named."""
    monkeypatch.setattr(_verify, "_CHUNK", 3)
    await open_case(store, "case-a", "1", "2", "3", "4")
    await open_case(store, "case-b", "1")
    assert await verify(store.pool) == VerifyReport(7, 2, None)

    fifth = (await store.read_stream("case-a"))[4]
    await _behind_the_stores_back(
        store.pool,
        f"UPDATE events SET actor = 'forged' WHERE position = {fifth.position}",
    )
    report = await verify(store.pool)
    assert report.first_broken is not None
    assert (report.first_broken.stream_id, report.first_broken.version) == ("case-a", 5)


async def test_verify_names_the_first_broken_in_the_stores_order(
    store: EventStore,
) -> None:
    """Two altered events: the one appended first is named, whatever its stream."""
    await open_case(store, "case-b", "a")
    await open_case(store, "case-a", "b")
    first = (await store.read_stream("case-b"))[1]
    later = (await store.read_stream("case-a"))[1]

    for event in (first, later):
        await _behind_the_stores_back(
            store.pool,
            f"UPDATE events SET actor = 'forged' WHERE position = {event.position}",
        )

    report = await verify(store.pool)
    assert report.first_broken is not None
    assert report.first_broken.position == first.position


async def test_migrations_run_twice_and_from_two_connections_at_once(
    pg_dsn: str,
) -> None:
    conns = [await asyncpg.connect(pg_dsn) for _ in range(2)]
    try:
        applied = await asyncio.gather(*(migrate(c, store_migrations()) for c in conns))
        again = await migrate(conns[0], store_migrations())
    finally:
        for conn in conns:
            await conn.close()

    assert sorted(applied) == [[], ["eventstore/1"]]
    assert again == []
