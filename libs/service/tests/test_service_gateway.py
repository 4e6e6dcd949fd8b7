"""Several services behind one address, as ``make run`` serves them."""

from __future__ import annotations

import asyncpg
import httpx
from nats.aio.client import Client as NatsClient

from shequ.service import ServiceDefinition, ServiceSettings, create_service_app
from shequ.service._gateway import Gateway
from shequ.testing.sample import sample_catalog


async def test_the_gateway_starts_every_service_and_routes_by_prefix(
    pg_server_dsn: str, nats_server_url: str, unique_name: str, nats_client: NatsClient
) -> None:
    """``nats_client`` is asked for so that its teardown deletes the streams made."""

    names = [f"{unique_name}a", f"{unique_name}b"]
    admin = await asyncpg.connect(pg_server_dsn)
    for name in names:
        await admin.execute(f"CREATE SCHEMA {name}")
    started: list[str] = []

    async def after_start() -> None:
        started.extend(apps)

    apps = {
        name: create_service_app(
            ServiceDefinition(name, sample_catalog(name), description=f"{name} desk"),
            ServiceSettings(
                database_url=f"{pg_server_dsn}?search_path={name}",
                nats_url=nats_server_url,
            ),
        )
        for name in names
    }
    gateway = Gateway(apps, after_start)
    try:
        async with apps[names[0]].router.lifespan_context(apps[names[0]]):
            pass  # each app opens and closes on its own too
        messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
        sent: list[dict[str, object]] = []

        async def receive() -> dict[str, object]:
            if sent and sent[-1]["type"] == "lifespan.startup.complete":
                async with httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=gateway), base_url="http://x"
                ) as http:
                    index = await http.get("/")
                    ready = [
                        (await http.get(f"/api/v1/{n}/health/ready")).status_code
                        for n in names
                    ]
                    missing = await http.get("/api/v1/nowhere/health/ready")
                checks.extend([index.text, ready, missing.status_code])
            return next(messages)

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        checks: list[object] = []
        await gateway({"type": "lifespan"}, receive, send)
    finally:
        for name in names:
            await admin.execute(f"DROP SCHEMA {name} CASCADE")
        await admin.close()

    assert started == names
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
    index, ready, missing = checks
    assert f"{names[0]} desk" in str(index)
    assert (ready, missing) == ([200, 200], 404)
