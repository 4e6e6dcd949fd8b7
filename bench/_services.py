"""Running a service in-process for a benchmark, fed by a real registry stream."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import nats
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from bench._harness import fresh_schema
from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import RegistryFeed, open_registry_feed

PRIVATE, PUBLIC = generate_signing_key()
DISTRICT = "441900000000"


def admin_headers() -> dict[str, str]:
    actor = Actor(staff_id="bench", office=DISTRICT,
                  roles=frozenset({Role.DISTRICT_ADMIN}))  # fmt: skip
    token = TokenIssuer(PRIVATE).issue(actor, datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def running(
    database_url: str, nats_url: str, make_app: Callable[[ServiceSettings], FastAPI]
) -> AsyncIterator[tuple[httpx.AsyncClient, Runtime, RegistryFeed, NatsClient]]:
    """The app on a fresh schema, a registry feed on another, one NATS client."""
    client = await nats.connect(nats_url)
    try:
        async with (
            fresh_schema(database_url) as dsn,
            fresh_schema(database_url) as registry_dsn,
            open_registry_feed(registry_dsn, client) as registry,
        ):
            await registry.publish()
            settings = ServiceSettings(
                database_url=dsn, nats_url=nats_url, token_public_key=PUBLIC,
                pool_size=8,
            )  # fmt: skip
            app = make_app(settings)
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://bench"
                ) as http,  # fmt: skip
            ):
                yield http, app.state.runtime, registry, client
    finally:
        await client.close()


async def caught_up(runtime: Runtime, within: float = 120.0) -> None:
    """Wait until every projection has applied everything in its sources."""
    deadline = asyncio.get_running_loop().time() + within
    for runner in runtime.runners.values():
        for status in await runner.status():
            left = deadline - asyncio.get_running_loop().time()
            await runner.wait_until(status.source, status.stream_last_seq, left)
