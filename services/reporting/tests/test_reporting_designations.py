"""Designations through the API, as the offices would (issue #19), on a moving clock.

A community large enough by the registry walks 篇一's stages with dates, applies, is
reviewed by its street, accepted and put on notice, inspected and named; three years
on its re-check fails, the rectification's deadline passes unmet and the timer
revokes the title — each visible as of any date in between.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Role
from shequ.reporting.app import create_app
from shequ.reporting.demo import load_demo
from shequ.reporting.domain.designations.standard import GREEN
from shequ.reporting.handlers.designations import check_timers
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    DISTRICT,
    STREET_A,
    STREET_B,
    RegistryFeed,
    open_registry_feed,
)
from shequ.testing.running import Clock
from shequ.testing.tokens import PUBLIC_KEY, bearer, staff

REPORTING = "/api/v1/reporting"
GREEN_OF = f"{REPORTING}/designations/{COMMUNITY_A2}/green_community"
START = datetime(2026, 2, 1, 2, 0, tzinfo=UTC)


@dataclass
class Offices:
    http: httpx.AsyncClient
    runtime: Runtime
    registry: RegistryFeed
    clock: Clock

    def as_(self, role: Role, office: str) -> dict[str, str]:
        return bearer(
            staff(role, office=office, staff_id=f"{role}-{office}"), self.clock.now
        )

    async def step(
        self, path: str, role: Role, office: str, **body: Any
    ) -> httpx.Response:
        return await self.http.post(
            f"{GREEN_OF}/{path}", json=body, headers=self.as_(role, office)
        )

    async def done(
        self, path: str, role: Role, office: str, **body: Any
    ) -> dict[str, Any]:
        answer = await self.step(path, role, office, **body)
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found

    async def read(self, as_of: str | None = None) -> dict[str, Any]:
        answer = await self.http.get(
            GREEN_OF,
            params={} if as_of is None else {"as_of": as_of},
            headers=self.as_(Role.STREET_ADMIN, STREET_A),
        )
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found


@pytest.fixture
async def offices(
    pg_dsn: str,
    pg_dsns: Callable[[], Awaitable[str]],
    nats_server_url: str,
    nats_client: NatsClient,
) -> AsyncIterator[Offices]:
    """Reporting on a clock, fed by a registry holding 1,500 residents in A2."""
    js = nats_client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REPORTING")
    clock = Clock(START)
    settings = ServiceSettings(
        database_url=pg_dsn, nats_url=nats_server_url, token_public_key=PUBLIC_KEY
    )
    async with open_registry_feed(await pg_dsns(), nats_client, START) as registry:
        await registry.start(
            [
                RegistryFeed.new_person(COMMUNITY_A2, date(1960 + i % 50, 1, 1))
                for i in range(1500)
            ]
            + [
                RegistryFeed.new_person(COMMUNITY_A, date(1980, 1, 1))
                for _ in range(10)
            ]
        )
        await registry.publish()
        app = create_app(settings, clock=clock)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://reporting",
                headers={"Accept-Language": "en"},
            ) as http,
        ):
            found = Offices(http, app.state.runtime, registry, clock)
            for runner in found.runtime.runners.values():
                for status in await runner.status():
                    assert await runner.wait_until(
                        status.source, status.stream_last_seq, 20
                    )
            defined = await http.put(
                f"{REPORTING}/campaigns/green_community",
                json=GREEN,
                headers=found.as_(Role.DISTRICT_ADMIN, DISTRICT),
            )
            assert defined.status_code == 200, defined.text
            yield found
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REPORTING")


async def test_eligibility_is_counted_from_the_registry(offices: Offices) -> None:
    headers = offices.as_(Role.STREET_ADMIN, STREET_A)
    large = await offices.http.get(f"{GREEN_OF}/eligibility", headers=headers)
    small = await offices.http.get(
        f"{REPORTING}/designations/{COMMUNITY_A}/green_community/eligibility",
        headers=headers,
    )

    assert large.status_code == 200, large.text
    assert (large.json()["residents"], large.json()["eligible"]) == (1500, True)
    assert (small.json()["residents"], small.json()["eligible"]) == (10, False)


async def prepared(offices: Offices) -> None:
    """The four stages of 篇一, each on its day."""
    for day, stage in [
        ("2026-03-02", "organisation"),
        ("2026-04-01", "publicity"),
        ("2026-05-06", "training"),
        ("2026-06-01", "self_check"),
    ]:
        offices.clock.on(day)
        await offices.done(
            "stages", Role.COMMUNITY_WORKER, COMMUNITY_A2, stage=stage, on=day, note=""
        )


async def named(offices: Offices) -> None:
    await prepared(offices)
    offices.clock.on("2026-07-01")
    applied = await offices.done(
        "application", Role.COMMUNITY_WORKER, COMMUNITY_A2, on="2026-07-01"
    )
    assert (applied["status"], applied["residents"]) == ("applied", 1500)
    offices.clock.on("2026-07-10")
    await offices.done(
        "review",
        Role.STREET_ADMIN,
        STREET_A,
        on="2026-07-10",
        approved=True,
        note="同意上报",
    )
    offices.clock.on("2026-07-20")
    await offices.done(
        "acceptance",
        Role.DISTRICT_ADMIN,
        DISTRICT,
        on="2026-07-20",
        notice_until="2026-07-30",
    )
    offices.clock.on("2026-07-25")
    await offices.done(
        "objections",
        Role.DISTRICT_ADMIN,
        DISTRICT,
        on="2026-07-25",
        objection="东区垃圾未分类",
    )
    offices.clock.on("2026-08-05")
    await offices.done(
        "inspection",
        Role.DISTRICT_ADMIN,
        DISTRICT,
        on="2026-08-05",
        methods=["site_visit", "archive_check", "questionnaire"],
        score=91.5,
        passed=True,
    )
    offices.clock.on("2026-09-01")
    await offices.done("naming", Role.DISTRICT_ADMIN, DISTRICT, on="2026-09-01")


async def test_a_community_walks_the_stages_is_named_and_loses_the_title(
    offices: Offices,
) -> None:
    await named(offices)
    offices.clock.on("2029-09-01")
    assert await check_timers(offices.runtime.store, offices.clock.now) >= 1
    due = await offices.http.get(
        f"{REPORTING}/designations/due",
        headers=offices.as_(Role.DISTRICT_ADMIN, DISTRICT),
    )
    # The re-check, and the year's evaluation on the naming's anniversary.
    assert [(d["what"], d["due_on"], d["year"]) for d in due.json()] == [
        ("recheck", "2029-09-01", None),
        ("evaluation", "2029-09-01", 2029),
    ]
    offices.clock.on("2029-09-15")
    await offices.done(
        "rechecks",
        Role.DISTRICT_ADMIN,
        DISTRICT,
        on="2029-09-15",
        passed=False,
        score=62,
        rectify_by="2029-12-15",
    )
    offices.clock.on("2029-12-16")
    await check_timers(offices.runtime.store, offices.clock.now)

    seen = {
        day: (await offices.read(day))["status"]
        for day in [
            "2026-05-01",
            "2026-07-05",
            "2026-07-15",
            "2026-08-01",
            "2026-08-20",
            "2027-06-30",
            "2029-10-01",
            "2029-12-20",
        ]
    }
    assert seen == {
        "2026-05-01": "preparing",
        "2026-07-05": "applied",
        "2026-07-15": "reviewed",
        "2026-08-01": "accepted",
        "2026-08-20": "inspected",
        "2027-06-30": "named",
        "2029-10-01": "rectifying",
        "2029-12-20": "revoked",
    }
    now = await offices.read()
    assert (now["revoked_on"], now["objections"]) == ("2029-12-16", 1)
    assert [s["done_on"] for s in now["stages"]] == [
        "2026-03-02",
        "2026-04-01",
        "2026-05-06",
        "2026-06-01",
    ]
    assert now["history"][-1]["type"] == "DesignationRevoked"
    assert now["history"][-1]["data"]["reason"] == "deadline_passed"


async def test_who_takes_each_step(offices: Offices) -> None:
    await prepared(offices)
    offices.clock.on("2026-07-01")
    # Another community's worker may not apply for A2; its own worker may.
    other = await offices.step(
        "application", Role.COMMUNITY_WORKER, COMMUNITY_A, on="2026-07-01"
    )
    assert other.status_code in (403, 404), other.text
    await offices.done(
        "application", Role.COMMUNITY_WORKER, COMMUNITY_A2, on="2026-07-01"
    )
    # The community does not review its own application; another street cannot see it.
    own = await offices.step(
        "review", Role.COMMUNITY_WORKER, COMMUNITY_A2, on="2026-07-01", approved=True
    )
    elsewhere = await offices.step(
        "review", Role.STREET_ADMIN, STREET_B, on="2026-07-01", approved=True
    )
    assert (own.status_code, elsewhere.status_code) == (403, 404)
    await offices.done(
        "review", Role.STREET_ADMIN, STREET_A, on="2026-07-01", approved=True
    )
    # Only the district accepts.
    street = await offices.step(
        "acceptance",
        Role.STREET_ADMIN,
        STREET_A,
        on="2026-07-01",
        notice_until="2026-07-10",
    )
    assert street.status_code == 403, street.text


async def test_a_small_community_is_refused_in_chinese_naming_the_office(
    offices: Offices,
) -> None:
    path = f"{REPORTING}/designations/{COMMUNITY_A}/green_community"
    headers = offices.as_(Role.COMMUNITY_WORKER, COMMUNITY_A)
    for day, stage in [
        ("2026-03-02", "organisation"),
        ("2026-04-01", "publicity"),
        ("2026-05-06", "training"),
        ("2026-06-01", "self_check"),
    ]:
        offices.clock.on(day)
        headers = offices.as_(Role.COMMUNITY_WORKER, COMMUNITY_A)
        done = await offices.http.post(
            f"{path}/stages", json={"stage": stage, "on": day}, headers=headers
        )
        assert done.status_code == 200, done.text
    refused = await offices.http.post(
        f"{path}/application",
        json={"on": "2026-06-01"},
        headers={**headers, "Accept-Language": "zh-CN"},
    )

    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/not-eligible")
    assert "1500" in problem["detail"]
    assert problem["errors"][0]["field"] == "office"
    assert problem["title"] == "不符合申报条件"


async def test_a_stage_out_of_order_is_refused_and_nothing_is_written(
    offices: Offices,
) -> None:
    offices.clock.on("2026-03-02")
    refused = await offices.step(
        "stages", Role.COMMUNITY_WORKER, COMMUNITY_A2, stage="training", on="2026-03-02"
    )
    assert refused.status_code == 409, refused.text
    assert (await offices.read())["version"] == 0


async def test_the_demo_defines_the_campaigns_and_starts_a_designation_once(
    offices: Offices,
) -> None:
    await load_demo(offices.runtime)
    await load_demo(offices.runtime)  # a second start adds nothing
    headers = offices.as_(Role.DISTRICT_ADMIN, DISTRICT)
    campaigns = (
        await offices.http.get(f"{REPORTING}/campaigns", headers=headers)
    ).json()
    demo = await offices.http.get(
        f"{REPORTING}/designations/441900101002/green_community", headers=headers
    )

    assert sorted(c["campaign"] for c in campaigns) == [
        "drug_free_community",
        "full_employment_community",
        "green_community",
    ]
    assert [s["done_on"] is not None for s in demo.json()["stages"]] == [
        True,
        True,
        True,
        False,
    ]
