"""The demo district ``make run`` shows: loaded once, signed into by every demo role."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shequ.access import NotAuthenticated
from shequ.eventstore import load
from shequ.registry.app import definition
from shequ.registry.demo import DISTRICT, STAFF, demo_staff, load_demo
from shequ.registry.domain import office
from shequ.registry.handlers.sign_in import sign_in
from shequ.service import Runtime, ServiceSettings, open_runtime


async def test_the_demo_loads_once_and_every_demo_role_can_sign_in(
    signing_settings: ServiceSettings,
) -> None:
    everything = {"registry", "employment", "rehab", "mediation", "events"}
    async with open_runtime(
        definition(), signing_settings, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC)
    ) as runtime:
        await load_demo(runtime, residents_per_community=5, services=everything)
        await load_demo(runtime, residents_per_community=5, services=everything)
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


def test_a_demo_account_is_enrolled_only_where_its_service_is_installed() -> None:
    installed = {"registry", "employment", "reporting"}

    logins = [login for login, _, _ in demo_staff(installed)]

    assert logins == ["worker", "street", "district", "employment", "auditor"]
    assert [login for login, _, _ in demo_staff({*installed, "mediation"})] == [
        "worker",
        "street",
        "district",
        "employment",
        "mediator",
        "justice",
        "auditor",
    ]


async def test_the_demo_prints_its_sign_ins_in_chinese(
    signing_settings: ServiceSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    async with open_runtime(
        definition(), signing_settings, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC)
    ) as runtime:
        capsys.readouterr()
        await load_demo(
            runtime, residents_per_community=1, services={"registry", "employment"}
        )
        printed = capsys.readouterr().err
        refused = [
            login
            for login in (
                "rehab",
                "police",
                "antidrug",
                "mediator",
                "justice",
                "activities",
            )
            if not await _signs_in(runtime, login)
        ]

    assert printed == (
        "shequ 演示账号（登录：POST /api/v1/registry/sign-in）："
        "worker / demo-worker（社区工作者）; street / demo-street（街道管理员）;"
        " district / demo-district（区级管理员）;"
        " employment / demo-employment（就业专干）;"
        " auditor / demo-auditor（审计员）\n"
    )
    assert refused == [
        "rehab",
        "police",
        "antidrug",
        "mediator",
        "justice",
        "activities",
    ]


async def _signs_in(runtime: Runtime, login: str) -> bool:
    try:
        await sign_in(runtime, login, f"demo-{login}")
    except NotAuthenticated:
        return False
    return True
