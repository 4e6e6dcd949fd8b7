"""A running mediation service per test, fed by a real registry stream, on a clock.

The registry's events are stored and published by a :class:`RegistryFeed`; mediation
consumes them exactly as deployed. ``settle()`` waits until every projection has
caught up; ``clock.now`` moves time (the timers).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from shequ.access import Role
from shequ.mediation.app import create_app
from shequ.mediation.handlers.timers import check_timers
from shequ.mediation.settings import MediationSettings
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, RegistryFeed, open_registry_feed
from shequ.testing.running import NOW, Clock, Token, running, settle, tokens
from shequ.testing.tokens import PUBLIC_KEY

ROLE = "shequ_mediation"
MEDIATION = "/api/v1/mediation"


@pytest.fixture
def clock() -> Clock:
    """The service's clock: set ``clock.now`` to move time."""
    return Clock()


@pytest.fixture
def token(clock: Clock) -> Token:
    """Headers carrying a token for ``role`` at ``office`` (community A by default).

    Issued at the clock's time: after moving the clock, ask for new headers.
    """
    return tokens(clock, Role.MEDIATOR, "mediator-a")


@dataclass
class Mediation:
    """The service under test: HTTP client, runtime, registry feed and clock."""

    http: httpx.AsyncClient
    runtime: Runtime
    registry: RegistryFeed
    clock: Clock

    async def settle(self, within: float = 10.0) -> None:
        """Publish the registry, then wait for every projection to catch up."""
        await self.registry.publish()
        await settle(self.runtime, within)

    async def person(self, office: str = COMMUNITY_A, name: str = "张三") -> str:
        person = await self.registry.person(office, date(1980, 5, 7), name=name)
        await self.settle()
        return person

    async def member(
        self,
        headers: dict[str, str],
        name: str,
        role: str = "mediator",
        office: str = COMMUNITY_A,
        **more: Any,
    ) -> str:
        """A member appointed to ``office``'s committee; their member id."""
        answer = await self.http.post(
            f"{MEDIATION}/committees/{office}/members",
            json={"role": role, "name": name, "phone": "13800138000", **more},
            headers=headers,
        )
        assert answer.status_code == 201, answer.text
        member_id: str = answer.json()["member_id"]
        return member_id

    async def register(self, headers: dict[str, str], **more: Any) -> str:
        """A dispute registered (a hotline call by default); its id."""
        body = {
            "office": COMMUNITY_A,
            "source": "hotline",
            "kind": "neighbours",
            "parties": [
                {"name": "王建华", "phone": "13900139001", "address": "东城路1号"},
                {"name": "李秀英", "phone": "13900139002"},
            ],
            "matter": "楼上漏水致楼下天花板受损",
            "amount": 5000,
            "registered_on": "2026-11-02",
            **more,
        }
        answer = await self.http.post(
            f"{MEDIATION}/disputes", json=body, headers=headers
        )
        assert answer.status_code == 201, answer.text
        dispute_id: str = answer.json()["dispute_id"]
        return dispute_id

    async def act(
        self, headers: dict[str, str], dispute_id: str, step: str, **body: Any
    ) -> httpx.Response:
        """A command on the dispute, with ``If-Match`` the version read now."""
        version = await self.version(dispute_id)
        return await self.http.post(
            f"{MEDIATION}/disputes/{dispute_id}/{step}",
            json=body,
            headers={**headers, "If-Match": f'"{version}"'},
        )

    async def version(self, dispute_id: str) -> int:
        head = await self.runtime.store.head(f"dispute/{dispute_id}")
        return head.version

    async def timers(self) -> int:
        """Run the hourly timers now (what the tables hold, settled first)."""
        await self.settle()
        appended = await check_timers(self.runtime.store, self.clock.now)
        await self.settle()
        return appended


@pytest.fixture
async def mediation(
    pg_dsn: str,
    pg_dsns: Callable[[], Any],
    nats_server_url: str,
    nats_client: NatsClient,
    clock: Clock,
) -> AsyncIterator[Mediation]:
    """Mediation with the default settings, on a movable clock, fed by a registry."""
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=PUBLIC_KEY,
    )
    async with open_registry_feed(await pg_dsns(), nats_client, NOW) as registry:
        await registry.publish()
        app: FastAPI = create_app(settings, MediationSettings(), clock=clock)
        async with running(app, "mediation", nats_client) as (http, runtime):
            service = Mediation(http, runtime, registry, clock)
            await service.settle()
            yield service
