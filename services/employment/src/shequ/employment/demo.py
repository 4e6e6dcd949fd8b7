"""The demo ``make run`` loads: a door-to-door survey of the registry's demo residents.

Every demo resident gets a labour status as a survey would find it (students and
people past retirement age as such; most of the rest employed, some flexible, a few
unemployed), and one family is left wholly unemployed so the zero-employment ledger
and the standard have something to show. Runs after the registry's demo; does nothing
when statuses exist already (a second start).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import date, timedelta

from shequ.access import Acting, china_date
from shequ.contracts.employment import LabourStatus
from shequ.employment.domain import assistance, profile, unemployment, vacancy
from shequ.employment.handlers import assistance as assistance_handlers
from shequ.employment.handlers import unemployment as unemployment_handlers
from shequ.employment.handlers import vacancies as vacancy_handlers
from shequ.employment.handlers.profiles import record_status, seek_work
from shequ.employment.settings import employment_rules
from shequ.service import Runtime

EMPLOYERS = ["东莞示范电子厂", "中堂镇卫生院", "道滘物流园", "南城超市", "江滨酒店"]


async def load_demo(runtime: Runtime) -> None:
    """Survey every resident the registry's demo registered."""
    # Asked of the store, not a read model that may not have caught up yet.
    if await runtime.pool.fetchval(
        "SELECT EXISTS (SELECT 1 FROM events WHERE actor = 'demo')"
    ):
        return
    await _registry_arrived(runtime)
    rule = employment_rules().retirement
    today = china_date(runtime.clock())
    by = Acting(staff_id="demo", office="441900000000", now=runtime.clock())
    rng = random.Random(2026)
    residents = await runtime.pool.fetch(
        """SELECT person_id, birth_date, sex, tags, household_id FROM people
           WHERE alive ORDER BY person_id"""
    )
    jobless = await runtime.pool.fetchval(
        """SELECT household_id FROM people WHERE alive AND household_id IS NOT NULL
           GROUP BY household_id HAVING count(*) BETWEEN 2 AND 4
           ORDER BY household_id LIMIT 1"""
    )
    unemployed: list[str] = []
    for r in residents:
        working = rule.is_working_age(r["birth_date"], r["sex"], today)
        status = _status(r["tags"], working, r["household_id"] == jobless, rng)
        command = profile.RecordStatus(
            person_id=r["person_id"],
            office="",
            status=status,
            employer=rng.choice(EMPLOYERS) if status == "employed" else None,
            since=today - timedelta(days=rng.randrange(30, 900)),
            reason="2026年劳动力资源摸底调查",
            source="home_visit",
            by=by,
        )
        await record_status(runtime.store, command, rule)
        if status == "unemployed":
            unemployed.append(r["person_id"])
    await _cases(runtime, unemployed, by, today)


async def _cases(
    runtime: Runtime, unemployed: list[str], by: Acting, today: date
) -> None:
    """Registrations, a certificate, assistance, a vacancy and a job seeker."""
    store = runtime.store
    for n, person in enumerate(unemployed):
        await unemployment_handlers.register(
            store,
            unemployment.Register(person, "", "", today - timedelta(days=60 + n), by),
        )
        if n % 2 == 0:
            await unemployment_handlers.issue_certificate(
                store,
                unemployment.IssueCertificate(
                    person,
                    "",
                    "unemployment",
                    f"SY-2026-{n + 1:04d}",
                    today - timedelta(days=50),
                    by,
                ),
            )
        if n < 3:
            await assistance_handlers.act(
                store,
                assistance.Identify(
                    person,
                    "",
                    "long_term_unemployed",
                    today - timedelta(days=40),
                    "失业一年以上",
                    by,
                ),
            )
            await assistance_handlers.schedule_follow_up(
                store,
                assistance.ScheduleFollowUp(
                    person,
                    "",
                    "",
                    "home_visit",
                    today + timedelta(days=n),
                    None,
                    "了解就业意向",
                    by,
                ),
            )
    if unemployed:
        wishes, skills = ["保洁", "收银"], ["收银"]
        await seek_work(
            store, profile.SeekWork(unemployed[0], "", wishes, skills, today, 2500, by)
        )
    vacancy_id = f"vacancy-{uuid.uuid4()}"
    await vacancy_handlers.post(
        store,
        vacancy.Post(
            vacancy_id,
            "441900101000",
            "南城超市",
            "收银员",
            3,
            ["收银"],
            2800,
            3600,
            today + timedelta(days=60),
            by,
        ),
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
        count = await runtime.pool.fetchval("SELECT count(*) FROM people")
        if status.lag == 0 and count and count == seen:
            return
        seen = count
