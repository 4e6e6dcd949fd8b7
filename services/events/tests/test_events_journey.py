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
from shequ.testing.harmony import SESSIONS, enter, plan_body

from .conftest import EVENTS, Events

Token = Callable[..., dict[str, str]]


def _plan(
    kind: str, title: str, day: date, start: str, end: str, project: str | None
) -> dict[str, Any]:
    return plan_body(COMMUNITY_A, kind, title, day, start, end, project)


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
    households = await _families(events)

    entered = await enter(events.http, writer, COMMUNITY_A, households)

    party, interviews = entered.party, entered.interviews
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


async def test_a_cancelled_meeting_is_marked_and_counts_towards_nothing(
    events: Events, token: Token
) -> None:
    events.clock.now = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 in China
    writer = {**token(), "Accept-Language": "zh-CN"}
    ids = []
    for n, day in enumerate(("2026-03-10", "2026-06-10")):
        held = await events.post(
            "/activities", {**writer, "Idempotency-Key": f"cancel-meeting-{n}"},
            office=COMMUNITY_A, kind="anti_drug_meeting", title="禁毒工作会议",
            held_on=day, place="社区会议室", lead="主任", staff=[], resources=[],
            risks=[], planned_participants=12,
        )  # fmt: skip
        ids.append(held.json()["activity_id"])

    blank = await events.post(f"/activities/{ids[1]}/cancel", writer, 1, reason=" ")
    cancelled = await events.post(
        f"/activities/{ids[1]}/cancel", writer, 1, reason="暴雨预警，改期"
    )
    again = await events.post(f"/activities/{ids[1]}/cancel", writer, 2, reason="再次")
    await events.settle()

    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "reason"
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["recorded"] == ["ActivityCancelled"]
    assert again.status_code == 422
    assert again.json()["title"] == "活动已取消"
    read = await events.http.get(f"{EVENTS}/activities/{ids[1]}", headers=writer)
    assert read.json()["cancelled"]["reason"] == "暴雨预警，改期"
    listed = await events.http.get(
        f"{EVENTS}/activities", params={"year": 2026}, headers=writer
    )
    marked = {a["activity_id"]: a["cancel_reason"] for a in listed.json()["items"]}
    assert marked == {ids[0]: None, ids[1]: "暴雨预警，改期"}
    figures = await events.http.get(
        f"{EVENTS}/figures", params={"year": 2026}, headers=writer
    )
    [meetings] = [
        t for t in figures.json()["targets"] if t["metric"] == "anti_drug_meetings"
    ]
    assert meetings["reached"] == 1


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
