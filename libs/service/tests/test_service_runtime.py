"""A declared service runs end to end: HTTP → store → relay → NATS → projection.

The trace of the request follows the command into the event's metadata, the NATS
message headers and the projection's span (ARCHITECTURE.md, Observability).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, FastAPI
from nats.aio.client import Client as NatsClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shequ.access import Role
from shequ.contracts.registry import StaffDeactivated, StaffRolesChanged
from shequ.eventstore import Metadata
from shequ.messaging import stream_name
from shequ.service import (
    RuntimeDep,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
    open_runtime,
)
from shequ.testing import PgRole
from shequ.testing.feeds import open_registry_feed
from shequ.testing.sample import (
    NOTES_MIGRATIONS,
    CaseOpened,
    notes_projection,
    sample_catalog,
)
from shequ.testing.tokens import PUBLIC_KEY, bearer, staff
from shequ.webapi import CurrentActor

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def _token(*roles: Role, office: str = "441900000000") -> dict[str, str]:
    return bearer(staff(*roles, office=office), NOW)


def _definition(name: str, staff_source: str | None = None) -> ServiceDefinition:
    router = APIRouter(prefix=f"/api/v1/{name}")

    @router.post("/cases/{case_id}", status_code=201)
    async def open_case(case_id: str, runtime: RuntimeDep, actor: CurrentActor) -> dict:
        result = await runtime.store.append(
            "case",
            case_id,
            [CaseOpened(title=case_id)],
            expected_version=0,
            occurred_at=runtime.clock(),
            metadata=Metadata(actor=actor.staff_id, office=actor.office),
        )
        return {"version": result.last_version, "position": result.last_position}

    @router.get("/cases/{case_id}/notes")
    async def notes(case_id: str, runtime: RuntimeDep) -> list[str]:
        rows = await runtime.pool.fetch(
            "SELECT text FROM case_notes WHERE stream_id = $1 ORDER BY version", case_id
        )
        return [r["text"] for r in rows]

    return ServiceDefinition(
        name=name,
        catalog=sample_catalog(name),
        migrations=NOTES_MIGRATIONS,
        projections=[notes_projection(name)],
        routers=[router],
        staff_source=staff_source,
    )


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def settings(pg_dsn: str, nats_server_url: str) -> ServiceSettings:
    """The test's database and NATS; tokens signed by shequ.testing.tokens."""
    return ServiceSettings(
        database_url=pg_dsn, nats_url=nats_server_url, token_public_key=PUBLIC_KEY
    )


