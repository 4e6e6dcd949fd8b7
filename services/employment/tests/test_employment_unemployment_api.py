"""Unemployment over HTTP: the register / issue / return / cancel flow, the guard on
certificate numbers, refusals that write nothing, access by office."""

from __future__ import annotations

import asyncio
from datetime import date

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, STREET_A, STREET_B

API = "/api/v1/employment/unemployment"


async def _person(employment, office: str = COMMUNITY_A) -> str:
    person: str = await employment.registry.person(office, date(1980, 5, 1))
    # One publish() may stop short while another session on the server holds a
    # transaction open (see settle in test_employment_unemployment_ledger.py).
    deadline = asyncio.get_running_loop().time() + 10
    while (await employment.registry.relay.status()).pending:
        assert asyncio.get_running_loop().time() < deadline, "registry not published"
        await employment.registry.publish()
        await asyncio.sleep(0.01)
    await employment.settle()
    return person


async def _register(employment, token, person: str, **headers: str) -> str:
    registered = await employment.http.post(
        f"{API}/{person}/registrations",
        json={"registered_on": "2026-09-01"},
        headers={**token(), **headers},
    )
    assert registered.status_code == 201, registered.text
    registration_id: str = registered.json()["open_registration_id"]
    return registration_id


async def _issue(
    employment, token, person: str, number: str, kind: str = "unemployment"
):
    return await employment.http.post(
        f"{API}/{person}/certificates",
        json={"kind": kind, "number": number, "issued_on": "2026-09-02"},
        headers=token(),
    )


async def _count(employment, table: str) -> int:
    count: int = await employment.runtime.pool.fetchval(f"SELECT count(*) FROM {table}")
    return count


async def test_register_issue_return_and_cancel(employment, token) -> None:
    person = await _person(employment)
    rid = await _register(employment, token, person)
    unemployment = await _issue(employment, token, person, " SY-2026-001 ")
    preferential = await _issue(
        employment, token, person, "YH-2026-001", "reemployment_preferential"
    )

    returned = await employment.http.post(
        f"{API}/{person}/certificates/SY-2026-001/return",
        json={"returned_on": "2026-10-01"},
        headers=await employment.read(token(), f"{API}/{person}"),
    )
    cancelled = await employment.http.post(
        f"{API}/{person}/certificates/YH-2026-001/cancel",
        json={"cancelled_on": "2026-10-02", "reason": "遗失"},
        headers=await employment.read(token(), f"{API}/{person}"),
    )
    ended = await employment.http.post(
        f"{API}/{person}/registrations/{rid}/end",
        json={"ended_on": "2026-11-01", "reason": "found work"},
        headers=await employment.read(token(), f"{API}/{person}"),
    )

    assert [unemployment.status_code, preferential.status_code] == [201, 201]
    assert [returned.status_code, cancelled.status_code, ended.status_code] == [
        200,
        200,
        200,
    ]
    read = await employment.http.get(f"{API}/{person}", headers=token())
    assert read.headers["ETag"] == '"6"'
    assert read.json() == {
        "person_id": person,
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "open_registration_id": None,
        "version": 6,
        "registrations": [
            {
                "registration_id": rid,
                "registered_on": "2026-09-01",
                "ended_on": "2026-11-01",
                "end_reason": "found work",
            }
        ],
        "certificates": [
            {
                "number": "SY-2026-001",
                "kind": "unemployment",
                "state": "returned",
                "issued_on": "2026-09-02",
                "returned_on": "2026-10-01",
                "cancelled_on": None,
                "cancel_reason": None,
            },
            {
                "number": "YH-2026-001",
                "kind": "reemployment_preferential",
                "state": "cancelled",
                "issued_on": "2026-09-02",
                "returned_on": None,
                "cancelled_on": "2026-10-02",
                "cancel_reason": "遗失",
            },
        ],
    }


