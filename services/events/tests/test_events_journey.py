"""A journey through the API: the family-harmony plan (seed 000 篇八) as written.

The rural family-harmony plan of 张村: six sessions (an evening party, publicity and
education, family interviews, a sports meeting, a second home visit, a photo recap),
13 social workers in six roles, resources, 60 participants, 10 families (40 people)
visited, risks with contingency plans, evaluation in stages and in summary by
residents, organisers and community leaders. The street's figures show it; a
community that held 3 anti-drug meetings by 31 December has not met its target.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, STREET_A

from .conftest import EVENTS, Events

Token = Callable[..., dict[str, str]]
STAFF = [
    ("李新欣", "lead"), ("麦彦涛", "lead"), ("焦斌", "publicity"),
    ("张松杰", "performance"), ("赵静", "performance"), ("田博博", "performance"),
    ("付吉祥", "performance"), ("刘俊威", "performance"), ("程秋丽", "explanation"),
    ("陈梦歌", "explanation"), ("刘洁", "materials"), ("张署伟", "standby"),
    ("李洋", "standby"),
]  # fmt: skip
RESOURCES = [
    ("宣传展板", 4), ("宣传单", 53), ("宣传册", 53), ("矿泉水", 60), ("横幅", 2),
    ("照相机", 1), ("长条桌", 1), ("坐椅", 60), ("小礼品", 40),
]  # fmt: skip
RISKS = [
    ("招募不到足够的参与者", "事先与居委会沟通,找到矛盾尖锐的家庭提前沟通"),
    ("活动经费不足", "取得政府部门以及居委会的支持,寻找赞助单位"),
    ("秩序混乱和意外", "安排安全保障措施,紧急情况及时联系民警,准备医护措施"),
]
SESSIONS: list[tuple[str, str, date, str, str]] = [
    ("evening_party", "联谊晚会", date(2026, 11, 1), "19:20", "21:20"),
    ("publicity", "和谐家庭宣传教育", date(2026, 11, 9), "09:20", "11:20"),
    ("home_visit", "家庭访谈", date(2026, 11, 9), "15:20", "17:20"),
    ("sports_meeting", "团结就是力量运动会", date(2026, 11, 10), "09:20", "11:20"),
    ("home_visit", "再次家访", date(2026, 11, 10), "15:20", "16:20"),
    ("other", "过程回忆", date(2026, 11, 11), "09:00", "10:00"),
]


def _plan(
    kind: str, title: str, day: date, start: str, end: str, project: str
) -> dict[str, Any]:
    return {
        "office": COMMUNITY_A,
        "kind": kind,
        "title": title,
        "held_on": day.isoformat(),
        "starts_at": start,
        "ends_at": end,
        "place": "张村",
        "capacity": 80,
        "lead": "李新欣",
        "staff": [{"name": n, "role": r} for n, r in STAFF],
        "resources": [{"item": i, "quantity": q} for i, q in RESOURCES],
        "planned_participants": 60,
        "risks": [{"risk": r, "contingency": c} for r, c in RISKS],
        "project_id": project,
    }


async def _families(events: Events) -> list[str]:
    households = []
    for n in range(10):
        head = await events.registry.person(COMMUNITY_A, date(1970, 1, 1 + n))
        households.append(await events.registry.household(COMMUNITY_A, head))
    await events.settle()
    return households


async def test_the_family_harmony_plan_is_entered_as_written(
    events: Events, token: Token
) -> None:
    writer = token()
    project = await events.post(
        "/projects", {**writer, "Idempotency-Key": "harmony"},
        office=COMMUNITY_A, title="服务农村社区,促进家庭和谐",
        target_groups=["张村社区居民"], objectives=["改善家庭成员沟通", "营造和谐家庭"],
        method="社区活动与家庭访谈", starts_on="2026-11-01", ends_on="2026-11-30",
    )  # fmt: skip
    assert project.status_code == 201, project.text
    project_id = project.json()["project_id"]
    ids = []
    for n, session in enumerate(SESSIONS):
        sent = {**writer, "Idempotency-Key": f"session-{n}"}
        planned = await events.post("/activities", sent, **_plan(*session, project_id))
        assert planned.status_code == 201, planned.text
        ids.append(planned.json()["activity_id"])
    party, _, interviews = ids[0], ids[1], ids[2]

    came = await events.post(
        f"/activities/{party}/attendance", writer, 1, head_count=60
    )
    assert came.json()["recorded"] == ["AttendanceRecorded"]
    version = 1
    for household in await _families(events):
        visited = await events.post(
            f"/activities/{interviews}/family-visits", writer, version,
            household_id=household, people=4, visited_on="2026-11-09",
            notes="婆媳沟通有改善",
        )  # fmt: skip
        assert visited.status_code == 200, visited.text
        version = visited.json()["version"]
    for n, evaluator in enumerate(("residents", "organisers", "leaders")):
        evaluated = await events.post(
            f"/activities/{party}/evaluations", writer, 2 + n,
            stage="summary", evaluator=evaluator, comment="效果良好",
            scores=[{"criterion": "目标实现程度", "score": 5},
                    {"criterion": "活动价值", "score": 4}],
        )  # fmt: skip
        assert evaluated.status_code == 200, evaluated.text

    read = await events.http.get(f"{EVENTS}/activities/{interviews}", headers=writer)
    shown = read.json()
    assert (len(shown["visits"]), sum(v["people"] for v in shown["visits"])) == (10, 40)
    assert len(shown["plan"]["staff"]) == 13
    assert shown["plan"]["resources"][0] == {"item": "宣传展板", "quantity": 4}
    reader = token(Role.COMMUNITY_WORKER)
    seen = await events.http.get(f"{EVENTS}/activities/{interviews}", headers=reader)
    assert {v["notes"] for v in seen.json()["visits"]} == {None}

    await events.settle()
    street = token(Role.STREET_ADMIN, STREET_A)
    figures = await events.http.get(
        f"{EVENTS}/figures", params={"year": 2026}, headers=street
    )
    assert figures.json()["by_kind"] == {
        "evening_party": 1, "publicity": 1, "home_visit": 2, "sports_meeting": 1,
        "other": 1,
    }  # fmt: skip
    listed = await events.http.get(
        f"{EVENTS}/activities",
        params={"year": 2026, "within": STREET_A},
        headers=street,
    )
    rows = {r["activity_id"]: r for r in listed.json()["items"]}
    assert (rows[party]["attendance"], rows[party]["evaluations"]) == (60, 3)
    assert (rows[interviews]["families"], rows[interviews]["visited"]) == (10, 40)
    projects = await events.http.get(f"{EVENTS}/projects", headers=street)
    assert projects.json()["items"][0]["activities"] == 6


async def test_an_activity_is_not_evaluated_before_it_took_place(
    events: Events, token: Token
) -> None:
    writer = token()
    body = _plan("evening_party", "迎新晚会", date(2026, 12, 31), "19:00", "21:00", "")
    del body["project_id"]
    planned = await events.post("/activities", writer, **body)
    activity_id = planned.json()["activity_id"]

    answer = await events.post(
        f"/activities/{activity_id}/evaluations", writer, 1,
        stage="stage", evaluator="residents",
        scores=[{"criterion": "满意", "score": 5}],
    )  # fmt: skip

    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["field"] == "stage"


async def test_three_anti_drug_meetings_by_31_december_miss_the_target(
    events: Events, token: Token
) -> None:
    writer = token()
    for n, day in enumerate(("2026-03-10", "2026-06-10", "2026-09-10")):
        held = await events.post(
            "/activities", {**writer, "Idempotency-Key": f"meeting-{n}"},
            office=COMMUNITY_A, kind="anti_drug_meeting", title="禁毒工作会议",
            held_on=day, place="社区会议室", lead="主任", staff=[], resources=[],
            risks=[], planned_participants=12,
        )  # fmt: skip
        assert held.status_code == 201, held.text
    events.clock.now = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 in China
    await events.settle()

    figures = await events.http.get(
        f"{EVENTS}/figures", params={"year": 2026}, headers=token()
    )

    [meetings] = [
        t for t in figures.json()["targets"] if t["metric"] == "anti_drug_meetings"
    ]
    assert meetings == {
        "metric": "anti_drug_meetings", "label": "anti-drug work meetings",
        "wanted": 4, "reached": 3, "met": False,
    }  # fmt: skip


async def test_points_cannot_be_redeemed_beyond_the_balance(
    events: Events, token: Token
) -> None:
    writer = token()
    person = await events.registry.person(COMMUNITY_A, date(1980, 2, 2))
    await events.settle()
    registered = await events.post(f"/volunteers/{person}", writer)
    assert registered.status_code == 201, registered.text
    planned = await events.post(
        "/activities", writer, **{**_plan(*SESSIONS[0], ""), "project_id": None}
    )
    activity_id = planned.json()["activity_id"]
    await events.post(
        f"/volunteers/{person}/hours", writer, 1,
        activity_id=activity_id, served_on="2026-11-01", hours=3,
    )  # fmt: skip

    refused = await events.post(
        f"/volunteers/{person}/redemptions", writer, 2, points=4, redeemed_for="大米"
    )
    redeemed = await events.post(
        f"/volunteers/{person}/redemptions", writer, 2, points=3, redeemed_for="大米"
    )

    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (
        422,
        "points",
    )
    assert redeemed.status_code == 200, redeemed.text
    await events.settle()
    shown = await events.http.get(f"{EVENTS}/volunteers/{person}", headers=writer)
    assert [(r["points"], r["balance"]) for r in shown.json()["ledger"]] == [
        (3, 3),
        (-3, 0),
    ]


async def test_a_missed_hygiene_check_is_a_to_do_until_made_up(
    events: Events, token: Token
) -> None:
    writer = token()
    await events.post(
        "/activities", writer, office=COMMUNITY_A, kind="hygiene_check",
        title="卫生自查", held_on="2026-11-03", place="社区", lead="专干",
        staff=[], resources=[], risks=[],
    )  # fmt: skip
    events.clock.now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)

    assert await events.timers() >= 1
    assert await events.timers() == 0  # each miss once

    todo = await events.http.get(f"{EVENTS}/to-dos", headers=token())
    missed = [m for m in todo.json()["missed"] if m["office"] == COMMUNITY_A]
    assert {"duty": "hygiene_check", "due_by": "2026-11-30", "held": 1,
            "wanted": 2, "office": COMMUNITY_A} in missed  # fmt: skip


async def test_attendance_over_the_capacity_is_refused_in_chinese_with_the_field(
    events: Events, token: Token
) -> None:
    writer = {**token(), "Accept-Language": "zh-CN"}
    planned = await events.post(
        "/activities", writer, **{**_plan(*SESSIONS[0], ""), "project_id": None}
    )
    activity_id = planned.json()["activity_id"]

    answer = await events.post(
        f"/activities/{activity_id}/attendance", writer, 1, head_count=81
    )

    assert answer.status_code == 422
    problem = answer.json()
    assert problem["title"] == "人数超过场地容量"
    assert problem["errors"][0]["field"] == "head_count"
    assert "81" in problem["detail"]
    assert "80" in problem["detail"]


async def test_a_team_lists_its_registered_members_and_the_ledgers_export(
    events: Events, token: Token
) -> None:
    writer = token()
    member = await events.registry.person(COMMUNITY_A, date(1955, 4, 4), name="王芳")
    await events.settle()
    formed = await events.post(
        "/teams", writer, office=COMMUNITY_A, name="老年健身操队", kind="aerobics",
        formed_on="2026-03-01",
    )  # fmt: skip
    team_id = formed.json()["id"]
    joined = await events.post(
        f"/teams/{team_id}/members", writer, 1, person_id=member, on="2026-03-02"
    )
    assert joined.status_code == 200, joined.text
    await events.settle()

    shown = await events.http.get(f"{EVENTS}/teams/{team_id}", headers=writer)
    exported = await events.http.get(
        f"{EVENTS}/ledgers/export", params={"year": 2026}, headers=writer
    )

    assert [(m["name"], m["joined_on"]) for m in shown.json()["members"]] == [
        ("王芳", "2026-03-02")
    ]
    assert exported.status_code == 200
    book = load_workbook(BytesIO(exported.content))
    assert len(book.sheetnames) == 4
