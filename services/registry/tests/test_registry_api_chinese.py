"""Chinese by default (#13): a refusal, an office and an import's refused rows.

A reader who sends no ``Accept-Language`` reads Chinese: the problem's title, detail
and field messages, offices by name beside their code, and the refused rows of an
upload with Chinese headers and reasons (CSV, or Excel with ``format=xlsx``). One who
asks for English gets English.
"""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
import openpyxl

from shequ.access import Role
from shequ.registry.domain.identity import check_digit

PERSONS = "/api/v1/registry/persons"
IMPORTS = "/api/v1/registry/imports"
STREET_A, COMMUNITY_A = "441900101000", "441900101001"
FIRST17 = "44190019900307101"
GOOD = FIRST17 + check_digit(FIRST17)
BAD = FIRST17 + ("0" if check_digit(FIRST17) != "0" else "1")
HEADER = ["序号", "姓名", "身份证号", "性别", "住址"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person(number: str, office: str = COMMUNITY_A) -> dict:
    return {
        "name": "张伟",
        "office": office,
        "address": "东城路 1 号",
        "document_number": number,
        "document_kind": "resident_id",
    }


def _chinese(http: httpx.AsyncClient) -> None:
    """The test client asks for English; this one sends no Accept-Language."""
    del http.headers["Accept-Language"]


async def test_a_refusal_without_accept_language_is_in_chinese(registry, token) -> None:
    _chinese(registry)
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    refused = await registry.post(PERSONS, json=_person(BAD), headers=clerk)

    reason = f"校验码应为 {GOOD[17]}，不是 {BAD[17]}"
    assert refused.status_code == 422
    assert refused.headers["Content-Language"] == "zh-CN"
    assert {k: v for k, v in refused.json().items() if k != "type"} == {
        "title": "身份证号无效",
        "status": 422,
        "detail": reason,
        "instance": PERSONS,
        "errors": [{"field": "document_number", "message": reason}],
    }


async def test_a_refusal_names_the_office_beside_its_code(registry, token) -> None:
    _chinese(registry)
    admin = token(Role.STREET_ADMIN, STREET_A)

    refused = await registry.post(PERSONS, json=_person(GOOD, STREET_A), headers=admin)

    # The test tree names each office "office <code>".
    said = f"office {STREET_A}（{STREET_A}）是街道级单位：人员和住房应属社区、村或网格"
    assert (refused.json()["title"], refused.json()["detail"]) == (
        "不是居民所属单位",
        said,
    )


async def test_the_same_refusal_is_in_english_when_asked(registry, token) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    refused = await registry.post(
        PERSONS, json=_person(BAD), headers={**clerk, "Accept-Language": "en"}
    )

    reason = f"check digit should be {GOOD[17]}, not {BAD[17]}"
    assert refused.headers["Content-Language"] == "en"
    assert (refused.json()["title"], refused.json()["detail"]) == (
        "Invalid ID number",
        reason,
    )


async def test_a_person_file_shows_its_office_by_name(registry, token) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    created = await registry.post(PERSONS, json=_person(GOOD), headers=clerk)
    read = await registry.get(created.headers["Location"], headers=clerk)

    assert (read.json()["office"], read.json()["office_name"]) == (
        COMMUNITY_A,
        f"office {COMMUNITY_A}",
    )


async def _refused_rows(http: httpx.AsyncClient, clerk: dict, query: str) -> bytes:
    out = io.StringIO()
    rows = [
        ["1", "", GOOD, "男", "东城路 1 号"],
        ["2", "李娜", BAD, "女", "东城路 2 号"],
    ]
    csv.writer(out).writerows([HEADER, *rows])
    accepted = await http.post(
        IMPORTS,
        data={"office": COMMUNITY_A},
        files={"file": ("台帐.csv", out.getvalue().encode("utf-8-sig"), "text/csv")},
        headers=clerk,
    )
    url = accepted.headers["Location"]
    async with asyncio.timeout(20):
        while (await http.get(url, headers=clerk)).json()["status"] == "running":
            await asyncio.sleep(0.05)
    refused = await http.get(f"{url}/refused{query}", headers=clerk)
    assert refused.status_code == 200, refused.text
    return refused.content


async def test_the_refused_rows_of_an_import_give_chinese_reasons(
    registry, token
) -> None:
    _chinese(registry)
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    content = await _refused_rows(registry, clerk, "")

    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        ["行号", *HEADER, "问题"],
        ["2", "1", "", GOOD, "男", "东城路 1 号", "姓名：姓名不能为空"],
        [
            "3",
            "2",
            "李娜",
            BAD,
            "女",
            "东城路 2 号",
            f"身份证号：校验码应为 {GOOD[17]}，不是 {BAD[17]}",
        ],
    ]


async def test_the_refused_rows_come_as_a_workbook_on_request(registry, token) -> None:
    _chinese(registry)
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    content = await _refused_rows(registry, clerk, "?format=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = cells.index(["行号", *HEADER, "问题"])
    assert "台帐导入未通过行" in str(cells[0][0])
    assert sheet.freeze_panes == f"A{header + 2}"
    assert cells[header + 1][:4] == [2, "1", "", GOOD]
    assert cells[header + 1][-1] == "姓名：姓名不能为空"
