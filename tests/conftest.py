"""The whole stack for the cross-service suites: registry, employment, reporting, rehab,
mediation.

Each service runs as deployed: its app from its composition root, served by uvicorn
on a free port of 127.0.0.1, on real PostgreSQL (a schema per service) and NATS
(libs/testing's session servers). Employment, reporting and rehab consume the
registry's real stream; reporting also employment's and rehab's (its archive), the
registry rehab's (legal holds) and employment rehab's (partner referrals for work), so
a person registered over HTTP reaches every service. Rehab also reads the police's
stream (SHEQU_POLICE), which no service of the stack publishes: its intake waits on
an empty stream, dropped with the others.

Suites here are synchronous (schemathesis drives hypothesis, which is synchronous):
the stack runs on an event loop in a thread of its own, and a test hands it
coroutines with :meth:`Stack.run`.

Stream names are fixed per service, so one stack runs at a time: the fixture is
module-scoped, and drops the streams before and after.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import asyncpg
import httpx
import nats
import pytest
import uvicorn
from fastapi import FastAPI
from nats.js.errors import NotFoundError

from shequ.access import Role
from shequ.employment.app import create_app as employment_app
from shequ.events.app import create_app as events_app
from shequ.mediation.app import create_app as mediation_app
from shequ.registry.app import create_app as registry_app
from shequ.rehab.app import create_app as rehab_app
from shequ.reporting.app import create_app as reporting_app
from shequ.reporting.settings import reporting_settings
from shequ.service import Runtime, ServiceSettings
from shequ.testing._dsn import with_query
from shequ.testing.feeds import OFFICES
from shequ.testing.tokens import PRIVATE_KEY, PUBLIC_KEY, bearer, staff

T = TypeVar("T")
SERVICES = ("registry", "employment", "reporting", "rehab", "mediation", "events")
STREAMS = (
    "SHEQU_REGISTRY",
    "SHEQU_EMPLOYMENT",
    "SHEQU_REPORTING",
    "SHEQU_REHAB",
    "SHEQU_MEDIATION",
    "SHEQU_POLICE",
    "SHEQU_EVENTS",
)
BUILDERS = {
    "registry": registry_app,
    "employment": employment_app,
    "reporting": reporting_app,
    "rehab": rehab_app,
    "mediation": mediation_app,
    "events": events_app,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the cases a module names in ``KNOWN_BUGS`` as strict expected failures.

    Keys are parts of the test's name (``[GET /api/v1/…]``; schemathesis leaves the
    operation out of the node id): a bug found in a service is recorded where it was
    found, and the mark fails once it is fixed.
    """
    for item in items:
        module = getattr(item, "module", None)
        for key, reason in getattr(module, "KNOWN_BUGS", {}).items():
            if key in item.name:
                item.add_marker(pytest.mark.xfail(strict=True, reason=reason))


class Loop:
    """An event loop in a daemon thread; :meth:`run` waits for a coroutine there."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class Stack:
    """The services, running; their base URLs and runtimes."""

    loop: Loop
    urls: dict[str, str] = field(default_factory=dict)
    dsns: dict[str, str] = field(default_factory=dict)
    runtimes: dict[str, Runtime] = field(default_factory=dict)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        return self.loop.run(coro, timeout)

    def settle(self, within: float = 20.0) -> None:
        """Wait until every relay has published and every projection caught up."""
        self.run(self.settled(within))

    async def settled(self, within: float = 20.0) -> None:
        """:meth:`settle`, on the stack's own loop."""
        # Twice: policies and reporting react to what the first pass delivered.
        for _ in range(2):
            for name in SERVICES:
                runtime = self.runtimes[name]
                deadline = asyncio.get_running_loop().time() + within
                while (await runtime.relay.status()).pending:
                    assert asyncio.get_running_loop().time() < deadline, name
                    await asyncio.sleep(0.01)
                for runner in runtime.runners.values():
                    for status in await runner.status():
                        reached = await runner.wait_until(
                            status.source, status.stream_last_seq, within
                        )
                        assert reached, f"{runner.projection.name} lags {status}"


def headers(role: Role, office: str, staff_id: str = "staff-1") -> dict[str, str]:
    """The ``Authorization`` header of ``role`` at ``office``, issued now."""
    return bearer(staff(role, office=office, staff_id=staff_id), datetime.now(UTC))


async def _drop_streams(url: str) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for name in STREAMS:
            with contextlib.suppress(NotFoundError):
                await js.delete_stream(name)
    finally:
        await client.close()


async def _serve(app: FastAPI) -> AsyncIterator[str]:
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        lifespan="on",
        log_level="warning",
        access_log=False,
        ws="none",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # a failed start raises here
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def _stack(pg_server_dsn: str, nats_url: str, loop: Loop) -> AsyncIterator[Stack]:
    stack = Stack(loop)
    stack.dsns = dsns = {
        name: with_query(pg_server_dsn, search_path=f"t_{name[:3]}_{uuid.uuid4().hex}")
        for name in SERVICES
    }
    admin = await asyncpg.connect(pg_server_dsn)
    await _drop_streams(nats_url)
    try:
        async with contextlib.AsyncExitStack() as running:
            for name, dsn in dsns.items():
                await admin.execute(f"CREATE SCHEMA {_schema(dsn)}")
                settings = ServiceSettings(
                    database_url=dsn,
                    database_role=f"shequ_{name}",
                    nats_url=nats_url,
                    token_public_key=PUBLIC_KEY,
                    # The registry signs, as deployed (sign-in works; its first
                    # start enrols an administrator and opens the district).
                    token_private_key=PRIVATE_KEY if name == "registry" else None,
                )
                app = BUILDERS[name](settings)
                stack.urls[name] = await running.enter_async_context(
                    contextlib.asynccontextmanager(_serve)(app)
                )
                stack.runtimes[name] = app.state.runtime
            await _open_offices(stack.urls["registry"])
            await stack.settled()
            yield stack
    finally:
        for dsn in dsns.values():
            await admin.execute(f"DROP SCHEMA IF EXISTS {_schema(dsn)} CASCADE")
        await admin.close()
        await _drop_streams(nats_url)


def _schema(dsn: str) -> str:
    return dsn.rpartition("search_path=")[2]


async def _open_offices(registry: str) -> None:
    """The office tree of ``shequ.testing.feeds.OFFICES`` below the district.

    The registry's first start opened the district (its bootstrap).
    """
    admin = headers(Role.DISTRICT_ADMIN, OFFICES[0][0])
    async with httpx.AsyncClient(base_url=registry, headers=admin) as http:
        for code, kind, _ in OFFICES[1:]:
            answer = await http.post(
                "/api/v1/registry/offices",
                json={"code": code, "name": f"office {code}", "kind": kind},
            )
            assert answer.status_code == 201, answer.text


@pytest.fixture(scope="module")
def stack(pg_server_dsn: str, nats_server_url: str) -> Iterator[Stack]:
    """Every service of :data:`SERVICES` serving HTTP, with the office tree open."""
    loop = Loop()
    entered = _stack(pg_server_dsn, nats_server_url, loop)
    with pytest.MonkeyPatch.context() as env:
        reporting_settings.cache_clear()
        try:
            running = loop.run(entered.__aenter__())
            # Reporting verifies every service's store, as make run configures it.
            env.setenv("SHEQU_REPORTING_STORES", json.dumps(running.dsns))
            reporting_settings.cache_clear()
            yield running
            loop.run(entered.__aexit__(None, None, None))
        finally:
            reporting_settings.cache_clear()
            loop.close()
