"""A service keeps its keys where it is told: the key table in a database of its own.

So a dump of the service's database holds ciphertext and no key to open it (deploy/
puts the key table in its own database, ``SHEQU_KEYRING_URL``); and a service
refuses to start without a master key rather than store personal data in clear.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from shequ.contracts import Event, EventCatalog
from shequ.contracts.personal import PERSONAL
from shequ.service import ServiceDefinition, ServiceSettings, open_runtime

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


class VisitorNoted(Event):
    type: Literal["VisitorNoted"] = "VisitorNoted"
    stream_type = "visitor"
    person_id: str
    phone: Annotated[str, PERSONAL]


def _definition(name: str) -> ServiceDefinition:
    return ServiceDefinition(
        name=name, catalog=EventCatalog(name, [VisitorNoted]), staff_source=None
    )


@pytest.fixture
async def key_database(pg_server_dsn: str) -> AsyncIterator[str]:
    """A database of its own for the key table, dropped after."""
    name = f"keys_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(pg_server_dsn)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
        yield urlunsplit(urlsplit(pg_server_dsn)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


async def test_the_key_table_lives_in_the_database_it_is_given(
    pg_dsn: str, nats_server_url: str, key_database: str, unique_name: str
) -> None:
    settings = ServiceSettings(
        database_url=pg_dsn, nats_url=nats_server_url, keyring_url=key_database
    )
    person = f"person-{unique_name}"
    noted = VisitorNoted(person_id=person, phone="13800138000")
    async with open_runtime(_definition(unique_name), settings) as runtime:
        await runtime.store.append(
            "visitor", person, [noted], expected_version=0, occurred_at=NOW
        )
        events, _ = await runtime.store.replay(person)
        stored = await runtime.pool.fetchval("SELECT data::text FROM events")

    assert events == [noted]
    assert "13800138000" not in stored
    assert await _key_rows(key_database, person) == 1
    assert await _key_rows(pg_dsn, person) == 0


async def _key_rows(dsn: str, subject: str) -> int:
    """How many key rows ``subject`` has in the database at ``dsn`` (0: no table)."""
    conn = await asyncpg.connect(dsn)
    try:
        if not await conn.fetchval("SELECT to_regclass('keyring.subject_keys')"):
            return 0
        count: int = await conn.fetchval(
            "SELECT count(*) FROM keyring.subject_keys WHERE subject = $1", subject
        )
        return count
    finally:
        await conn.close()


async def test_a_service_will_not_start_without_a_master_key(
    pg_dsn: str, nats_server_url: str, unique_name: str
) -> None:
    settings = ServiceSettings(
        database_url=pg_dsn, nats_url=nats_server_url, master_key=""
    )
    with pytest.raises(RuntimeError, match="SHEQU_MASTER_KEY"):
        async with open_runtime(_definition(unique_name), settings):
            pass
