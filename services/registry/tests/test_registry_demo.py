"""The demo district ``make run`` shows: loaded once, signed into by every demo role."""

from __future__ import annotations

from datetime import UTC, datetime

from shequ.eventstore import load
from shequ.registry.app import definition
from shequ.registry.demo import DISTRICT, STAFF, load_demo
from shequ.registry.domain import office
from shequ.registry.handlers.sign_in import sign_in
from shequ.service import ServiceSettings, open_runtime


async def test_the_demo_loads_once_and_every_demo_role_can_sign_in(
    signing_settings: ServiceSettings,
) -> None:
    async with open_runtime(
        definition(), signing_settings, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC)
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

    assert registered == 20
    assert 5 <= households <= 20
    # The bootstrap opened it under a placeholder; the demo gives it its name.
    assert district is not None
    assert district.name == "示范区"
    assert signed == [f"staff-{login}" for login, _, _ in STAFF]
