"""The demo ``make run`` loads: a year of activities in the demo street, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shequ.access import Role
from shequ.events.demo import HOME, load_demo
from shequ.testing.feeds import COMMUNITY_A, STREET_A

from .conftest import EVENTS, Events


async def test_the_demo_holds_a_year_of_activities_and_loads_once(
    events: Events, token: Callable[..., dict[str, str]]
) -> None:
    for n in range(5):
        await events.registry.person(HOME, date(1950, 3, 1 + n))
    await events.settle()

    await load_demo(events.runtime)
    await events.settle()
    appended = await events.runtime.pool.fetchval("SELECT count(*) FROM events")
    await load_demo(events.runtime)

    assert await events.runtime.pool.fetchval("SELECT count(*) FROM events") == appended
    street = token(Role.STREET_ADMIN, STREET_A)
    met = {}
    for office in (HOME, COMMUNITY_A):
        answer = await events.http.get(
            f"{EVENTS}/figures", params={"within": office}, headers=street
        )
        met[office] = {t["metric"]: t["met"] for t in answer.json()["targets"]}
    assert (
        met[HOME]["anti_drug_meetings"],
        met[COMMUNITY_A]["anti_drug_meetings"],
    ) == (True, False)
    assert met[HOME]["publicity_corners"]
    volunteers = await events.http.get(f"{EVENTS}/volunteers", headers=street)
    [helper] = volunteers.json()["items"]
    assert (helper["earned"], helper["redeemed"], helper["balance"]) == (4, 2, 2)
