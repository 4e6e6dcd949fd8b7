"""The two banks as ledgers: vacancy bank, job-seeker bank, referrals, exports.

Also what keeps them right: appliers that change nothing when an event comes twice,
a retried post that records one vacancy, and two hires racing for a last opening.
"""

from __future__ import annotations

import asyncio
from io import BytesIO

from shequ.access import Role
from shequ.employment.readmodels import ledgers_projection
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, STREET_B

EMPLOYMENT = "/api/v1/employment"
VACANCIES = f"{EMPLOYMENT}/vacancies"
SEEKERS = f"{EMPLOYMENT}/ledgers/job-seekers"


async def _hire(employment, token, vacancy_id: str, referral_id: str) -> int:
    answer = await employment.http.post(
        f"{VACANCIES}/{vacancy_id}/referrals/{referral_id}/hire",
        json={},
        headers=token(),
    )
    status: int = answer.status_code
    return status


async def test_the_vacancy_bank_shows_openings_filled_and_state(
    employment, token
) -> None:
    person = await employment.seeker(token())
    full = await employment.post_vacancy(token(), openings=1, valid_until="2026-11-30")
    await _hire(employment, token, full, await employment.refer(token(), full, person))
    open_one = await employment.post_vacancy(token(), employer="家政公司")
    closed = await employment.post_vacancy(token())
    await employment.http.post(
        f"{VACANCIES}/{closed}/close",
        json={"reason": "用人单位撤回"},
        headers=await employment.read(token(), f"{VACANCIES}/{closed}"),
    )
    await employment.settle()

    listed = await employment.http.get(
        VACANCIES, params={"state": "all", "size": 2}, headers=token()
    )
    opened = await employment.http.get(VACANCIES, headers=token())

    body = listed.json()
    assert (body["total"], body["page"], body["size"]) == (3, 1, 2)
    assert [
        (v["vacancy_id"], v["state"], v["filled"], v["referred"], v["pending"])
        for v in body["items"]
    ] == [(full, "full", 1, 1, 0), (open_one, "open", 0, 0, 0)]
    assert opened.json()["items"][0] == {
        "vacancy_id": open_one,
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "employer": "家政公司",
        "position": "保洁员",
        "openings": 2,
        "filled": 0,
        "requirements": ["保洁"],
        "wage_min": 2200,
        "wage_max": 2800,
        "valid_until": "2026-12-31",
        "posted_on": "2026-11-23",
        "state": "open",
        "closed_on": None,
        "close_reason": None,
        "referred": 0,
        "pending": 0,
    }
    assert opened.json()["total"] == 1


async def test_the_job_seeker_bank_lists_who_seeks_work_where_they_live_now(
    employment, token
) -> None:
    here = await employment.seeker(token(), name="李娟")
    there = await employment.seeker(token(), COMMUNITY_B)
    await employment.settle()

    district = await employment.http.get(SEEKERS, headers=token())
    street_b = await employment.http.get(
        SEEKERS, headers=token(Role.COMMUNITY_WORKER, STREET_B)
    )
    foreign = await employment.http.get(
        SEEKERS,
        params={"within": COMMUNITY_A},
        headers=token(Role.COMMUNITY_WORKER, STREET_B),
    )

    assert district.json()["total"] == 2
    assert district.json()["items"][0] == {
        "person_id": here,
        "name": "李娟",
        "document_masked": None,
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "wishes": ["保洁"],
        "skills": ["保洁"],
        "available_from": "2026-11-01",
        "min_monthly_wage": 2000,
        "status": None,
        "employer": None,
        "referred": 0,
    }
    assert [p["person_id"] for p in street_b.json()["items"]] == [there]
    assert foreign.status_code == 403


async def test_referrals_per_vacancy_are_listed_with_names(employment, token) -> None:
    person = await employment.seeker(token(), name="王芳")
    vacancy_id = await employment.post_vacancy(token())
    referral = await employment.refer(token(), vacancy_id, person)
    await employment.http.post(
        f"{VACANCIES}/{vacancy_id}/referrals/{referral}/reject",
        json={"reason": "经验不足"},
        headers=token(),
    )
    await employment.settle()

    answer = await employment.http.get(
        f"{VACANCIES}/{vacancy_id}/referrals", headers=token()
    )

    assert answer.json() == [
        {
            "referral_id": referral,
            "vacancy_id": vacancy_id,
            "person_id": person,
            "name": "王芳",
            "document_masked": None,
            "office": COMMUNITY_A,
            "office_name": f"office {COMMUNITY_A}",
            "referred_on": "2026-11-23",
            "reasons": [
                "意向对口：保洁",
                "技能匹配：保洁",
                "工资可接受",
                "可按期到岗",
                "同社区",
            ],
            "interviews": 0,
            "interviewed_on": None,
            "interview_notes": None,
            "outcome": "not_hired",
            "decided_on": "2026-11-23",
            "reason": "经验不足",
        }
    ]


