"""A dispute kept through mediation's API reaches reporting's ledger and rates (#17).

The whole stack as deployed: a hotline call becomes a dispute, accepted, two sessions
held, a written agreement reached; a 回访 at the obligation's deadline records it
fulfilled and the parties satisfied. Reporting's 人民调解台帐 and rates, read as of a
moment before the agreement and after the 回访, show it: parties whole for the
mediator, masked for the community worker.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shequ.access import Role, china_date
from shequ.testing.feeds import COMMUNITY_A

from .conftest import Stack, headers

MED, REP = "/api/v1/mediation", "/api/v1/reporting/ledgers/mediation"
TODAY = china_date(datetime.now(UTC))
# The journey stays within this year: reporting's ledger is the year's disputes.
START = TODAY - timedelta(days=min(20, TODAY.timetuple().tm_yday - 1))


def _day(offset: int) -> str:
    return min(START + timedelta(days=offset), TODAY).isoformat()


def _mediator() -> dict[str, str]:
    return headers(Role.MEDIATOR, COMMUNITY_A, "mediator-j")


async def _committee(med: httpx.AsyncClient) -> list[str]:
    members = []
    for name, role in (("梁志明", "director"), ("陈丽华", "mediator")):
        answer = await med.post(
            f"{MED}/committees/{COMMUNITY_A}/members",
            json={"role": role, "name": name, "phone": "13800138000"},
            headers=_mediator(),
        )
        assert answer.status_code == 201, answer.text
        members.append(answer.json()["member_id"])
    return members


async def _act(
    med: httpx.AsyncClient, dispute: str, step: str, **body: Any
) -> list[str]:
    read = await med.get(f"{MED}/disputes/{dispute}", headers=_mediator())
    answer = await med.post(
        f"{MED}/disputes/{dispute}/{step}",
        json=body,
        headers={**_mediator(), "If-Match": read.headers["ETag"]},
    )
    assert answer.status_code == 200, f"{step}: {answer.text}"
    recorded: list[str] = answer.json()["recorded"]
    return recorded


async def _hotline_call(stack: Stack) -> str:
    """The call registered and mediated to the eve of an agreement: its id."""
    async with httpx.AsyncClient(base_url=stack.urls["mediation"]) as med:
        members = await _committee(med)
        await stack.settled()
        registered = await med.post(
            f"{MED}/disputes",
            json={
                "office": COMMUNITY_A,
                "source": "hotline",
                "kind": "demolition",
                "parties": [
                    {"name": "王建华", "phone": "13900139001"},
                    {"name": "李秀英", "phone": "13900139002"},
                ],
                "matter": "拆迁补偿款分配争议",
                "amount": 80000,
                "registered_on": _day(0),
            },
            headers=_mediator(),
        )
        assert registered.status_code == 201, registered.text
        dispute: str = registered.json()["dispute_id"]
        await _act(med, dispute, "accept", accepted_on=_day(1))
        await _act(med, dispute, "mediators", mediators=members, assigned_on=_day(1))
        for held_on, summary in ((_day(3), "双方陈述"), (_day(8), "达成一致")):
            await _act(
                med,
                dispute,
                "sessions",
                held_on=held_on,
                place="社区调解室",
                attendees=["王建华", "李秀英"],
                summary=summary,
            )
    return dispute


async def _agree_and_follow_up(stack: Stack, dispute: str) -> None:
    async with httpx.AsyncClient(base_url=stack.urls["mediation"]) as med:
        await _act(
            med,
            dispute,
            "agreement",
            form="written",
            agreed_on=_day(8),
            facts="拆迁补偿款分配",
            terms="王建华支付李秀英补偿款两万元",
            obligations=[
                {"party": 1, "what": "支付补偿款", "due_on": _day(20), "amount": 20000}
            ],
        )
        await _act(
            med,
            dispute,
            "follow-ups",
            obligation=1,
            visited_on=_day(20),
            fulfilled=True,
            satisfied=True,
            note="已付清",
        )


async def _read(stack: Stack, path: str, role: Role, at: datetime) -> Any:
    who = headers(role, COMMUNITY_A, f"staff-{role}")
    async with httpx.AsyncClient(base_url=stack.urls["reporting"]) as rep:
        answer = await rep.get(
            f"{REP}/{path}",
            params={"within": COMMUNITY_A, "as_of": at.isoformat()},
            headers=who,
        )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_hotline_dispute_agreed_and_followed_up_shows_in_reportings_ledger(
    stack: Stack,
) -> None:
    dispute = stack.run(_hotline_call(stack))
    stack.settle()
    before = datetime.now(UTC)
    stack.run(_agree_and_follow_up(stack, dispute))
    stack.settle()
    after = datetime.now(UTC)

    then = stack.run(_read(stack, "disputes", Role.MEDIATOR, before))
    now = stack.run(_read(stack, "disputes", Role.MEDIATOR, after))
    masked = stack.run(_read(stack, "disputes", Role.COMMUNITY_WORKER, after))
    rates_then = stack.run(_read(stack, "figures", Role.COMMUNITY_WORKER, before))
    rates_now = stack.run(_read(stack, "figures", Role.COMMUNITY_WORKER, after))

    [row_then], [row] = then["items"], now["items"]
    assert (row_then["dispute_id"], row_then["result"], row_then["sessions"]) == (
        dispute,
        "pending",
        2,
    )
    assert row_then["fulfilment"] is None
    assert {
        k: row[k]
        for k in (
            "source",
            "kind",
            "amount",
            "sessions",
            "result",
            "form",
            "agreed_amount",
            "fulfilment",
            "follow_ups",
            "satisfied",
            "overdue",
            "matter",
        )
    } == {
        "source": "hotline",
        "kind": "demolition",
        "amount": 80000,
        "sessions": 2,
        "result": "success",
        "form": "written",
        "agreed_amount": 20000,
        "fulfilment": "fulfilled",
        "follow_ups": 1,
        "satisfied": 1,
        "overdue": False,
        "matter": "拆迁补偿款分配争议",
    }
    assert [p["name"] for p in row["parties"]] == ["王建华", "李秀英"]
    assert sorted(row["mediator_names"]) == ["梁志明", "陈丽华"]
    [hidden] = masked["items"]
    assert (masked["parties_shown"], hidden["matter"]) == (False, None)
    assert "王建华" not in str(masked)
    assert "13900139001" not in str(masked)
    rates = ("disputes", "success_rate", "on_time_rate", "fulfilment_rate")
    [community_then] = rates_then["offices"]
    [community_now] = rates_now["offices"]
    assert [community_then[k] for k in (*rates, "satisfaction_rate")] == [
        1,
        None,
        None,
        None,
        None,
    ]
    assert [community_now[k] for k in (*rates, "satisfaction_rate")] == [
        1,
        1.0,
        1.0,
        1.0,
        1.0,
    ]
