"""The family-harmony plan of seed 000 篇八 as written, for every test that enters it.

The rural plan of 张村: six sessions (an evening party, publicity and education, family
interviews, a sports meeting, a second home visit, a photo recap), 13 social workers in
six roles, resources with quantities, 60 planned participants, risks with contingency
plans. Events' journey and reporting's work-plan tests enter the same plan through the
events API, so both read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

STAFF = [
    ("李新欣", "lead"),
    ("麦彦涛", "lead"),
    ("焦斌", "publicity"),
    ("张松杰", "performance"),
    ("赵静", "performance"),
    ("田博博", "performance"),
    ("付吉祥", "performance"),
    ("刘俊威", "performance"),
    ("程秋丽", "explanation"),
    ("陈梦歌", "explanation"),
    ("刘洁", "materials"),
    ("张署伟", "standby"),
    ("李洋", "standby"),
]
RESOURCES = [
    ("宣传展板", 4),
    ("宣传单", 53),
    ("宣传册", 53),
    ("矿泉水", 60),
    ("横幅", 2),
    ("照相机", 1),
    ("长条桌", 1),
    ("坐椅", 60),
    ("小礼品", 40),
]
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
PLANNED_PARTICIPANTS = 60
FAMILIES, PEOPLE_PER_FAMILY = 10, 4  # the follow-up: 10 families, 40 people
PROJECT: dict[str, Any] = {
    "title": "服务农村社区,促进家庭和谐",
    "target_groups": ["张村社区居民"],
    "objectives": ["改善家庭成员沟通", "营造和谐家庭"],
    "method": "社区活动与家庭访谈",
    "starts_on": "2026-11-01",
    "ends_on": "2026-11-30",
}
SCORES = [
    {"criterion": "目标实现程度", "score": 5},
    {"criterion": "活动价值", "score": 4},
]


def plan_body(  # noqa: PLR0917 - a session's own fields, in its order
    office: str,
    kind: str,
    title: str,
    day: date,
    start: str,
    end: str,
    project: str | None,
) -> dict[str, Any]:
    """The body of ``POST /api/v1/events/activities`` for one session of the plan."""
    return {
        "office": office,
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
        "planned_participants": PLANNED_PARTICIPANTS,
        "risks": [{"risk": r, "contingency": c} for r, c in RISKS],
        "project_id": project,
    }


EVENTS = "/api/v1/events"
EVALUATORS = ("residents", "organisers", "leaders")


@dataclass(frozen=True)
class Entered:
    """The ids the events service gave the plan: its project and six sessions."""

    project_id: str
    activity_ids: list[str]

    @property
    def party(self) -> str:
        return self.activity_ids[0]

    @property
    def interviews(self) -> str:
        return self.activity_ids[2]


async def _post(
    http: httpx.AsyncClient,
    path: str,
    headers: dict[str, str],
    version: int | None,
    **body: Any,
) -> dict[str, Any]:
    sent = headers if version is None else {**headers, "If-Match": f'"{version}"'}
    answer = await http.post(f"{EVENTS}{path}", json=body, headers=sent)
    assert answer.status_code in {200, 201}, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _in(year: int, day: str) -> str:
    return f"{year}{day[4:]}"


async def enter(
    http: httpx.AsyncClient,
    writer: dict[str, str],
    office: str,
    households: list[str],
    year: int = 2026,
) -> Entered:
    """Enter the plan through the events API as an organiser of ``office``.

    The project, the six sessions, 60 at the evening party, the ``households`` (10)
    visited by the family interviews, 4 people each, and the party's summary
    evaluation by residents, organisers and community leaders; on the plan's days
    of ``year`` (a test reading ledgers as of the real now holds it this year).
    """
    keyed = {**writer, "Idempotency-Key": f"harmony-{office}"}
    period = {k: _in(year, PROJECT[k]) for k in ("starts_on", "ends_on")}
    project = await _post(
        http, "/projects", keyed, None, office=office, **{**PROJECT, **period}
    )
    ids = []
    for n, (kind, title, day, start, end) in enumerate(SESSIONS):
        keyed = {**writer, "Idempotency-Key": f"harmony-{office}-{n}"}
        held_on = day.replace(year=year)
        body = plan_body(
            office, kind, title, held_on, start, end, project["project_id"]
        )
        ids.append(
            (await _post(http, "/activities", keyed, None, **body))["activity_id"]
        )
    entered = Entered(project["project_id"], ids)
    came = await _post(
        http,
        f"/activities/{entered.party}/attendance",
        writer,
        1,
        head_count=PLANNED_PARTICIPANTS,
    )
    assert came["recorded"] == ["AttendanceRecorded"], came
    version = 1
    for household in households:
        visited = await _post(
            http,
            f"/activities/{entered.interviews}/family-visits",
            writer,
            version,
            household_id=household,
            people=PEOPLE_PER_FAMILY,
            visited_on=_in(year, "2026-11-09"),
            notes="婆媳沟通有改善",
        )
        version = visited["version"]
    for n, evaluator in enumerate(EVALUATORS):
        await _post(
            http,
            f"/activities/{entered.party}/evaluations",
            writer,
            2 + n,
            stage="summary",
            evaluator=evaluator,
            comment="效果良好",
            scores=SCORES,
        )
    return entered
