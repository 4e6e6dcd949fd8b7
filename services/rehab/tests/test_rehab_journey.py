"""A case's journey through the API, as the office's workers keep it.

A decision typed in; the person reports, signs the agreement, gets a team and is
tested; a missed period appears overdue after the timer; three refusals raise a
serious violation; the person moves to another street and that office's worker
continues the case with its whole history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B

from .conftest import REHAB, Clock, Rehab, Token


async def _under_way(rehab: Rehab, worker: dict[str, str]) -> str:
    """A case reported on 2026-11-12, agreed, with worker-a's team and one test."""
    person = await rehab.person()
    case_id = await rehab.open_case(worker, person)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("report", {"reported_on": "2026-11-12"}),
        (
            "agreement",
            {"agreement_number": "中堂社戒协字〔2026〕7号", "signed_on": "2026-11-12"},
        ),
        (
            "team",
            {
                "responsible_worker": "worker-a",
                "police_officer": "police-1",
                "helpers": [{"role": "family", "name": "李四", "phone": "13800000000"}],
            },
        ),
        ("tests", {"tested_on": "2026-11-20", "result": "negative"}),
    ]
    for step, body in steps:
        answer = await rehab.act(worker, case_id, step, **body)
        assert answer.status_code == 200, answer.text
    await rehab.settle()
    return case_id


async def test_a_decision_typed_in_becomes_a_case_reported_and_tested(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _under_way(rehab, worker)

    answer = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=worker)

    case = answer.json()
    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == '"5"'
    assert {
        k: case[k] for k in ("reported_on", "term_ends_on", "responsible_worker")
    } == {
        "reported_on": "2026-11-12",
        "term_ends_on": "2029-11-11",
        "responsible_worker": "worker-a",
    }
    assert case["tested_on"] == ["2026-11-20"]
    assert [f["type"] for f in case["history"]] == [
        "RehabDecisionReceived",
        "RehabReported",
        "RehabAgreementSigned",
        "RehabTeamAssigned",
        "UrineTestRecorded",
    ]
    assert case["history"][0]["facts"]["decision_number"] == "东公(禁)决字〔2026〕88号"


async def test_a_change_on_a_stale_version_is_refused(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    person = await rehab.person()
    case_id = await rehab.open_case(worker, person)

    answer = await rehab.http.post(
        f"{REHAB}/cases/{case_id}/report",
        json={"reported_on": "2026-11-12"},
        headers={**worker, "If-Match": '"7"'},
    )

    assert answer.status_code == 412, answer.text


async def test_a_retried_opening_opens_the_same_case(
    rehab: Rehab, token: Token
) -> None:
    worker = {**token(), "Idempotency-Key": "decision-88"}
    person = await rehab.person()

    first = await rehab.open_case(worker, person)
    again = await rehab.open_case(worker, person)

    assert again == first


async def test_one_decision_opens_one_case_whoever_types_it_in(
    rehab: Rehab, token: Token
) -> None:
    person = await rehab.person()
    await rehab.open_case({**token(), "Idempotency-Key": "first-clerk"}, person)

    again = await rehab.http.post(
        "/api/v1/rehab/cases",
        json={
            "person_id": person,
            "kind": "community_detox",
            "ground": "first_time",
            "decision_number": " 东公(禁)决字〔2026〕88号 ",
            "police_organ": "东莞市公安局中堂分局",
            "decided_on": "2026-11-10",
            "term_months": 36,
        },
        headers={**token(), "Idempotency-Key": "second-clerk"},
    )

    assert again.status_code == 409, again.text
    assert again.json()["errors"][0]["field"] == "decision_number"


async def test_a_missed_test_appears_overdue_after_the_timer(
    rehab: Rehab, token: Token, clock: Clock
) -> None:
    case_id = await _under_way(rehab, token())
    clock.now = datetime(2027, 1, 15, 2, 0, tzinfo=UTC)

    appended = await rehab.timers()
    again = await rehab.timers()
    answer = await rehab.http.get(f"{REHAB}/to-dos", headers=token())

    assert (appended, again) == (1, 0)
    assert answer.status_code == 200, answer.text
    assert [(t["kind"], t["due_on"], t["overdue"]) for t in answer.json()] == [
        ("test_missed", "2026-12-12", True),
        ("test_due", "2027-02-11", False),
    ]
    assert {t["case_id"] for t in answer.json()} == {case_id}


async def test_the_timer_records_an_evaluation_due_and_the_list_shows_it(
    rehab: Rehab, token: Token, clock: Clock
) -> None:
    case_id = await _under_way(rehab, token())
    clock.now = datetime(2027, 5, 13, 2, 0, tzinfo=UTC)
    worker = token()  # issued at the clock's new time

    await rehab.timers()
    again = await rehab.timers()
    shown = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=worker)
    todos = await rehab.http.get(f"{REHAB}/to-dos", headers=worker)

    due = [
        h["facts"] for h in shown.json()["history"] if h["type"] == "RehabEvaluationDue"
    ]
    assert again == 0
    assert [(d["kind"], d["due_on"]) for d in due] == [("half_yearly", "2027-05-12")]
    assert ("evaluation_due", "2027-05-12", "half_yearly") in [
        (t["kind"], t["due_on"], t["detail"]) for t in todos.json()
    ]


