"""Assistance lists: overdue follow-ups per worker and community, hand-over, ledger.

A follow-up is due today or later when planned, so the lists are read ``on`` a later
day (the query parameter; today by default) to find overdue ones.
"""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B, STREET_A

API = "/api/v1/employment/assistance"
OVERDUE = "/api/v1/employment/follow-ups/overdue"
LEDGER = "/api/v1/employment/ledgers/difficulty"


async def _plan(employment, headers, person: str, due_on: str, **more: str) -> str:
    planned = await employment.http.post(
        f"{API}/{person}/follow-ups",
        headers=headers,
        json={"kind": "home_visit", "due_on": due_on, "purpose": "走访", **more},
    )
    assert planned.status_code == 201, planned.text
    return str(planned.headers["Location"].rsplit("/", 1)[1])


async def _overdue(employment, headers, **params: str) -> dict:
    answer = await employment.http.get(OVERDUE, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _ids(listing: dict) -> list[str]:
    return [row["follow_up_id"] for row in listing["items"]]


async def test_overdue_follow_ups_per_worker_and_per_community(
    employment, token
) -> None:
    a = await employment.registry.person(COMMUNITY_A, date(1975, 1, 1), name="张三")
    a2 = await employment.registry.person(COMMUNITY_A2, date(1976, 1, 1))
    await employment.settle()
    mine = await _plan(employment, token(), a, "2026-11-23")  # due yesterday on 24th
    later = await _plan(employment, token(), a, "2026-11-25")  # due tomorrow
    theirs = await _plan(employment, token(), a2, "2026-11-23", assigned_to="staff-2")
    await employment.settle()
    street = token(Role.COMMUNITY_WORKER, STREET_A)

    today = await _overdue(employment, street)
    on_24th = await _overdue(employment, street, on="2026-11-24")
    own = await _overdue(employment, street, on="2026-11-24", assigned_to="me")
    staff_2 = await _overdue(employment, street, on="2026-11-24", assigned_to="staff-2")
    community = await _overdue(
        employment, token(Role.COMMUNITY_WORKER, COMMUNITY_A), on="2026-11-24"
    )
    on_26th = await _overdue(employment, street, on="2026-11-26")

    assert (today["total"], today["items"], today["offices"]) == (0, [], [])
    assert on_24th["items"][0] == {
        "follow_up_id": mine,
        "person_id": a,
        "name": "张三",
        "document_masked": None,
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "kind": "home_visit",
        "due_on": "2026-11-23",
        "days_overdue": 1,
        "assigned_to": "staff-1",
        "purpose": "走访",
        "source": "office",
    }
    assert _ids(on_24th) == [mine, theirs]
    assert on_24th["offices"] == [
        {"office": COMMUNITY_A, "office_name": f"office {COMMUNITY_A}", "count": 1},
        {"office": COMMUNITY_A2, "office_name": f"office {COMMUNITY_A2}", "count": 1},
    ]
    assert _ids(own) == [mine]
    assert _ids(staff_2) == [theirs]
    assert (_ids(community), community["total"]) == ([mine], 1)
    assert sorted(_ids(on_26th)) == sorted([mine, theirs, later])


async def test_a_contact_completing_a_follow_up_takes_it_off_the_list(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1975, 1, 1))
    await employment.settle()
    follow_up = await _plan(employment, token(), person, "2026-11-23")
    await employment.settle()
    before = await _overdue(employment, token(), on="2026-11-24")

    await employment.http.post(
        f"{API}/{person}/contacts",
        headers=token(),
        json={
            "kind": "phone_call",
            "contacted_on": "2026-11-23",
            "findings": "已找到工作",
            "follow_up_id": follow_up,
        },
    )
    await employment.settle()

    after = await _overdue(employment, token(), on="2026-11-24")
    assert (_ids(before), _ids(after)) == ([follow_up], [])


async def test_a_move_hands_the_open_follow_ups_to_the_new_community(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1975, 1, 1))
    await employment.settle()
    open_one = await _plan(employment, token(), person, "2026-11-23")
    dropped = await _plan(employment, token(), person, "2026-11-23")
    await employment.http.post(
        f"{API}/{person}/follow-ups/{dropped}/cancel",
        headers=await employment.read(token(), f"{API}/{person}"),
        json={"reason": "重复安排"},
    )

    await employment.registry.move(person, COMMUNITY_A, COMMUNITY_B)
    await employment.settle()

    in_b = await _overdue(
        employment, token(Role.COMMUNITY_WORKER, COMMUNITY_B), on="2026-11-24"
    )
    in_a = await _overdue(
        employment, token(Role.COMMUNITY_WORKER, COMMUNITY_A), on="2026-11-24"
    )
    open_in_b = await employment.http.get(
        "/api/v1/employment/follow-ups",
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_B),
    )
    assert (_ids(in_b), _ids(in_a), _ids(open_in_b.json())) == (
        [open_one],
        [],
        [open_one],
    )
    assert in_b["offices"][0]["office"] == COMMUNITY_B
    history = await employment.runtime.store.read_stream(f"assistance/{person}")
    assert [e.event_type for e in history] == [
        "FollowUpScheduled",
        "FollowUpScheduled",
        "FollowUpCancelled",
        "FollowUpsHandedOver",
    ]
    assert history[0].data["office"] == COMMUNITY_A  # the history stays
    assert history[-1].data == {
        "person_id": person,
        "from_office": COMMUNITY_A,
        "to_office": COMMUNITY_B,
        "follow_up_ids": [open_one],
    }