async def test_a_reused_certificate_number_is_refused_and_writes_nothing(
    employment, token
) -> None:
    first, second = await _person(employment), await _person(employment)
    await _register(employment, token, first)
    await _register(employment, token, second)
    await _issue(employment, token, first, "SY-2026-007")
    await employment.http.post(
        f"{API}/{first}/certificates/SY-2026-007/return",
        json={"returned_on": "2026-10-01"},
        headers=await employment.read(token(), f"{API}/{first}"),
    )
    events, guarded = (
        await _count(employment, "events"),
        await _count(employment, "certificate_numbers"),
    )

    reused = await _issue(employment, token, second, "SY-2026-007 ")

    assert reused.status_code == 409
    assert reused.headers["content-type"] == "application/problem+json"
    assert reused.json()["errors"][0]["field"] == "number"
    assert await _count(employment, "events") == events
    assert await _count(employment, "certificate_numbers") == guarded == 1
    read = await employment.http.get(f"{API}/{second}", headers=token())
    assert read.json()["certificates"] == []


async def test_two_clerks_issuing_one_number_at_once_cannot_both_succeed(
    employment, token
) -> None:
    first, second = await _person(employment), await _person(employment)
    await _register(employment, token, first)
    await _register(employment, token, second)

    answers = await asyncio.gather(
        _issue(employment, token, first, "SY-RACE"),
        _issue(employment, token, second, "SY-RACE"),
    )

    assert sorted(a.status_code for a in answers) == [201, 409]
    assert await _count(employment, "certificate_numbers") == 1
    issued = await employment.runtime.pool.fetchval(
        "SELECT count(*) FROM events WHERE event_type = 'CertificateIssued'"
    )
    assert issued == 1


async def test_a_second_open_registration_is_refused(employment, token) -> None:
    person = await _person(employment)
    await _register(employment, token, person)

    again = await employment.http.post(
        f"{API}/{person}/registrations",
        json={"registered_on": "2026-10-01"},
        headers=token(),
    )

    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "person_id"
    history = await employment.runtime.store.read_stream(f"unemployment/{person}")
    assert [e.event_type for e in history] == ["UnemploymentRegistered"]


async def test_a_retried_registration_with_the_same_key_registers_once(
    employment, token
) -> None:
    person = await _person(employment)

    first = await _register(employment, token, person, **{"Idempotency-Key": "k-1"})
    retry = await _register(employment, token, person, **{"Idempotency-Key": "k-1"})

    assert retry == first
    history = await employment.runtime.store.read_stream(f"unemployment/{person}")
    assert len(history) == 1


async def test_a_certificate_without_a_registration_is_refused(
    employment, token
) -> None:
    person = await _person(employment)

    refused = await _issue(employment, token, person, "SY-2026-009")

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "kind"
    assert await _count(employment, "certificate_numbers") == 0


async def test_an_unknown_person_is_not_found_and_nothing_is_written(
    employment, token
) -> None:
    registered = await employment.http.post(
        f"{API}/person-nobody/registrations",
        json={"registered_on": "2026-09-01"},
        headers=token(),
    )
    read = await employment.http.get(f"{API}/person-nobody", headers=token())

    assert [registered.status_code, read.status_code] == [404, 404]
    assert registered.json()["errors"][0]["field"] == "person_id"
    # Only the rule adopted at start is on record (stream type working_age_rule).
    assert await _count(employment, "events") == 1


async def test_another_streets_worker_may_neither_write_nor_read(
    employment, token
) -> None:
    person = await _person(employment, COMMUNITY_A)
    other = token(Role.COMMUNITY_WORKER, STREET_B)

    refused = await employment.http.post(
        f"{API}/{person}/registrations",
        json={"registered_on": "2026-09-01"},
        headers=other,
    )
    hidden = await employment.http.get(f"{API}/{person}", headers=other)
    own = await employment.http.post(
        f"{API}/{person}/registrations",
        json={"registered_on": "2026-09-01"},
        headers=token(Role.COMMUNITY_WORKER, STREET_A),
    )

    assert [refused.status_code, hidden.status_code, own.status_code] == [404, 404, 201]
    ledger = await employment.http.get(
        "/api/v1/employment/ledgers/unemployed",
        params={"within": COMMUNITY_A},
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_B),
    )
    assert ledger.status_code == 403
