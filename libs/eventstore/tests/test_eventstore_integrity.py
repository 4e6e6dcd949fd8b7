"""Append-only enforcement, the hash chain and migrations."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from shequ.eventstore import (
    BrokenLink,
    EventStore,
    VerifyReport,
    grant_service_role,
    migrate,
    store_migrations,
    verify,
)
from shequ.testing import PgRole
from shequ.testing.sample import open_case


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
