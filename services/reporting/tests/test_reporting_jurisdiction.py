"""Outside one's subtree a record does not exist (#14 item 9), reporting's routes.

Every route that takes an office or an id answers one outside the reader's subtree
exactly as an unknown one: the same status and the same body but for the id. Tried
from community A for its own records, another community of its street (A2) and
another street's (B); access is decided before any other rule.
"""

from __future__ import annotations

from datetime import date

import httpx

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B

API = "/api/v1/reporting"
UNKNOWN_OFFICE = "441900101099"  # in street A, never opened
UNKNOWN_PERSON = "person-00000000-0000-0000-0000-000000000000"
TARGET = {"comparison": "at_least", "target": 100, "note": "新增就业"}


def _as_unknown(
    foreign: httpx.Response, unknown: httpx.Response, foreign_id: str, unknown_id: str
) -> tuple[int, str]:
    """The unknown id's answer with the foreign id put in."""
    return unknown.status_code, unknown.text.replace(unknown_id, foreign_id)


async def _people(reporting) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A person with a labour record in each of A, A2 and B."""
    people = {}
    for office in (COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B):
        person = await reporting.registry.person(office, date(1985, 6, 1))
        await reporting.labour(person, office, "unemployed", by="staff-x")
        people[office] = person
    await reporting.settle()
    return people


# (method, path template of an office, query of an office, body)
OFFICE_ROUTES = [
    ("GET", API + "/work-plans/{}/2026", None, None),
    ("GET", API + "/work-plans/{}/2026/dashboard", None, None),
    ("PUT", API + "/work-plans/{}/2026/targets/new_jobs", None, TARGET),
    ("DELETE", API + "/work-plans/{}/2026/targets/new_jobs", {"reason": "调整"}, None),
    ("GET", API + "/work-plans", "within", None),
    ("GET", API + "/figures", "within", None),
    ("GET", API + "/ledgers/unemployed", "within", None),
    ("GET", API + "/ledgers/zero-employment-households", "within", None),
    ("GET", API + "/ledgers/export", "within", None),
    ("GET", API + "/audit/events", "office", None),
]


async def _office_route(  # type: ignore[no-untyped-def]
    reporting, headers, route, office: str
) -> httpx.Response:
    method, path, query, body = route
    params = {query: office} if isinstance(query, str) else dict(query or {})
    return await reporting.http.request(
        method,
        path.format(office) if "{}" in path else path,
        params=params,
        json=body,
        headers={**headers, "If-Match": '"0"'},
    )


async def test_another_offices_plans_ledgers_and_log_answer_as_an_unknown_office(
    reporting, token
) -> None:
    await _people(reporting)
    # A community's own worker plans and reads; its auditor reads the log.
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    auditor = token(Role.AUDITOR, COMMUNITY_A)

    own: list[httpx.Response] = []
    foreign = []
    for route in OFFICE_ROUTES:
        headers = auditor if "audit" in route[1] else worker
        own.append(await _office_route(reporting, headers, route, COMMUNITY_A))
        for office in (COMMUNITY_A2, COMMUNITY_B):
            foreign.append(
                (
                    office,
                    await _office_route(reporting, headers, route, office),
                    await _office_route(reporting, headers, route, UNKNOWN_OFFICE),
                )
            )

    # Its own office is read and written (the withdrawal sends the version the
    # target's setting moved on from, so it is stale).
    assert [a.status_code for a in own] == [200, 200, 200, 412, *[200] * 6]
    for office, answer, as_unknown in foreign:
        assert answer.status_code == 404, (office, answer.request.url)
        assert answer.json()["type"].endswith("office-not-known")
        assert (answer.status_code, answer.text) == _as_unknown(
            answer, as_unknown, office, UNKNOWN_OFFICE
        )


async def test_another_offices_person_file_answers_as_an_unknown_person(
    reporting, token
) -> None:
    people = await _people(reporting)
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    def file(person: str) -> str:
        return f"{API}/persons/{person}/file"

    own = await reporting.http.get(file(people[COMMUNITY_A]), headers=worker)
    unknown = await reporting.http.get(file(UNKNOWN_PERSON), headers=worker)

    assert own.status_code == 200
    for office in (COMMUNITY_A2, COMMUNITY_B):
        foreign = await reporting.http.get(file(people[office]), headers=worker)
        assert (foreign.status_code, foreign.text) == _as_unknown(
            foreign, unknown, people[office], UNKNOWN_PERSON
        )
    assert unknown.status_code == 404


async def test_another_offices_case_replay_answers_as_an_unknown_stream(
    reporting, token
) -> None:
    people = await _people(reporting)
    auditor = token(Role.AUDITOR, COMMUNITY_A)

    def case(person: str) -> str:
        return f"{API}/audit/streams/labour/{person}"

    own = await reporting.http.get(case(people[COMMUNITY_A]), headers=auditor)
    unknown = await reporting.http.get(case(UNKNOWN_PERSON), headers=auditor)
    # Long before anything: the rule of the moment must not come first either.
    long_ago = {"as_of": "2001-01-01"}

    assert own.status_code == 200
    for office in (COMMUNITY_A2, COMMUNITY_B):
        for params in ({}, long_ago):
            foreign = await reporting.http.get(
                case(people[office]), params=params, headers=auditor
            )
            unknown = await reporting.http.get(
                case(UNKNOWN_PERSON), params=params, headers=auditor
            )
            assert (foreign.status_code, foreign.text) == _as_unknown(
                foreign, unknown, people[office], UNKNOWN_PERSON
            )
            assert foreign.status_code == 404
    assert unknown.json()["errors"][0]["field"] == "stream_id"


async def test_a_foreign_persons_events_are_not_in_the_log_as_an_unknown_persons(
    reporting, token
) -> None:
    people = await _people(reporting)
    auditor = token(Role.AUDITOR, COMMUNITY_A)
    log = f"{API}/audit/events"

    foreign = await reporting.http.get(
        log, params={"person": people[COMMUNITY_B]}, headers=auditor
    )
    unknown = await reporting.http.get(
        log, params={"person": UNKNOWN_PERSON}, headers=auditor
    )

    assert foreign.json() == unknown.json()
    assert foreign.json()["total"] == 0
