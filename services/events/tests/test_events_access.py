"""Who may do what in events, role by role, through the API (domain/access.py).

The activity organiser writes; every staff member reads; the police's system reads
nothing; an activity outside the reader's subtree is answered as an unknown one. A
retried plan (its Idempotency-Key) plans nothing twice; a stale If-Match is 412.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shequ.access import STAFF_ROLES, Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B

from .conftest import EVENTS, Events

Token = Callable[..., dict[str, str]]
PLAN: dict[str, Any] = {
    "office": COMMUNITY_A,
    "kind": "lecture",
    "title": "禁毒知识讲座",
    "held_on": "2026-06-26",
    "place": "社区活动室",
    "lead": "主任",
    "staff": [],
    "resources": [],
    "risks": [],
}


async def _planned(events: Events, token: Token) -> str:
    answer = await events.post("/activities", token(), **PLAN)
    assert answer.status_code == 201, answer.text
    activity_id: str = answer.json()["activity_id"]
    return activity_id


@pytest.mark.parametrize("role", list(Role), ids=str)
async def test_each_role_plans_and_reads_as_the_rules_say(
    role: Role, events: Events, token: Token
) -> None:
    activity_id = await _planned(events, token)
    headers = token(role, COMMUNITY_A, f"staff-{role}")

    planned = await events.post("/activities", headers, **PLAN)
    read = await events.http.get(f"{EVENTS}/activities/{activity_id}", headers=headers)

    writes = role == Role.ACTIVITY_ORGANISER
    reads = role in STAFF_ROLES
    assert (planned.status_code, read.status_code) == (
        201 if writes else 403,
        200 if reads else 403,
    )


async def test_an_activity_outside_the_subtree_is_answered_as_an_unknown_one(
    events: Events, token: Token
) -> None:
    activity_id = await _planned(events, token)
    other = token(Role.COMMUNITY_WORKER, COMMUNITY_B)
    unknown = activity_id[:-6] + "000000"

    outside = await events.http.get(f"{EVENTS}/activities/{activity_id}", headers=other)
    missing = await events.http.get(f"{EVENTS}/activities/{unknown}", headers=other)

    assert outside.status_code == missing.status_code == 404
    assert outside.json()["detail"].replace(activity_id, "?") == missing.json()[
        "detail"
    ].replace(unknown, "?")


async def test_a_retried_plan_plans_once_and_a_stale_version_is_refused(
    events: Events, token: Token
) -> None:
    sent = {**token(), "Idempotency-Key": "plan-626"}
    first = await events.post("/activities", sent, **PLAN)
    again = await events.post("/activities", sent, **PLAN)
    activity_id = first.json()["activity_id"]

    stale = await events.post(
        f"/activities/{activity_id}/costs", token(), 7, item="横幅", amount_fen=12000
    )

    assert again.json()["activity_id"] == activity_id
    assert stale.status_code == 412
