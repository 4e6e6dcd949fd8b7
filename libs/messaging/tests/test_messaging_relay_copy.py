"""A service switched to a re-keyed copy of its store resumes publishing where it was.

The copy (``shequ.eventstore.reseal``) keeps event ids but not positions, so the
relay finds where JetStream's last message stands in the store it now reads by the
event's id, and republishes nothing (libs/eventstore/README, "the re-keyed copy").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import asyncpg
from nats.aio.client import Client as NatsClient

from shequ.contracts.personal import install_opener
from shequ.eventstore import EventStore, migrate, reseal, store_migrations
from shequ.keyring import KeyRing, master_key, new_master_key
from shequ.messaging import RELAY_MIGRATIONS, Relay, stream_name
from shequ.testing.sample import CaseOpened

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


async def test_a_relay_over_the_copy_resumes_after_what_was_published(
    store: EventStore,
    relay: Relay,
    nats_client: NatsClient,
    pg_dsns: Callable[[], Awaitable[str]],
) -> None:
    for n in range(5):
        await store.append(
            "case",
            f"case-{n}",
            [CaseOpened(title=f"案{n}")],
            expected_version=0,
            occurred_at=NOW,
        )
    while await relay.publish_batch():
        pass
    copy_dsn = await pg_dsns()
    schema = parse_qs(urlsplit(copy_dsn).query)["search_path"][0]
    ring = KeyRing(copy_dsn, master_key(new_master_key()), schema=schema)
    await ring.attach()
    install_opener(ring)
    try:
        async with asyncpg.create_pool(copy_dsn, min_size=1, max_size=4) as pool:
            async with pool.acquire() as conn:
                await migrate(conn, [*store_migrations(), *RELAY_MIGRATIONS])
            copy = EventStore(pool, store.catalog, keyring=ring)
            await reseal(store.pool, copy)
            resumed = Relay(copy, nats_client)

            republished = await resumed.publish_batch()
            await copy.append(
                "case",
                "case-new",
                [CaseOpened(title="新案")],
                expected_version=0,
                occurred_at=NOW,
            )
            published_new = await resumed.publish_batch()
            info = await nats_client.jetstream().stream_info(
                stream_name(store.catalog.service)
            )
    finally:
        install_opener(None)
        await ring.detach()

    assert (republished, published_new, info.state.messages) == (0, 1, 6)
