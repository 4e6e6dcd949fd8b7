"""Issue #14 over HTTP: what a request may carry and what it may reveal.

An ``Idempotency-Key`` names one request: another body under a used key is refused
(422 naming the header), not answered with the first request's result. Every body
field and page number is bounded, and unsafe text refused, with the field named.
"""

from __future__ import annotations

from datetime import date

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B

EMPLOYMENT = "/api/v1/employment"
VACANCIES = f"{EMPLOYMENT}/vacancies"


async def _vacancies(employment) -> int:
    count: int = await employment.runtime.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_type = 'vacancy'"
    )
    return count


async def test_another_body_under_a_used_idempotency_key_is_refused(
    employment, token
) -> None:
    headers = {**token(), "Idempotency-Key": "post-1"}
    first = await employment.http.post(
        VACANCIES, json=employment.vacancy(), headers=headers
    )
    assert first.status_code == 201, first.text
    retry = await employment.http.post(
        VACANCIES, json=employment.vacancy(), headers=headers
    )
    assert retry.status_code == 201, retry.text
    assert retry.json()["vacancy_id"] == first.json()["vacancy_id"]

    other = await employment.http.post(
        VACANCIES, json=employment.vacancy(openings=5), headers=headers
    )
    assert other.status_code == 422, other.text
    assert [e["field"] for e in other.json()["errors"]] == ["header.Idempotency-Key"]
    assert await _vacancies(employment) == 1


async def test_openings_beyond_any_bound_are_refused_and_nothing_stored(
    employment, token
) -> None:
    answer = await employment.http.post(
        VACANCIES, json=employment.vacancy(openings=10**30), headers=token()
    )
    assert answer.status_code == 422, answer.text
    assert "body.openings" in [e["field"] for e in answer.json()["errors"]]
    assert await _vacancies(employment) == 0


async def test_a_page_beyond_any_bound_is_refused(employment, token) -> None:
    for path in ("ledgers/unemployed", "vacancies", "zero-employment-households"):
        answer = await employment.http.get(
            f"{EMPLOYMENT}/{path}?page=9223372036854775807", headers=token()
        )
        assert answer.status_code == 422, (path, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == ["query.page"]


async def test_a_nul_in_a_reason_is_refused_naming_the_field(employment, token) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    answer = await employment.http.post(
        f"{EMPLOYMENT}/profiles/{person}/status",
        json={
            "status": "unemployed",
            "since": "2026-10-01",
            "reason": "走访\u0000排查",
            "source": "home_visit",
        },
        headers=await employment.profile_read(token(), person),
    )
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["body.reason"]
    too_long = await employment.http.post(
        f"{EMPLOYMENT}/profiles/{person}/status",
        json={
            "status": "unemployed",
            "since": "2026-10-01",
            "reason": "走" * 501,
            "source": "home_visit",
        },
        headers=await employment.profile_read(token(), person),
    )
    assert too_long.status_code == 422, too_long.text
    assert [e["field"] for e in too_long.json()["errors"]] == ["body.reason"]


def _status(since: str = "2026-10-01", status: str = "unemployed") -> dict[str, str]:
    return {
        "status": status,
        "since": since,
        "reason": "走访排查",
        "source": "home_visit",
    }


async def test_a_child_is_refused_by_the_working_age_rule(employment, token) -> None:
    child = await employment.registry.person(COMMUNITY_A, date(2015, 3, 1))  # 11
    await employment.settle()
    status = await employment.http.post(
        f"{EMPLOYMENT}/profiles/{child}/status",
        json=_status(),
        headers=await employment.profile_read(token(), child),
    )
    registered = await employment.http.post(
        f"{EMPLOYMENT}/unemployment/{child}/registrations",
        json={"registered_on": "2026-11-01"},
        headers=token(),
    )
    for answer, field in ((status, "since"), (registered, "registered_on")):
        assert answer.status_code == 422, answer.text
        assert answer.json()["type"].endswith("not-of-working-age")
        assert [e["field"] for e in answer.json()["errors"]] == [field]
    count = await employment.runtime.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_id LIKE '%' || $1", child
    )
    assert count == 0


async def test_a_status_since_1900_or_tomorrow_is_refused(employment, token) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    for since, slug in (
        ("1900-01-01", "date-too-early"),
        ("2030-01-01", "date-in-future"),
    ):
        answer = await employment.http.post(
            f"{EMPLOYMENT}/profiles/{person}/status",
            json=_status(since),
            headers=await employment.profile_read(token(), person),
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["type"].endswith(slug)
        assert [e["field"] for e in answer.json()["errors"]] == ["since"]


async def test_a_foreign_deceased_person_is_answered_as_an_unknown_one(
    employment, token
) -> None:
    foreign = await employment.registry.person(COMMUNITY_B, date(1980, 5, 1))
    await employment.registry.died(foreign, COMMUNITY_B, date(2026, 11, 1))
    await employment.settle()
    community_a = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    answers = {}
    for person in (foreign, "p-nobody"):
        changed = await employment.http.post(
            f"{EMPLOYMENT}/profiles/{person}/status",
            json=_status(),
            headers=await employment.profile_read(community_a, person),
        )
        read = await employment.http.get(
            f"{EMPLOYMENT}/profiles/{person}", headers=community_a
        )
        answers[person] = [
            (a.status_code, a.json()["type"], [e["field"] for e in a.json()["errors"]])
            for a in (changed, read)
        ]
    assert answers[foreign] == answers["p-nobody"]
    assert answers[foreign][0][0] == 404
    assert answers[foreign][0][1].endswith("person-not-known")
    # Their own office still hears why: the person has died.
    own = await employment.http.post(
        f"{EMPLOYMENT}/profiles/{foreign}/status",
        json=_status(),
        headers=await employment.profile_read(
            token(Role.COMMUNITY_WORKER, COMMUNITY_B), foreign
        ),
    )
    assert own.status_code == 422, own.text
    assert own.json()["type"].endswith("person-deceased")
