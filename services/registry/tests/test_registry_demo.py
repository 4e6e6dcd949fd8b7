"""The demo district ``make run`` shows: loaded once, signed into by every demo role."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import generate_signing_key
from shequ.eventstore import load
from shequ.registry.app import definition
from shequ.registry.demo import DISTRICT, STAFF, load_demo
from shequ.registry.domain import office
from shequ.registry.handlers.sign_in import sign_in
from shequ.service import ServiceSettings, open_runtime


async def test_the_demo_loads_once_and_every_demo_role_can_sign_in(
    pg_dsn: str, nats_server_url: str, nats_client: NatsClient
) -> None:
    with contextlib.suppress(NotFoundError):
        await nats_client.jetstream().delete_stream("SHEQU_REGISTRY")
    private, public = generate_signing_key()
    settings = ServiceSettings(
        database_url=pg_dsn,
        nats_url=nats_server_url,
        token_public_key=public,
        token_private_key=private,
    )
    try:
        async with open_runtime(
            definition(), settings, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC)
        ) as runtime:
            await load_demo(runtime, residents_per_community=5)
            await load_demo(runtime, residents_per_community=5)
            registered = await runtime.pool.fetchval(
                "SELECT count(*) FROM events WHERE event_type = 'PersonRegistered'"
            )
            households = await runtime.pool.fetchval(
                "SELECT count(*) FROM events WHERE event_type = 'HouseholdRegistered'"
            )
            district, _ = await load(runtime.store, office.DECIDER, DISTRICT[0])
            signed = [
                (await sign_in(runtime, login, f"demo-{login}")).actor.staff_id
                for login, _, _ in STAFF
            ]
    finally:
        with contextlib.suppress(NotFoundError):
            await nats_client.jetstream().delete_stream("SHEQU_REGISTRY")

    assert registered == 20
    assert 5 <= households <= 20
    # The bootstrap opened it under a placeholder; the demo gives it its name.
    assert district is not None
    assert district.name == "示范区"
    assert signed == [f"staff-{login}" for login, _, _ in STAFF]
