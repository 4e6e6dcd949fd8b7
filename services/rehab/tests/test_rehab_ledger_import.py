"""Moving in: an office's case ledger (Excel) imported as the registry's import does.

Row by row: the person found in the registry by ID number, the decision opening the
case, the report, agreement and responsible worker recorded where given; refused
rows returned with the column and the reason in Chinese, nothing of them written; a
second import of the same file adds nothing; only rehab writers import.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from shequ.access import Role
from shequ.contracts.registry import PersonRegistered
from shequ.eventstore import NewStream
from shequ.rehab.cli.ledger_import import main
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, registration

from .conftest import REHAB, Rehab, Token

HEADER = [
    "姓名",
    "公民身份号码",
    "类型",
    "依据",
    "决定书编号",
    "决定机关",
    "决定日期",
    "期限(月)",
    "报到日期",
    "协议书编号",
    "签订日期",
    "责任社工",
]
ORGAN = "东莞市公安局中堂分局"
ZHANG, LI = "441900199005071234", "441900198801021236"


def ledger(*rows: list[Any]) -> bytes:
    """An .xlsx as an office keeps it: a title row, the header, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["中堂镇社区戒毒社区康复人员台帐"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zhang(**more: Any) -> list[Any]:
    """张三's row: a detox decision, reported, agreement signed, worker-a's."""
    cells = {
        "name": "张三",
        "id": ZHANG,
        "kind": "社区戒毒",
        "ground": "初次查获",
        "number": "东公(禁)决字〔2026〕88号",
        "organ": ORGAN,
        "decided": date(2026, 11, 2),
        "term": 36,
        "reported": "2026/11/5",
        "agreement": "中堂社戒协字〔2026〕7号",
        "signed": "2026年11月5日",
        "worker": "worker-a",
    } | more
    return list(cells.values())


def li(**more: Any) -> list[Any]:
    """李四's row: a recovery decision only (依据 left blank: it has one ground)."""
    cells = {
        "name": "李四",
        "id": LI,
        "kind": "社区康复",
        "ground": "",
        "number": "东公(禁)决字〔2026〕89号",
        "organ": ORGAN,
        "decided": "2026-11-10",
        "term": "24",
        "reported": None,
        "agreement": None,
        "signed": None,
        "worker": None,
    } | more
    return list(cells.values())


async def registered(rehab: Rehab, office: str = COMMUNITY_A) -> None:
    """张三 and 李四 in the registry, with their ID numbers."""
    people: list[PersonRegistered] = [
        registration(office, "张三", id_number=ZHANG),
        registration(office, "李四", id_number=LI),
    ]
    await rehab.registry.start([NewStream("person", p.person_id, [p]) for p in people])
    await rehab.settle()


async def imported(
    rehab: Rehab, headers: dict[str, str], data: bytes
) -> dict[str, Any]:
    """Upload ``data``; the job once it is done."""
    files = {"file": ("台帐.xlsx", data, "application/octet-stream")}
    answer = await rehab.http.post(f"{REHAB}/imports", files=files, headers=headers)
    assert answer.status_code == 202, answer.text
    for _ in range(500):
        job = (await rehab.http.get(answer.headers["Location"], headers=headers)).json()
        if job["status"] != "running":
            return dict(job)
        await asyncio.sleep(0.02)
    raise AssertionError("the import did not finish")


def counts(job: dict[str, Any]) -> dict[str, Any]:
    keys = ("status", "total", "read", "added", "already_registered", "refused")
    return {k: job[k] for k in keys}


async def histories(rehab: Rehab) -> dict[str, list[str]]:
    """Each case's events' types, by stream."""
    rows = await rehab.runtime.pool.fetch(
        """SELECT stream_id, array_agg(event_type ORDER BY version) AS types
           FROM events WHERE stream_type = 'rehab_case' GROUP BY stream_id"""
    )
    return {r["stream_id"]: list(r["types"]) for r in rows}


async def test_a_good_ledger_opens_each_case_with_what_its_row_records(
    rehab: Rehab, token: Token
) -> None:
    await registered(rehab)

    job = await imported(rehab, token(), ledger(zhang(), li()))

    assert counts(job) == {
        "status": "done",
        "total": 2,
        "read": 2,
        "added": 2,
        "already_registered": 0,
        "refused": 0,
    }
    assert sorted((await histories(rehab)).values()) == [
        ["RehabDecisionReceived"],
        [
            "RehabDecisionReceived",
            "RehabReported",
            "RehabAgreementSigned",
            "RehabTeamAssigned",
        ],
    ]
    await rehab.settle()
    cases = await rehab.runtime.pool.fetch(
        """SELECT kind, reported_on, agreement_signed, responsible_worker, office
           FROM rehab_cases ORDER BY kind"""
    )
    assert [dict(c) for c in cases] == [
        {
            "kind": "community_detox",
            "reported_on": date(2026, 11, 5),
            "agreement_signed": True,
            "responsible_worker": "worker-a",
            "office": COMMUNITY_A,
        },
        {
            "kind": "community_recovery",
            "reported_on": None,
            "agreement_signed": False,
            "responsible_worker": None,
            "office": COMMUNITY_A,
        },
    ]


async def test_refused_rows_come_back_with_column_and_reason_and_write_nothing(
    rehab: Rehab, token: Token
) -> None:
    await registered(rehab)
    rows = ledger(
        zhang(kind="强制戒毒", decided="2026-13-01"),
        li(term=40),
        # The agreement signed before the report: its decision is not written either.
        zhang(number="东公(禁)决字〔2026〕90号", signed="2026-11-04"),
    )

    job = await imported(rehab, token(), rows)
    refused = await rehab.http.get(
        f"{REHAB}/imports/{job['job_id']}/refused",
        headers={**token(), "Accept-Language": "zh"},
    )

    assert counts(job) == {
        "status": "done",
        "total": 3,
        "read": 3,
        "added": 0,
        "already_registered": 0,
        "refused": 3,
    }
    assert await histories(rehab) == {}
    lines = refused.text.lstrip("\ufeff").splitlines()
    assert [line.split(",")[0] for line in lines] == ["行号", "3", "4", "5"]
    assert lines[1].endswith(
        "类型：'强制戒毒' 不在可选值之内：社区戒毒、社区康复、协议执行；"
        "决定日期：'2026-13-01' 不是日期，请写成 1990-03-07"
    ), lines[1]
    assert "期限(月)：" in lines[2], lines[2]
    assert "签订日期：" in lines[3], lines[3]


async def test_importing_the_same_ledger_again_adds_nothing(
    rehab: Rehab, token: Token
) -> None:
    await registered(rehab)
    data = ledger(zhang(), li())
    await imported(rehab, token(), data)
    before = await histories(rehab)

    again = await imported(rehab, token(), data)

    assert counts(again) == {
        "status": "done",
        "total": 2,
        "read": 2,
        "added": 0,
        "already_registered": 2,
        "refused": 0,
    }
    assert await histories(rehab) == before


async def test_a_person_not_in_the_registry_of_the_office_is_refused(
    rehab: Rehab, token: Token
) -> None:
    await registered(rehab, office=COMMUNITY_B)  # another street's residents

    job = await imported(rehab, token(), ledger(zhang(), li(id="441900200001010013")))
    refused = await rehab.http.get(
        f"{REHAB}/imports/{job['job_id']}/refused", headers=token()
    )

    assert (job["added"], job["refused"]) == (0, 2)
    assert await histories(rehab) == {}
    assert refused.text.count("no person in the registry of your office") == 2


async def test_only_rehab_writers_of_the_office_import_and_see_the_job(
    rehab: Rehab, token: Token
) -> None:
    await registered(rehab)
    files = {"file": ("台帐.xlsx", ledger(zhang()), "application/octet-stream")}
    job = await imported(rehab, token(), ledger(zhang()))
    job_url = f"{REHAB}/imports/{job['job_id']}"

    refused = await rehab.http.post(
        f"{REHAB}/imports", files=files, headers=token(Role.STREET_ADMIN)
    )
    elsewhere = await rehab.http.get(
        job_url, headers=token(office=COMMUNITY_B, staff_id="worker-b")
    )

    assert refused.status_code == 403
    assert elsewhere.status_code == 404
    assert await histories(rehab) != {}


async def test_a_file_without_the_columns_is_refused_before_anything(
    rehab: Rehab, token: Token
) -> None:
    data = "姓名,公民身份号码\n张三,441900199005071234\n".encode()
    files = {"file": ("台帐.csv", data, "text/csv")}

    answer = await rehab.http.post(f"{REHAB}/imports", files=files, headers=token())

    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["file"]
    assert answer.json()["detail"].startswith(
        "the header (row 1) lacks required columns: kind (类型 / 戒毒类型 / kind)"
    )


def test_the_command_line_reports_each_refused_row_and_exits_1(
    pg_dsn: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHEQU_DATABASE_URL", pg_dsn)
    path = tmp_path / "台帐.xlsx"
    path.write_bytes(ledger(zhang(), li(term="三年")))

    code = main(["import", str(path), "--office", COMMUNITY_A])

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "读取 2 行，新建案件 0 件，已有 0 件，无效 2 行",
        "第 3 行：公民身份号码："
        "本单位辖区的人口底册中没有此公民身份号码的人：请先登记此人",
        "第 4 行：期限(月)：'三年' 不是月数",
    ]


def test_the_command_line_refuses_a_file_without_the_columns_and_exits_2(
    pg_dsn: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHEQU_DATABASE_URL", pg_dsn)
    path = tmp_path / "台帐.csv"
    path.write_text("序号,备注\n1,无\n", encoding="utf-8")

    code = main(["import", str(path), "--office", COMMUNITY_A, "--lang", "en"])

    assert code == 2
    assert capsys.readouterr().err.startswith(
        "import refused, nothing written: no header row found"
    )


async def test_the_sample_ledger_imports_as_it_is(rehab: Rehab, token: Token) -> None:
    await registered(rehab)  # the sample's two people
    sample = await rehab.http.get(f"{REHAB}/imports/sample", headers=token())

    job = await imported(rehab, token(), sample.content)

    assert sample.status_code == 200, sample.text
    assert (job["added"], job["refused"]) == (2, 0)