async def test_both_banks_export_to_excel_with_chinese_headers(
    employment, token
) -> None:
    from openpyxl import load_workbook

    person = await employment.seeker(token(), name="赵敏")
    vacancy_id = await employment.post_vacancy(token())
    await employment.refer(token(), vacancy_id, person)
    await employment.settle()

    vacancies = await employment.as_sent_by_a_browser(
        "GET", f"{EMPLOYMENT}/ledgers/vacancies/export", token()
    )
    seekers = await employment.as_sent_by_a_browser("GET", f"{SEEKERS}/export", token())
    english = await employment.http.get(
        f"{EMPLOYMENT}/ledgers/vacancies/export", headers=token()
    )

    book = load_workbook(BytesIO(vacancies.content))
    assert book.sheetnames == ["用工需求信息库", "推荐记录"]
    rows = list(book["用工需求信息库"].iter_rows(values_only=True))
    assert rows[2][:4] == ("发布单位", "用人单位", "岗位", "招用人数")
    assert rows[3][:3] == (
        f"office {COMMUNITY_A}（{COMMUNITY_A}）",
        "绿城物业",
        "保洁员",
    )
    assert rows[3][10] == "招聘中"
    referrals = list(book["推荐记录"].iter_rows(values_only=True))
    assert referrals[3][1] == "赵敏"
    sheet = load_workbook(BytesIO(seekers.content)).active
    people = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "求职需求信息库"
    assert people[2][:4] == ("姓名", "身份证号", "所属社区", "求职意向")
    assert people[3][:4] == (
        "赵敏",
        None,
        f"office {COMMUNITY_A}（{COMMUNITY_A}）",
        "保洁",
    )
    assert load_workbook(BytesIO(english.content)).sheetnames == [
        "Vacancy bank",
        "Referrals",
    ]


async def test_applying_the_same_events_again_changes_no_row(employment, token) -> None:
    person = await employment.seeker(token())
    vacancy_id = await employment.post_vacancy(token())
    referral = await employment.refer(token(), vacancy_id, person)
    await employment.http.post(
        f"{VACANCIES}/{vacancy_id}/referrals/{referral}/interview",
        json={"held_on": "2026-11-23"},
        headers=token(),
    )
    await _hire(employment, token, vacancy_id, referral)
    await employment.settle()
    pool = employment.runtime.pool
    before = await pool.fetch("SELECT * FROM vacancies NATURAL JOIN vacancy_referrals")

    events = await employment.runtime.store.read_stream(f"vacancy/{vacancy_id}")
    async with pool.acquire() as conn, conn.transaction():
        await ledgers_projection().apply(conn, events)

    after = await pool.fetch("SELECT * FROM vacancies NATURAL JOIN vacancy_referrals")
    assert after == before
    assert (after[0]["filled"], after[0]["interviews"]) == (1, 1)


async def test_a_retried_post_records_one_vacancy(employment, token) -> None:
    body = {
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "employer": "绿城物业",
        "position": "保洁员",
        "openings": 1,
        "wage_min": 2200,
        "wage_max": 2800,
        "valid_until": "2026-12-31",
    }
    headers = {**token(), "Idempotency-Key": "post-1"}

    first = await employment.http.post(VACANCIES, json=body, headers=headers)
    again = await employment.http.post(VACANCIES, json=body, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    streams = await employment.runtime.pool.fetchval(
        "SELECT count(DISTINCT stream_id) FROM events WHERE stream_id LIKE 'vacancy/%'"
    )
    assert streams == 1


async def test_two_hires_racing_for_the_last_opening_fill_it_once(
    employment, token
) -> None:
    people = [await employment.seeker(token()) for _ in range(2)]
    vacancy_id = await employment.post_vacancy(token(), openings=1)
    referrals = [await employment.refer(token(), vacancy_id, p) for p in people]

    statuses = await asyncio.gather(
        *(_hire(employment, token, vacancy_id, r) for r in referrals)
    )

    assert sorted(statuses) == [200, 422]
    employed = await employment.runtime.pool.fetchval(
        """SELECT count(*) FROM events WHERE event_type = 'LabourStatusRecorded'
           AND data->>'status' = 'employed'"""
    )
    assert employed == 1
