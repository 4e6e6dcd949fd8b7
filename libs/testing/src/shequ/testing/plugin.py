"""Pytest fixtures (测试夹具) giving each test real PostgreSQL and NATS JetStream.

Servers are session-scoped and come from, in order: SHEQU_TEST_DATABASE_URL /
SHEQU_TEST_NATS_URL, testcontainers when a Docker engine answers, embedded throwaway
servers. Server fixtures are sync so no event loop outlives a test; per-test fixtures
are async and isolate by schema, role and unique name.
"""

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import asyncpg
import pytest
from nats.aio.client import Client as NatsClient

from shequ.devinfra import (
    EmbeddedNats,
    EmbeddedPostgres,
    docker_available,
    nats_container_url,
    postgres_container_dsn,
)
from shequ.messaging import connect
from shequ.testing._dsn import with_query, with_user

# The console's browser tests' fixtures, for any test module that asks for them.
from shequ.testing.console import browser, chromium, console_stack, steps  # noqa: F401 - fixtures, found by name

# A test that uses one of these needs running servers; the rest form ``make
# test-unit`` (``-m "not servers"``). A test that starts servers by other means says so
# with ``@pytest.mark.servers`` itself.
SERVER_FIXTURES = frozenset({"pg_server_dsn", "nats_server_url", "restartable_nats"})


# One master key for the whole run (services started in-process and as children
# read it from the environment), unless the caller gives their own.
TEST_MASTER_KEY = "c2hlcXUgdGVzdHMgbWFzdGVyIGtleSwgMzIgYnl0ZXM="


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("SHEQU_MASTER_KEY", TEST_MASTER_KEY)
    config.addinivalue_line(
        "markers", "servers: needs real PostgreSQL or NATS (set by fixture use)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


def _server(
    env_var: str,
    container: Callable[[], AbstractContextManager[str]],
    embedded: Callable[[], AbstractContextManager[str]],
) -> Iterator[str]:
    if url := os.environ.get(env_var):
        yield url
        return
    with container() if docker_available() else embedded() as url:
        yield url


@contextmanager
def _embedded_postgres() -> Iterator[str]:
    with EmbeddedPostgres() as server:
        yield server.dsn


@contextmanager
def _embedded_nats() -> Iterator[str]:
    with EmbeddedNats() as server:
        yield server.url


@pytest.fixture(scope="session")
def pg_server_dsn() -> Iterator[str]:
    """Yield the superuser DSN of a PostgreSQL cluster shared by the session."""
    yield from _server(
        "SHEQU_TEST_DATABASE_URL", postgres_container_dsn, _embedded_postgres
    )


@pytest.fixture(scope="session")
def nats_server_url() -> Iterator[str]:
    """Yield the URL of a NATS server with JetStream shared by the session."""
    yield from _server("SHEQU_TEST_NATS_URL", nats_container_url, _embedded_nats)


@pytest.fixture
def unique_name() -> str:
    """Return a short lowercase token, valid in NATS subjects and stream names."""
    return f"t{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def pg_dsn(pg_server_dsn: str) -> AsyncIterator[str]:
    """Yield a DSN whose search_path is a fresh schema ``t_<12 hex>``; drop it after."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(pg_server_dsn)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        yield with_query(pg_server_dsn, search_path=schema)
    finally:
        await admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await admin.close()


@pytest.fixture
async def pg_dsns(pg_server_dsn: str) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """Yield a maker of more fresh-schema DSNs (one per store a test needs)."""
    admin = await asyncpg.connect(pg_server_dsn)
    schemas: list[str] = []

    async def make() -> str:
        schemas.append(f"t_{uuid.uuid4().hex[:12]}")
        await admin.execute(f"CREATE SCHEMA {schemas[-1]}")
        return with_query(pg_server_dsn, search_path=schemas[-1])

    try:
        yield make
    finally:
        for schema in schemas:
            await admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await admin.close()


@dataclass(frozen=True)
class PgRole:
    """A LOGIN role without superuser; dsn_for connects any DSN as this role."""

    name: str

    def dsn_for(self, dsn: str) -> str:
        return with_user(dsn, self.name)


@pytest.fixture
async def pg_role(pg_server_dsn: str) -> AsyncIterator[PgRole]:
    """Yield a fresh unprivileged LOGIN role ``r_<12 hex>``; drop it after."""
    role = PgRole(f"r_{uuid.uuid4().hex[:12]}")
    admin = await asyncpg.connect(pg_server_dsn)
    try:
        await admin.execute(f"CREATE ROLE {role.name} LOGIN")
        yield role
    finally:
        # Whether or not pg_dsn already dropped its schema, these leave nothing that
        # would make DROP ROLE fail (owned objects, grants) in this database.
        await admin.execute(f"REASSIGN OWNED BY {role.name} TO CURRENT_USER")
        await admin.execute(f"DROP OWNED BY {role.name}")
        await admin.execute(f"DROP ROLE {role.name}")
        await admin.close()


@pytest.fixture
async def nats_client(
    nats_server_url: str, unique_name: str
) -> AsyncIterator[NatsClient]:
    """Yield a client as the services make it; then delete this test's streams.

    The streams deleted are those whose name contains unique_name.
    """
    client = await connect(nats_server_url)
    try:
        yield client
    finally:
        js = client.jetstream()
        for info in await js.streams_info():
            name = info.config.name or ""
            if unique_name in name.lower():
                await js.delete_stream(name)
        await client.close()


@pytest.fixture
def restartable_nats() -> Iterator[EmbeddedNats]:
    """Yield a private embedded NATS, even with env vars set: tests restart it."""
    with EmbeddedNats() as server:
        yield server
