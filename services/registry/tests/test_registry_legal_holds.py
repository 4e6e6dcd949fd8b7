"""Legal holds (法定保存) from rehab: an open rehab case keeps the person's file.

A registry runs with a real rehab feed (its store and JetStream stream): the police's
decision received opens the hold, a hand-over keeps it, the case closed releases it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from shequ.access import Role
from shequ.contracts.rehab import CATALOG as REHAB
from shequ.contracts.rehab import (
    RehabCaseClosed,
    RehabCaseHandedOver,
    RehabDecisionReceived,
)
from shequ.testing.feeds import COMMUNITY_A2, Feed, open_feed

from .conftest import COMMUNITY_A, NOW, Resident, Start, Token
from .test_registry_erasure import closed_file, erase, problem, wait_for_holds


@pytest.fixture
async def rehab(
    pg_dsns: Callable[[], Awaitable[str]], nats_client: NatsClient
) -> AsyncIterator[Feed]:
    """Rehab's store and stream: its open cases are the registry's holds."""
    async with open_feed(REHAB, await pg_dsns(), nats_client, NOW) as feed:
        yield feed


@pytest.fixture
async def held_registry(rehab: Feed, start: Start) -> AsyncIterator[httpx.AsyncClient]:
    async with start(None) as http:
        yield http


def decision(person_id: str) -> RehabDecisionReceived:
    return RehabDecisionReceived(
        case_id="case-1",
        person_id=person_id,
        office=COMMUNITY_A,
        kind="community_detox",
        ground="first_time",
        decision_number="东公（石）决字〔2014〕5号",
        police_organ="东莞市公安局石龙分局",
        decided_on=date(2014, 3, 2),
        term_months=36,
        report_by=date(2014, 3, 17),
        received_from="police",
    )


async def test_an_open_rehab_case_keeps_the_file_until_it_closes(
    held_registry: httpx.AsyncClient, rehab: Feed, token: Token, resident_id: Resident
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    person_id = await closed_file(held_registry, token, resident_id("19500307"))
    stream = "rehab_case/case-1"
    handed_over = RehabCaseHandedOver(
        person_id=person_id,
        office=COMMUNITY_A,
        to_office=COMMUNITY_A2,
        handed_over_on=date(2014, 6, 1),
    )
    await rehab.append(stream, [decision(person_id), handed_over])
    await rehab.publish()
    await wait_for_holds(held_registry, 1)

    held = await erase(held_registry, {**admin, "Accept-Language": "zh-CN"}, person_id)
    await rehab.append(
        stream,
        [
            RehabCaseClosed(
                person_id=person_id,
                office=COMMUNITY_A2,
                outcome="died",
                closed_on=date(2015, 1, 2),
            )
        ],
    )
    await rehab.publish()
    await wait_for_holds(held_registry, 0)
    erased = await erase(held_registry, admin, person_id)

    assert problem(held) == (
        422,
        "legal-hold",
        [
            {
                "field": "person_id",
                # Nothing tells the administrator it is a rehab case.
                "message": "该人员有未结的受限业务的案件（详情不予显示），依法须保存",
            }
        ],
    )
    assert erased.status_code == 200, erased.text
