"""The demo ``make run`` loads: a door-to-door survey of the registry's demo people.

Every person of the demo gets a labour status as a survey would find it (students and
people past retirement age as such; most of the rest employed, some flexible, a few
unemployed), and one family is left wholly unemployed so the zero-employment ledger
and the standard have something to show. Runs after the registry's demo; does nothing
when statuses exist already (a second start).
"""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta

from shequ.access import Acting, china_date
from shequ.contracts.employment import LabourStatus
from shequ.employment.domain import assistance, unemployment
from shequ.employment.handlers import assistance as assistance_handlers
from shequ.employment.handlers import unemployment as unemployment_handlers
from shequ.employment.handlers import vacancies as vacancy_handlers
from shequ.employment.handlers.profiles import record_status, seek_work
from shequ.employment.readmodels.demo import (
    a_small_household,
    demo_loaded,
    living_people,
    people_count,
)
from shequ.employment.settings import employment_rules
from shequ.service import Runtime

EMPLOYERS = ["东莞示范电子厂", "中堂镇卫生院", "道滘物流园", "南城超市", "江滨酒店"]


async def load_demo(runtime: Runtime) -> None:
    """Survey every person the registry's demo registered."""
    if await demo_loaded(runtime.pool):
        return
    await _registry_arrived(runtime)
    rule = employment_rules().retirement
    today = china_date(runtime.clock())
    by = Acting(staff_id="demo", office="441900000000", now=runtime.clock())
    rng = random.Random(2026)
    people = await living_people(runtime.pool)
    jobless = await a_small_household(runtime.pool)
    unemployed: list[str] = []
    for person in people:
        if rule.bounds_on(today, person.sex).born_on_or_before < person.birth_date:
            continue  # a child: the working-age rule records no labour status
        working = rule.is_working_age(person.birth_date, person.sex, today)
        status = _status(person.tags, working, person.household_id == jobless, rng)
        since = today - timedelta(days=rng.randrange(30, 900))
        if rule.bounds_on(since, person.sex).born_on_or_before < person.birth_date:
            since = today  # came of age since: their status dates from today
        await record_status(
            runtime.store,
            rule,
            person_id=person.person_id,
            status=status,
            employer=rng.choice(EMPLOYERS) if status == "employed" else None,
            since=since,
            reason="2026年劳动力资源摸底调查",
            source="home_visit",
            by=by,
        )
        if status == "unemployed":
            unemployed.append(person.person_id)
    await _cases(runtime, unemployed, by, today)


async def _cases(
    runtime: Runtime, unemployed: list[str], by: Acting, today: date
) -> None:
    """Registrations, a certificate, assistance, a vacancy and a job seeker."""
    store = runtime.store
    rule = employment_rules().retirement
    for n, person in enumerate(unemployed):
        await unemployment_handlers.act(
            store,
            unemployment.Register,
            rule=rule,
            person_id=person,
            registered_on=today - timedelta(days=60 + n),
            by=by,
        )
        if n % 2 == 0:
            await unemployment_handlers.act(
                store,
                unemployment.IssueCertificate,
                person_id=person,
                kind="unemployment",
                number=f"SY-2026-{n + 1:04d}",
                issued_on=today - timedelta(days=50),
                by=by,
            )
        if n < 3:
            await assistance_handlers.act(
                store,
                assistance.Identify,
                person_id=person,
                category="long_term_unemployed",
                identified_on=today - timedelta(days=40),
                notes="失业一年以上",
                by=by,
            )
            await assistance_handlers.act(
                store,
                assistance.ScheduleFollowUp,
                person_id=person,
                kind="home_visit",
                due_on=today + timedelta(days=n),
                assigned_to=None,
                purpose="了解就业意向",
                by=by,
            )
    if unemployed:
        wishes, skills = ["保洁", "收银"], ["收银"]
        await seek_work(
            store,
            person_id=unemployed[0],
            wishes=wishes,
            skills=skills,
            available_from=today,
            min_monthly_wage=2500,
            by=by,
        )
    await vacancy_handlers.post(
        store,
        office="441900101000",
        employer="南城超市",
        position="收银员",
        openings=3,
        requirements=["收银"],
        wage_min=2800,
        wage_max=3600,
        valid_until=today + timedelta(days=60),
        by=by,
    )


def _status(
    tags: list[str], working_age: bool, jobless: bool, rng: random.Random
) -> LabourStatus:
    if "student" in tags:
        return "student"
    if not working_age:
        return "retired"
    if jobless:
        return "unemployed"
    found: list[LabourStatus] = [
        "employed",
        "flexible",
        "self_employed",
        "unemployed",
        "unable",
    ]
    return rng.choices(found, weights=[80, 8, 5, 5, 2])[0]


async def _registry_arrived(runtime: Runtime, within: float = 60.0) -> None:
    # The registry's demo has just been appended; wait for it to reach us.
    runner = runtime.runners["employment-people"]
    deadline = asyncio.get_running_loop().time() + within
    seen = -1
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.5)
        [status] = await runner.status()
        count = await people_count(runtime.pool)
        if status.lag == 0 and count and count == seen:
            return
        seen = count
