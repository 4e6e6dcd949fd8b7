"""Mediation's ledger and figures from mediation's real events, now and as of before.

One world serves every test. Community A: a hotline dispute agreed in writing (two
obligations, both fulfilled at their 回访, one party satisfied), confirmed by the
court and closed; a walk-in family dispute that failed late; a screened property
dispute undecided past its deadline. Community A2: a referral declined. Community B:
an oral agreement not yet followed up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from shequ.access import STAFF_ROLES, Role, china_date
from shequ.contracts.mediation import (
    CommitteeMemberAppointed,
    DisputeAccepted,
    DisputeClosed,
    DisputeDeclined,
    DisputeRegistered,
    FulfilmentFollowedUp,
    JudicialConfirmationAnswered,
    JudicialConfirmationApplied,
    MediationAgreementReached,
    MediationFailed,
    MediationSessionRecorded,
    MediatorsAssigned,
    Obligation,
    Party,
)
from shequ.eventstore import NewStream
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    DISTRICT,
    STREET_A,
)

BASE = "/api/v1/reporting/ledgers/mediation"
DISPUTES, FIGURES, EXPORT = f"{BASE}/disputes", f"{BASE}/figures", f"{BASE}/export"
TODAY = china_date(datetime.now(UTC))
START = date(TODAY.year, 1, 1)
SEES = (Role.MEDIATOR, Role.JUSTICE_OFFICE)
NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十")
SECRETS = (*NAMES, "13800000001", "楼上漏水渗到楼下")


@dataclass
class World:
    before: datetime  # d1 accepted with its sessions, not yet agreed


def _on(days: int) -> date:
    return START + timedelta(days=days)


def _registered(
    dispute: str, office: str, source: str, kind: str, *names: str, **more: Any
) -> DisputeRegistered:
    return DisputeRegistered(
        dispute_id=dispute,
        office=office,
        source=source,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        parties=[Party(name=n) for n in names],
        matter=more.pop("matter", "邻里琐事"),
        amount=more.pop("amount", None),
        registered_on=_on(1),
        conclude_by=more.pop("conclude_by", TODAY + timedelta(days=30)),
    )


def _session(office: str, day: int) -> MediationSessionRecorded:
    return MediationSessionRecorded(
        office=office, held_on=_on(day), place="调解室", attendees=[], summary="…"
    )


def _visit(office: str, number: int, *, satisfied: bool) -> FulfilmentFollowedUp:
    return FulfilmentFollowedUp(
        office=office,
        obligation=number,
        visited_on=_on(9),
        fulfilled=True,
        satisfied=satisfied,
        note="已付清",
    )


async def _world(reporting: Any) -> World:
    a, a2, b = COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B
    members = [("m-1", a, "调解员甲"), ("m-2", a, "调解员乙"), ("m-3", b, "调解员丙")]
    await reporting.mediation.start(
        [
            NewStream(
                "committee",
                office,
                [
                    CommitteeMemberAppointed(
                        office=office,
                        member_id=member,
                        role="mediator",
                        name=name,
                        phone="0769-1",
                    )
                ],
            )
            for member, office, name in members
            if member != "m-2"
        ]
    )
    await reporting.mediation.append(
        f"committee/{a}",
        [
            CommitteeMemberAppointed(
                office=a, member_id="m-2", role="mediator", name="调解员乙", phone="1"
            )
        ],
    )
    d1 = DisputeRegistered(
        dispute_id="d1",
        office=a,
        source="hotline",
        kind="neighbours",
        parties=[
            Party(name="张三", person_id="person-1", phone="13800000001"),
            Party(name="李四"),
        ],
        matter="楼上漏水渗到楼下",
        amount=5000,
        registered_on=_on(1),
        conclude_by=TODAY + timedelta(days=30),
    )
    accepted = DisputeAccepted(office=a, accepted_on=_on(2))
    assigned = MediatorsAssigned(office=a, mediators=["m-2", "m-1"], assigned_on=_on(2))
    await reporting.mediation.append(
        "dispute/d1", [d1, accepted, assigned, _session(a, 3), _session(a, 5)]
    )
    await reporting.mediation.append(
        "dispute/d2",
        [
            _registered("d2", a, "walk_in", "family", "王五", "赵六"),
            DisputeAccepted(office=a, accepted_on=_on(2)),
            MediationFailed(
                office=a, failed_on=_on(40), advice="litigation", note="", late=True
            ),
        ],
    )
    await reporting.mediation.append(
        "dispute/d3",
        [
            _registered("d3", a, "screening", "property", "钱七", conclude_by=_on(0)),
            DisputeAccepted(office=a, accepted_on=_on(2)),
        ],
    )
    await reporting.mediation.append(
        "dispute/d4",
        [
            _registered("d4", a2, "police_referral", "damages", "孙八"),
            DisputeDeclined(office=a2, declined_on=_on(2), reason="已起诉"),
        ],
    )
    await reporting.mediation.append(
        "dispute/d5",
        [
            _registered("d5", b, "hotline", "labour", "周九", "吴十"),
            DisputeAccepted(office=b, accepted_on=_on(2)),
            MediatorsAssigned(office=b, mediators=["m-3"], assigned_on=_on(2)),
            MediationAgreementReached(
                office=b,
                form="oral",
                agreed_on=_on(4),
                facts="",
                terms="当场支付工资",
                obligations=[],
                due_dates=[],
                amount=0,
                late=False,
            ),
        ],
    )
    await reporting.settle()
    before = datetime.now(UTC)
    obligations = [
        Obligation(number=n, party=1, what="赔偿", due_on=_on(8), amount=1500)
        for n in (1, 2)
    ]
    await reporting.mediation.append(
        "dispute/d1",
        [
            MediationAgreementReached(
                office=a,
                form="written",
                agreed_on=_on(6),
                facts="漏水",
                terms="赔偿3000元",
                obligations=obligations,
                due_dates=[_on(8), _on(8)],
                amount=3000,
                late=False,
            ),
            JudicialConfirmationApplied(office=a, applied_on=_on(7), court="东城法院"),
            JudicialConfirmationAnswered(office=a, answered_on=_on(8), confirmed=True),
            _visit(a, 1, satisfied=True),
            _visit(a, 2, satisfied=False),
            DisputeClosed(office=a, closed_on=_on(10), outcome="fulfilled"),
        ],
    )
    await reporting.settle()
    return World(before)


def _by_office(answer: Any) -> dict[str, dict[str, Any]]:
    return {row["office"]: row for row in answer.json()["offices"]}


RATES = ("success_rate", "on_time_rate", "fulfilment_rate", "satisfaction_rate")
COUNTS = ("disputes", "pending", "agreed", "failed", "declined", "overdue", "closed")


def _rates(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in (*COUNTS, *RATES))


async def test_each_mediation_figure_is_counted_from_mediation_events(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)

    answer = await reporting.http.get(FIGURES, headers=token(Role.AUDITOR))

    assert answer.status_code == 200, answer.text
    offices = _by_office(answer)
    assert _rates(offices[COMMUNITY_A]) == (3, 1, 1, 1, 0, 2, 1, 0.5, 0.5, 1.0, 0.5)
    assert _rates(offices[COMMUNITY_A2]) == (1, 0, 0, 0, 1, 0, 0) + (None,) * 4
    # An oral agreement with no obligations has no verdict until it is closed.
    assert _rates(offices[COMMUNITY_B]) == (1, 0, 1, 0, 0, 0, 0, 1.0, 1.0, None, None)
    assert _rates(offices[STREET_A]) == (4, 1, 1, 1, 1, 2, 1, 0.5, 0.5, 1.0, 0.5)
    district = offices[DISTRICT]
    assert _rates(district) == (5, 1, 2, 1, 1, 2, 1, 0.666667, 0.666667, 1.0, 0.5)
    assert {k: v for k, v in district["by_kind"].items() if v} == {
        "neighbours": 1,
        "family": 1,
        "property": 1,
        "damages": 1,
        "labour": 1,
    }
    assert {k: v for k, v in district["by_source"].items() if v} == {
        "hotline": 2,
        "walk_in": 1,
        "screening": 1,
        "police_referral": 1,
    }
    assert district["by_result"] == {
        "success": 2,
        "failed": 1,
        "declined": 1,
        "pending": 1,
    }


async def test_mediation_figures_and_ledger_as_of_before_the_agreement(
    reporting: Any, token: Any
) -> None:
    world = await _world(reporting)
    moment = {"as_of": world.before.isoformat(), "within": COMMUNITY_A}

    then = await reporting.http.get(FIGURES, params=moment, headers=token())
    ledger = await reporting.http.get(
        DISPUTES, params=moment, headers=token(Role.MEDIATOR, COMMUNITY_A)
    )

    a = _by_office(then)[COMMUNITY_A]
    assert _rates(a) == (3, 2, 0, 1, 0, 2, 0, 0.0, 0.0, None, None)
    first = ledger.json()["items"][0]
    assert (first["dispute_id"], first["result"], first["sessions"]) == (
        "d1",
        "pending",
        2,
    )
    assert (first["fulfilment"], first["closed_on"], first["confirmation"]) == (
        None,
        None,
        None,
    )


# A party's basics (art. 29) that intake did not give.
UNTOLD = dict.fromkeys(
    (
        "person_id",
        "phone",
        "address",
        "sex",
        "birth_date",
        "age",
        "ethnicity",
        "occupation",
        "legal_representative",
    )
)


async def test_the_ledger_row_has_the_columns_offices_use(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)

    answer = await reporting.http.get(
        DISPUTES, headers=token(Role.MEDIATOR, COMMUNITY_A, "staff-m")
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["total"], body["parties_shown"]) == (3, True)
    row = body["items"][0]
    assert {k: row[k] for k in row if k not in ("as_of",)} == {
        "dispute_id": "d1",
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "registered_on": _on(1).isoformat(),
        "conclude_by": (TODAY + timedelta(days=30)).isoformat(),
        "decided_on": _on(2).isoformat(),
        "status": "closed",
        "source": "hotline",
        "kind": "neighbours",
        "amount": 5000,
        "parties": [
            {**UNTOLD, "name": "张三", "person_id": "person-1", "phone": "13800000001"},
            {**UNTOLD, "name": "李四"},
        ],
        "matter": "楼上漏水渗到楼下",
        "mediators": ["m-2", "m-1"],
        "mediator_names": ["调解员乙", "调解员甲"],
        "sessions": 2,
        "last_session_on": _on(5).isoformat(),
        "result": "success",
        "form": "written",
        "agreed_amount": 3000,
        "concluded_on": _on(6).isoformat(),
        "fulfilment": "fulfilled",
        "follow_ups": 2,
        "satisfied": 1,
        "last_visited_on": _on(9).isoformat(),
        "confirmation": "confirmed",
        "closed_on": _on(10).isoformat(),
        "overdue": False,
    }
    assert [(r["dispute_id"], r["overdue"]) for r in body["items"]] == [
        ("d1", False),
        ("d2", True),
        ("d3", True),
    ]


async def _reads(reporting: Any) -> list[tuple[str, str, str, str]]:
    rows = await reporting.runtime.store.pool.fetch(
        """SELECT data->>'staff_id' AS staff, data->>'person_id' AS person,
                  data->>'purpose' AS purpose, data->'services'->>0 AS service
           FROM events WHERE event_type = 'RestrictedRecordsRead'
           ORDER BY data->>'staff_id', data->>'person_id'"""
    )
    return [(r["staff"], r["person"], r["purpose"], r["service"]) for r in rows]


async def test_no_role_but_mediators_and_the_justice_office_sees_the_parties(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)
    others = [role for role in STAFF_ROLES if role not in SEES]

    answers = {
        role: await reporting.http.get(
            DISPUTES, headers=token(role, DISTRICT, f"staff-{role}")
        )
        for role in others
    }

    for role, answer in answers.items():
        assert answer.status_code == 200, (role, answer.text)
        body = answer.json()
        assert (body["parties_shown"], body["total"]) == (False, 5), role
        assert [len(r["parties"]) for r in body["items"]] == [2, 2, 1, 1, 2]
        assert {r["matter"] for r in body["items"]} == {None}
        for secret in SECRETS:
            assert secret not in answer.text, (role, secret)
    assert await _reads(reporting) == []  # no one was shown, so no read recorded


async def test_mediators_and_the_justice_office_see_parties_in_their_subtree_recorded(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)

    answers = {
        role: await reporting.http.get(
            DISPUTES, headers=token(role, STREET_A, f"staff-{role}")
        )
        for role in SEES
    }
    elsewhere = await reporting.http.get(
        DISPUTES, params={"within": COMMUNITY_B}, headers=token(Role.MEDIATOR, STREET_A)
    )

    for role, answer in answers.items():
        assert answer.json()["parties_shown"], role
        assert [[p["name"] for p in r["parties"]] for r in answer.json()["items"]] == [
            ["张三", "李四"],
            ["王五", "赵六"],
            ["钱七"],
            ["孙八"],
        ]
        assert "周九" not in answer.text
    assert elsewhere.status_code == 404  # outside the subtree, as an unknown office
    shown = sorted(["dispute/d1", "dispute/d2", "dispute/d3", "dispute/d4", "person-1"])
    assert await _reads(reporting) == [
        (f"staff-{role}", subject, "mediation ledger", "mediation")
        for role in sorted(SEES, key=str)
        for subject in shown
    ]


async def test_the_mediation_export_opens_with_its_sheets_and_masks_for_others(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)
    mediator = token(Role.MEDIATOR, COMMUNITY_A, "staff-m")

    xlsx = await reporting.http.get(EXPORT, params={"lang": "zh"}, headers=mediator)
    audited = await reporting.http.get(
        EXPORT, params={"lang": "zh"}, headers=token(Role.AUDITOR)
    )
    csv = await reporting.http.get(
        EXPORT,
        params={"format": "csv", "ledger": "figures", "lang": "zh"},
        headers=token(Role.AUDITOR),
    )

    assert xlsx.status_code == 200, xlsx.text
    book = load_workbook(BytesIO(xlsx.content))
    assert len(book.sheetnames) == 5
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0].startswith(f"office {COMMUNITY_A}")
    assert "导出人：staff-m" in rows[1][0]
    assert rows[2][:3] == ("纠纷编号", "所属社区", "登记日期")
    first = dict(zip(rows[2], rows[3], strict=True))
    assert (first["纠纷编号"], first["当事人"], first["联系电话"]) == (
        "d1",
        "张三、李四",
        "13800000001",
    )
    assert (first["纠纷来源"], first["纠纷类型"], first["调解员"]) == (
        "法律热线",
        "邻里纠纷",
        "调解员乙、调解员甲",
    )
    assert (first["调解结果"], first["协议形式"], first["履行情况"]) == (
        "调解成功",
        "书面协议",
        "已履行",
    )
    assert (first["司法确认"], first["超期"], first["纠纷事项"]) == (
        "法院已确认",
        "否",
        "楼上漏水渗到楼下",
    )
    assert [r[0] for r in rows[3:]] == ["d1", "d2", "d3"]
    others = load_workbook(BytesIO(audited.content))
    assert len(others.sheetnames) == 5
    for secret in SECRETS:
        assert all(
            secret not in str(cell)
            for sheet in others.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        ), secret
    assert csv.status_code == 200, csv.text
    assert len(csv.text.lstrip("\ufeff").splitlines()) == 1 + 6  # district … B
    assert ("staff-m", "dispute/d1", "mediation ledger", "mediation") in await _reads(
        reporting
    )


async def test_mediation_metrics_of_a_street_plan_read_their_actuals_by_month(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)
    year = TODAY.year
    plan = f"/api/v1/reporting/work-plans/{STREET_A}/{year}"
    targets = {
        "disputes_registered": ("at_least", 4, 4.0, True),
        "mediation_success_rate": ("at_least", 0.9, 0.5, False),
        "mediation_on_time_rate": ("at_least", 0.5, 0.5, True),
        "mediation_fulfilment_rate": ("at_least", 0.95, 1.0, True),
        "mediation_satisfaction_rate": ("at_least", 0.8, 0.5, False),
    }
    await reporting.set_targets(plan, targets, token(), note="平安建设")

    shown, listed, trends = await reporting.progress(plan, STREET_A, year, token())

    assert shown == targets
    assert listed == {m: actual for m, (_, _, actual, _) in targets.items()}
    for metric, (_, _, actual, met) in targets.items():
        *earlier, last = trends[metric]
        assert (last["month"], last["actual"], last["met"]) == (
            TODAY.month,
            actual,
            met,
        )
        # Every event was recorded this month: the months before had no dispute.
        assert {(p["actual"], p["met"]) for p in earlier} <= {(None, None)}


async def test_the_ledger_carries_last_years_open_disputes_the_figures_count_this_years(
    reporting: Any, token: Any
) -> None:
    await _world(reporting)
    b, last_year = COMMUNITY_B, date(TODAY.year - 1, 12, 1)
    for dispute, *later in (
        ("old-open", DisputeAccepted(office=b, accepted_on=last_year)),
        ("old-declined", DisputeDeclined(office=b, declined_on=last_year, reason="")),
    ):
        registered = _registered(dispute, b, "walk_in", "other", "郑一")
        old = registered.model_copy(update={"registered_on": last_year})
        await reporting.mediation.append(f"dispute/{dispute}", [old, *later])
    await reporting.settle()
    within = {"within": b}

    ledger = await reporting.http.get(DISPUTES, params=within, headers=token())
    figures = await reporting.http.get(FIGURES, params=within, headers=token())

    assert [r["dispute_id"] for r in ledger.json()["items"]] == ["old-open", "d5"]
    assert _by_office(figures)[b]["disputes"] == 1
