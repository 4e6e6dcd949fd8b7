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
from datetime import timedelta

from shequ.access import Acting, china_date
from shequ.contracts.employment import LabourStatus
from shequ.employment import profile
from shequ.employment.handlers.profiles import record_status
from shequ.employment.settings import employment_rules
from shequ.service import Runtime

EMPLOYERS = ["东莞示范电子厂", "中堂镇卫生院", "道滘物流园", "南城超市", "江滨酒店"]


async def load_demo(runtime: Runtime) -> None:
    """Survey every resident the registry's demo registered."""
    if await runtime.pool.fetchval("SELECT count(*) FROM labour_profiles"):
        return
    await _registry_arrived(runtime)
    rule = employment_rules().retirement
    today = china_date(runtime.clock())
    by = Acting(staff_id="demo", office="441900000000", now=runtime.clock())
    rng = random.Random(2026)
    residents = await runtime.pool.fetch(
        """SELECT person_id, birth_date, sex, tags, household_id FROM residents
           WHERE alive ORDER BY person_id"""
    )
    jobless = next((r["household_id"] for r in residents if r["household_id"]), None)
    for r in residents:
        working = rule.is_working_age(r["birth_date"], r["sex"], today)
        status = _status(r["tags"], working, r["household_id"] == jobless, rng)
        command = profile.RecordStatus(
            person_id=r["person_id"], office="", status=status,
            employer=rng.choice(EMPLOYERS) if status == "employed" else None,
            since=today - timedelta(days=rng.randrange(30, 900)),
            reason="2026年劳动力资源摸底调查", source="home_visit", by=by,
        )  # fmt: skip
        await record_status(runtime.store, command, rule)


def _status(
    tags: list[str], working_age: bool, jobless: bool, rng: random.Random
) -> LabourStatus:
    if "student" in tags:
        return "student"
    if not working_age:
        return "retired"
    if jobless:
        return "unemployed"
    found: list[LabourStatus] = ["employed", "flexible", "self_employed",
                                 "unemployed", "unable"]  # fmt: skip
    return rng.choices(found, weights=[80, 8, 5, 5, 2])[0]


async def _registry_arrived(runtime: Runtime, within: float = 60.0) -> None:
    # The registry's demo has just been appended; wait for it to reach us.
    runner = runtime.runners["employment-residents"]
    deadline = asyncio.get_running_loop().time() + within
    seen = -1
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.5)
        [status] = await runner.status()
        count = await runtime.pool.fetchval("SELECT count(*) FROM residents")
        if status.lag == 0 and count and count == seen:
            return
        seen = count