async def test_the_new_office_gives_a_handed_over_follow_up_to_its_own_staff(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1975, 1, 1))
    await employment.settle()
    old = token(Role.COMMUNITY_WORKER, COMMUNITY_A, "worker-a")
    follow_up = await _plan(employment, old, person, "2026-11-23")
    await employment.registry.move(person, COMMUNITY_A, COMMUNITY_B)
    await employment.settle()
    new = token(Role.COMMUNITY_WORKER, COMMUNITY_B, "worker-b")
    reassign = f"{API}/{person}/follow-ups/{follow_up}/reassign"

    before = await _overdue(employment, new, on="2026-11-24", assigned_to="me")
    by_old = await employment.http.post(
        reassign, json={}, headers=await employment.read(old, f"{API}/{person}")
    )
    taken = await employment.http.post(
        reassign, json={}, headers=await employment.read(new, f"{API}/{person}")
    )
    await employment.settle()
    after = await _overdue(employment, new, on="2026-11-24", assigned_to="me")

    assert _ids(before) == []
    assert by_old.status_code == 404  # moved out of their subtree: as unknown
    assert taken.status_code == 200, taken.text
    assert _ids(after) == [follow_up]
    history = await employment.runtime.store.read_stream(f"assistance/{person}")
    assert history[-1].event_type == "FollowUpReassigned"
    assert (history[-1].data["assigned_to"], history[-1].data["previously"]) == (
        "worker-b",
        "worker-a",
    )


async def test_the_difficulty_ledger_lists_open_cases_and_exports(
    employment, token
) -> None:
    kept = await employment.registry.person(
        COMMUNITY_A, date(1972, 3, 1), "female", name="李四"
    )
    gone = await employment.registry.person(COMMUNITY_A2, date(1970, 1, 1))
    other_street = await employment.registry.person(COMMUNITY_B, date(1970, 1, 1))
    await employment.settle()
    for person in (kept, gone, other_street):
        await employment.http.post(
            f"{API}/{person}/difficulty",
            headers=token(),
            json={"category": "older_worker", "identified_on": "2026-11-02"},
        )
    await employment.http.post(
        f"{API}/{kept}/contacts",
        headers=token(),
        json={"kind": "phone_call", "contacted_on": "2026-11-20", "findings": "在家"},
    )
    await _plan(employment, token(), kept, "2026-12-01")
    await _plan(employment, token(), kept, "2026-11-28")
    await employment.http.post(
        f"{API}/{gone}/difficulty/resolve",
        headers=await employment.read(token(), f"{API}/{gone}"),
        json={"resolved_on": "2026-11-22", "reason": "已就业"},
    )
    await employment.settle()
    street = token(Role.COMMUNITY_WORKER, STREET_A)

    open_cases = await employment.http.get(LEDGER, headers=street)
    every_case = await employment.http.get(
        LEDGER, params={"state": "all"}, headers=street
    )
    export = await employment.as_sent_by_a_browser("GET", f"{LEDGER}/export", street)

    assert open_cases.json() == {
        "items": [
            {
                "person_id": kept,
                "name": "李四",
                "document_masked": None,
                "sex": "female",
                "birth_date": "1972-03-01",
                "office": COMMUNITY_A,
                "office_name": f"office {COMMUNITY_A}",
                "category": "older_worker",
                "identified_on": "2026-11-02",
                "resolved_on": None,
                "last_contact_on": "2026-11-20",
                "open_follow_ups": 2,
                "next_due_on": "2026-11-28",
            }
        ],
        "total": 1,
        "page": 1,
        "size": 50,
    }
    assert [i["person_id"] for i in every_case.json()["items"]] == [kept, gone]
    assert every_case.json()["items"][1]["resolved_on"] == "2026-11-22"
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "就业困难人员台帐"
    assert rows[2] == (
        "姓名",
        "身份证号",
        "性别",
        "出生日期",
        "所属社区",
        "困难类别",
        "认定日期",
        "退出日期",
        "最近走访/电话",
        "待跟踪次数",
        "下次跟踪日期",
    )
    assert [r[:6] for r in rows[3:]] == [
        (
            "李四",
            None,
            "女",
            datetime(1972, 3, 1),
            f"office {COMMUNITY_A}（{COMMUNITY_A}）",
            "4050人员",
        )
    ]
