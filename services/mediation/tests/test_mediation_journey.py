"""A dispute's journey through the API, as the committee's mediator keeps it.

A hotline call becomes a dispute; it is accepted, mediators assigned, two sessions
held, a written agreement reached; at the obligation's deadline a 回访 records it
fulfilled and the parties satisfied; the dispute closes, and the ledger and the rates
show it. An undecided dispute past its deadline is first on the mediator's to-do list.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shequ.testing.feeds import COMMUNITY_A

from .conftest import MEDIATION, Clock, Mediation, Token


async def _committee(mediation: Mediation, mediator: dict[str, str]) -> list[str]:
    return [
        await mediation.member(mediator, "梁志明", "director", staff_id="mediator-a"),
        await mediation.member(mediator, "陈丽华", "mediator"),
    ]


async def test_a_hotline_call_settled_followed_up_and_closed_shows_in_the_ledger(
    mediation: Mediation, token: Token, clock: Clock
) -> None:
    mediator = token()
    director, colleague = await _committee(mediation, mediator)
    await mediation.settle()
    dispute_id = await mediation.register(mediator)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("accept", {"accepted_on": "2026-11-02"}),
        (
            "mediators",
            {"mediators": [director, colleague], "assigned_on": "2026-11-02"},
        ),
        (
            "sessions",
            {
                "held_on": "2026-11-05",
                "place": "社区调解室",
                "attendees": ["王建华", "李秀英"],
                "summary": "双方陈述",
            },
        ),
        (
            "sessions",
            {
                "held_on": "2026-11-12",
                "place": "社区调解室",
                "attendees": ["王建华", "李秀英"],
                "summary": "达成一致",
            },
        ),
        (
            "agreement",
            {
                "form": "written",
                "agreed_on": "2026-11-12",
                "facts": "楼上卫生间漏水",
                "terms": "王建华赔偿维修费三千元",
                "obligations": [
                    {
                        "party": 1,
                        "what": "支付维修费",
                        "due_on": "2026-11-30",
                        "amount": 3000,
                    }
                ],
            },
        ),
    ]
    for step, body in steps:
        answer = await mediation.act(mediator, dispute_id, step, **body)
        assert answer.status_code == 200, f"{step}: {answer.text}"

    clock.now = datetime(2026, 11, 30, 2, tzinfo=UTC)
    mediator = token()
    await mediation.settle()
    due = (await mediation.http.get(f"{MEDIATION}/to-dos", headers=mediator)).json()
    assert [(t["kind"], t["obligation"]) for t in due] == [("follow_up", 1)]
    followed = await mediation.act(
        mediator,
        dispute_id,
        "follow-ups",
        obligation=1,
        visited_on="2026-11-30",
        fulfilled=True,
        satisfied=True,
        note="已付清",
    )
    closed = await mediation.act(mediator, dispute_id, "close", closed_on="2026-11-30")
    assert (followed.status_code, closed.status_code) == (200, 200), closed.text
    await mediation.settle()

    ledger = await mediation.http.get(f"{MEDIATION}/ledger", headers=mediator)
    [row] = ledger.json()["items"]
    assert {k: row[k] for k in ("status", "outcome", "sessions", "late")} == {
        "status": "closed",
        "outcome": "fulfilled",
        "sessions": 2,
        "late": False,
    }
    assert row["parties_shown"] == ["王建华", "李秀英"]
    assert sorted(row["mediator_names"]) == ["梁志明", "陈丽华"]
    figures = (
        await mediation.http.get(f"{MEDIATION}/figures", headers=mediator)
    ).json()
    assert {
        k: figures[k]
        for k in (
            "disputes",
            "success_rate",
            "on_time_rate",
            "fulfilment_rate",
            "satisfaction_rate",
        )
    } == {
        "disputes": 1,
        "success_rate": 1.0,
        "on_time_rate": 1.0,
        "fulfilment_rate": 1.0,
        "satisfaction_rate": 1.0,
    }
    export = await mediation.http.get(f"{MEDIATION}/ledger/export", headers=mediator)
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("application/vnd.openxmlformats")


async def test_an_undecided_dispute_past_its_deadline_is_first_on_the_to_do_list(
    mediation: Mediation, token: Token, clock: Clock
) -> None:
    mediator = token()
    await _committee(mediation, mediator)
    await mediation.settle()
    late = await mediation.register(mediator, registered_on="2026-10-01")
    recent = await mediation.register(mediator, registered_on="2026-11-20")
    await mediation.settle()

    appended = await mediation.timers()

    due = (await mediation.http.get(f"{MEDIATION}/to-dos", headers=mediator)).json()
    assert appended == 1  # DisputeOverdue, once
    assert await mediation.timers() == 0
    assert [(t["dispute_id"], t["kind"], t["overdue"]) for t in due] == [
        (late, "conclude", True),
        (recent, "conclude", False),
    ]
    ledger = (await mediation.http.get(f"{MEDIATION}/ledger", headers=mediator)).json()
    assert [r["overdue"] for r in ledger["items"]] == [True, False]


async def test_a_change_on_a_stale_version_is_refused_and_errors_speak_chinese(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await mediation.register(mediator)

    stale = await mediation.http.post(
        f"{MEDIATION}/disputes/{dispute_id}/accept",
        json={"accepted_on": "2026-11-02"},
        headers={**mediator, "If-Match": '"9"'},
    )
    blank = await mediation.act(
        {**mediator, "Accept-Language": "zh-CN"},
        dispute_id,
        "decline",
        declined_on="2026-11-03",
        reason="",
    )

    assert stale.status_code == 412
    assert blank.status_code == 422
    assert blank.headers["content-type"].startswith("application/problem+json")
    assert blank.json()["errors"][0]["field"] == "reason", blank.json()
    assert "不予受理" in blank.text or "理由" in blank.text, blank.text


async def test_a_registered_person_is_a_party_as_the_registry_names_them(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    person = await mediation.person(COMMUNITY_A, "赵大海")
    dispute_id = await mediation.register(
        mediator, parties=[{"person_id": person}, {"name": "钱小红"}]
    )
    await mediation.settle()

    shown = await mediation.http.get(
        f"{MEDIATION}/disputes/{dispute_id}", headers=mediator
    )

    parties = shown.json()["events"][0]["parties"]
    assert [p["name"] for p in parties] == ["赵大海", "钱小红"]
