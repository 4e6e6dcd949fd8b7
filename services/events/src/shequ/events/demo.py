"""The demo ``make run`` loads: a year of activities in the demo street's communities.

Runs after the registry's demo: for each community a publicity corner, anti-drug
meetings (东向社区 holds 4, the others 3: short of the target), hygiene self-checks
twice a month (party classes too in 东向社区: the others' are to-dos), publicity on
6.26 and a lecture on 12.4, performances and competitions with attendance; the
elderly project "夕阳依旧美" with its activities; a tai chi team and a volunteer with
hours and points redeemed. Does nothing when an activity exists (a second start).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shequ.access import Acting, china_date
from shequ.contracts.events import ActivityKind, Resource, Risk, Score, StaffMember
from shequ.events.domain import activity, team, volunteer
from shequ.events.handlers import activities as handle
from shequ.events.handlers import community
from shequ.events.readmodels.community import communities
from shequ.events.readmodels.demo import demo_loaded, residents_of
from shequ.service import Runtime

STREET = "441900101"  # the demo street's subtree
HOME = "441900101002"  # 东向社区: the demo activity organiser's office
CAMPAIGNS: tuple[tuple[int, int, ActivityKind, str], ...] = (
    (6, 26, "publicity", "6.26国际禁毒日宣传"),
    (12, 4, "lecture", "12.4法制宣传日讲座"),
)


async def load_demo(runtime: Runtime) -> None:
    """A year of activities, once."""
    if await demo_loaded(runtime.pool):
        return
    today = china_date(runtime.clock())
    for office in await communities(runtime.pool, STREET):
        by = Acting(staff_id="demo", office=office, now=runtime.clock())
        await _year(runtime, by, office, today)
    people = await residents_of(runtime.pool, HOME, 5)
    if people:
        by = Acting(staff_id="demo", office=HOME, now=runtime.clock())
        await _people(runtime, by, people, today)


async def _held(
    runtime: Runtime,
    by: Acting,
    key: str,
    kind: ActivityKind,
    day: date,
    *,
    title: str,
    planned: int = 30,
    **more: Any,
) -> str:
    planned_activity = await handle.plan(
        runtime.store,
        by=by,
        key=key,
        office=by.office,
        kind=kind,
        title=title,
        held_on=day,
        place="社区活动室",
        lead="演示专干",
        planned_participants=planned,
        **more,
    )
    assert planned_activity.state is not None
    activity_id = planned_activity.state.activity_id
    if day <= by.today:
        come = activity.RecordAttendance(head_count=min(120, 20 + day.day * 3), by=by)
        await handle.act(runtime.store, activity_id, come)
    return activity_id


async def _year(runtime: Runtime, by: Acting, office: str, today: date) -> None:
    start = date(today.year, 1, 1)
    meetings = 4 if office == HOME else 3
    for n in range(meetings):
        day = start + timedelta(days=20 + 80 * n)
        if day <= today:
            await _held(
                runtime,
                by,
                f"demo-meeting-{office}-{n}",
                "anti_drug_meeting",
                day,
                title="禁毒工作会议",
            )
    for month in range(1, today.month + 1):
        for d in (8, 22):
            day = date(today.year, month, d)
            if day <= today:
                await _held(
                    runtime,
                    by,
                    f"demo-hygiene-{office}-{month}-{d}",
                    "hygiene_check",
                    day,
                    title="卫生自查",
                )
            if day <= today and office == HOME:  # the others miss their party classes
                await _held(
                    runtime,
                    by,
                    f"demo-party-{office}-{month}-{d}",
                    "party_class",
                    day,
                    title="党课",
                )
    for month, d, kind, title in CAMPAIGNS:
        day = date(today.year, month, d)
        await _held(runtime, by, f"demo-{kind}-{office}", kind, day, title=title)
    big: tuple[ActivityKind, ...] = ("performance", "competition", "evening_party")
    for n, kind in enumerate(big):
        day = date(today.year, 3 + 3 * n, 15)
        if day <= today:
            await _held(
                runtime,
                by,
                f"demo-big-{office}-{n}",
                kind,
                day,
                title=["广场文艺演出", "社区象棋比赛", "迎新晚会"][n],
                planned=200,
            )
    await community.set_up_corner(
        runtime.store,
        by=by,
        key=f"demo-corner-{office}",
        office=office,
        place="社区服务中心门口",
        since=start,
    )


async def _people(runtime: Runtime, by: Acting, people: list[str], today: date) -> None:
    project = await handle.start_project(
        runtime.store,
        by=by,
        key="demo-project",
        office=HOME,
        title="夕阳依旧美",
        target_groups=("社区空巢老人",),
        objectives=("丰富老人精神生活", "建立互助网络"),
        method="小组工作与社区活动",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
    )
    assert project.state is not None
    day = min(today, date(today.year, 5, 20))
    visit_id = await _held(
        runtime,
        by,
        "demo-harmony",
        "home_visit",
        day,
        title="家庭和谐走访",
        project_id=project.state.project_id,
        planned=60,
        capacity=80,
        staff=(StaffMember(name="李社工", role="lead"),),
        resources=(
            Resource(item="展板", quantity=4),
            Resource(item="宣传单", quantity=53),
        ),
        risks=(Risk(risk="下雨", contingency="移至活动室"),),
    )
    await handle.act(
        runtime.store,
        visit_id,
        activity.Evaluate(
            stage="summary",
            evaluator="residents",
            scores=(Score(criterion="满意度", score=5),),
            by=by,
        ),
    )
    formed = await community.form_team(
        runtime.store,
        by=by,
        key="demo-team",
        office=HOME,
        name="太极拳队",
        kind="tai_chi",
        formed_on=date(today.year, 1, 5),
    )
    assert formed.state is not None
    stream = f"team/{formed.state.team_id}"
    for person in people:
        join = team.Join(person_id=person, joined_on=date(today.year, 1, 5), by=by)
        await community.run(by, runtime.store, team.DECIDER, stream, join)
    helper = f"volunteer/{people[0]}"
    await community.run(
        by,
        runtime.store,
        volunteer.DECIDER,
        helper,
        volunteer.Register(person_id=people[0], office=HOME, by=by),
    )
    await community.record_hours(
        runtime.store,
        people[0],
        volunteer.RecordHours(
            activity_id=visit_id, served_on=day, hours=4, points_per_hour=1, by=by
        ),
    )
    await community.run(
        by,
        runtime.store,
        volunteer.DECIDER,
        helper,
        volunteer.Redeem(points=2, redeemed_for="大米一袋", by=by),
    )
