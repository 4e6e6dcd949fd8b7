"""A volunteer's record as the console's page reads it (GET volunteers/{person_id}).

Who (the registry's name), hours, points earned and redeemed, the balance and the
moral-bank ledger (道德银行台帐), read from the volunteer's stream: the ledger is the
one the version speaks of, even before the projections caught up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shequ.testing.feeds import COMMUNITY_A

from .conftest import EVENTS, Events

Token = Callable[..., dict[str, str]]


async def _activity(events: Events, writer: dict[str, str]) -> str:
    planned = await events.post(
        "/activities", writer, office=COMMUNITY_A, kind="publicity",
        title="禁毒宣传", held_on="2026-11-02", place="社区广场", lead="专干",
    )  # fmt: skip
    assert planned.status_code == 201, planned.text
    activity_id: str = planned.json()["activity_id"]
    return activity_id


async def test_a_volunteer_reads_whole_with_points_earned_redeemed_and_the_ledger(
    events: Events, token: Token
) -> None:
    writer = token()
    person = await events.registry.person(COMMUNITY_A, date(1981, 3, 3), name="陈志愿")
    await events.settle()
    await events.post(f"/volunteers/{person}", writer)
    activity_id = await _activity(events, writer)
    await events.post(
        f"/volunteers/{person}/hours", writer, 1,
        activity_id=activity_id, served_on="2026-11-02", hours=5,
    )  # fmt: skip
    redeemed = await events.post(
        f"/volunteers/{person}/redemptions", writer, 2, points=2, redeemed_for="食用油"
    )
    assert redeemed.status_code == 200, redeemed.text

    shown = await events.http.get(f"{EVENTS}/volunteers/{person}", headers=writer)

    assert shown.status_code == 200, shown.text
    assert shown.headers["ETag"] == '"3"'
    assert shown.json() == {
        "person_id": person,
        "name": "陈志愿",
        "office": COMMUNITY_A,
        "hours": 5.0,
        "earned": 5,
        "redeemed": 2,
        "balance": 3,
        "ledger": [
            {"day": "2026-11-02", "activity_id": activity_id, "hours": 5.0,
             "points": 5, "redeemed_for": None, "balance": 5},
            {"day": "2026-11-23", "activity_id": None, "hours": None,
             "points": -2, "redeemed_for": "食用油", "balance": 3},
        ],
        "version": 3,
    }  # fmt: skip


async def test_a_redemption_beyond_the_balance_names_the_points_field(
    events: Events, token: Token
) -> None:
    writer = token()
    person = await events.registry.person(COMMUNITY_A, date(1982, 4, 4))
    await events.settle()
    await events.post(f"/volunteers/{person}", writer)

    refused = await events.post(
        f"/volunteers/{person}/redemptions", writer, 1, points=1, redeemed_for="大米"
    )

    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["points"]
    shown = await events.http.get(f"{EVENTS}/volunteers/{person}", headers=writer)
    body = shown.json()
    assert (body["earned"], body["redeemed"], body["balance"], body["ledger"]) == (
        0, 0, 0, [],
    )  # fmt: skip