@contextlib.asynccontextmanager
async def _serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app started, and a client of it."""
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as http,
    ):
        yield http


@pytest.fixture
async def client(
    settings: ServiceSettings, unique_name: str, spans: InMemorySpanExporter
) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_service_app(
        _definition(unique_name), settings, clock=lambda: NOW, span_exporter=spans
    )
    async with _serving(app) as http:
        yield http


async def _until(probe, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not (value := await probe()):
            await asyncio.sleep(0.05)
    return value


async def test_a_command_is_projected_and_its_trace_follows_it(
    client: httpx.AsyncClient,
    unique_name: str,
    spans: InMemorySpanExporter,
    nats_client: NatsClient,
) -> None:
    traceparent = f"00-{TRACE_ID}-00f067aa0ba902b7-01"

    created = await client.post(
        f"/api/v1/{unique_name}/cases/case-1",
        headers={**_token(Role.COMMUNITY_WORKER), "traceparent": traceparent},
    )
    notes = await _until(
        lambda: _json(client.get(f"/api/v1/{unique_name}/cases/case-1/notes"))
    )

    assert (created.status_code, created.json()["version"]) == (201, 1)
    assert notes == ["case-1"]
    message = await nats_client.jetstream().get_msg(stream_name(unique_name), 1)
    assert (message.headers or {})["traceparent"].split("-")[1] == TRACE_ID
    projected = await _until(
        lambda: _spans_named(spans, "project case-notes"), timeout=5
    )
    assert {f"{s.context.trace_id:032x}" for s in projected} == {TRACE_ID}


async def _json(response):  # type: ignore[no-untyped-def]
    return (await response).json()


async def _spans_named(spans: InMemorySpanExporter, name: str) -> list:  # type: ignore[type-arg]
    return [s for s in spans.get_finished_spans() if s.name == name]


async def test_readiness_reports_each_dependency(
    client: httpx.AsyncClient, unique_name: str
) -> None:
    response = await client.get(f"/api/v1/{unique_name}/health/ready")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "checks": {"postgres": "ok", "nats": "ok"}},
    )


async def test_operators_see_where_relay_and_projections_stand(
    client: httpx.AsyncClient, unique_name: str
) -> None:
    await client.post(
        f"/api/v1/{unique_name}/cases/case-1", headers=_token(Role.COMMUNITY_WORKER)
    )
    await _until(lambda: _json(client.get(f"/api/v1/{unique_name}/cases/case-1/notes")))

    anonymous = await client.get(f"/api/v1/{unique_name}/ops/status")
    worker = await client.get(
        f"/api/v1/{unique_name}/ops/status", headers=_token(Role.COMMUNITY_WORKER)
    )
    admin = await client.get(
        f"/api/v1/{unique_name}/ops/status", headers=_token(Role.DISTRICT_ADMIN)
    )

    assert (anonymous.status_code, worker.status_code) == (401, 403)
    assert admin.json() == {
        "service": unique_name,
        "runs_background": True,  # the only replica holds the lease
        "lease_epoch": 1,
        "relay_pending": 0,
        "relay_position": 1,
        "projections": [
            {
                "name": "case-notes",
                "sources": [
                    {
                        "source": unique_name,
                        "checkpoint": 1,
                        "stream_last_seq": 1,
                        "lag": 0,
                    }
                ],
            }
        ],
        "parked": 0,
    }


async def test_a_service_acts_as_its_role_which_cannot_change_events(
    pg_dsn: str,
    nats_server_url: str,
    unique_name: str,
    pg_role: PgRole,
    nats_client: NatsClient,
) -> None:
    settings = ServiceSettings(
        database_url=pg_dsn, database_role=pg_role.name, nats_url=nats_server_url
    )
    async with open_runtime(_definition(unique_name), settings, lambda: NOW) as rt:
        await rt.store.append(
            "case",
            "case-1",
            [CaseOpened(title="x")],
            expected_version=0,
            occurred_at=NOW,
        )
        acting = await rt.pool.fetchval("SELECT current_user")
        refused = []
        for sql in (
            "UPDATE events SET data = '{}'",
            "DELETE FROM commands",
            "TRUNCATE events",
            "SELECT setval('events_position_seq', 1)",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await rt.pool.execute(sql)
            refused.append(sql)
        projected = await _until(lambda: rt.pool.fetch("SELECT text FROM case_notes"))

    assert acting == pg_role.name
    assert len(refused) == 4
    assert [r["text"] for r in projected] == ["x"]  # the projection runs as the role


async def test_a_staff_member_deactivated_in_the_registry_is_refused_everywhere(
    settings: ServiceSettings, pg_dsns, unique_name: str, nats_client: NatsClient
) -> None:
    app: FastAPI = create_service_app(
        _definition(unique_name, staff_source="registry"), settings, clock=lambda: NOW
    )
    left = bearer(staff(Role.COMMUNITY_WORKER, staff_id="staff-9"), NOW)
    cases, status = f"/api/v1/{unique_name}/cases", f"/api/v1/{unique_name}/ops/status"
    async with (
        open_registry_feed(await pg_dsns(), nats_client, NOW) as registry,
        _serving(app) as http,
    ):
        before = await http.post(f"{cases}/case-1", headers=left)
        await registry.append(
            "staff-9", [StaffDeactivated(office="441900000000", reason="调离")]
        )
        await registry.publish()

        async def refused() -> bool:  # a worker reading ops: 403 until refused
            return (await http.get(status, headers=left)).status_code == 401

        await _until(refused, timeout=15)
        after = await http.post(f"{cases}/case-2", headers=left)
        other = await http.post(
            f"{cases}/case-3", headers=_token(Role.COMMUNITY_WORKER)
        )

    assert (before.status_code, other.status_code) == (201, 201)
    assert after.status_code == 401


async def test_a_staff_member_whose_roles_changed_signs_in_again_everywhere(
    settings: ServiceSettings, pg_dsns, unique_name: str, nats_client: NatsClient
) -> None:
    # The wall clock: the change is recorded at the database's now.
    app: FastAPI = create_service_app(
        _definition(unique_name, staff_source="registry"), settings
    )
    admin = staff(Role.DISTRICT_ADMIN, staff_id="staff-9")
    old = bearer(admin, datetime.now(UTC) - timedelta(minutes=1))
    cases = f"/api/v1/{unique_name}/cases"
    async with (
        open_registry_feed(await pg_dsns(), nats_client, NOW) as registry,
        _serving(app) as http,
    ):
        before = await http.post(f"{cases}/case-1", headers=old)
        await registry.append(
            "staff-9", [StaffRolesChanged(office="441900000000", roles=["auditor"])]
        )
        await registry.publish()

        async def refused() -> httpx.Response | None:
            response = await http.post(f"{cases}/case-2", headers=old)
            return response if response.status_code == 401 else None

        after = await _until(refused, timeout=15)
        demoted = admin.model_copy(update={"roles": frozenset({Role.AUDITOR})})
        signed_in_again = datetime.now(UTC) + timedelta(seconds=1)
        new = bearer(demoted, signed_in_again)
        again = await http.post(f"{cases}/case-3", headers=new)

    assert (before.status_code, again.status_code) == (201, 201)
    assert after.json()["detail"] == (
        "the roles of staff staff-9 changed after this token was issued: sign in again"
    )
