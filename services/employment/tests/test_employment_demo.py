"""The demo ``make run`` loads: a survey of the registry's residents, and cases."""

from __future__ import annotations

from datetime import date

from shequ.employment.demo import load_demo
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B


async def test_the_demo_surveys_every_resident_and_opens_cases(employment) -> None:
    registry = employment.registry
    family = [
        await registry.person(COMMUNITY_A, date(1980 + n, 1, 1)) for n in range(3)
    ]
    await registry.household(COMMUNITY_A, family[0], family[1:])
    for n in range(20):
        await registry.person(COMMUNITY_B, date(1960 + n, 3, 1))
    await employment.settle()

    await load_demo(employment.runtime)
    await load_demo(employment.runtime)  # a second start adds nothing
    await employment.settle()

    pool = employment.runtime.pool
    assert await pool.fetchval("SELECT count(*) FROM labour_profiles") == 23
    assert (
        await pool.fetchval(
            "SELECT count(*) FROM zero_employment_households WHERE cleared_on IS NULL"
        )
        == 1
    )
    unemployed = await pool.fetchval(
        "SELECT count(*) FROM labour_profiles WHERE status = 'unemployed'"
    )
    events = await pool.fetch("SELECT event_type FROM events")
    types = [e["event_type"] for e in events]
    assert types.count("UnemploymentRegistered") == unemployed
    assert types.count("VacancyPosted") == 1
    assert "JobSeekingRegistered" in types
