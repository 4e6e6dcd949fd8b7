"""Rehab's ledgers and figures from rehab's real events, now and as of a past moment.

One world serves every test: community A holds three open cases (one complete, one
with a missed test, a refusal and an evaluation overdue, one just decided) and one
closed; community B one case whose report is overdue and one handed over from A2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook

from shequ.access import STAFF_ROLES, Role, china_date
from shequ.contracts.registry import Employment, RoleName, StaffEnrolled
from shequ.contracts.rehab import (
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseHandedOver,
    RehabEvaluationRecorded,
    RehabReported,
    RehabTeamAssigned,
    SeriousViolationFound,
    UrineTestMissed,
    UrineTestRecorded,
)
from shequ.eventstore import NewStream
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    DISTRICT,
    STREET_A,
    registration,
)

CASES = "/api/v1/reporting/ledgers/rehab/cases"
FIGURES = "/api/v1/reporting/ledgers/rehab/figures"
EXPORT = "/api/v1/reporting/ledgers/rehab/export"
TODAY = china_date(datetime.now(UTC))
LAST_YEAR = date(TODAY.year - 1, 12, 31)


@dataclass
class World:
    people: dict[str, str]  # name → person id
    cases: dict[str, str]  # name → case id
    before: datetime  # after the first events, before the hand-over and closing


def _days(n: int) -> date:
    return TODAY - timedelta(days=n)


def _reported(office: str, days_ago: int) -> RehabReported:
    on = _days(days_ago)
    ends = on + timedelta(730)
    return RehabReported(
        person_id="", office=office, reported_on=on, term_ends_on=ends, late=False
    )


def _test(office: str, result: str, on: date = TODAY) -> UrineTestRecorded:
    return UrineTestRecorded(
        person_id="",
        office=office,
        tested_on=on,
        result=result,  # type: ignore[arg-type]
    )


def _signed(office: str) -> RehabAgreementSigned:
    return RehabAgreementSigned(
        person_id="", office=office, agreement_number="协议1号", signed_on=_days(60)
    )


def _team(office: str, worker: str) -> RehabTeamAssigned:
    return RehabTeamAssigned(
        person_id="",
        office=office,
        responsible_worker=worker,
        police_officer=None,
        helpers=[],
    )


async def _staff(
    reporting, staff_id: str, office: str, role: RoleName, employment: Employment
) -> None:
    event = StaffEnrolled(
        staff_id=staff_id,
        login=staff_id,
        name="社工",
        office=office,
        roles=[role],
        employment=employment,
    )
    await reporting.registry.start([NewStream("staff", staff_id, [event])])


async def _person(reporting, office: str, name: str, id_number: str) -> str:
    event = registration(office, name, id_number=id_number)
    await reporting.registry.start([NewStream("person", event.person_id, [event])])
    return event.person_id


async def _world(reporting) -> World:
    names = {"张三": COMMUNITY_A, "李四": COMMUNITY_A, "王五": COMMUNITY_A}
    names |= {"赵六": COMMUNITY_B, "钱七": COMMUNITY_A, "孙八": COMMUNITY_A2}
    people = {
        name: await _person(reporting, office, name, f"44190019850601{n:03d}X")
        for n, (name, office) in enumerate(names.items())
    }
    await _staff(reporting, "staff-w1", COMMUNITY_A, "rehab_worker", "full_time")
    await _staff(reporting, "staff-w2", COMMUNITY_B, "rehab_worker", "part_time")
    await _staff(reporting, "staff-c1", COMMUNITY_A, "community_worker", "full_time")
    a, b, a2 = COMMUNITY_A, COMMUNITY_B, COMMUNITY_A2
    cases = {
        "张三": await reporting.rehab_case(
            people["张三"],
            a,
            _reported(a, 250),
            _signed(a),
            _team(a, "staff-w1"),
            _test(a, "negative"),
            _test(a, "positive"),
            SeriousViolationFound(
                person_id="", office=a, reason="relapse", found_on=TODAY
            ),
            RehabEvaluationRecorded(
                person_id="",
                office=a,
                kind="half_yearly",
                evaluated_on=_days(60),
                summary="稳定",
            ),
            decided_on=_days(260),
        ),
        "李四": await reporting.rehab_case(
            people["李四"],
            a,
            _reported(a, 200),
            _test(a, "refused"),
            decided_on=_days(210),
        ),
        "王五": await reporting.rehab_case(people["王五"], a, decided_on=_days(5)),
        "赵六": await reporting.rehab_case(
            people["赵六"], b, _team(b, "staff-w2"), decided_on=_days(40)
        ),
        "钱七": await reporting.rehab_case(
            people["钱七"],
            a,
            _reported(a, 400),
            _test(a, "positive", LAST_YEAR),
            decided_on=_days(410),
        ),
        "孙八": await reporting.rehab_case(
            people["孙八"],
            a2,
            _reported(a2, 30),
            _signed(a2),
            _team(a2, "staff-w2"),
            decided_on=_days(35),
        ),
    }
    await reporting.settle()
    before = datetime.now(UTC)
    missed = UrineTestMissed(
        person_id="", office=a, period_start=_days(30), period_end=TODAY
    )
    await reporting.rehab_events(cases["李四"], missed)
    handed = RehabCaseHandedOver(
        person_id="", office=a2, to_office=b, handed_over_on=TODAY
    )
    await reporting.rehab_events(cases["孙八"], handed)
    closed = RehabCaseClosed(
        person_id="", office=a, outcome="compulsory_isolation", closed_on=TODAY
    )
    await reporting.rehab_events(cases["钱七"], closed)
    await reporting.settle()
    return World(people, cases, before)


def _by_office(answer) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {row["office"]: row for row in answer.json()["offices"]}


FIGURE_KEYS = (
    "clients",
    "awaiting_report",
    "workers",
    "full_time_workers",
    "staffing_shortfall",
    "uncovered_clients",
    "shortfalls",
    "tests_due",
    "tests_taken",
    "tests_missed",
    "tests_refused",
    "tests_positive",
    "test_compliance",
    "reports_overdue",
    "tests_overdue",
    "evaluations_overdue",
    "relapses",
    "complete_cases",
    "ledger_completeness",
)


def _figures(row: dict) -> tuple:  # type: ignore[type-arg]
    return tuple(row[k] for k in FIGURE_KEYS)


async def test_each_rehab_figure_is_counted_from_rehab_events(reporting, token) -> None:
    await _world(reporting)

    answer = await reporting.http.get(FIGURES, headers=token(Role.AUDITOR))

    assert answer.status_code == 200, answer.text
    offices = _by_office(answer)
    assert answer.json()["clients_per_worker_rule"] == 20
    # 张三 complete; 李四 missed and refused, no team, an evaluation overdue; 王五 new.
    assert _figures(offices[COMMUNITY_A]) == (
        3, 1, 1, 1, 0, 2, ["uncovered_clients"],
        4, 2, 1, 1, 1, 0.5,
        0, 1, 1,
        1, 2, 0.666667,
    )  # fmt: skip
    # 赵六 has not reported; 孙八 came from A2 complete, with A2's worker.
    assert _figures(offices[COMMUNITY_B]) == (
        2, 1, 1, 0, 0, 0, [],
        0, 0, 0, 0, 0, None,
        1, 0, 0,
        0, 1, 0.5,
    )  # fmt: skip
    district = offices[DISTRICT]
    assert (district["clients"], district["workers"], district["tests_due"]) == (
        5,
        2,
        4,
    )
    assert (district["ledger_completeness"], district["shortfalls"]) == (0.6, [])
    assert offices[STREET_A]["clients"] == 3


async def test_rehab_figures_as_of_a_past_moment_are_as_they_stood(
    reporting, token
) -> None:
    world = await _world(reporting)

    then = await reporting.http.get(
        FIGURES, params={"as_of": world.before.isoformat()}, headers=token()
    )

    offices = _by_office(then)
    # Before the hand-over, the closing and the missed test.
    assert offices[COMMUNITY_A2]["clients"] == 1
    assert offices[COMMUNITY_A]["clients"] == 4
    assert offices[COMMUNITY_A]["tests_overdue"] == 0
    assert offices[COMMUNITY_A]["tests_missed"] == 0
    assert offices[COMMUNITY_B]["clients"] == 1


async def test_a_stricter_ratio_lists_the_full_time_workers_short(
    reporting, token, monkeypatch
) -> None:
    await _world(reporting)
    monkeypatch.setenv("SHEQU_REPORTING_CLIENTS_PER_WORKER", "2")
    from shequ.reporting.settings import reporting_settings

    reporting_settings.cache_clear()
    try:
        answer = await reporting.http.get(FIGURES, headers=token())
    finally:
        monkeypatch.undo()
        reporting_settings.cache_clear()

    a = _by_office(answer)[COMMUNITY_A]
    assert (
        a["required_full_time"],
        a["full_time_workers"],
        a["staffing_shortfall"],
    ) == (2, 1, 1)
    assert a["shortfalls"] == ["full_time_workers", "uncovered_clients"]
    assert _by_office(answer)[COMMUNITY_B]["staffing_shortfall"] == 1  # part-time only


SEES_REHAB = (Role.REHAB_WORKER, Role.POLICE_LIAISON, Role.ANTI_DRUG_OFFICE)


async def _reads(reporting) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    rows = await reporting.runtime.store.pool.fetch(
        """SELECT data->>'staff_id' AS staff, data->>'person_id' AS person,
                  data->>'purpose' AS purpose
           FROM events WHERE event_type = 'RestrictedRecordsRead'
           ORDER BY data->>'staff_id', data->>'person_id'"""
    )
    return [(r["staff"], r["person"], r["purpose"]) for r in rows]


async def test_no_role_but_rehab_ones_sees_a_name_in_the_case_ledger(
    reporting, token
) -> None:
    world = await _world(reporting)
    others = [role for role in STAFF_ROLES if role not in SEES_REHAB]

    answers = {
        role: await reporting.http.get(
            CASES, headers=token(role, DISTRICT, f"staff-{role}")
        )
        for role in others
    }

    for role, answer in answers.items():
        assert answer.status_code == 200, (role, answer.text)
        assert (answer.json()["names_shown"], answer.json()["items"]) == (False, [])
        assert {o["office"]: o["cases"] for o in answer.json()["offices"]} == {
            COMMUNITY_A: 3,
            COMMUNITY_B: 2,
        }
        for name, person in world.people.items():
            assert name not in answer.text, role
            assert person not in answer.text, role
    assert await _reads(reporting) == []  # no one was named, so no read recorded


async def test_rehab_roles_see_names_only_in_their_subtree_and_each_read_is_recorded(
    reporting, token
) -> None:
    world = await _world(reporting)

    answers = {
        role: await reporting.http.get(
            CASES, headers=token(role, STREET_A, f"staff-{role}")
        )
        for role in SEES_REHAB
    }
    elsewhere = await reporting.http.get(
        CASES,
        params={"within": COMMUNITY_B},
        headers=token(Role.REHAB_WORKER, STREET_A),
    )

    for role, answer in answers.items():
        assert answer.json()["names_shown"], role
        assert [r["name"] for r in answer.json()["items"]] == ["张三", "李四", "王五"]
        assert "赵六" not in answer.text
        assert "孙八" not in answer.text
    first = answers[Role.REHAB_WORKER].json()["items"][1]
    assert (first["case_id"], first["test_overdue"], first["responsible_worker"]) == (
        world.cases["李四"],
        True,
        None,
    )
    assert elsewhere.status_code == 404  # outside the subtree, as an unknown office
    shown = sorted(world.people[n] for n in ("张三", "李四", "王五"))
    assert await _reads(reporting) == [
        (f"staff-{role}", person, "rehab case ledger")
        for role in sorted(SEES_REHAB, key=str)
        for person in shown
    ]


async def test_the_rehab_export_opens_with_its_titles_and_id_numbers_as_text(
    reporting, token
) -> None:
    world = await _world(reporting)
    worker = token(Role.REHAB_WORKER, COMMUNITY_A, "staff-w1")

    xlsx = await reporting.http.get(EXPORT, params={"lang": "zh"}, headers=worker)
    counts = await reporting.http.get(
        EXPORT, params={"lang": "zh"}, headers=token(Role.AUDITOR)
    )
    csv = await reporting.http.get(
        EXPORT,
        params={"format": "csv", "ledger": "staffing", "lang": "zh"},
        headers=token(Role.AUDITOR),
    )

    assert xlsx.status_code == 200, xlsx.text
    book = load_workbook(BytesIO(xlsx.content))
    assert len(book.sheetnames) == 5
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0].startswith(f"office {COMMUNITY_A}")
    assert "导出人：staff-w1" in rows[1][0]
    assert [r[0] for r in rows[3:]] == ["张三", "李四", "王五"]
    assert rows[3][1] == "4419**********000X"
    assert book.worksheets[0]["B4"].data_type == "s"
    assert book.worksheets[0]["P4"].value == world.cases["张三"]
    audited = load_workbook(BytesIO(counts.content))
    assert len(audited.sheetnames) == 5
    for name in world.people:
        assert all(
            name not in str(cell)
            for sheet in audited.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    assert csv.status_code == 200, csv.text
    assert len(csv.text.lstrip("\ufeff").splitlines()) == 1 + 5  # district … B
    assert ("staff-w1", world.people["张三"], "rehab case ledger") in await _reads(
        reporting
    )


async def test_rehab_metrics_of_a_work_plan_read_their_actuals(
    reporting, token
) -> None:
    await _world(reporting)
    year = TODAY.year
    plan = f"/api/v1/reporting/work-plans/{COMMUNITY_A}/{year}"
    targets = {
        "rehab_test_compliance": ("at_least", 0.95, 0.5, False),
        "rehab_relapses": ("at_most", 0, 1.0, False),
        "rehab_staffing_shortfall": ("at_most", 0, 0.0, True),
        "rehab_ledger_completeness": ("at_least", 0.6, 0.666667, True),
    }
    await reporting.set_targets(plan, targets, token(), note="无毒社区")

    shown, listed, _ = await reporting.progress(plan, STREET_A, year, token())

    assert shown == targets
    assert listed == {m: actual for m, (_, _, actual, _) in targets.items()}
