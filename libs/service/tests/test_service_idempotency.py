"""One Idempotency-Key, one request: a retry is answered, another one refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from shequ.access import Acting, Role
from shequ.eventstore import Decider
from shequ.service import (
    IdempotencyKey,
    RuntimeDep,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
    execute_as,
    new_id,
)
from shequ.testing.sample import CaseOpened, sample_catalog
from shequ.testing.tokens import PUBLIC_KEY, bearer, staff
from shequ.webapi import CurrentActor, RequestModel

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@dataclass(frozen=True, kw_only=True)
class OpenCase:
    title: str


DECIDER: Decider[OpenCase, bool, CaseOpened] = Decider(
    "case",
    False,
    lambda c, opened: [] if opened else [CaseOpened(title=c.title)],
    lambda _, e: True,
)


class CaseBody(RequestModel):
    title: str


def _definition(name: str) -> ServiceDefinition:
    router = APIRouter(prefix=f"/api/v1/{name}")

    @router.post("/cases", status_code=201)
    async def open_case(
        body: CaseBody, rt: RuntimeDep, actor: CurrentActor, key: IdempotencyKey = None
    ) -> dict[str, str]:
        by = Acting.of(actor, rt.clock())
        case_id = new_id("case", by, key)
        command = OpenCase(title=body.title)
        await execute_as(by, rt.store, DECIDER, case_id, command, key=key)
        return {"case_id": case_id}

    return ServiceDefinition(name=name, catalog=sample_catalog(name), routers=[router])


def _headers(key: str, staff_id: str = "staff-1") -> dict[str, str]:
    actor = staff(Role.COMMUNITY_WORKER, staff_id=staff_id)
    return {**bearer(actor, NOW), "Idempotency-Key": key}


@pytest.fixture
async def client(
    pg_dsn: str, nats_server_url: str, unique_name: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings = ServiceSettings(
        database_url=pg_dsn, nats_url=nats_server_url, token_public_key=PUBLIC_KEY
    )
    app: FastAPI = create_service_app(
        _definition(unique_name), settings, clock=lambda: NOW
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url=f"http://test/api/v1/{unique_name}"
        ) as http:
            yield http


async def test_a_retry_gets_the_first_result(client: httpx.AsyncClient) -> None:
    first = await client.post("/cases", json={"title": "漏水"}, headers=_headers("k-1"))
    retry = await client.post("/cases", json={"title": "漏水"}, headers=_headers("k-1"))

    assert (first.status_code, retry.status_code, retry.json()) == (
        201,
        201,
        first.json(),
    )


async def test_another_request_under_a_used_key_is_refused_naming_the_header(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/cases", json={"title": "漏水"}, headers=_headers("k-1"))

    reused = await client.post(
        "/cases", json={"title": "噪音"}, headers=_headers("k-1")
    )

    assert (reused.status_code, reused.json()["errors"]) == (
        422,
        [
            {
                "field": "header.Idempotency-Key",
                # Chinese: no Accept-Language asks for anything else.
                "message": "此幂等键已用于另一个请求；新的请求需要新的幂等键",
            }
        ],
    )


async def test_keys_are_each_staff_members_own(client: httpx.AsyncClient) -> None:
    mine = await client.post("/cases", json={"title": "漏水"}, headers=_headers("k-1"))
    theirs = await client.post(
        "/cases", json={"title": "噪音"}, headers=_headers("k-1", "staff-2")
    )

    assert (theirs.status_code, theirs.json() != mine.json()) == (201, True)
