"""The demo ``make run`` loads: a few rehab cases in the demo district's communities.

Runs after the registry's demo: the demo rehab worker (东向社区) holds cases of
people of 东向社区 at different stages — one awaiting the report, one reported with
its agreement, team and tests, one with a refusal and a warning; the demo police
liaison (中堂镇) reads them in their jurisdiction, and the district's anti-drug officer
opens one by break-glass. Does nothing when a case exists (a second start).
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from shequ.access import Acting, china_date
from shequ.contracts.rehab import RehabGround, RehabKind
from shequ.rehab.domain import case
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers import cases as handle
from shequ.rehab.readmodels.demo import adults_of, demo_loaded
from shequ.rehab.settings import rehab_settings
from shequ.service import Runtime

COMMUNITY = "441900101002"  # 东向社区: the demo rehab worker's office
WORKER = "staff-rehab"  # the registry demo enrols staff-<login>


async def load_demo(runtime: Runtime) -> None:
    """Open the demo's cases, once."""
    if await demo_loaded(runtime.pool):
        return
    people = await _people(runtime)
    if len(people) < 3:
        return
    today = china_date(runtime.clock())
    by = Acting(staff_id="demo", office=COMMUNITY, now=runtime.clock())
    rules = rehab_settings().rules()
    stages: list[tuple[RehabKind, RehabGround, int]] = [
        ("community_detox", "first_time", 5),
        ("community_detox", "stable_life", 200),
        ("community_recovery", "released_from_isolation", 400),
    ]
    for n, (kind, ground, days_ago) in enumerate(stages):
        decided = today - timedelta(days=days_ago)
        opened = await handle.open_case(
            runtime.store,
            by=by,
            key=f"demo-case-{n}",
            person_id=people[n],
            kind=kind,
            ground=ground,
            decision_number=f"东公(禁)决字〔{decided.year}〕{101 + n}号",
            police_organ="东莞市公安局中堂分局",
            decided_on=decided,
            term_months=36,
            rules=rules,
        )
        assert opened.state is not None
        if n > 0:
            await _under_way(runtime, opened.state.case_id, decided, n, rules, by)


async def _under_way(  # noqa: PLR0917
    runtime: Runtime, case_id: str, decided: date, n: int, rules: RehabRules, by: Acting
) -> None:
    reported = decided + timedelta(days=7)
    steps: list[case.Command] = [
        case.RecordReport(reported_on=reported, by=by),
        case.SignAgreement(
            agreement_number=f"中堂社戒协字〔{reported.year}〕{n:03d}号",
            signed_on=reported,
            document_sha256=None,
            by=by,
        ),
        case.AssignTeam(
            responsible_worker=WORKER, police_officer="staff-police", helpers=(), by=by
        ),
        case.RecordTest(
            tested_on=reported + timedelta(days=20),
            result="negative",
            rules=rules,
            by=by,
        ),
    ]
    if n == 2:
        steps += [
            case.RecordTest(
                tested_on=reported + timedelta(days=50),
                result="refused",
                rules=rules,
                by=by,
            ),
            case.IssueWarning(
                violation="refused_test",
                issued_on=reported + timedelta(days=51),
                details="拒绝接受尿检",
                by=by,
            ),
        ]
    for step in steps:
        await handle.act(runtime.store, case_id, step)


async def _people(runtime: Runtime, within: float = 60.0) -> list[str]:
    """Adults of 东向社区 from the people copy, once the registry's demo arrived."""
    deadline = asyncio.get_running_loop().time() + within
    born_before = china_date(runtime.clock()) - timedelta(days=365 * 20)
    while True:
        people = await adults_of(runtime.pool, COMMUNITY, born_before, 3)
        if len(people) == 3 or asyncio.get_running_loop().time() > deadline:
            return people
        await asyncio.sleep(0.5)
