"""Scorecards (考评): a campaign's criteria on real figures, per community and street.

充分就业社区 (篇二) judged on employment's events: community A at 96% with no
zero-employment household passes, A2 at 80% does not, B has no one on record (no
figure: it does not pass). The street's and the district's pass rates follow; every
number names the ledger behind it; the board prints to Excel and PDF.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import openpyxl

from shequ.access import Role
from shequ.contracts.events import CATALOG as EVENTS
from shequ.contracts.events import ActivityPlanned, PublicityCornerSetUp
from shequ.contracts.registry import OfficeOpened
from shequ.eventstore import NewStream
from shequ.reporting.domain.designations.standard import FULL_EMPLOYMENT
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    STREET_A,
    open_feed,
)

REPORTING = "/api/v1/reporting"
DISTRICT = "441900000000"


async def _people(reporting: Any, office: str, employed: int, unemployed: int) -> None:
    for status, count in (("employed", employed), ("unemployed", unemployed)):
        for _ in range(count):
            person = await reporting.registry.person(office, date(1985, 6, 1))
            await reporting.labour(person, office, status, since=date(2026, 1, 5))


async def _district(reporting: Any, token: Any) -> None:
    answer = await reporting.http.put(
        f"{REPORTING}/campaigns/full_employment_community",
        json=FULL_EMPLOYMENT,
        headers=token(),
    )
    assert answer.status_code == 200, answer.text
    await _people(reporting, COMMUNITY_A, 24, 1)
    await _people(reporting, COMMUNITY_A2, 8, 2)
    await reporting.settle()


async def test_a_street_card_holds_each_community_and_the_pass_rate(
    reporting: Any, token: Any
) -> None:
    await _district(reporting, token)
    answer = await reporting.http.get(
        f"{REPORTING}/scorecards/{STREET_A}/full_employment_community",
        headers=token(Role.STREET_ADMIN, STREET_A),
    )

    assert answer.status_code == 200, answer.text
    card = answer.json()
    by_office = {c["office"]: c for c in card["communities"]}
    assert set(by_office) == {COMMUNITY_A, COMMUNITY_A2}
    rate_a = by_office[COMMUNITY_A]["criteria"][0]
    assert (rate_a["metric"], rate_a["actual"], rate_a["met"]) == (
        "employment_rate",
        0.96,
        True,
    )
    assert rate_a["source"].startswith(
        f"{REPORTING}/ledgers/unemployed?within={COMMUNITY_A}&as_of="
    )
    assert (by_office[COMMUNITY_A]["passes"], by_office[COMMUNITY_A2]["passes"]) == (
        True,
        False,
    )
    assert card["pass_rate"] == 0.5
    assert card["criteria"][0]["label"] == "employment rate"


async def test_the_district_board_rates_each_street(reporting: Any, token: Any) -> None:
    await _district(reporting, token)
    board = (
        await reporting.http.get(
            f"{REPORTING}/scorecards/{DISTRICT}/full_employment_community",
            headers=token(),
        )
    ).json()

    assert [
        (s["office"], s["communities"], s["passing"]) for s in board["streets"]
    ] == [(STREET_A, 2, 1), ("441900102000", 1, 0)]
    b = next(c for c in board["communities"] if c["office"] == COMMUNITY_B)
    assert (b["criteria"][0]["actual"], b["criteria"][0]["met"], b["passes"]) == (
        None,
        None,
        False,
    )
    assert board["pass_rate"] == 1 / 3


async def test_the_board_prints_to_excel_and_pdf_in_chinese(
    reporting: Any, token: Any
) -> None:
    await _district(reporting, token)
    path = f"{REPORTING}/scorecards/{STREET_A}/full_employment_community/export"
    chinese = {**token(), "Accept-Language": "zh-CN"}
    excel = await reporting.http.get(path, headers=chinese)
    pdf = await reporting.http.get(path, params={"format": "pdf"}, headers=chinese)

    assert excel.status_code == 200, excel.text
    sheet = openpyxl.load_workbook(io.BytesIO(excel.content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "充分就业社区" in str(rows[0][0])
    header = rows[2]
    assert header[:4] == ["单位代码", "单位", "阶段", "等次"]
    assert header[-1] == "全部达标"
    body = {r[0]: r for r in rows[3:]}
    assert body[COMMUNITY_A][-1] == "是"
    assert body[COMMUNITY_A2][-1] == "否"
    assert pdf.status_code == 200, pdf.text
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


STREET_C = "441900103000"
TWENTY = [f"441900103{n:03d}" for n in range(1, 21)]
DRUG_FREE_HERE = {
    # 篇五's criteria that the events service feeds; the district configures them.
    "name": "无毒社区",
    "criteria": [
        {"metric": "anti_drug_meetings", "comparison": "at_least", "threshold": 4},
        {"metric": "publicity_corners", "comparison": "at_least", "threshold": 1},
    ],
    "pass_rate": 0.95,
    "grades": ["保无毒", "创无毒", "创达标"],
    "recheck_years": 1,
}


async def test_a_street_of_twenty_with_one_meeting_short_passes_at_95_percent(
    reporting: Any, token: Any, pg_dsns: Any, nats_client: Any
) -> None:
    """20 communities: 19 hold their 4 anti-drug meetings, one holds 3 — 19/20."""
    now = datetime.now(UTC)
    await reporting.registry.start(
        [
            NewStream(
                "office",
                code,
                [OfficeOpened(code=code, name=name, kind=kind, parent_code=parent)],
            )
            for code, name, kind, parent in [
                (STREET_C, "南城街道", "street", DISTRICT),
                *(
                    (c, f"第{i + 1}社区", "community", STREET_C)
                    for i, c in enumerate(TWENTY)
                ),
            ]
        ]
    )
    defined = await reporting.http.put(
        f"{REPORTING}/campaigns/drug_free_community",
        json=DRUG_FREE_HERE,
        headers=token(),
    )
    assert defined.status_code == 200, defined.text
    async with open_feed(EVENTS, await pg_dsns(), nats_client, now) as events:
        for n, community in enumerate(TWENTY):
            held = 3 if n == 7 else 4
            for meeting in range(held):
                await events.append(
                    f"activity/{community}-{meeting}",
                    [_meeting(community, meeting, date(now.year, 1, 10 + meeting))],
                )
            await events.append(
                f"corner/{community}",
                [
                    PublicityCornerSetUp(
                        corner_id=f"corner-{community}",
                        office=community,
                        place="社区服务中心门口",
                        since=date(now.year, 1, 5),
                    )
                ],
            )
        await events.publish()
        await reporting.settle()
        card = (
            await reporting.http.get(
                f"{REPORTING}/scorecards/{STREET_C}/drug_free_community",
                headers=token(Role.STREET_ADMIN, STREET_C),
            )
        ).json()

    assert len(card["communities"]) == 20
    short = [c["office"] for c in card["communities"] if not c["passes"]]
    assert short == [TWENTY[7]]
    meetings = next(
        c["criteria"][0] for c in card["communities"] if c["office"] == TWENTY[7]
    )
    assert (meetings["actual"], meetings["met"]) == (3, False)
    assert meetings["source"] == (
        f"{REPORTING}/work-plans/{TWENTY[7]}/{now.year}/metrics/anti_drug_meetings/activities"
    )
    assert (card["pass_rate"], card["pass_rate_target"], card["pass_rate_met"]) == (
        0.95,
        0.95,
        True,
    )


def _meeting(office: str, n: int, on: date) -> ActivityPlanned:
    return ActivityPlanned(
        activity_id=f"{office}-{n}",
        office=office,
        kind="anti_drug_meeting",
        title=f"禁毒工作会议（第{n + 1}次）",
        held_on=on,
        place="社区会议室",
        lead="社区主任",
        staff=[],
        resources=[],
        planned_participants=12,
        risks=[],
    )
