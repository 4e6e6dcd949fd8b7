"""Assistance over HTTP: the whole flow, bad input that writes nothing, access."""

from __future__ import annotations

from datetime import date

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, STREET_A, STREET_B

API = "/api/v1/employment/assistance"


async def _assistance_events(employment) -> int:
    return await employment.runtime.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_id LIKE 'assistance/%'"
    )


async def test_a_case_is_identified_followed_up_trained_and_resolved(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1972, 3, 1), "female")
    await employment.settle()
    post = employment.http.post

    identified = await post(
        f"{API}/{person}/difficulty",
        headers=token(),
        json={
            "category": "older_worker",
            "identified_on": "2026-11-02",
            "notes": "4050人员",
        },
    )
    planned = await post(
        f"{API}/{person}/follow-ups",
        headers=token(),
        json={"kind": "home_visit", "due_on": "2026-11-25", "purpose": "入户走访"},
    )
    follow_up = planned.headers["Location"].rsplit("/", 1)[1]
    visited = await post(
        f"{API}/{person}/contacts",
        headers=token(),
        json={
            "kind": "home_visit",
            "contacted_on": "2026-11-23",
            "findings": "有求职意愿, 想学育婴",
            "follow_up_id": follow_up,
        },
    )
    referred = await post(
        f"{API}/{person}/trainings",
        headers=token(),
        json={
            "kind": "skills",
            "course": "育婴师",
            "provider": "区职训中心",
            "referred_on": "2026-11-23",
        },
    )
    referral = referred.headers["Location"].rsplit("/", 1)[1]
    trained = await post(
        f"{API}/{person}/trainings/{referral}/outcome",
        headers=token(),
        json={
            "outcome": "certified",
            "recorded_on": "2026-11-23",
            "certificate": "育婴师(五级)",
        },
    )
    guided = await post(
        f"{API}/{person}/guidance",
        headers=token(),
        json={
            "kind": "job_introduction",
            "given_on": "2026-11-23",
            "notes": "推荐至家政公司",
        },
    )
    resolved = await post(
        f"{API}/{person}/difficulty/resolve",
        headers=await employment.read(token(), f"{API}/{person}"),
        json={"resolved_on": "2026-11-23", "reason": "已就业"},
    )

    answers = [identified, planned, visited, referred, trained, guided, resolved]
    assert [a.status_code for a in answers] == [200, 201, 200, 201, 200, 200, 200]
    read = await employment.http.get(f"{API}/{person}", headers=token())
    assert read.headers["ETag"] == '"7"'
    assert read.json() == {
        "person_id": person,
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "difficulty": None,
        "cases": [
            {
                "category": "older_worker",
                "identified_on": "2026-11-02",
                "notes": "4050人员",
                "resolved_on": "2026-11-23",
                "reason": "已就业",
            }
        ],
        "follow_ups": [
            {
                "follow_up_id": follow_up,
                "kind": "home_visit",
                "due_on": "2026-11-25",
                "assigned_to": "staff-1",
                "purpose": "入户走访",
                "state": "done",
                "closed_on": "2026-11-23",
                "cancel_reason": None,
                "source": "office",
            }
        ],
        "contacts": [
            {
                "kind": "home_visit",
                "contacted_on": "2026-11-23",
                "contacted_by": "staff-1",
                "findings": "有求职意愿, 想学育婴",
                "follow_up_id": follow_up,
            }
        ],
        "trainings": [
            {
                "referral_id": referral,
                "kind": "skills",
                "course": "育婴师",
                "provider": "区职训中心",
                "referred_on": "2026-11-23",
                "outcome": "certified",
                "recorded_on": "2026-11-23",
                "certificate": "育婴师(五级)",
            }
        ],
        "guidance": [
            {
                "kind": "job_introduction",
                "given_on": "2026-11-23",
                "notes": "推荐至家政公司",
            }
        ],
        "version": 7,
    }


