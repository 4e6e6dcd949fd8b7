"""A running registry per test, a small office tree, and tokens for each role."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
from shequ.registry.app import definition
from shequ.registry.domain.identity import check_digit
from shequ.service import Runtime, ServiceSettings, create_service_app

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
# Services act as a role without UPDATE or DELETE on events, as under make run.
ROLE = "shequ_registry"
_PRIVATE, _PUBLIC = generate_signing_key()


@dataclass(frozen=True)
class Tree:
    """The offices every registry test starts with, and the registry's clock."""

    district: str = "441900000000"
    street_a: str = "441900101000"
    street_b: str = "441900102000"
    community_a: str = "441900101001"
    community_a2: str = "441900101002"
    community_b: str = "441900102001"
    now: datetime = NOW


TREE = Tree()
DISTRICT, STREET_A, STREET_B = TREE.district, TREE.street_a, TREE.street_b
COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B = (
    TREE.community_a,
    TREE.community_a2,
    TREE.community_b,
)


@pytest.fixture
def tree() -> Tree:
    return TREE


Token = Callable[..., dict[str, str]]
Resident = Callable[[str], str]
Enrol = Callable[..., Awaitable[str]]
Listing = Callable[..., Awaitable[dict[str, Any]]]
PASSWORD = "correct horse"


@pytest.fixture
def token() -> Token:
    """Headers carrying a token for ``role`` at ``office`` (issued at NOW)."""
    issuer = TokenIssuer(_PRIVATE)

    def make(
        role: Role,
        office: str = DISTRICT,
        staff_id: str = "staff-1",
        issued_at: datetime = NOW,
    ) -> dict[str, str]:
        actor = Actor(staff_id=staff_id, office=office, roles=frozenset({role}))
        return {"Authorization": f"Bearer {issuer.issue(actor, issued_at)}"}

    return make


@pytest.fixture
def enrolled() -> Enrol:
    """Enrols 王芳 over HTTP with ``login`` and PASSWORD; answers her staff id."""

    async def enrol(
        http: httpx.AsyncClient,
        admin: dict[str, str],
        login: str,
        office: str = COMMUNITY_A,
        roles: Sequence[str] = ("community_worker",),
    ) -> str:
        created = await http.post(
            "/api/v1/registry/staff",
            json={
                "login": login,
                "password": PASSWORD,
                "name": "王芳",
                "office": office,
                "roles": list(roles),
            },
            headers=admin,
        )
        assert created.status_code == 201, created.text
        staff_id: str = created.json()["staff_id"]
        return staff_id

    return enrol


@pytest.fixture
def listing() -> Listing:
    """A paged list at ``url`` once it counts ``total`` (the directory lags a write)."""

    async def page(
        http: httpx.AsyncClient,
        url: str,
        headers: dict[str, str],
        total: int,
        **params: str,
    ) -> dict[str, Any]:
        async with asyncio.timeout(10):
            while True:
                found: dict[str, Any] = (
                    await http.get(url, params=params, headers=headers)
                ).json()
                if found["total"] == total:
                    return found
                await asyncio.sleep(0.05)

    return page


@pytest.fixture
def resident_id() -> Resident:
    """A valid resident ID number for a birth date ``yyyymmdd`` (serial varies)."""
    serial = iter(range(100, 999))

    def make(born: str = "19900307") -> str:
        first17 = f"441900{born}{next(serial):03d}"
        return first17 + check_digit(first17)

    return make