async def test_a_report_deadline_passed_is_recorded_by_the_timer(
    rehab: Rehab, token: Token, clock: Clock
) -> None:
    person = await rehab.person()
    case_id = await rehab.open_case(token(), person)
    clock.now = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)

    appended = await rehab.timers()
    case = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=token())
    todos = await rehab.http.get(f"{REHAB}/to-dos", headers=token())

    assert appended == 1
    assert case.json()["report_missed"] is True
    assert [(t["kind"], t["due_on"]) for t in todos.json()] == [
        ("report_overdue", "2026-11-25")
    ]


async def test_three_refusals_raise_a_serious_violation(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _under_way(rehab, worker)
    recorded = []
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        answer = await rehab.act(
            worker, case_id, "tests", tested_on=day, result="refused"
        )
        recorded.append(answer.json()["recorded"])
    await rehab.settle()

    todos = await rehab.http.get(f"{REHAB}/to-dos", headers=worker)

    assert recorded == [
        ["UrineTestRecorded"],
        ["UrineTestRecorded"],
        ["UrineTestRecorded", "SeriousViolationFound"],
    ]
    assert ("serious_violation", "tests_refused_or_evaded") in [
        (t["kind"], t["detail"]) for t in todos.json()
    ]


async def test_a_serious_violation_reported_to_the_police_leaves_the_list(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _under_way(rehab, worker)
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        await rehab.act(worker, case_id, "tests", tested_on=day, result="refused")

    reported = await rehab.act(
        worker,
        case_id,
        "police-reports",
        reason="tests_refused_or_evaded",
        reported_on="2026-11-23",
        police_organ="东莞市公安局中堂分局",
        reference="中堂接报〔2026〕31号",
    )
    await rehab.settle()
    todos = await rehab.http.get(f"{REHAB}/to-dos", headers=worker)
    shown = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=worker)

    assert reported.json()["recorded"] == ["SeriousViolationReported"]
    assert "serious_violation" not in [t["kind"] for t in todos.json()]
    assert shown.json()["serious_reported"] == ["tests_refused_or_evaded"]
    assert shown.json()["history"][-1]["facts"]["reference"] == "中堂接报〔2026〕31号"


async def test_the_new_office_continues_a_handed_over_case_with_its_history(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _under_way(rehab, worker)
    answer = await rehab.act(worker, case_id, "hand-over", to_office=COMMUNITY_B)
    assert answer.status_code == 200, answer.text
    await rehab.settle()
    there = token(Role.REHAB_WORKER, COMMUNITY_B, "worker-b")

    read = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=there)
    team = await rehab.act(
        there, case_id, "team", responsible_worker="worker-b", helpers=[]
    )
    tested = await rehab.act(
        there, case_id, "tests", tested_on="2026-11-23", result="negative"
    )
    old = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=worker)

    assert read.status_code == 200, read.text
    assert read.json()["office"] == COMMUNITY_B
    assert [f["type"] for f in read.json()["history"]][-2:] == [
        "UrineTestRecorded",
        "RehabCaseHandedOver",
    ]
    assert (team.status_code, tested.status_code) == (200, 200)
    assert old.status_code == 404
    assert COMMUNITY_A != COMMUNITY_B


async def test_a_term_ended_is_closed_with_the_police_notice(
    rehab: Rehab, token: Token, clock: Clock
) -> None:
    worker = token()
    case_id = await _under_way(rehab, worker)
    clock.now = datetime(2029, 11, 13, 2, 0, tzinfo=UTC)
    worker = token()

    early = await rehab.act(
        worker,
        case_id,
        "close",
        outcome="term_completed",
        closed_on="2029-11-11",
        notice_number="解除通知书12号",
    )
    closed = await rehab.act(
        worker,
        case_id,
        "close",
        outcome="term_completed",
        closed_on="2029-11-12",
        notice_number="解除通知书12号",
    )

    assert early.status_code == 422, early.text
    assert closed.status_code == 200, closed.text
