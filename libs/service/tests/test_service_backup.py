"""A store restored into a fresh server (备份恢复): in order, verified, writable.

The source store's transaction ids are pushed far past a fresh server's first, as a
district's are after years; restored as they were, every event would sort after the
new server's appends and stay below no snapshot. The whole drill with the services is
tests/test_backup.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from shequ.devinfra import EmbeddedPostgres
from shequ.eventstore import EventStore, migrate, store_migrations
from shequ.service._backup import BackupError, dump, split_dsn
from shequ.service._restore import (
    Restored,
    load,
    move_counter_past,
    renumber_and_verify,
)
from shequ.testing.sample import NoteAdded, append_case, open_case, sample_catalog

pytestmark = pytest.mark.servers


@pytest.fixture
def fresh_server() -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres().start()
    yield server
    server.stop()


@pytest.fixture
async def source(pg_dsn: str) -> AsyncIterator[EventStore]:
    async with asyncpg.create_pool(pg_dsn, min_size=1, max_size=4) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, store_migrations())
            now = int(await conn.fetchval("SELECT pg_current_xact_id()::text"))
            await move_counter_past(conn, now + 5000)
        yield EventStore(pool, sample_catalog())


def _on(server: EmbeddedPostgres, dsn: str) -> str:
    return f"{server.dsn}?search_path={split_dsn(dsn)[1]}"


async def _written(source: EventStore) -> list[tuple[str, int]]:
    await open_case(source, "case-1", "a", "b")
    await open_case(source, "case-2")
    await append_case(
        source, "case-1", [NoteAdded(text="c")], expected_version=3, idempotency_key="k"
    )
    return [(e.stream_id, e.version) for e in await source.read_all((0, 0))]


# deploy/'s database job makes each service's schema before anything is restored.
@pytest.mark.parametrize("schema_made_first", [False, True])
async def test_a_restored_store_reads_in_its_order_verifies_and_takes_appends(
    source: EventStore,
    pg_dsn: str,
    fresh_server: EmbeddedPostgres,
    tmp_path: Path,
    schema_made_first: bool,
) -> None:
    written = await _written(source)
    figures = await dump(pg_dsn, tmp_path / "testsvc.dump")
    target = _on(fresh_server, pg_dsn)
    conn = await asyncpg.connect(fresh_server.dsn)
    fresh_xid = int(await conn.fetchval("SELECT pg_current_xact_id()::text"))
    if schema_made_first:
        await conn.execute(f"CREATE SCHEMA {split_dsn(pg_dsn)[1]}")
    await conn.close()

    await load(tmp_path / "testsvc.dump", target, figures)
    restored = await renumber_and_verify(target)

    async with asyncpg.create_pool(target, min_size=1, max_size=2) as pool:
        store = EventStore(pool, sample_catalog())
        read = [(e.stream_id, e.version) for e in await store.read_all((0, 0))]
        await append_case(store, "case-2", [NoteAdded(text="d")], expected_version=1)
        then = [(e.stream_id, e.version) for e in await store.read_all((0, 0))]
        ids = await pool.fetch("SELECT transaction_id::text FROM events")
    assert (figures.events, figures.streams, figures.commands) == (5, 2, 1)
    assert restored == Restored(
        events=5,
        streams=2,
        commands=1,
        intact=True,
        transactions=3,
        highest_before=restored.highest_before,
    )
    assert restored.highest_before > fresh_xid + 1000  # as a district's would be
    assert read == written
    assert then == [*written, ("case-2", 2)]
    kept, new = sorted(int(r[0]) for r in ids)[:5], max(int(r[0]) for r in ids)
    assert kept == [3, 3, 3, 4, 5]  # one id per transaction, in their order
    assert new > 5


async def test_a_schema_that_holds_tables_is_not_restored_over(
    source: EventStore, pg_dsn: str, tmp_path: Path
) -> None:
    await _written(source)
    figures = await dump(pg_dsn, tmp_path / "testsvc.dump")

    with pytest.raises(BackupError, match="already holds tables"):
        await load(tmp_path / "testsvc.dump", pg_dsn, figures)
