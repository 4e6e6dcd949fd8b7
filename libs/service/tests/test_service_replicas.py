"""Two replicas of one service: both serve, one runs the relay and projections.

The replica that opens first holds the lease; the other appends commands but runs no
background work. When the first closes, the second takes over within seconds and
nothing is applied twice (the sample read model adds a row per application).
"""

from __future__ import annotations

import asyncio
import time

import asyncpg

from shequ.service import ServiceDefinition, ServiceSettings, open_runtime
from shequ.testing.sample import NOTES_MIGRATIONS, notes_projection, open_case
from shequ.testing.sample import sample_catalog as catalog
from shequ.testing.tokens import PUBLIC_KEY


async def _notes(pool: asyncpg.Pool) -> list[tuple[str, int]]:
    rows = await pool.fetch("SELECT stream_id, version FROM case_notes")
    return sorted((r["stream_id"], r["version"]) for r in rows)


async def _until_notes(pool: asyncpg.Pool, count: int, within: float = 10.0) -> float:
    """Seconds until the read model holds ``count`` rows."""
    started = time.monotonic()
    while len(await _notes(pool)) < count:
        assert time.monotonic() - started < within, await _notes(pool)
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_a_standby_replica_takes_over_when_the_active_one_closes(
    pg_dsn: str, nats_server_url: str, unique_name: str
) -> None:
    definition = ServiceDefinition(
        name=unique_name,
        catalog=catalog(unique_name),
        migrations=NOTES_MIGRATIONS,
        projections=[notes_projection(unique_name)],
    )
    settings = ServiceSettings(
        database_url=pg_dsn, nats_url=nats_server_url, token_public_key=PUBLIC_KEY
    )
    first_context = open_runtime(definition, settings)
    first = await first_context.__aenter__()
    try:
        async with open_runtime(definition, settings) as second:
            assert (first.lease.held, second.lease.held) == (True, False)
            await open_case(first.store, "case-1", "note")
            await open_case(second.store, "case-2", "note")
            await _until_notes(second.pool, 4)

            await first_context.__aexit__(None, None, None)
            first_context = None
            await open_case(second.store, "case-3", "note")
            took = await _until_notes(second.pool, 6)
            assert second.lease.held
            assert second.lease.fence is not None
            assert second.lease.fence.epoch == 2
            assert took < 5.0
            # Each event applied once: two rows per case, none twice.
            assert await _notes(second.pool) == [
                (case, version)
                for case in ("case-1", "case-2", "case-3")
                for version in (1, 2)
            ]
    finally:
        if first_context is not None:
            await first_context.__aexit__(None, None, None)
