"""A running rehab service per test, fed by a real registry stream, on a clock we move.

The registry's events are stored and published by a :class:`RegistryFeed`, the
police's by a :class:`Feed` of their catalog; rehab consumes both exactly as
deployed. ``settle()`` waits until every projection has caught up; ``clock.now``
moves time (timers, break-glass lapsing).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
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

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ROLE = "shequ_rehab"
_PRIVATE, _PUBLIC = generate_signing_key()
Token = Callable[..., dict[str, str]]
REHAB = "/api/v1/rehab"


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """The service's clock: set ``clock.now`` to move time."""
    return Clock()


@pytest.fixture
def token(clock: Clock) -> Token:
    """Headers carrying a token for ``role`` at ``office`` (community A by default).

    Issued at the clock's time: after moving the clock, ask for new headers.
    """
    issuer = TokenIssuer(_PRIVATE)

    def make(
        role: Role = Role.REHAB_WORKER,
        office: str = COMMUNITY_A,
        staff_id: str = "worker-a",
    ) -> dict[str, str]:
        actor = Actor(staff_id=staff_id, office=office, roles=frozenset({role}))
        return {"Authorization": f"Bearer {issuer.issue(actor, clock.now)}"}

    return make


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
    js = nats_client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REHAB")
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=_PUBLIC,
    )
    async with (
        open_registry_feed(await pg_dsns(), nats_client, NOW) as registry,
        open_feed(POLICE, await pg_dsns(), nats_client, NOW) as police,
    ):
        await registry.publish()
        app: FastAPI = create_app(settings, RehabSettings(), clock=clock)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://rehab",
                headers={"Accept-Language": "en"},
            ) as http,
        ):
            service = Rehab(http, app.state.runtime, registry, police, clock)
            await service.settle()
            yield service
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REHAB")
