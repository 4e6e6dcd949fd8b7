"""A running events service per test, fed by a real registry stream, on a clock we move.

The registry's events are stored and published by a :class:`RegistryFeed`; events
consumes them exactly as deployed. ``settle()`` waits until every projection has
caught up; ``clock.now`` moves time (the hourly duties timer).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
from shequ.events.app import create_app
from shequ.events.handlers.timers import check_duties
from shequ.events.settings import EventsSettings
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, RegistryFeed, open_registry_feed

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ROLE = "shequ_events"
_PRIVATE, _PUBLIC = generate_signing_key()
EVENTS = "/api/v1/events"


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def token(clock: Clock) -> Callable[..., dict[str, str]]:
    """Headers carrying a token for ``role`` at ``office`` (community A by default)."""
    issuer = TokenIssuer(_PRIVATE)

    def make(
        role: Role = Role.ACTIVITY_ORGANISER,
        office: str = COMMUNITY_A,
        staff_id: str = "organiser-a",
    ) -> dict[str, str]:
        actor = Actor(staff_id=staff_id, office=office, roles=frozenset({role}))
        return {"Authorization": f"Bearer {issuer.issue(actor, clock.now)}"}

    return make


@dataclass
class Events:
    """The service under test: HTTP client, runtime, registry feed and clock."""

    http: httpx.AsyncClient
    runtime: Runtime
    registry: RegistryFeed
    clock: Clock

    async def settle(self, within: float = 10.0) -> None:
        """Publish the registry, then wait for every projection to catch up."""
        await self.registry.publish()
        deadline = asyncio.get_running_loop().time() + within
        while (await self.runtime.relay.status()).pending:
            assert asyncio.get_running_loop().time() < deadline, "relay did not drain"
            await asyncio.sleep(0.01)
        for runner in self.runtime.runners.values():
            for status in await runner.status():
                reached = await runner.wait_until(
                    status.source, status.stream_last_seq, within
                )
                assert reached, f"{runner.projection.name} lags {status}"

    async def post(
        self,
        path: str,
        headers: dict[str, str],
        version: int | None = None,
        **body: Any,
    ) -> httpx.Response:
        """POST ``body``; with ``If-Match`` ``version`` where given."""
        sent = headers if version is None else {**headers, "If-Match": f'"{version}"'}
        return await self.http.post(f"{EVENTS}{path}", json=body, headers=sent)

    async def timers(self) -> int:
        await self.settle()
        rhythms = EventsSettings().duty_rhythms()
        appended = await check_duties(self.runtime.store, rhythms, self.clock.now)
        await self.settle()
        return appended


@pytest.fixture
async def events(
    pg_dsn: str,
    pg_dsns: Callable[[], Any],
    nats_server_url: str,
    nats_client: NatsClient,
    clock: Clock,
) -> AsyncIterator[Events]:
    """Events with the default settings, on a movable clock, fed by a registry."""
    js = nats_client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_EVENTS")
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=_PUBLIC,
    )
    async with open_registry_feed(await pg_dsns(), nats_client, NOW) as registry:
        await registry.publish()
        app: FastAPI = create_app(settings, EventsSettings(), clock=clock)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://events",
                headers={"Accept-Language": "en"},
            ) as http,
        ):
            service = Events(http, app.state.runtime, registry, clock)
            await service.settle()
            yield service
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_EVENTS")
