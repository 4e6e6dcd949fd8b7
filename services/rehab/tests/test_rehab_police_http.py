"""The police's system over HTTP (公安系统对接): a partner account sends, reads nothing.

The same decisions and test results as on NATS, sent by a ``police_partner`` account
of the district: a decision opens one case however often it is sent; a test result
is recorded on it once; the account is refused every read of a case, and no staff
role may send in the police's name.
"""

from __future__ import annotations

from typing import Any

from shequ.access import Role
from shequ.eventstore import NewStream
from shequ.testing.feeds import COMMUNITY_A, DISTRICT, STREET_B, registration

from .conftest import REHAB, Rehab, Token

ID_NUMBER = "441900199005071234"
DECISION = {
    "decision_number": "东公（中）决字〔2026〕21号",
    "police_organ": "东莞市公安局中堂分局",
    "decided_on": "2026-11-10",
    "kind": "community_detox",
    "ground": "first_time",
    "term_months": 36,
    "id_number": ID_NUMBER,
}
TEST = {
    "decision_number": DECISION["decision_number"],
    "police_organ": "东莞市公安局中堂分局",
    "tested_on": "2026-11-20",
    "result": "negative",
}


async def _registered(rehab: Rehab) -> str:
    person = registration(COMMUNITY_A, "陈小明", id_number=ID_NUMBER)
    await rehab.registry.start([NewStream("person", person.person_id, [person])])
    await rehab.settle()
    return person.person_id


def _partner(token: Token, office: str = DISTRICT) -> dict[str, str]:
    return token(Role.POLICE_PARTNER, office, "police-system")


async def _send(rehab: Rehab, what: str, body: dict[str, Any], headers: Any) -> Any:
    return await rehab.http.post(f"{REHAB}/police/{what}", json=body, headers=headers)


async def test_a_decision_sent_twice_opens_one_case_the_community_then_keeps(
    rehab: Rehab, token: Token
) -> None:
    person = await _registered(rehab)

    first = await _send(rehab, "decisions", DECISION, _partner(token))
    again = await _send(rehab, "decisions", DECISION, _partner(token))
    await rehab.settle()
    case_id = first.json()["case_id"]
    shown = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=token())

    assert (first.status_code, first.json()["recorded"]) == (
        201,
        ["RehabDecisionReceived"],
    )
    assert (again.status_code, again.json()) == (
        200,
        {"case_id": case_id, "version": 1, "recorded": []},
    )
    assert shown.status_code == 200, shown.text
    assert {k: shown.json()[k] for k in ("person_id", "office", "report_by")} == {
        "person_id": person,
        "office": COMMUNITY_A,
        "report_by": "2026-11-25",
    }


async def test_a_test_result_sent_twice_is_recorded_once(
    rehab: Rehab, token: Token
) -> None:
    await _registered(rehab)
    opened = await _send(rehab, "decisions", DECISION, _partner(token))
    case_id = opened.json()["case_id"]
    reported = await rehab.act(token(), case_id, "report", reported_on="2026-11-12")

    first = await _send(rehab, "test-results", TEST, _partner(token))
    again = await _send(rehab, "test-results", TEST, _partner(token))

    assert reported.status_code == 200, reported.text
    assert (first.status_code, first.json()["recorded"]) == (201, ["UrineTestRecorded"])
    assert again.json() == {**first.json(), "recorded": []}
    assert await rehab.version(case_id) == 3


async def test_the_partner_account_reads_no_case_and_staff_cannot_send_for_it(
    rehab: Rehab, token: Token
) -> None:
    await _registered(rehab)
    opened = await _send(rehab, "decisions", DECISION, _partner(token))
    case_id = opened.json()["case_id"]

    reads = [
        await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=_partner(token)),
        await rehab.http.get(f"{REHAB}/cases", headers=_partner(token)),
        await rehab.http.get(f"{REHAB}/figures", headers=_partner(token)),
    ]
    sent_by_staff = [
        await _send(rehab, "decisions", DECISION, token(role))
        for role in (Role.REHAB_WORKER, Role.POLICE_LIAISON, Role.DISTRICT_ADMIN)
    ]

    assert [r.status_code for r in reads] == [403, 403, 403]
    assert [r.status_code for r in sent_by_staff] == [403, 403, 403]


async def test_a_decision_for_no_registered_person_says_which_field_in_chinese(
    rehab: Rehab, token: Token
) -> None:
    unknown = await _send(
        rehab, "decisions", DECISION, {**_partner(token), "Accept-Language": "zh-CN"}
    )
    test = await _send(rehab, "test-results", TEST, _partner(token))

    assert unknown.status_code == 422
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["errors"][0]["field"] == "id_number"
    assert "身份" in unknown.json()["detail"]
    assert (test.status_code, test.json()["errors"][0]["field"]) == (
        422,
        "decision_number",
    )


async def test_a_partner_of_another_street_is_answered_as_for_no_such_person(
    rehab: Rehab, token: Token
) -> None:
    await _registered(rehab)

    answer = await _send(rehab, "decisions", DECISION, _partner(token, STREET_B))

    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (
        422,
        "id_number",
    )
