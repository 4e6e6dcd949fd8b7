"""A migrated store, relay and sample projection per test, under its own service.

``sample`` holds them together with the database and NATS.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from nats.aio.client import Client as NatsClient

from shequ.eventstore import EventStore, migrate, store_migrations
from shequ.messaging import PROJECTION_MIGRATIONS, RELAY_MIGRATIONS, Relay
from shequ.testing.sample import NOTES_MIGRATIONS, SampleService, sample_catalog


@pytest.fixture
async def pool(pg_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    async with asyncpg.create_pool(pg_dsn, min_size=1, max_size=8) as pool:
        async with pool.acquire() as conn:
            await migrate(
                conn,
                [
                    *store_migrations(),
                    *RELAY_MIGRATIONS,
                    *PROJECTION_MIGRATIONS,
                    *NOTES_MIGRATIONS,
                ],
            )
        yield pool


@pytest.fixture
def service(unique_name: str) -> str:
    return unique_name


@pytest.fixture
def store(pool: asyncpg.Pool, service: str) -> EventStore:
    return EventStore(pool, sample_catalog(service))


@pytest.fixture
async def relay(store: EventStore, nats_client: NatsClient) -> Relay:
    relay = Relay(store, nats_client)
    await relay.ensure_stream()
    return relay


@pytest.fixture
def sample(
    store: EventStore,
    relay: Relay,
    pool: asyncpg.Pool,
    nats_client: NatsClient,
    service: str,
) -> SampleService:
    return SampleService(store, relay, pool, nats_client, service)
