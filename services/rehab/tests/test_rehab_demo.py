"""The demo ``make run`` loads: three cases of 东向社区 at different stages, once."""

from __future__ import annotations

from datetime import date

from shequ.rehab.demo import load_demo
from shequ.testing.feeds import COMMUNITY_A2

from .conftest import Rehab


async def test_the_demo_opens_three_cases_once(rehab: Rehab) -> None:
    for n in range(3):
        await rehab.registry.person(COMMUNITY_A2, date(1980 + n, 1, 1))
    await rehab.settle()

    await load_demo(rehab.runtime)
    await load_demo(rehab.runtime)
    await rehab.settle()

    rows = await rehab.runtime.pool.fetch(
        "SELECT kind, responsible_worker, refusals FROM rehab_cases ORDER BY kind"
    )
    assert [tuple(r) for r in rows] == [
        ("community_detox", None, 0),
        ("community_detox", "staff-rehab", 0),
        ("community_recovery", "staff-rehab", 1),
    ]
