"""A running rehab service per test, fed by a real registry stream, on a clock we move.

The registry's events are stored and published by a :class:`RegistryFeed`, the
police's by a :class:`Feed` of their catalog; rehab consumes both exactly as
deployed. ``settle()`` waits until every projection has caught up; ``clock.now``
moves time (timers, break-glass lapsing).
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
from shequ.contracts.police import CATALOG as POLICE
from shequ.rehab.app import create_app
from shequ.rehab.handlers.timers import check_timers
from shequ.rehab.settings import RehabSettings
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import (
    COMMUNITY_A,
    Feed,
    RegistryFeed,
    open_feed,
    open_registry_feed,
)
from shequ.testing.running import NOW, Clock, Token, running, settle, tokens
from shequ.testing.tokens import PUBLIC_KEY

ROLE = "shequ_rehab"
REHAB = "/api/v1/rehab"


@pytest.fixture
def clock() -> Clock:
    """The service's clock: set ``clock.now`` to move time."""
    return Clock()


@pytest.fixture
def token(clock: Clock) -> Token:
    """Headers carrying a token for ``role`` at ``office`` (community A by default).

    Issued at the clock's time: after moving the clock, ask for new headers.
    """
    return tokens(clock, Role.REHAB_WORKER, "worker-a")


@dataclass
class Rehab:
    """The service under test: HTTP client, runtime, registry feed and clock."""

    http: httpx.AsyncClient
    runtime: Runtime
    registry: RegistryFeed
    police: Feed
    clock: Clock

    async def settle(self, within: float = 10.0) -> None:
        """Publish the registry and the police, then wait for every projection."""
        await self.registry.publish()
        await self.police.publish()
        await settle(self.runtime, within)

    async def person(self, office: str = COMMUNITY_A, name: str = "张三") -> str:
        person = await self.registry.person(office, date(1990, 5, 7), name=name)
        await self.settle()
        return person

    async def open_case(self, headers: dict[str, str], person: str, **more: Any) -> str:
        """A decision typed in for ``person``; the new case's id."""
        body = {
            "person_id": person,
            "kind": "community_detox",
            "ground": "first_time",
            "decision_number": "东公(禁)决字〔2026〕88号",
            "police_organ": "东莞市公安局中堂分局",
            "decided_on": "2026-11-10",
            "term_months": 36,
            **more,
        }
        answer = await self.http.post(f"{REHAB}/cases", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        case_id: str = answer.json()["case_id"]
        return case_id

    async def act(
        self, headers: dict[str, str], case_id: str, step: str, **body: Any
    ) -> httpx.Response:
        """A command on the case, with ``If-Match`` the version read now."""
        version = await self.version(case_id)
        return await self.http.post(
            f"{REHAB}/cases/{case_id}/{step}",
            json=body,
            headers={**headers, "If-Match": f'"{version}"'},
        )

    async def version(self, case_id: str) -> int:
        head = await self.runtime.store.head(f"rehab_case/{case_id}")
        return head.version

    async def timers(self) -> int:
        """Run the hourly timers now (what the tables hold, settled first)."""
        await self.settle()
        appended = await check_timers(
            self.runtime.store, RehabSettings().rules(), self.clock.now
        )
        await self.settle()
        return appended


@pytest.fixture
async def rehab(
    pg_dsn: str,
    pg_dsns: Callable[[], Any],
    nats_server_url: str,
    nats_client: NatsClient,
    clock: Clock,
) -> AsyncIterator[Rehab]:
    """Rehab with the default settings, on a movable clock, fed by a registry."""
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=PUBLIC_KEY,
    )
    async with (
        open_registry_feed(await pg_dsns(), nats_client, NOW) as registry,
        open_feed(POLICE, await pg_dsns(), nats_client, NOW) as police,
    ):
        await registry.publish()
        app: FastAPI = create_app(settings, RehabSettings(), clock=clock)
        async with running(app, "rehab", nats_client) as (http, runtime):
            service = Rehab(http, runtime, registry, police, clock)
            await service.settle()
            yield service
