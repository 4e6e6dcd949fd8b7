"""Backup and restore of one store (备份恢复): dump, load, renumber and verify.

100,000 small events of the sample service in 5,000 streams, written by 8 concurrent
writers into a schema of the run's server, dumped with ``shequ.service._backup``'s
``dump``, loaded into a throwaway embedded server and renumbered and verified there,
as ``shequ-dev backup`` and ``restore`` do. The figures are events per second of each
step; no target, they size a district's restore (deploy/CAPACITY.md). First, (v): the
store as written verified whole, as ``shequ audit verify`` does each store (target
≥ 100,000 events/s, issue #20).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg

from bench._harness import Row
from shequ.devinfra import EmbeddedPostgres
from shequ.eventstore import EventStore, migrate, store_migrations, verify
from shequ.service._backup import dump
from shequ.service._restore import load, renumber_and_verify
from shequ.testing.sample import open_case, sample_catalog

STREAMS, NOTES = 5000, 19  # 100,000 events
WRITERS = 8


async def run(database_url: str, _nats_url: str) -> list[Row]:
    schema = f"bench_backup_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(database_url)
    await admin.execute(f"CREATE SCHEMA {schema}")
    try:
        return await _measure(database_url, schema)
    finally:
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


async def _measure(database_url: str, schema: str) -> list[Row]:
    dsn = f"{database_url}?search_path={schema}"
    events = await _write(dsn)
    async with asyncpg.create_pool(dsn, min_size=1, max_size=1) as pool:
        began = time.perf_counter()
        report = await verify(pool)
        verified = time.perf_counter() - began
    if not report.intact or report.events_verified != events:
        raise RuntimeError(f"the store does not verify: {report}")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bench.dump"
        began = time.perf_counter()
        figures = await dump(dsn, target)
        dumped = time.perf_counter() - began
        size = target.stat().st_size
        with EmbeddedPostgres() as fresh:
            restored_dsn = f"{fresh.dsn}?search_path={schema}"
            began = time.perf_counter()
            await load(target, restored_dsn, figures)
            loaded = time.perf_counter() - began
            began = time.perf_counter()
            restored = await renumber_and_verify(restored_dsn)
            checked = time.perf_counter() - began
    if not restored.intact or restored.events != events:
        raise RuntimeError(f"the restored store differs: {restored}")
    return [
        Row(
            f"(v) audit verify of one store, {events:,} events",
            events / verified,
            "events/s",
            target="≥ 100,000/s",
            passed=events / verified >= 100_000,
        ),
        Row(
            f"backup: dump {events:,} events ({size / 1e6:.1f} MB)",
            events / dumped,
            "events/s",
        ),
        Row("restore: load the dump", events / loaded, "events/s"),
        Row("restore: renumber and verify", events / checked, "events/s"),
    ]


async def _write(dsn: str) -> int:
    async with asyncpg.create_pool(dsn, min_size=1, max_size=WRITERS) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, store_migrations())
        store = EventStore(pool, sample_catalog())
        writers = asyncio.Semaphore(WRITERS)

        async def one(n: int) -> None:
            async with writers:
                await open_case(store, f"case-{n}", *(f"n{k}" for k in range(NOTES)))

        await asyncio.gather(*(one(n) for n in range(STREAMS)))
    return STREAMS * (NOTES + 1)
