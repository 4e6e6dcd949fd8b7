"""Issue #14 over HTTP, reporting's side: what a request may carry and how it writes.

Every body field, query text and whole number a route takes is bounded, and unsafe
text refused, with the field named (422) instead of a failure of the database (500).
A work-plan target depends on the plan the writer read, so it requires ``If-Match``:
428 without it, 412 when stale, and nothing written either way.
"""

from __future__ import annotations

import json

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A

REPORTING = "/api/v1/reporting"
PLANS = f"{REPORTING}/work-plans"
TARGET = f"{PLANS}/{COMMUNITY_A}/2026/targets/new_jobs"
JOBS = {"comparison": "at_least", "target": 100, "note": "新增就业岗位"}
HUGE = "9223372036854775807"


def _fields(answer) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["field"] for e in answer.json()["errors"]]


async def _plan_events(reporting) -> int:  # type: ignore[no-untyped-def]
    count: int = await reporting.runtime.store.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_type = 'work_plan'"
    )
    return count


async def test_a_nul_or_an_overlong_note_is_refused_naming_the_field(
    reporting, token
) -> None:
    headers = {**token(), "If-Match": '"0"'}
    bodies = [
        json.dumps({**JOBS, "note": "区\u0000下达"}),
        json.dumps({**JOBS, "note": "区" * 501}),
        json.dumps({**JOBS, "note": "\ud800"}),  # escaped: a lone surrogate
    ]

    answers = [
        await reporting.http.put(
            TARGET,
            content=body,
            headers={**headers, "Content-Type": "application/json"},
        )
        for body in bodies
    ]
    reason = await reporting.http.delete(
        TARGET, params={"reason": "调\u0000整"}, headers=headers
    )

    assert [(a.status_code, _fields(a)) for a in answers] == [(422, ["body.note"])] * 3
    assert (reason.status_code, _fields(reason)) == (422, ["query.reason"])
    assert await _plan_events(reporting) == 0


async def test_a_target_beyond_any_bound_is_refused_naming_the_field(
    reporting, token
) -> None:
    headers = {**token(), "If-Match": '"0"'}

    huge = await reporting.http.put(
        TARGET, json={**JOBS, "target": 10**30}, headers=headers
    )

    assert (huge.status_code, _fields(huge)) == (422, ["body.target"])
    assert await _plan_events(reporting) == 0


async def test_a_page_beyond_any_bound_is_refused_on_every_list(
    reporting, token
) -> None:
    lists = [
        "ledgers/unemployed",
        "ledgers/zero-employment-households",
        "audit/events",
        "persons/p-1/file",
        "work-plans",
    ]

    answers = [
        await reporting.http.get(f"{REPORTING}/{path}?page={HUGE}", headers=token())
        for path in lists
    ]
    sizes = [
        await reporting.http.get(f"{REPORTING}/{path}?size={HUGE}", headers=token())
        for path in lists
    ]

    assert [(a.status_code, _fields(a)) for a in answers] == [
        (422, ["query.page"])
    ] * len(lists)
    assert [(a.status_code, _fields(a)) for a in sizes] == [
        (422, ["query.size"])
    ] * len(lists)


async def test_a_year_beyond_any_bound_is_refused_naming_the_field(
    reporting, token
) -> None:
    huge = f"{PLANS}/{COMMUNITY_A}/{HUGE}"

    answers = {
        "plan": await reporting.http.get(huge, headers=token()),
        "dashboard": await reporting.http.get(f"{huge}/dashboard", headers=token()),
        "target": await reporting.http.put(
            f"{huge}/targets/new_jobs",
            json=JOBS,
            headers={**token(), "If-Match": '"0"'},
        ),
        "overview": await reporting.http.get(
            PLANS, params={"year": HUGE}, headers=token()
        ),
    }

    assert {k: (a.status_code, _fields(a)) for k, a in answers.items()} == {
        "plan": (422, ["path.year"]),
        "dashboard": (422, ["path.year"]),
        "target": (422, ["path.year"]),
        "overview": (422, ["query.year"]),
    }


async def test_unsafe_text_in_a_filter_or_an_id_is_refused_naming_it(
    reporting, token
) -> None:
    auditor = token(Role.AUDITOR)

    answers = {
        "actor": await reporting.http.get(
            f"{REPORTING}/audit/events", params={"actor": "a\u0000"}, headers=auditor
        ),
        "person": await reporting.http.get(
            f"{REPORTING}/audit/events", params={"person": "p\u0000"}, headers=auditor
        ),
        "stream": await reporting.http.get(
            f"{REPORTING}/audit/streams/labour%2Fp%00", headers=auditor
        ),
        "file": await reporting.http.get(
            f"{REPORTING}/persons/p%00/file", headers=auditor
        ),
        "long": await reporting.http.get(
            f"{REPORTING}/audit/events",
            params={"stream_id": "x" * 201},
            headers=auditor,
        ),
    }

    assert {k: (a.status_code, _fields(a)) for k, a in answers.items()} == {
        "actor": (422, ["query.actor"]),
        "person": (422, ["query.person"]),
        "stream": (422, ["path.stream_id"]),
        "file": (422, ["path.person_id"]),
        "long": (422, ["query.stream_id"]),
    }


async def test_changes_to_a_plan_require_the_version_read(reporting, token) -> None:
    read = await reporting.http.get(f"{PLANS}/{COMMUNITY_A}/2026", headers=token())
    blind = await reporting.http.put(TARGET, json=JOBS, headers=token())
    blind_withdrawal = await reporting.http.delete(
        TARGET, params={"reason": "指标调整"}, headers=token()
    )
    written = await reporting.http.put(
        TARGET, json=JOBS, headers={**token(), "If-Match": read.headers["etag"]}
    )
    stale = await reporting.http.delete(
        TARGET,
        params={"reason": "指标调整"},
        headers={**token(), "If-Match": read.headers["etag"]},
    )
    dashboard = await reporting.http.get(
        f"{PLANS}/{COMMUNITY_A}/2026/dashboard", headers=token()
    )

    assert read.headers["etag"] == '"0"'
    for answer in (blind, blind_withdrawal):
        assert answer.status_code == 428, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"].endswith("if-match-required")
        assert _fields(answer) == ["header.If-Match"]
    assert (written.status_code, written.headers["etag"]) == (200, '"1"')
    assert stale.status_code == 412, stale.text
    assert dashboard.headers["etag"] == '"1"'
    assert await _plan_events(reporting) == 1
