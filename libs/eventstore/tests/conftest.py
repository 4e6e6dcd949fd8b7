"""A migrated event store in a fresh schema per test, over the sample catalog."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from shequ.eventstore import EventStore, migrate, store_migrations
from shequ.testing.sample import sample_catalog


@pytest.fixture
async def pool(pg_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    async with asyncpg.create_pool(pg_dsn, min_size=1, max_size=24) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, store_migrations())
        yield pool


@pytest.fixture
def store(pool: asyncpg.Pool) -> EventStore:
    return EventStore(pool, sample_catalog())
