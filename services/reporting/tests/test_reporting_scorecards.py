"""Scorecards (考评): a campaign's criteria on real figures, per community and street.

充分就业社区 (篇二) judged on employment's events: community A at 96% with no
zero-employment household passes, A2 at 80% does not, B has no one on record (no
figure: it does not pass). The street's and the district's pass rates follow; every
number names the ledger behind it; the board prints to Excel and PDF.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl

from shequ.access import Role
from shequ.reporting.domain.designations.standard import FULL_EMPLOYMENT
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B, STREET_A

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
