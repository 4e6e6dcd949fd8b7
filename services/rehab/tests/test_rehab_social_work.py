"""Anti-drug social work over HTTP (seed 002 (3)): on a case, and an office's record.

A rehab worker notes case work, assigns a peer counsellor and refers the client for
work on the case; records the office's relapse-prevention group, a family lecture
and a problem student, and reads them back, the read recorded as a case's is. The
record is as restricted as cases: other staff get 403, a rehab worker of another
community 404 as for an office unknown. Refusals are problem+json naming the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, STREET_A

from .conftest import REHAB, Rehab, Token

OFFICE = f"{REHAB}/social-work/{COMMUNITY_A}"


async def _client(rehab: Rehab, token: Token) -> tuple[str, str]:
    person = await rehab.person(name="赵六")
    case_id = await rehab.open_case(token(), person)
    await rehab.settle()
    return person, case_id


async def _post(
    rehab: Rehab, headers: dict[str, str], path: str, **body: Any
) -> dict[str, Any]:
    answer = await rehab.http.post(f"{OFFICE}/{path}", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def test_a_worker_notes_case_work_assigns_a_peer_and_refers_for_work(
    rehab: Rehab, token: Token
) -> None:
    _, case_id = await _client(rehab, token)
    peer = await rehab.person(name="钱七")

    noted = await rehab.act(
        token(), case_id, "notes",
        kind="talk", noted_on="2026-11-20", content="个别谈话：找工作的打算",
    )  # fmt: skip
    assigned = await rehab.act(
        token(), case_id, "peer-counsellor",
        counsellor_id=peer, assigned_on="2026-11-21",
    )  # fmt: skip
    referred = await rehab.act(
        token(), case_id, "work-referrals",
        referred_on="2026-11-22", note="想找物业保洁工作",
    )  # fmt: skip
    case = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=token())

    assert [a.json()["recorded"] for a in (noted, assigned, referred)] == [
        ["CaseWorkNoteRecorded"],
        ["PeerCounsellorAssigned"],
        ["ClientReferredForWork"],
    ]
    shown = case.json()
    assert (
        shown["notes"],
        shown["peer_counsellor"],
        shown["peer_counsellor_name"],
        shown["work_referrals"],
    ) == (1, peer, "钱七", ["2026-11-22"])
    assert shown["history"][-3]["facts"] == {
        "office": COMMUNITY_A,
        "kind": "talk",
        "noted_on": "2026-11-20",
        "content": "个别谈话：找工作的打算",
    }


async def test_a_peer_counsellor_the_registry_does_not_know_is_refused_in_chinese(
    rehab: Rehab, token: Token
) -> None:
    _, case_id = await _client(rehab, token)
    version = await rehab.version(case_id)

    answer = await rehab.http.post(
        f"{REHAB}/cases/{case_id}/peer-counsellor",
        json={"counsellor_id": "person-nobody", "assigned_on": "2026-11-21"},
        headers={**token(), "If-Match": f'"{version}"', "Accept-Language": "zh-CN"},
    )

    assert answer.status_code == 404, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["errors"][0]["field"] == "counsellor_id"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem["title"])


async def test_an_office_records_its_groups_lectures_and_students_and_reads_them(
    rehab: Rehab, token: Token
) -> None:
    client, _ = await _client(rehab, token)
    student = await rehab.registry.person(COMMUNITY_A, date(2011, 3, 4), name="孙八")
    await rehab.settle()

    await _post(
        rehab, token(), "groups",
        held_on="2026-11-18", topic="识别高危情境", attendee_ids=[client],
    )  # fmt: skip
    await _post(
        rehab, token(), "lectures",
        held_on="2026-11-19", topic="爱心家长·幸福家园", head_count=36,
    )  # fmt: skip
    entered = await _post(
        rehab, token(), "students",
        person_id=student, referred_on="2026-11-20", school="中堂中学",
        reason="班主任推荐：多次逃课", referred_to="禁毒家长学校",
    )  # fmt: skip
    shown = await rehab.http.get(OFFICE, headers=token(), params={"purpose": "月报"})
    await rehab.settle()
    reads = await rehab.http.get(f"{OFFICE}/reads", headers=token())

    assert entered == {
        "office": COMMUNITY_A,
        "version": 3,
        "recorded": ["ProblemStudentReferred"],
    }
    assert shown.json() == {
        "office": COMMUNITY_A,
        "groups": [
            {
                "held_on": "2026-11-18",
                "topic": "识别高危情境",
                "attendees": [{"person_id": client, "name": "赵六"}],
            }
        ],
        "lectures": [
            {"held_on": "2026-11-19", "topic": "爱心家长·幸福家园", "head_count": 36}
        ],
        "students": [
            {
                "person_id": student,
                "name": "孙八",
                "referred_on": "2026-11-20",
                "school": "中堂中学",
                "reason": "班主任推荐：多次逃课",
                "referred_to": "禁毒家长学校",
            }
        ],
        "version": 3,
    }
    [read] = reads.json()["items"]
    assert (read["reader"], read["purpose"], read["break_glass"]) == (
        "worker-a",
        "月报",
        False,
    )


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "groups",
            {"held_on": "2026-11-18", "topic": "小组", "attendee_ids": ["nobody"]},
            "attendee_ids.0",
        ),
        (
            "students",
            {
                "person_id": "ADULT",
                "referred_on": "2026-11-20",
                "school": "中堂中学",
                "reason": "逃课",
                "referred_to": "家长学校",
            },
            "person_id",
        ),
    ],
)
async def test_a_group_of_non_clients_and_an_adult_student_are_refused(
    rehab: Rehab, token: Token, path: str, body: dict[str, Any], field: str
) -> None:
    adult = await rehab.person(name="成年人")
    sent = {k: adult if v == "ADULT" else v for k, v in body.items()}

    answer = await rehab.http.post(f"{OFFICE}/{path}", json=sent, headers=token())

    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field


async def test_other_staff_never_see_an_office_social_work(
    rehab: Rehab, token: Token
) -> None:
    admin = token(Role.STREET_ADMIN, STREET_A, "admin")
    other = token(Role.REHAB_WORKER, COMMUNITY_A2, "worker-a2")
    unknown = f"{REHAB}/social-work/441900101999"

    refused = await rehab.http.get(OFFICE, headers=admin)
    hidden = await rehab.http.get(OFFICE, headers=other)
    nothing = await rehab.http.get(unknown, headers=other)

    assert (refused.status_code, hidden.status_code) == (403, 404)
    assert hidden.text.replace(COMMUNITY_A, "X") == nothing.text.replace(
        "441900101999", "X"
    )