Start = Callable[..., contextlib.AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def start(
    pg_dsn: str, nats_server_url: str, nats_client: NatsClient, token: Token
) -> Start:
    """``_running`` on this test's database and NATS server."""
    return functools.partial(_running, pg_dsn, nats_server_url, nats_client, token)


@pytest.fixture
async def registry(start: Start) -> AsyncIterator[httpx.AsyncClient]:
    """The registry with a district, two streets and three communities open.

    It only verifies tokens, as every service but the deployed registry does. The
    registry's NATS stream is dropped before and after, so each test starts with an
    empty stream, as a new deployment does.
    """
    async with start(None) as http:
        yield http


@pytest.fixture
async def signing_registry(start: Start) -> AsyncIterator[httpx.AsyncClient]:
    """The registry as deployed: it also holds the signing key, so staff sign in.

    Its first start enrols the bootstrap administrator and opens the district; the
    streets and communities are then opened as in ``registry``. ``token`` tokens work.
    """
    async with start(_PRIVATE) as http:
        yield http


@pytest.fixture
def signing_start(start: Start) -> Start:
    """``signing_registry`` on a clock the test gives: ``signing_start(clock=…)``."""
    return functools.partial(start, _PRIVATE)


@pytest.fixture
async def live_registry(start: Start) -> AsyncIterator[httpx.AsyncClient]:
    """``signing_registry`` on the wall clock, as deployed.

    A change of roles is recorded at the store's wall-clock time, and tokens issued
    before it are refused: on the frozen clock every token would be. Tokens for it
    come from sign-in, or from ``token`` given ``issued_at=datetime.now(UTC)``.
    """
    async with start(_PRIVATE, clock=_wall_clock) as http:
        yield http


@pytest.fixture
async def signing_settings(
    pg_dsn: str, nats_server_url: str, nats_client: NatsClient
) -> AsyncIterator[ServiceSettings]:
    """Settings of a registry holding a new signing key, on no office tree.

    For a test that opens the runtime itself (its first start, the demo); the
    registry's NATS stream is dropped before and after, as for ``registry``.
    """
    js = nats_client.jetstream()
    await _drop_registry_stream(js)
    private, public = generate_signing_key()
    yield ServiceSettings(
        database_url=pg_dsn,
        nats_url=nats_server_url,
        token_public_key=public,
        token_private_key=private,
    )
    await _drop_registry_stream(js)


# The app behind each running client, for a test that needs its runtime.
_APPS: dict[int, FastAPI] = {}


def runtime_of(http: httpx.AsyncClient) -> Runtime:
    """The runtime of the registry ``http`` talks to (a client of ``start``)."""
    runtime: Runtime = _APPS[id(http)].state.runtime
    return runtime


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@contextlib.asynccontextmanager
async def _running(
    pg_dsn: str,
    nats_server_url: str,
    nats_client: NatsClient,
    token: Token,
    private_key: str | None,
    clock: Callable[[], datetime] = lambda: NOW,
) -> AsyncIterator[httpx.AsyncClient]:
    js = nats_client.jetstream()
    await _drop_registry_stream(js)
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=_PUBLIC,
        token_private_key=private_key,
    )
    app: FastAPI = create_service_app(definition(), settings, clock=clock)
    opened_by_bootstrap = [DISTRICT] if private_key else []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://registry",
            # Tests read rules in English; Chinese, the default, is tested apart.
            headers={"Accept-Language": "en"},
        ) as http,
    ):
        _APPS[id(http)] = app
        admin = token(Role.DISTRICT_ADMIN, issued_at=clock())
        for code, kind in [
            (DISTRICT, "district"),
            (STREET_A, "street"),
            (STREET_B, "street"),
            (COMMUNITY_A, "community"),
            (COMMUNITY_A2, "community"),
            (COMMUNITY_B, "community"),
        ]:
            if code in opened_by_bootstrap:
                continue
            created = await http.post(
                "/api/v1/registry/offices",
                json={"code": code, "name": f"office {code}", "kind": kind},
                headers=admin,
            )
            assert created.status_code == 201, created.text
        yield http
        del _APPS[id(http)]
    await _drop_registry_stream(js)


async def _drop_registry_stream(js: JetStreamContext) -> None:
    # The registry's stream name is fixed, so tests on one NATS server take turns.
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REGISTRY")
