"""Issue #14 over HTTP: what a request may carry and what it may reveal.

An ``Idempotency-Key`` names one request: another body under a used key is refused
(422 naming the header), not answered with the first request's result.
"""

from __future__ import annotations

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
