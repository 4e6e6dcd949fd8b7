"""Shared ledgers and figures from registry and employment events, at every level."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook

from shequ.access import Role, china_date
from shequ.contracts.employment import (
    CertificateIssued,
    RetirementRuleAdopted,
    UnemploymentRegistered,
    ZeroEmploymentHouseholdIdentified,
    ZeroEmploymentHouseholdMembersChanged,
)
from shequ.contracts.employment.working_age import RetirementRule, RetirementStep
from shequ.eventstore import NewStream
from shequ.reporting.app import create_app
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    DISTRICT,
    STREET_A,
    STREET_B,
    registration,
)

FIGURES = "/api/v1/reporting/figures"
LEDGER = "/api/v1/reporting/ledgers/unemployed"
ZERO_LEDGER = "/api/v1/reporting/ledgers/zero-employment-households"
EXPORT = "/api/v1/reporting/ledgers/export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _people(reporting, office: str, statuses: list[str]) -> list[str]:
    people = []
    for status in statuses:
        person = await reporting.registry.person(office, date(1985, 6, 1))
        await reporting.labour(person, office, status)
        people.append(person)
    return people


async def _zero_household(reporting, office: str) -> str:
    [person] = await _people(reporting, office, ["unemployed"])
    return await reporting.zero_household(office, person, date(2026, 3, 2))


def _by_office(answer) -> dict[str, dict]:
    assert answer.status_code == 200, answer.text
    return {row["office"]: row for row in answer.json()["offices"]}


async def test_figures_add_up_from_communities_to_streets_and_the_district(
    reporting, token
) -> None:
    await _people(reporting, COMMUNITY_A, ["employed"] * 9 + ["unemployed"])
    await _people(reporting, COMMUNITY_A2, ["employed"] * 4 + ["unemployed"])
    await _people(reporting, COMMUNITY_B, ["employed", "unemployed", "student"])
    await reporting.settle()

    district = _by_office(await reporting.http.get(FIGURES, headers=token()))
    street = _by_office(
        await reporting.http.get(FIGURES, headers=token(Role.STREET_ADMIN, STREET_A))
    )
    community = _by_office(
        await reporting.http.get(
            FIGURES, headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A2)
        )
    )
    community_ledger = await reporting.http.get(
        LEDGER, headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A2)
    )

    assert district[DISTRICT]["counted"] == 17
    assert district[DISTRICT]["unemployed"] == 3
    assert district[STREET_A]["employment_rate"] == round(13 / 15, 6)
    assert district[STREET_B]["employment_rate"] == 0.5
    assert district[COMMUNITY_A]["employment_rate"] == 0.9
    assert district[COMMUNITY_A]["name"] == f"office {COMMUNITY_A}"
    assert set(street) == {STREET_A, COMMUNITY_A, COMMUNITY_A2}
    assert set(community) == {COMMUNITY_A2}
    assert community[COMMUNITY_A2]["employment_rate"] == 0.8
    assert {r["office"] for r in community_ledger.json()["items"]} == {COMMUNITY_A2}
    assert community_ledger.json()["total"] == 1


async def test_the_unemployed_ledger_joins_both_services_and_masks_by_role(
    reporting, token
) -> None:
    [worker, jobless] = await _people(
        reporting, COMMUNITY_A, ["employed", "unemployed"]
    )
    registered = await reporting.registry.person(
        COMMUNITY_B, date(1979, 1, 1), name="王小明"
    )
    await reporting.employment.append(
        f"unemployment/{registered}",
        [
            UnemploymentRegistered(
                person_id=registered,
                office=COMMUNITY_B,
                registration_id="r-1",
                registered_on=date(2026, 5, 1),
            ),
            CertificateIssued(
                person_id=registered,
                office=COMMUNITY_B,
                kind="unemployment",
                number="SY-001",
                issued_on=date(2026, 5, 2),
            ),
        ],
    )
    await reporting.settle()

    district = (await reporting.http.get(LEDGER, headers=token())).json()
    street_b = (
        await reporting.http.get(LEDGER, headers=token(Role.AUDITOR, STREET_B))
    ).json()

    assert {r["person_id"] for r in district["items"]} == {jobless, registered}
    [row] = street_b["items"]
    assert row["person_id"] == registered
    assert row["name"] == "王**"  # an auditor sees names masked
    assert row["certificates"] == ["SY-001"]
    assert row["registered_on"] == "2026-05-01"
    assert worker not in {r["person_id"] for r in district["items"]}


async def test_a_street_worker_cannot_read_another_streets_ledger(
    reporting, token
) -> None:
    answer = await reporting.http.get(
        LEDGER,
        params={"within": STREET_B},
        headers=token(Role.COMMUNITY_WORKER, STREET_A),
    )

    # Answered as an office that does not exist: whether it does is not theirs.
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"].endswith("office-not-known")


async def test_a_figure_as_of_a_past_moment_is_what_it_was_then(
    reporting, token
) -> None:
    [person] = await _people(reporting, COMMUNITY_A, ["unemployed"])
    await _people(reporting, COMMUNITY_A, ["employed"])
    await reporting.settle()
    then = datetime.now(UTC)
    before = _by_office(await reporting.http.get(FIGURES, headers=token()))

    await reporting.labour(person, COMMUNITY_A, "employed")
    await reporting.registry.move(person, COMMUNITY_A, COMMUNITY_B)
    await reporting.settle()

    now = _by_office(await reporting.http.get(FIGURES, headers=token()))
    past = _by_office(
        await reporting.http.get(
            FIGURES, params={"as_of": then.isoformat()}, headers=token()
        )
    )
    ledger_then = await reporting.http.get(
        LEDGER,
        params={"as_of": then.isoformat(), "within": COMMUNITY_A},
        headers=token(),
    )
    assert now[COMMUNITY_A]["employment_rate"] == 1.0
    assert now[COMMUNITY_B]["counted"] == 1
    assert past[COMMUNITY_A] == before[COMMUNITY_A]
    assert past[COMMUNITY_A]["employment_rate"] == 0.5
    assert COMMUNITY_B not in past
    assert [r["person_id"] for r in ledger_then.json()["items"]] == [person]


async def _in_chinese(reporting, url: str, **kwargs):
    """A GET without Accept-Language (the test client sends ``en`` by default)."""
    request = reporting.http.build_request("GET", url, **kwargs)
    del request.headers["Accept-Language"]
    return await reporting.http.send(request)


async def test_the_ledgers_export_as_offices_print_them_in_chinese_by_default(
    reporting, token
) -> None:
    event = registration(
        COMMUNITY_A,
        "王小明",
        born=date(1985, 6, 1),
        tags=["subsistence_allowance"],
        id_number="441900198506011234",
    )
    await reporting.registry.start([NewStream("person", event.person_id, [event])])
    await reporting.labour(event.person_id, COMMUNITY_A, "unemployed")
    await _people(reporting, COMMUNITY_A, ["employed"])
    await reporting.settle()

    xlsx = await _in_chinese(reporting, EXPORT, headers=token())
    english = await reporting.http.get(EXPORT, headers=token())
    csv = await _in_chinese(
        reporting, EXPORT, params={"format": "csv"}, headers=token()
    )

    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"] == XLSX
    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames == ["失业人员台帐", "就业统计", "零就业家庭台帐"]
    sheet = book["失业人员台帐"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"office {DISTRICT}失业人员台帐"
    assert rows[1][0].startswith("截至 ")
    assert "导出人：staff-1" in rows[1][0]
    assert rows[2] == (
        "姓名",
        "身份证号",
        "性别",
        "出生日期",
        "所属社区",
        "失业登记日期",
        "在用证件编号",
        "低保",
        "残疾",
        "困难家庭",
        "就业状态",
        "失业时间",
    )
    assert rows[3][:5] == (
        "王小明",
        "4419**********1234",
        "男",
        datetime(1985, 6, 1),
        f"office {COMMUNITY_A}（{COMMUNITY_A}）",
    )
    assert rows[3][7:11] == ("是", "否", "否", "失业")
    assert sheet["B4"].data_type == "s"  # an ID number is text, never a number
    assert len(rows) == 4
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text
    figures = list(book["就业统计"].iter_rows(values_only=True))
    assert figures[2][:2] == ("单位", "层级")
    assert figures[3][:2] == (f"office {DISTRICT}（{DISTRICT}）", "区")
    in_english = load_workbook(BytesIO(english.content))
    assert in_english.sheetnames[0] == "Ledger of unemployed persons"
    [header] = in_english.worksheets[0].iter_rows(
        min_row=3, max_row=3, values_only=True
    )
    assert header[:3] == ("Full name", "ID card number", "Gender")
    assert csv.text.lstrip("\ufeff").splitlines()[0].startswith("姓名,身份证号,性别")
    assert csv.text.splitlines()[1].startswith("王小明,4419**********1234,男,")


async def test_the_export_documents_what_it_answers() -> None:
    document = create_app().openapi()
    answers = document["paths"][EXPORT]["get"]["responses"]["200"]["content"]

    assert set(answers) == {XLSX, "text/csv; charset=utf-8"}


async def test_a_zero_employment_household_shows_head_address_and_members_by_name(
    reporting, token
) -> None:
    head = await reporting.registry.person(COMMUNITY_A, date(1975, 1, 1), name="张伟")
    son = await reporting.registry.person(COMMUNITY_A, date(2000, 1, 1), name="张小伟")
    household = await reporting.registry.household(COMMUNITY_A, head)
    stream = f"zero-household/{household}"
    await reporting.employment.append(
        stream,
        [
            ZeroEmploymentHouseholdIdentified(
                household_id=household,
                office=COMMUNITY_A,
                unemployed_person_ids=[head],
                member_person_ids=[head],
                identified_on=date(2026, 3, 2),
            )
        ],
    )
    await reporting.settle()
    before_the_son = datetime.now(UTC)
    await reporting.registry.add_member(household, COMMUNITY_A, son)
    # Employment counts the son when he joins, and records it on the household.
    await reporting.employment.append(
        stream,
        [
            ZeroEmploymentHouseholdMembersChanged(
                household_id=household,
                office=COMMUNITY_A,
                unemployed_person_ids=[head, son],
                member_person_ids=[head, son],
                changed_on=date(2026, 3, 9),
            )
        ],
    )
    await reporting.settle()

    now = await reporting.http.get(ZERO_LEDGER, headers=token())
    then = await reporting.http.get(
        ZERO_LEDGER, params={"as_of": before_the_son.isoformat()}, headers=token()
    )
    masked = await reporting.http.get(ZERO_LEDGER, headers=token(Role.AUDITOR))
    sheet = await _in_chinese(
        reporting,
        EXPORT,
        params={"format": "csv", "ledger": "zero-employment-households"},
        headers=token(),
    )

    assert now.status_code == 200, now.text
    assert now.json()["items"] == [
        {
            "household_id": household,
            "office": COMMUNITY_A,
            "office_name": f"office {COMMUNITY_A}",
            "head_person_id": head,
            "head_name": "张伟",
            "address": "示范路1号",
            "member_person_ids": [head, son],
            "member_names": ["张伟", "张小伟"],
            "unemployed_person_ids": [head, son],
            "unemployed_names": ["张伟", "张小伟"],
            "identified_on": "2026-03-02",
        }
    ]
    assert then.json()["items"][0]["member_names"] == ["张伟"]
    assert masked.json()["items"][0]["member_names"] == ["张*", "张**"]
    assert sheet.text.splitlines()[1] == (
        f"张伟,示范路1号,office {COMMUNITY_A}（{COMMUNITY_A}）,张伟、张小伟,"
        f"张伟、张小伟,2026-03-02,{household}"
    )


async def test_a_date_alone_reads_the_ledger_at_the_end_of_that_day_in_china(
    reporting, token
) -> None:
    [person] = await _people(reporting, COMMUNITY_A, ["unemployed"])
    await reporting.settle()
    today = china_date(datetime.now(UTC))

    that_day = await reporting.http.get(
        LEDGER, params={"as_of": today.isoformat()}, headers=token()
    )
    day_before = await reporting.http.get(
        LEDGER,
        params={"as_of": (today - timedelta(days=1)).isoformat()},
        headers=token(),
    )
    bad = await reporting.http.get(LEDGER, params={"as_of": "31/03"}, headers=token())

    assert [r["person_id"] for r in that_day.json()["items"]] == [person]
    assert that_day.json()["as_of"].endswith("23:59:59.999999+08:00")
    # The offices opened today: the day before, nothing was recorded to list.
    assert day_before.status_code == 422
    assert day_before.json()["type"].endswith("nothing-recorded-yet")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.as_of"


async def test_a_working_age_rule_employment_adopts_counts_from_when_it_was_adopted(
    reporting, token
) -> None:
    # Aged 36 in 2026: of working age by the statutory schedule, retired by a rule
    # that retires everyone at 30.
    await reporting.registry.person(COMMUNITY_A, date(1990, 6, 1), "male")
    await reporting.settle()
    then = datetime.now(UTC)
    before = _by_office(await reporting.http.get(FIGURES, headers=token()))

    early = RetirementStep(
        born_from=date(1900, 1, 1), men_months=12 * 30, women_months=12 * 30
    )
    await reporting.employment.append(
        "working_age_rule/employment",
        [RetirementRuleAdopted(rule=RetirementRule(steps=[early]))],
    )
    await reporting.settle()

    now = _by_office(await reporting.http.get(FIGURES, headers=token()))
    past = _by_office(
        await reporting.http.get(
            FIGURES, params={"as_of": then.isoformat()}, headers=token()
        )
    )
    assert (before[COMMUNITY_A]["working_age"], now[COMMUNITY_A]["working_age"]) == (
        1,
        0,
    )
    assert past[COMMUNITY_A] == before[COMMUNITY_A]
