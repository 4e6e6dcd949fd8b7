"""A running events service per test, fed by a real registry stream, on a clock we move.

The registry's events are stored and published by a :class:`RegistryFeed`; events
consumes them exactly as deployed. ``settle()`` waits until every projection has
caught up; ``clock.now`` moves time (the hourly duties timer).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from shequ.access import Role
from shequ.events.app import create_app
from shequ.events.handlers.timers import check_duties
from shequ.events.settings import EventsSettings
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import RegistryFeed, open_registry_feed
from shequ.testing.running import NOW, Clock, Token, running, settle, tokens
from shequ.testing.tokens import PUBLIC_KEY

ROLE = "shequ_events"
EVENTS = "/api/v1/events"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def token(clock: Clock) -> Token:
    """Headers carrying a token for ``role`` at ``office`` (community A by default)."""
    return tokens(clock, Role.ACTIVITY_ORGANISER, "organiser-a")


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
        await settle(self.runtime, within)

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
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=PUBLIC_KEY,
    )
    async with open_registry_feed(await pg_dsns(), nats_client, NOW) as registry:
        await registry.publish()
        app = create_app(settings, EventsSettings(), clock=clock)
        async with running(app, "events", nats_client) as (http, runtime):
            service = Events(http, runtime, registry, clock)
            await service.settle()
            yield service
