"""Who reads a case, and that every read is recorded (issue #16: access).

Only the case's workers, the police liaison and the anti-drug office of its
jurisdiction read it; a rehab worker of another community gets 404 exactly as for
an unknown case; administrators, the auditor and community workers get 403 on every
case and see counts without names. Every read is listed; a district anti-drug
officer opens a case by break-glass, for a limited time, listed for review.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, DISTRICT, STREET_A

from .conftest import REHAB, Clock, Rehab, Token


async def _case(rehab: Rehab, token: Token) -> str:
    person = await rehab.person(name="王五")
    case_id = await rehab.open_case(token(), person)
    await rehab.settle()
    return case_id


async def test_a_rehab_worker_of_another_community_is_answered_as_for_an_unknown_case(
    rehab: Rehab, token: Token
) -> None:
    case_id = await _case(rehab, token)
    other = token(Role.REHAB_WORKER, COMMUNITY_A2, "worker-a2")

    hidden = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=other)
    unknown = await rehab.http.get(f"{REHAB}/cases/rehab-nothing", headers=other)
    listed = await rehab.http.get(f"{REHAB}/cases", headers=other)

    assert (hidden.status_code, unknown.status_code) == (404, 404)
    assert hidden.text.replace(case_id, "X") == unknown.text.replace(
        "rehab-nothing", "X"
    )
    assert listed.json()["items"] == []


@pytest.mark.parametrize(
    ("role", "office"),
    [
        (Role.STREET_ADMIN, STREET_A),
        (Role.DISTRICT_ADMIN, DISTRICT),
        (Role.AUDITOR, DISTRICT),
        (Role.COMMUNITY_WORKER, COMMUNITY_A),
    ],
)
async def test_other_staff_never_read_a_case(
    rehab: Rehab, token: Token, role: Role, office: str
) -> None:
    case_id = await _case(rehab, token)
    staff = token(role, office, "someone")

    one = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=staff)
    many = await rehab.http.get(f"{REHAB}/cases", headers=staff)
    reads = await rehab.http.get(f"{REHAB}/cases/{case_id}/reads", headers=staff)
    figures = await rehab.http.get(f"{REHAB}/figures", headers=staff)

    assert (one.status_code, many.status_code, reads.status_code) == (403, 403, 403)
    if role == Role.COMMUNITY_WORKER:
        assert figures.status_code == 403
    else:
        assert figures.status_code == 200, figures.text
        assert "王五" not in figures.text
        assert case_id not in figures.text
        [community] = figures.json()["offices"]
        assert (community["office"], community["open"]) == (COMMUNITY_A, 1)


async def test_the_police_liaison_of_the_street_reads_the_case(
    rehab: Rehab, token: Token
) -> None:
    case_id = await _case(rehab, token)
    police = token(Role.POLICE_LIAISON, STREET_A, "police-1")

    answer = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=police)

    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == "王五"


async def test_every_read_is_listed(rehab: Rehab, token: Token) -> None:
    case_id = await _case(rehab, token)
    police = token(Role.POLICE_LIAISON, STREET_A, "police-1")
    await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=token())
    await rehab.http.get(
        f"{REHAB}/cases/{case_id}", params={"purpose": "尿检前核对"}, headers=police
    )
    await rehab.http.get(f"{REHAB}/cases", headers=token())
    await rehab.settle()

    answer = await rehab.http.get(f"{REHAB}/cases/{case_id}/reads", headers=token())

    assert answer.status_code == 200, answer.text
    rows = answer.json()["items"]
    assert sorted((r["reader"], r["purpose"], r["break_glass"]) for r in rows) == [
        ("police-1", "尿检前核对", False),
        ("worker-a", "case work", False),
        ("worker-a", "case work", False),
    ]
    assert {tuple(r["fields"]) == tuple(sorted(r["fields"])) for r in rows} == {True}
    assert ["name" in r["fields"] for r in rows] == [True, True, True]


async def test_break_glass_opens_a_case_for_a_limited_time_and_is_listed(
    rehab: Rehab, token: Token, clock: Clock
) -> None:
    case_id = await _case(rehab, token)
    officer = token(Role.ANTI_DRUG_OFFICE, DISTRICT, "antidrug-1")
    before = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=officer)

    opened = await rehab.http.post(
        f"{REHAB}/cases/{case_id}/break-glass",
        json={"reason": "涉毒案件协查"},
        headers=officer,
    )
    clock.now += timedelta(hours=1)
    within = await rehab.http.get(
        f"{REHAB}/cases/{case_id}",
        headers=token(Role.ANTI_DRUG_OFFICE, DISTRICT, "antidrug-1"),
    )
    clock.now += timedelta(hours=2)
    lapsed = await rehab.http.get(
        f"{REHAB}/cases/{case_id}",
        headers=token(Role.ANTI_DRUG_OFFICE, DISTRICT, "antidrug-1"),
    )
    await rehab.settle()
    review = await rehab.http.get(f"{REHAB}/break-glass", headers=token())

    assert before.status_code == 404
    assert opened.status_code == 200, opened.text
    assert opened.json()["case"]["name"] == "王五"
    assert within.status_code == 200, within.text
    assert lapsed.status_code == 404
    assert [(r["reader"], r["purpose"]) for r in review.json()["items"]] == [
        ("antidrug-1", "case work"),
        ("antidrug-1", "涉毒案件协查"),
    ]


async def test_break_glass_is_refused_to_others_and_within_the_usual_scope(
    rehab: Rehab, token: Token
) -> None:
    case_id = await _case(rehab, token)
    street = token(Role.ANTI_DRUG_OFFICE, STREET_A, "antidrug-street")
    worker = token(Role.REHAB_WORKER, COMMUNITY_A2, "worker-a2")
    body = {"reason": "核查"}

    in_scope = await rehab.http.post(
        f"{REHAB}/cases/{case_id}/break-glass", json=body, headers=street
    )
    not_theirs = await rehab.http.post(
        f"{REHAB}/cases/{case_id}/break-glass", json=body, headers=worker
    )

    assert in_scope.status_code == 422, in_scope.text
    assert not_theirs.status_code == 403, not_theirs.text
