"""Labour profiles over HTTP: statuses, errors that write nothing, access, hand-over."""

from __future__ import annotations

from datetime import date

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, STREET_A, STREET_B

API = "/api/v1/employment/profiles"


def _status(status: str, **more: object) -> dict[str, object]:
    return {
        "status": status,
        "since": "2026-10-01",
        "reason": "电话排查",
        "source": "phone_survey",
        **more,
    }


async def test_a_status_is_recorded_and_read_back(employment, token) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()

    recorded = await employment.http.post(
        f"{API}/{person}/status",
        json=_status("unemployed"),
        headers=await employment.profile_read(token(), person),
    )

    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["status"] == "unemployed"
    assert recorded.headers["ETag"] == '"1"'
    assert recorded.headers["Shequ-Position"].startswith("employment:")
    read = await employment.http.get(f"{API}/{person}", headers=token())
    assert read.json()["office"] == COMMUNITY_A
    # as_of as on every route (#13 item 9): a date-time with its zone, or a day.
    before = await employment.http.get(
        f"{API}/{person}",
        params={"as_of": "2000-01-01T00:00:00+08:00"},
        headers=token(),
    )
    day = await employment.http.get(
        f"{API}/{person}", params={"as_of": "2999-12-31"}, headers=token()
    )
    assert (before.json()["status"], day.json()["status"]) == (None, "unemployed")


async def test_a_status_for_an_unknown_person_is_refused_and_writes_nothing(
    employment, token
) -> None:
    refused = await employment.http.post(
        f"{API}/person-nobody/status",
        json=_status("unemployed"),
        headers={**token(), "If-Match": '"0"'},
    )

    assert refused.status_code == 404
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "person_id"
    # Only the rule adopted at start is on record (stream type working_age_rule).
    written = await employment.runtime.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_type <> 'working_age_rule'"
    )
    assert written == 0


async def test_employed_without_an_employer_names_the_field(employment, token) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()

    refused = await employment.http.post(
        f"{API}/{person}/status",
        json=_status("employed"),
        headers=await employment.profile_read(token(), person),
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "employer"


async def test_another_streets_worker_may_not_write_and_a_mediator_not_read(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()

    other_street = await employment.http.post(
        f"{API}/{person}/status",
        json=_status("unemployed"),
        headers=await employment.profile_read(
            token(Role.COMMUNITY_WORKER, STREET_B), person
        ),
    )
    own_street = await employment.http.post(
        f"{API}/{person}/status",
        json=_status("unemployed"),
        headers=await employment.profile_read(
            token(Role.COMMUNITY_WORKER, STREET_A), person
        ),
    )
    mediator = await employment.http.get(
        f"{API}/{person}", headers=token(Role.MEDIATOR)
    )

    assert other_street.status_code == 404  # outside the subtree: as unknown
    assert own_street.status_code == 200
    assert mediator.status_code == 403


async def test_a_move_to_another_street_hands_the_profile_over(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    await employment.http.post(
        f"{API}/{person}/status",
        json=_status("unemployed"),
        headers=await employment.profile_read(token(), person),
    )

    await employment.registry.move(person, COMMUNITY_A, COMMUNITY_B)
    await employment.settle()

    profile = await employment.http.get(
        f"{API}/{person}", headers=token(Role.COMMUNITY_WORKER, STREET_B)
    )
    assert profile.status_code == 200
    assert profile.json()["office"] == COMMUNITY_B
    history = await employment.runtime.store.read_stream(f"labour/{person}")
    assert [e.event_type for e in history] == [
        "LabourStatusRecorded",
        "LabourProfileHandedOver",
    ]
    assert history[0].data["office"] == COMMUNITY_A  # history stays


async def test_the_file_of_someone_who_died_is_read_but_not_written(
    employment, token
) -> None:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    await employment.http.post(
        f"{API}/{person}/status",
        json=_status("unemployed"),
        headers=await employment.profile_read(token(), person),
    )
    await employment.registry.died(person, COMMUNITY_A, date(2026, 11, 20))
    await employment.settle()

    read = await employment.http.get(f"{API}/{person}", headers=token())
    written = await employment.http.post(
        f"{API}/{person}/status",
        json=_status("employed", employer="厂"),
        headers=await employment.profile_read(token(), person),
    )

    assert read.status_code == 200, read.text
    assert read.json()["status"] == "unemployed"
    assert written.status_code == 422
    assert written.json()["errors"][0]["field"] == "person_id"
