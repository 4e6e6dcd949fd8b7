"""A rehab client who needs work, referred to employment through NATS (issue #16).

The whole stack as deployed: a person registered over HTTP, a case opened and the
client referred for work by a rehab worker; rehab's relay publishes
``ClientReferredForWork`` on ``shequ.rehab.>`` and employment's partner-referral
consumer opens the person's assistance with a phone follow-up, its source a partner
referral, its purpose the neutral note: nothing of rehab reaches employment's staff.
The same event delivered again schedules nothing twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shequ.access import Role, china_date
from shequ.contracts.rehab import ClientReferredForWork
from shequ.employment.handlers.partner_referrals import open_assistance
from shequ.messaging import decode_event
from shequ.registry.domain.identity import check_digit
from shequ.testing.feeds import COMMUNITY_A, DISTRICT

from .conftest import Stack, headers

REH, EMP = "/api/v1/rehab", "/api/v1/employment"
NOTE = "想找保洁或物业工作，能上早班"


def test_a_client_referred_for_work_gets_an_employment_follow_up(stack: Stack) -> None:
    person, case_id = stack.run(_client(stack))
    today = china_date(datetime.now(UTC))

    recorded = stack.run(_refer(stack, case_id, today.isoformat()))
    stack.settle()
    first = stack.run(_assistance(stack, person))
    stack.run(_deliver_again(stack, case_id))
    stack.settle()
    again = stack.run(_assistance(stack, person))

    event_id = stack.run(_referral_event_id(stack, case_id))
    assert recorded == ["ClientReferredForWork"]
    assert first["follow_ups"] == [
        {
            "follow_up_id": f"follow-up-referral-{event_id}",
            "kind": "phone_call",
            "due_on": (today + timedelta(days=7)).isoformat(),
            "assigned_to": "employment:partner-referral",
            "purpose": NOTE,
            "state": "open",
            "closed_on": None,
            "cancel_reason": None,
            "source": "partner_referral",
        }
    ]
    assert again == first
    for word in ("rehab", "戒毒", "康复", case_id, "worker-ref"):
        assert word not in str(first)


async def _client(stack: Stack) -> tuple[str, str]:
    """A resident of community A, and the case a rehab worker opened for them."""
    admin = headers(Role.DISTRICT_ADMIN, DISTRICT)
    first17 = "44190019880808321"
    async with httpx.AsyncClient(base_url=stack.urls["registry"]) as registry:
        registered = await registry.post(
            "/api/v1/registry/persons",
            headers=admin,
            json={
                "name": "转介甲",
                "office": COMMUNITY_A,
                "address": "转介路1号",
                "document_kind": "resident_id",
                "document_number": first17 + check_digit(first17),
            },
        )
    assert registered.status_code == 201, registered.text
    person: str = registered.json()["person_id"]
    await stack.settled()
    async with httpx.AsyncClient(base_url=stack.urls["rehab"]) as rehab:
        opened = await rehab.post(
            f"{REH}/cases",
            headers=_worker(),
            json={
                "person_id": person,
                "kind": "community_recovery",
                "ground": "released_from_isolation",
                "decision_number": "东公（转）决字〔2026〕5号",
                "police_organ": "东莞市公安局转介分局",
                "decided_on": "2026-01-05",
                "term_months": 36,
            },
        )
    assert opened.status_code == 201, opened.text
    return person, opened.json()["case_id"]


def _worker() -> dict[str, str]:
    return headers(Role.REHAB_WORKER, COMMUNITY_A, "worker-ref")


async def _refer(stack: Stack, case_id: str, today: str) -> list[str]:
    async with httpx.AsyncClient(base_url=stack.urls["rehab"]) as rehab:
        case = await rehab.get(f"{REH}/cases/{case_id}", headers=_worker())
        referred = await rehab.post(
            f"{REH}/cases/{case_id}/work-referrals",
            headers={**_worker(), "If-Match": case.headers["ETag"]},
            json={"referred_on": today, "note": NOTE},
        )
    assert referred.status_code == 200, referred.text
    recorded: list[str] = referred.json()["recorded"]
    return recorded


async def _assistance(stack: Stack, person: str) -> dict[str, Any]:
    officer = headers(Role.EMPLOYMENT_OFFICER, COMMUNITY_A)
    async with httpx.AsyncClient(base_url=stack.urls["employment"]) as employment:
        answer = await employment.get(f"{EMP}/assistance/{person}", headers=officer)
    assert answer.status_code == 200, answer.text
    record: dict[str, Any] = answer.json()
    return record


async def _referral(stack: Stack, case_id: str) -> Any:
    envelopes = await stack.runtimes["rehab"].store.read_stream(f"rehab_case/{case_id}")
    return next(
        e for e in envelopes if e.event_type == ClientReferredForWork.event_type()
    )


async def _referral_event_id(stack: Stack, case_id: str) -> str:
    return str((await _referral(stack, case_id)).event_id)


async def _deliver_again(stack: Stack, case_id: str) -> None:
    """The referral as a redelivery brings it: employment's reaction, once more."""
    envelope = await _referral(stack, case_id)
    event = decode_event(envelope)
    assert isinstance(event, ClientReferredForWork)
    store = stack.runtimes["employment"].store
    async with store.pool.acquire() as conn, conn.transaction():
        await open_assistance(store, conn, event, envelope)
