"""A running employment service per test, fed by a real registry stream.

The registry's events are stored and published by a :class:`RegistryFeed` (its own
schema, its relay, the ``SHEQU_REGISTRY`` stream); employment consumes them exactly as
deployed. ``settle()`` waits until every projection has caught up with both streams.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
from shequ.employment.app import create_app
from shequ.employment.settings import EmploymentRules
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, RegistryFeed, open_registry_feed

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
# Services act as a role without UPDATE or DELETE on events, as under make run.
ROLE = "shequ_employment"
_PRIVATE, _PUBLIC = generate_signing_key()
Token = Callable[..., dict[str, str]]
EMPLOYMENT = "/api/v1/employment"


@pytest.fixture
def token() -> Token:
    """Headers carrying a token for ``role`` at ``office`` (the district by default)."""
    issuer = TokenIssuer(_PRIVATE)

    def make(
        role: Role = Role.EMPLOYMENT_OFFICER,
        office: str = "441900000000",
        staff_id: str = "staff-1",
    ) -> dict[str, str]:
        actor = Actor(staff_id=staff_id, office=office, roles=frozenset({role}))
        return {"Authorization": f"Bearer {issuer.issue(actor, NOW)}"}

    return make


@dataclass
class Employment:
    """The service under test: its HTTP client, its runtime and the registry feed."""

    http: httpx.AsyncClient
    runtime: Runtime
    registry: RegistryFeed

    async def settle(self, within: float = 10.0) -> None:
        """Publish the registry, then wait for every projection to catch up."""
        await self.registry.publish()
        for _ in range(2):  # policies append employment events: settle those too
            await _relay_drained(self.runtime, within)
            for runner in self.runtime.runners.values():
                for status in await runner.status():
                    reached = await runner.wait_until(
                        status.source, status.stream_last_seq, within
                    )
                    assert reached, f"{runner.projection.name} lags {status}"

    async def as_sent_by_a_browser(
        self, method: str, url: str, headers: dict[str, str], **kwargs: Any
    ) -> httpx.Response:
        """A request without ``Accept-Language`` (the client's default ``en`` removed).

        What the service answers a reader who asks for no language: Chinese.
        """
        request = self.http.build_request(method, url, headers=headers, **kwargs)
        del request.headers["Accept-Language"]
        return await self.http.send(request)

    # What many tests set up over HTTP, as a writer would (``headers`` carry the token).

    async def read(self, headers: dict[str, str], url: str) -> dict[str, str]:
        """``headers`` with ``If-Match``: the ETag of ``url`` read now.

        What a clerk's screen sends back with a change it showed (#14 item 7). A
        reader who may not see the record gets a 404 and sends version 0 (the change
        is refused as for an unknown id anyway).
        """
        answer = await self.http.get(url, headers=headers)
        assert answer.status_code in (200, 404), answer.text
        return {**headers, "If-Match": answer.headers.get("ETag", '"0"')}

    async def profile_read(
        self, headers: dict[str, str], person: str
    ) -> dict[str, str]:
        """``headers`` with the person's labour profile version in ``If-Match``."""
        return await self.read(headers, f"{EMPLOYMENT}/profiles/{person}")

    async def record_status(
        self,
        headers: dict[str, str],
        person: str,
        status: str,
        since: str = "2026-10-01",
        **more: object,
    ) -> None:
        """A labour status found on a home visit (走访排查)."""
        answer = await self.http.post(
            f"{EMPLOYMENT}/profiles/{person}/status",
            json={
                "status": status,
                "since": since,
                "reason": "走访排查",
                "source": "home_visit",
                **more,
            },
            headers=await self.profile_read(headers, person),
        )
        assert answer.status_code == 200, answer.text

    async def seeker(
        self,
        headers: dict[str, str],
        office: str = COMMUNITY_A,
        *,
        name: str | None = None,
        wishes: tuple[str, ...] = ("保洁",),
        skills: tuple[str, ...] = ("保洁",),
        status: str | None = None,
    ) -> str:
        """A new person of ``office`` in the job-seeker bank (with ``status`` first)."""
        person = await self.registry.person(office, date(1980, 5, 1), name=name)
        await self.settle()
        if status is not None:
            await self.record_status(headers, person, status)
        answer = await self.http.put(
            f"{EMPLOYMENT}/profiles/{person}/job-seeking",
            json={
                "wishes": list(wishes),
                "skills": list(skills),
                "available_from": "2026-11-01",
                "min_monthly_wage": 2000,
            },
            headers=await self.profile_read(headers, person),
        )
        assert answer.status_code == 200, answer.text
        return person

    @staticmethod
    def vacancy(**more: object) -> dict[str, object]:
        """A vacancy's body: two cleaners for 绿城物业 in community A, and ``more``."""
        return {
            "office": COMMUNITY_A,
            "employer": "绿城物业",
            "position": "保洁员",
            "openings": 2,
            "requirements": ["保洁"],
            "wage_min": 2200,
            "wage_max": 2800,
            "valid_until": "2026-12-31",
            **more,
        }

    async def post_vacancy(self, headers: dict[str, str], **more: object) -> str:
        """Post :meth:`vacancy` (with ``more``); its id."""
        answer = await self.http.post(
            f"{EMPLOYMENT}/vacancies", json=self.vacancy(**more), headers=headers
        )
        assert answer.status_code == 201, answer.text
        vacancy_id: str = answer.json()["vacancy_id"]
        return vacancy_id

    async def refer(self, headers: dict[str, str], vacancy_id: str, person: str) -> str:
        """Refer ``person`` to the vacancy; the referral's id."""
        answer = await self.http.post(
            f"{EMPLOYMENT}/vacancies/{vacancy_id}/referrals",
            json={"person_id": person},
            headers=headers,
        )
        assert answer.status_code == 201, answer.text
        referral_id: str = answer.headers["Location"].rsplit("/", 1)[1]
        return referral_id


async def _relay_drained(runtime: Runtime, within: float) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while (await runtime.relay.status()).pending:
        assert asyncio.get_running_loop().time() < deadline, "relay did not drain"
        await asyncio.sleep(0.01)


StartEmployment = Callable[..., Awaitable[Employment]]


@pytest.fixture
async def employment(
    pg_dsn: str,
    pg_dsns: Callable[[], Awaitable[str]],
    nats_server_url: str,
    nats_client: NatsClient,
) -> AsyncIterator[Employment]:
    """Employment with the default rules, on NOW, fed by a registry with offices."""
    async with _running(
        pg_dsn, await pg_dsns(), nats_server_url, nats_client, None
    ) as service:
        yield service


@pytest.fixture
async def employment_with(
    pg_dsn: str,
    pg_dsns: Callable[[], Awaitable[str]],
    nats_server_url: str,
    nats_client: NatsClient,
) -> Callable[[EmploymentRules], contextlib.AbstractAsyncContextManager[Employment]]:
    """Employment with given rules: ``async with employment_with(rules) as e``."""
    registry_dsn = await pg_dsns()

    def start(
        rules: EmploymentRules,
    ) -> contextlib.AbstractAsyncContextManager[Employment]:
        return _running(pg_dsn, registry_dsn, nats_server_url, nats_client, rules)

    return start


@contextlib.asynccontextmanager
async def _running(
    pg_dsn: str,
    registry_dsn: str,
    nats_url: str,
    client: NatsClient,
    rules: EmploymentRules | None,
) -> AsyncIterator[Employment]:
    js = client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_EMPLOYMENT")
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_url,
        token_public_key=_PUBLIC,
    )
    async with open_registry_feed(registry_dsn, client, NOW) as registry:
        await registry.publish()
        app: FastAPI = create_app(settings, rules, clock=lambda: NOW)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://employment",
                # Tests read rules in English; Chinese, the default, is tested apart.
                headers={"Accept-Language": "en"},
            ) as http,
        ):
            service = Employment(http, app.state.runtime, registry)
            await service.settle()
            yield service
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_EMPLOYMENT")