async def test_a_person_without_assistance_has_an_empty_record(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()

    read = await employment.http.get(f"{API}/{person}", headers=token())

    assert read.status_code == 200
    assert read.headers["ETag"] == '"0"'
    assert read.json()["follow_ups"] == []


async def test_a_retried_request_names_the_same_follow_up_once(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    body = {"kind": "phone_call", "due_on": "2026-11-23", "purpose": "电话排查"}
    headers = {**token(), "Idempotency-Key": "plan-1"}

    first = await employment.http.post(
        f"{API}/{person}/follow-ups", json=body, headers=headers
    )
    again = await employment.http.post(
        f"{API}/{person}/follow-ups", json=body, headers=headers
    )

    assert first.headers["Location"] == again.headers["Location"]
    assert again.json()["follow_ups"] == first.json()["follow_ups"]
    assert await _assistance_events(employment) == 1


async def test_bad_input_names_the_field_and_writes_nothing(employment, token) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    post = employment.http.post
    plan = {"kind": "phone_call", "due_on": "2026-11-23", "purpose": "电话排查"}

    unknown_person = await post(
        f"{API}/person-nobody/follow-ups", json=plan, headers=token()
    )
    past_due = await post(
        f"{API}/{person}/follow-ups",
        headers=token(),
        json={**plan, "due_on": "2026-11-22"},
    )
    unknown_follow_up = await post(
        f"{API}/{person}/contacts",
        headers=token(),
        json={
            "kind": "phone_call",
            "contacted_on": "2026-11-23",
            "findings": "未接听",
            "follow_up_id": "follow-up-nothing",
        },
    )
    future_contact = await post(
        f"{API}/{person}/contacts",
        headers=token(),
        json={"kind": "phone_call", "contacted_on": "2026-11-24", "findings": "x"},
    )
    blank_findings = await post(
        f"{API}/{person}/contacts",
        headers=token(),
        json={"kind": "phone_call", "contacted_on": "2026-11-23", "findings": " "},
    )
    no_case = await post(
        f"{API}/{person}/difficulty/resolve",
        headers=await employment.read(token(), f"{API}/{person}"),
        json={"resolved_on": "2026-11-23", "reason": "已就业"},
    )
    bad_category = await post(
        f"{API}/{person}/difficulty",
        headers=token(),
        json={"category": "lazy", "identified_on": "2026-11-23"},
    )

    refusals = [
        (a.status_code, a.headers["content-type"], a.json()["errors"][0]["field"])
        for a in (
            unknown_person,
            past_due,
            unknown_follow_up,
            future_contact,
            blank_findings,
        )
    ]
    problem = "application/problem+json"
    assert refusals == [
        (404, problem, "person_id"),
        (422, problem, "due_on"),
        (404, problem, "follow_up_id"),
        (422, problem, "contacted_on"),
        (422, problem, "findings"),
    ]
    assert no_case.status_code == 422
    assert no_case.json()["type"].endswith("no-open-difficulty")
    assert bad_category.status_code == 422
    assert await _assistance_events(employment) == 0


async def test_a_second_category_while_a_case_is_open_is_a_conflict(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    url = f"{API}/{person}/difficulty"

    first = await employment.http.post(
        url,
        json={"category": "disabled", "identified_on": "2026-11-01"},
        headers=token(),
    )
    same = await employment.http.post(
        url,
        json={"category": "disabled", "identified_on": "2026-11-20"},
        headers=token(),
    )
    other = await employment.http.post(
        url,
        json={"category": "long_term_unemployed", "identified_on": "2026-11-20"},
        headers=token(),
    )

    assert (first.status_code, same.status_code, other.status_code) == (200, 200, 409)
    assert same.json()["version"] == 1
    assert other.json()["errors"][0]["field"] == "category"


async def test_other_streets_auditors_and_mediators_are_kept_to_their_rights(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    plan = {"kind": "phone_call", "due_on": "2026-11-23", "purpose": "电话排查"}
    url = f"{API}/{person}/follow-ups"

    other_street = await employment.http.post(
        url, json=plan, headers=token(Role.COMMUNITY_WORKER, STREET_B)
    )
    other_read = await employment.http.get(
        f"{API}/{person}", headers=token(Role.COMMUNITY_WORKER, STREET_B)
    )
    other_list = await employment.http.get(
        "/api/v1/employment/follow-ups/overdue",
        params={"within": COMMUNITY_A},
        headers=token(Role.COMMUNITY_WORKER, STREET_B),
    )
    auditor_write = await employment.http.post(
        url, json=plan, headers=token(Role.AUDITOR, STREET_A)
    )
    auditor_read = await employment.http.get(
        f"{API}/{person}", headers=token(Role.AUDITOR, STREET_A)
    )
    mediator = await employment.http.get(
        f"{API}/{person}", headers=token(Role.MEDIATOR, STREET_A)
    )
    own_street = await employment.http.post(
        url, json=plan, headers=token(Role.COMMUNITY_WORKER, STREET_A)
    )

    assert [
        a.status_code
        for a in (
            other_street,
            other_read,
            other_list,
            auditor_write,
            auditor_read,
            mediator,
            own_street,
        )
    ] == [404, 404, 403, 403, 200, 403, 201]  # another street's person: as unknown
