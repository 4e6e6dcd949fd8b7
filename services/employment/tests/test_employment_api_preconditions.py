"""Over HTTP: no lost updates, no leaks across subtrees, one registration = unemployed.

A change whose outcome depends on what the clerk last saw requires ``If-Match`` (#14
item 7): 428 without it, 412 when stale, nothing written either way. A record of
another subtree answers exactly as an unknown id (#14 item 9). 失业登记 makes the
person unemployed in the same command (#13 item 1); the unemployment record follows a
move (#13 item 6); referrals sent at once without ``If-Match`` all succeed (#13 item 8).
"""

from __future__ import annotations

import asyncio
from datetime import date

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, STREET_A

EMPLOYMENT = "/api/v1/employment"
PROFILES, UNEMPLOYMENT = f"{EMPLOYMENT}/profiles", f"{EMPLOYMENT}/unemployment"
ASSISTANCE, VACANCIES = f"{EMPLOYMENT}/assistance", f"{EMPLOYMENT}/vacancies"


async def _person(employment) -> str:
    person: str = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    return person


async def _created(employment, headers, url: str, body: dict) -> dict:
    answer = await employment.http.post(url, json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    reply: dict = answer.json()
    return reply


async def test_changes_that_depend_on_what_was_read_require_if_match(
    employment, token
) -> None:
    staff = token()
    worker, other = await _person(employment), await _person(employment)
    registration = (
        await _created(
            employment,
            staff,
            f"{UNEMPLOYMENT}/{other}/registrations",
            {"registered_on": "2026-09-01"},
        )
    )["open_registration_id"]
    for kind, number in (
        ("unemployment", "SY-1"),
        ("reemployment_preferential", "YH-1"),
    ):
        await _created(
            employment,
            staff,
            f"{UNEMPLOYMENT}/{other}/certificates",
            {"kind": kind, "number": number, "issued_on": "2026-09-02"},
        )
    await _created(
        employment,
        staff,
        f"{ASSISTANCE}/{other}/difficulty",
        {"category": "older_worker", "identified_on": "2026-11-02"},
    )
    plan = {"kind": "home_visit", "due_on": "2026-11-30", "purpose": "了解求职意向"}
    dropped, kept = [
        (await _created(employment, staff, f"{ASSISTANCE}/{other}/follow-ups", plan))[
            "follow_ups"
        ][-1]["follow_up_id"]
        for _ in "ab"
    ]
    vacancy = await employment.post_vacancy(staff)
    seeking = {"wishes": ["保洁"], "available_from": "2026-11-01"}
    changes = [  # (method, url, body, the record whose ETag goes in If-Match)
        (
            "POST",
            f"{PROFILES}/{worker}/status",
            {
                "status": "unemployed",
                "since": "2026-10-01",
                "reason": "走访",
                "source": "home_visit",
            },
            f"{PROFILES}/{worker}",
        ),
        ("PUT", f"{PROFILES}/{worker}/job-seeking", seeking, f"{PROFILES}/{worker}"),
        (
            "DELETE",
            f"{PROFILES}/{worker}/job-seeking?reason=自己找到工作",
            None,
            f"{PROFILES}/{worker}",
        ),
        (
            "POST",
            f"{PROFILES}/{worker}/flexible",
            {"occupation": "家政服务", "registered_on": "2026-11-01"},
            f"{PROFILES}/{worker}",
        ),
        (
            "POST",
            f"{UNEMPLOYMENT}/{other}/certificates/SY-1/return",
            {"returned_on": "2026-10-01"},
            f"{UNEMPLOYMENT}/{other}",
        ),
        (
            "POST",
            f"{UNEMPLOYMENT}/{other}/certificates/YH-1/cancel",
            {"cancelled_on": "2026-10-02", "reason": "遗失"},
            f"{UNEMPLOYMENT}/{other}",
        ),
        (
            "POST",
            f"{UNEMPLOYMENT}/{other}/registrations/{registration}/end",
            {"ended_on": "2026-11-01", "reason": "found work"},
            f"{UNEMPLOYMENT}/{other}",
        ),
        (
            "POST",
            f"{ASSISTANCE}/{other}/follow-ups/{dropped}/cancel",
            {"reason": "重复安排"},
            f"{ASSISTANCE}/{other}",
        ),
        (
            "POST",
            f"{ASSISTANCE}/{other}/follow-ups/{kept}/reassign",
            {"assigned_to": "staff-2"},
            f"{ASSISTANCE}/{other}",
        ),
        (
            "POST",
            f"{ASSISTANCE}/{other}/difficulty/resolve",
            {"resolved_on": "2026-11-23", "reason": "已就业"},
            f"{ASSISTANCE}/{other}",
        ),
        (
            "POST",
            f"{VACANCIES}/{vacancy}/close",
            {"reason": "用人单位撤回"},
            f"{VACANCIES}/{vacancy}",
        ),
    ]

    answers = []
    for method, url, body, record in changes:
        etag = (await employment.http.get(record, headers=staff)).headers["ETag"]
        version = int(etag.strip('"'))
        stale = f'"{version + 1}"'  # not the version the record is at
        without = await employment.http.request(method, url, json=body, headers=staff)
        late = await employment.http.request(
            method, url, json=body, headers={**staff, "If-Match": stale}
        )
        unchanged = (await employment.http.get(record, headers=staff)).headers["ETag"]
        done = await employment.http.request(
            method, url, json=body, headers={**staff, "If-Match": etag}
        )
        assert done.status_code in (200, 201), (url, done.text)
        answers.append(
            (
                without.status_code,
                without.json()["errors"][0]["field"],
                late.status_code,
                unchanged == etag,
                done.status_code,
                int(done.headers["ETag"].strip('"')) > version,
            )
        )

    assert answers == [(428, "header.If-Match", 412, True, 200, True)] * len(changes)


async def test_appended_facts_and_checked_transitions_stay_blind_writes(
    employment, token
) -> None:
    paths = (await employment.http.get(f"{EMPLOYMENT}/openapi.json")).json()["paths"]

    def if_match(path: str, method: str = "post") -> bool | None:
        for parameter in paths[path][method].get("parameters", []):
            if parameter["name"].lower() == "if-match":
                return bool(parameter.get("required"))
        return None

    assert if_match("/api/v1/employment/profiles/{person_id}/status") is True
    assert if_match("/api/v1/employment/vacancies/{vacancy_id}/close") is True
    assert if_match("/api/v1/employment/assistance/{person_id}/contacts") is False
    assert if_match("/api/v1/employment/vacancies/{vacancy_id}/referrals") is None
    interview = "/api/v1/employment/vacancies/{vacancy_id}/referrals/{referral_id}"
    assert if_match(f"{interview}/interview") is False
    assert if_match(f"{interview}/hire") is False


async def test_another_subtrees_vacancy_answers_as_an_unknown_one(
    employment, token
) -> None:
    foreign = await employment.post_vacancy(token(), office=COMMUNITY_B)
    community_a = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    person = await employment.seeker(community_a)
    asked = {
        "read": ("GET", "", None),
        "close": ("POST", "/close", {"reason": "撤回"}),
        "refer": ("POST", "/referrals", {"person_id": person}),
        "referrals": ("GET", "/referrals", None),
        "suggestions": ("GET", "/suggestions", None),
    }

    answers: dict[str, list[tuple[int, dict]]] = {}
    for vacancy in (foreign, "vacancy-nobody"):
        answers[vacancy] = []
        for method, tail, body in asked.values():
            answer = await employment.http.request(
                method,
                f"{VACANCIES}/{vacancy}{tail}",
                json=body,
                headers={**community_a, "If-Match": '"1"'},
            )
            problem = answer.json()
            del problem["instance"]  # the path asked, so the id
            answers[vacancy].append((answer.status_code, problem))

    assert answers[foreign] == answers["vacancy-nobody"]
    assert [status for status, _ in answers[foreign]] == [404] * len(asked)
    assert answers[foreign][0][1]["errors"] == [
        {"field": "vacancy_id", "message": "no such vacancy"}
    ]
    still = await employment.http.get(f"{VACANCIES}/{foreign}", headers=token())
    assert (still.json()["state"], still.json()["referrals"]) == ("open", [])


async def test_a_registration_makes_the_person_unemployed_in_the_figures(
    employment, token
) -> None:
    never_surveyed, was_employed = await _person(employment), await _person(employment)
    await employment.record_status(token(), was_employed, "employed", employer="厂")

    for person in (never_surveyed, was_employed):
        await _created(
            employment,
            token(),
            f"{UNEMPLOYMENT}/{person}/registrations",
            {"registered_on": "2026-11-02"},
        )
    await employment.settle()
    figures = await employment.http.get(
        f"{EMPLOYMENT}/figures/unemployment",
        params={"within": COMMUNITY_A},
        headers=token(),
    )
    profile = await employment.http.get(f"{PROFILES}/{was_employed}", headers=token())

    counts = figures.json()
    assert (counts["registered"], counts["actually_unemployed"]) == (2, 2)
    assert (profile.json()["status"], profile.json()["since"]) == (
        "unemployed",
        "2026-11-02",
    )


async def test_the_unemployment_record_names_the_office_the_person_moved_to(
    employment, token
) -> None:
    person = await _person(employment)
    await _created(
        employment,
        token(),
        f"{UNEMPLOYMENT}/{person}/registrations",
        {"registered_on": "2026-11-02"},
    )

    await employment.registry.move(person, COMMUNITY_A, COMMUNITY_B)
    await employment.settle()

    record = await employment.http.get(
        f"{UNEMPLOYMENT}/{person}", headers=token(Role.COMMUNITY_WORKER, COMMUNITY_B)
    )
    old = await employment.http.get(
        f"{UNEMPLOYMENT}/{person}", headers=token(Role.COMMUNITY_WORKER, STREET_A)
    )
    assert (record.status_code, record.json()["office"]) == (200, COMMUNITY_B)
    assert old.status_code == 404  # no longer theirs: as unknown


async def test_twelve_referrals_to_one_vacancy_at_once_all_succeed(
    employment, token
) -> None:
    people = [
        await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
        for _ in range(12)
    ]
    await employment.settle()
    for person in people:
        answer = await employment.http.put(
            f"{PROFILES}/{person}/job-seeking",
            json={"wishes": ["保洁"], "available_from": "2026-11-01"},
            headers={**token(), "If-Match": '"0"'},
        )
        assert answer.status_code == 200, answer.text
    vacancy = await employment.post_vacancy(token(), openings=12)

    referred = await asyncio.gather(
        *(
            employment.http.post(
                f"{VACANCIES}/{vacancy}/referrals",
                json={"person_id": person},
                headers=token(staff_id=f"staff-{n}"),
            )
            for n, person in enumerate(people)
        )
    )
    read = await employment.http.get(f"{VACANCIES}/{vacancy}", headers=token())

    assert [r.status_code for r in referred] == [201] * 12, [
        r.text for r in referred if r.status_code != 201
    ]
    assert sorted(r["person_id"] for r in read.json()["referrals"]) == sorted(people)
    assert read.headers["ETag"] == '"13"'
