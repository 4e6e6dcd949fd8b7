"""Zero-employment households (零就业家庭): detected, cleared, with the days open."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.access import Role
from shequ.contracts.employment import (
    ZeroEmploymentHouseholdCleared,
    ZeroEmploymentHouseholdIdentified,
)
from shequ.contracts.employment.working_age import reform_schedule
from shequ.employment.handlers.ageing import check_ageing
from shequ.testing.feeds import COMMUNITY_A, STREET_B

LIST = "/api/v1/employment/zero-employment-households"


async def _record(employment, token, person: str, status: str, **more) -> None:
    await employment.record_status(token(), person, status, "2026-09-01", **more)


async def _family(employment, *, student: bool = False) -> tuple[str, str, str, str]:
    registry = employment.registry
    father = await registry.person(COMMUNITY_A, date(1975, 2, 1), name="张父")
    mother = await registry.person(COMMUNITY_A, date(1978, 8, 1), "female", name="李母")
    child = await registry.person(
        COMMUNITY_A, date(2005, 9, 1), tags=["student"] if student else [], name="张子"
    )
    household = await registry.household(COMMUNITY_A, father, [mother, child])
    await employment.settle()
    return household, father, mother, child


async def _households(employment, token, state: str = "open") -> list[dict]:
    await employment.settle()
    answer = await employment.http.get(LIST, params={"state": state}, headers=token())
    return answer.json()["items"]


async def test_a_household_where_every_counted_member_is_unemployed_appears(
    employment, token
) -> None:
    household, father, mother, child = await _family(employment, student=True)
    await _record(employment, token, father, "employed", employer="机械厂")
    await _record(employment, token, mother, "unemployed")
    await _record(employment, token, child, "student")
    assert await _households(employment, token) == []

    await _record(employment, token, father, "unemployed")

    [row] = await _households(employment, token)
    assert row["household_id"] == household
    assert row["unemployed_person_ids"] == sorted([father, mother])
    assert row["identified_on"] == "2026-11-23"


async def test_members_not_yet_surveyed_do_not_count(employment, token) -> None:
    _, father, _, _ = await _family(employment)

    await _record(employment, token, father, "unemployed")

    [row] = await _households(employment, token)
    assert row["unemployed_person_ids"] == [father]


async def test_a_hired_member_clears_it_and_the_days_open_are_kept(
    employment, token
) -> None:
    household, father, mother, _ = await _family(employment)
    await _record(employment, token, father, "unemployed")
    await _record(employment, token, mother, "unemployed")
    await _record(employment, token, _, "unwilling")
    assert len(await _households(employment, token)) == 1

    await _record(employment, token, mother, "employed", employer="社区超市")

    assert await _households(employment, token) == []
    [history] = await _households(employment, token, "all")
    assert history["cleared_on"] == "2026-11-23"
    assert history["cleared_by_person_id"] == mother
    assert history["days_open"] == 0
    stream = await employment.runtime.store.read_stream(f"zero-household/{household}")
    assert [e.event_type for e in stream] == [
        "ZeroEmploymentHouseholdIdentified",  # the father, out of work
        "ZeroEmploymentHouseholdMembersChanged",  # the mother too
        "ZeroEmploymentHouseholdCleared",
    ]
    members = sorted([father, mother, _])
    assert [e.data["member_person_ids"] for e in stream] == [members] * 3


async def test_a_working_member_joining_in_the_registry_clears_it(
    employment, token
) -> None:
    household, father, mother, child = await _family(employment)
    for person in (father, mother, child):
        await _record(employment, token, person, "unemployed")
    assert len(await _households(employment, token)) == 1
    uncle = await employment.registry.person(COMMUNITY_A, date(1970, 1, 1))
    await employment.settle()
    await _record(employment, token, uncle, "employed", employer="物流公司")

    await employment.registry.add_member(household, COMMUNITY_A, uncle)

    assert await _households(employment, token) == []
    [history] = await _households(employment, token, "all")
    assert history["cleared_reason"] == "registry: HouseholdMemberAdded"


async def test_another_streets_admin_sees_none_of_them(employment, token) -> None:
    _, father, mother, child = await _family(employment)
    for person in (father, mother, child):
        await _record(employment, token, person, "unemployed")
    await employment.settle()

    other = await employment.http.get(LIST, headers=token(Role.STREET_ADMIN, STREET_B))
    outside = await employment.http.get(
        LIST, params={"within": COMMUNITY_A}, headers=token(Role.STREET_ADMIN, STREET_B)
    )

    assert other.json()["items"] == []
    assert outside.status_code == 403


async def test_the_ledger_exports_to_excel_with_chinese_headers(
    employment, token
) -> None:
    _, father, mother, child = await _family(employment)
    for person in (father, mother, child):
        await _record(employment, token, person, "unemployed")
    await employment.settle()

    answer = await employment.as_sent_by_a_browser("GET", f"{LIST}/export", token())

    assert answer.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "零就业家庭台帐"
    assert rows[2][:6] == (
        "户主",
        "住址",
        "所属社区",
        "家庭成员",
        "失业成员",
        "认定日期",
    )
    assert len(rows) == 3 + 1
    people = (father, mother, child)
    names = dict(zip(people, ("张父", "李母", "张子"), strict=True))
    assert rows[3][:5] == (
        "张父",
        "示范路1号",
        f"office {COMMUNITY_A}（{COMMUNITY_A}）",
        "、".join(names[p] for p in sorted(names)),
        "、".join(names[p] for p in sorted(names)),
    )


async def test_a_household_appears_and_clears_as_members_retire(
    employment, token
) -> None:
    # Born July 1966 he retires at 60 years 5 months, on 1 December 2026; born
    # July 1971 she retires at 55 years 5 months, the same day.
    registry, rule = employment.registry, reform_schedule()
    father = await registry.person(COMMUNITY_A, date(1966, 7, 1))
    mother = await registry.person(COMMUNITY_A, date(1971, 7, 1), "female")
    son = await registry.person(COMMUNITY_A, date(1990, 1, 1))
    daughter = await registry.person(COMMUNITY_A, date(1995, 1, 1), "female")
    ours = await registry.household(COMMUNITY_A, father, [son])
    theirs = await registry.household(COMMUNITY_A, mother, [daughter])
    await employment.settle()
    for person, status in (
        (father, "employed"),
        (son, "unemployed"),
        (mother, "unemployed"),
        (daughter, "unwilling"),
    ):
        await _record(
            employment,
            token,
            person,
            status,
            **({"employer": "机械厂"} if status == "employed" else {}),
        )
    before = [h["household_id"] for h in await _households(employment, token)]

    store, now = employment.runtime.store, employment.runtime.clock()
    await check_ageing(store, rule, now)  # the day is noted (if not yet)
    touched = await check_ageing(store, rule, now + timedelta(days=9))
    again = await check_ageing(store, rule, now + timedelta(days=9))
    after = [h["household_id"] for h in await _households(employment, token)]

    assert before == [theirs]
    assert sorted(touched) == sorted([ours, theirs])
    assert again == []
    assert after == [ours]  # the son alone counts now; the mother's cleared


async def test_a_member_joining_out_of_work_is_counted_and_listed_with_the_head(
    employment, token
) -> None:
    household, father, mother, child = await _family(employment)
    await _record(employment, token, father, "unemployed")
    await _record(employment, token, mother, "unwilling")
    await _record(employment, token, child, "unwilling")
    uncle = await employment.registry.person(COMMUNITY_A, date(1970, 1, 1), name="张叔")
    await employment.settle()
    await _record(employment, token, uncle, "unemployed")

    await employment.registry.add_member(household, COMMUNITY_A, uncle)

    [row] = await _households(employment, token)
    members = sorted([father, mother, child, uncle])
    people = (father, mother, child, uncle)
    names = dict(zip(people, ("张父", "李母", "张子", "张叔"), strict=True))
    assert row == {
        "household_id": household,
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "head_person_id": father,
        "head_name": "张父",
        "address": "示范路1号",
        "member_person_ids": members,
        "member_names": [names[p] for p in members],
        "unemployed_person_ids": sorted([father, uncle]),
        "unemployed_names": [names[p] for p in sorted([father, uncle])],
        "identified_on": "2026-11-23",
        "cleared_on": None,
        "cleared_by_person_id": None,
        "cleared_reason": None,
        "days_open": 0,
        "overdue": False,
    }


def test_household_events_stored_before_members_were_named_still_decode() -> None:
    old = {
        "household_id": "household-1",
        "office": COMMUNITY_A,
        "unemployed_person_ids": ["p-1"],
        "identified_on": "2026-01-05",
    }
    cleared = {
        "household_id": "household-1",
        "office": COMMUNITY_A,
        "cleared_on": "2026-02-01",
        "by_person_id": None,
        "reason": "x",
        "days_open": 27,
    }

    assert ZeroEmploymentHouseholdIdentified.model_validate(old).member_person_ids == []
    assert (
        ZeroEmploymentHouseholdCleared.model_validate(cleared).member_person_ids == []
    )


async def test_a_household_registered_whole_with_a_working_member_is_never_flagged(
    employment, token
) -> None:
    registry = employment.registry
    father = await registry.person(COMMUNITY_A, date(1975, 2, 1), name="王父")
    mother = await registry.person(COMMUNITY_A, date(1978, 8, 1), "female", name="刘母")
    await employment.settle()
    await _record(employment, token, father, "unemployed")
    await _record(employment, token, mother, "employed", employer="物流公司")

    # One registry transaction: the household with its head, then its member.
    household = await registry.household(COMMUNITY_A, father, [mother])
    await employment.settle()

    assert await _households(employment, token, "all") == []
    assert (
        await employment.runtime.store.read_stream(
            f"zero-household/{household}", missing_ok=True
        )
        == []
    )
