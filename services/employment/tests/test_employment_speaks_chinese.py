"""Chinese by default, English on request (#13): refusals, offices, the standard.

A reader who asks for no language (no ``Accept-Language``) reads Chinese: a refusal's
title, detail and field message, the points a community fails, and every office code
with its name beside it. ``Accept-Language: en`` (the test client's default) or
``?lang=en`` gives English; codes and field names stay the same English identifiers.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.employment import LabourStatusRecorded
from shequ.eventstore import Metadata, NewStream
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, RegistryFeed

API = "/api/v1/employment"


async def _person(employment) -> str:
    person: str = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    return person


def _issue(person: str) -> tuple[str, dict[str, object]]:
    body = {"kind": "unemployment", "number": "SY-1", "issued_on": "2026-09-02"}
    return f"{API}/unemployment/{person}/certificates", body


async def test_a_refusal_is_in_chinese_when_no_language_is_asked(
    employment, token
) -> None:
    person = await _person(employment)
    url, body = _issue(person)

    answer = await employment.as_sent_by_a_browser("POST", url, token(), json=body)

    assert answer.status_code == 422
    assert answer.headers["Content-Language"] == "zh-CN"
    problem = answer.json()
    detail = "失业证只发给已办理失业登记的人员，请先办理失业登记"
    assert {k: problem[k] for k in ("title", "detail", "errors")} == {
        "title": "须先办理失业登记",
        "detail": detail,
        "errors": [{"field": "kind", "message": detail}],
    }
    assert problem["type"].endswith("registration-required")


async def test_the_same_refusal_is_in_english_on_request(employment, token) -> None:
    person = await _person(employment)
    url, body = _issue(person)

    answer = await employment.http.post(url, json=body, headers=token())

    detail = (
        "the unemployment certificate is issued only to a person registered as"
        " unemployed: register them first"
    )
    assert answer.status_code == 422
    assert {k: answer.json()[k] for k in ("title", "detail", "errors")} == {
        "title": "Unemployment registration required",
        "detail": detail,
        "errors": [{"field": "kind", "message": detail}],
    }


async def test_a_blank_reason_is_named_in_chinese(employment, token) -> None:
    person = await _person(employment)

    answer = await employment.as_sent_by_a_browser(
        "POST",
        f"{API}/profiles/{person}/status",
        {**token(), "If-Match": '"0"'},
        json={
            "status": "unemployed",
            "since": "2026-10-01",
            "reason": "  ",
            "source": "home_visit",
        },
    )

    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "reason", "message": "原因不能为空"}]


async def test_a_record_shows_its_office_with_the_name(employment, token) -> None:
    person = await _person(employment)

    answer = await employment.http.get(f"{API}/unemployment/{person}", headers=token())

    assert {k: answer.json()[k] for k in ("office", "office_name")} == {
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
    }


async def _survey(employment, office: str, statuses: list[str]) -> None:
    people = [RegistryFeed.new_person(office, date(1985, 6, 1)) for _ in statuses]
    await employment.registry.start(people)
    await employment.runtime.store.start_streams(
        [
            NewStream(
                "labour_profile",
                f"labour/{p.stream_id}",
                [
                    LabourStatusRecorded(
                        person_id=p.stream_id,
                        office=office,
                        status=s,  # type: ignore[arg-type]
                        employer="示范厂" if s == "employed" else None,
                        since=date(2026, 3, 1),
                        reason="入户调查",
                        source="home_visit",
                    )
                ],
            )
            for p, s in zip(people, statuses, strict=True)
        ],
        occurred_at=employment.registry.now,
        metadata=Metadata(actor="surveyor"),
    )
    await employment.settle()


async def test_the_points_a_community_fails_are_in_the_readers_language(
    employment, token
) -> None:
    await _survey(employment, COMMUNITY_B, ["employed"] * 9 + ["unemployed"])
    url = f"{API}/figures/full-employment-standard"

    chinese = await employment.as_sent_by_a_browser("GET", url, token())
    english = await employment.http.get(url, headers=token())

    def community_b(answer) -> dict[str, object]:  # type: ignore[no-untyped-def]
        [found] = [
            c for c in answer.json()["communities"] if c["office"] == COMMUNITY_B
        ]
        return {k: found[k] for k in ("office_name", "failing")}

    assert community_b(chinese) == {
        "office_name": f"office {COMMUNITY_B}",
        "failing": ["就业率 90.00% 低于 96%"],
    }
    assert community_b(english) == {
        "office_name": f"office {COMMUNITY_B}",
        "failing": ["employment rate 90.00% is below 96%"],
    }
