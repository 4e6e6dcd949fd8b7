"""Moving in: an office's people's mediation ledger (Excel) imported, as rehab's is.

Row by row: a concluded dispute lands agreed, followed up and closed, an open one
accepted with its mediator, each marked as imported with its 编号; refused rows come
back with the column and the reason in Chinese, nothing of them written; a second
import of the same file adds nothing; a file without the columns is refused whole.
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
from shequ.contracts.mediation import DisputeRegistered, FulfilmentFollowedUp
from shequ.mediation.api._access import load_dispute
from shequ.mediation.cli.ledger_import import main
from shequ.testing.feeds import COMMUNITY_A

from .conftest import MEDIATION, Mediation, Token

HEADER = [
    "编号",
    "受理日期",
    "来源",
    "纠纷类型",
    "当事人",
    "性别",
    "年龄",
    "联系电话",
    "纠纷简要情况",
    "涉及金额",
    "调解员",
    "调解日期",
    "调解结果",
    "协议形式",
    "协议内容",
    "协议金额",
    "履行情况",
    "回访日期",
    "满意度",
    "结案日期",
]


def ledger(*rows: list[Any]) -> bytes:
    """An .xlsx as an office keeps it: a title row, the header, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["东向社区人民调解委员会人民调解台帐"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def settled(**more: Any) -> list[Any]:
    """A neighbours' dispute agreed in writing, fulfilled, followed up and closed."""
    cells = {
        "number": "东调〔2026〕12号",
        "received": date(2026, 10, 9),
        "source": "来访",
        "kind": "邻里纠纷",
        "parties": "王建华、李秀英",
        "sexes": "男、女",
        "ages": "52、47",
        "phones": "13900139001、13900139002",
        "matter": "楼上漏水致楼下天花板受损",
        "amount": 5000,
        "mediators": "陈丽华",
        "mediated": "2026/10/20",
        "result": "成功",
        "form": "书面",
        "terms": "王建华赔偿李秀英维修费3000元",
        "agreed": "3000元",
        "fulfilment": "已履行",
        "visited": "2026年11月2日",
        "satisfied": "满意",
        "closed": "2026-11-03",
    } | more
    return list(cells.values())


def open_(**more: Any) -> list[Any]:
    """A hotline call about a property fee, accepted, no result yet."""
    cells = {
        "number": "东调〔2026〕13号",
        "received": "2026-11-10",
        "source": "热线",
        "kind": "物业纠纷",
        "parties": "陈志强",
        "sexes": "男",
        "ages": "",
        "phones": "13800138111",
        "matter": "物业费收取标准争议",
    }
    blank = dict.fromkeys(("mediated", "result", "form", "terms", "agreed"))
    later = dict.fromkeys(("fulfilment", "visited", "satisfied", "closed"))
    return settled(**(cells | blank | later | more))


async def imported(
    mediation: Mediation, headers: dict[str, str], data: bytes
) -> dict[str, Any]:
    """Upload ``data``; the job once it is done."""
    files = {"file": ("台帐.xlsx", data, "application/octet-stream")}
    answer = await mediation.http.post(
        f"{MEDIATION}/imports", files=files, headers=headers
    )
    assert answer.status_code == 202, answer.text
    for _ in range(500):
        job = (
            await mediation.http.get(answer.headers["Location"], headers=headers)
        ).json()
        if job["status"] != "running":
            return dict(job)
        await asyncio.sleep(0.02)
    raise AssertionError("the import did not finish")


def counts(job: dict[str, Any]) -> dict[str, Any]:
    keys = ("status", "total", "read", "added", "already_registered", "refused")
    return {k: job[k] for k in keys}


async def histories(mediation: Mediation) -> dict[str, list[str]]:
    """Each dispute's events' types, by stream."""
    rows = await mediation.runtime.pool.fetch(
        """SELECT stream_id, array_agg(event_type ORDER BY version) AS types
           FROM events WHERE stream_type = 'dispute' GROUP BY stream_id"""
    )
    return {r["stream_id"]: list(r["types"]) for r in rows}


async def test_a_good_ledger_puts_each_dispute_where_its_row_says_it_is(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    await mediation.member(mediator, "陈丽华")
    await mediation.settle()

    job = await imported(mediation, mediator, ledger(settled(), open_()))
    await mediation.settle()
    rows = await mediation.http.get(f"{MEDIATION}/ledger", headers=mediator)

    assert counts(job) == {
        "status": "done",
        "total": 2,
        "read": 2,
        "added": 2,
        "already_registered": 0,
        "refused": 0,
    }
    assert sorted((await histories(mediation)).values()) == [
        ["DisputeRegistered", "DisputeAccepted", "MediatorsAssigned"],
        [
            "DisputeRegistered",
            "DisputeAccepted",
            "MediatorsAssigned",
            "MediationAgreementReached",
            "FulfilmentFollowedUp",
            "DisputeClosed",
        ],
    ]
    shown = sorted(
        (r["registered_on"], r["status"], r["outcome"]) for r in rows.json()["items"]
    )
    assert shown == [
        ("2026-10-09", "closed", "fulfilled"),
        ("2026-11-10", "accepted", None),
    ]


async def test_an_imported_dispute_says_so_and_keeps_the_rows_parties(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    await mediation.member(mediator, "陈丽华")
    await mediation.settle()

    await imported(mediation, mediator, ledger(settled()))

    [stream] = await histories(mediation)
    found = await load_dispute(mediation.runtime, stream.removeprefix("dispute/"))
    registered, visit = found.events[0], found.events[4]
    assert isinstance(registered, DisputeRegistered)
    assert isinstance(visit, FulfilmentFollowedUp)
    assert registered.ledger_number == "东调〔2026〕12号"
    assert [(p.name, p.sex, p.age, p.phone) for p in registered.parties] == [
        ("王建华", "male", 52, "13900139001"),
        ("李秀英", "female", 47, "13900139002"),
    ]
    assert (visit.visited_on, visit.fulfilled, visit.satisfied) == (
        date(2026, 11, 2),
        True,
        True,
    )


async def test_refused_rows_come_back_with_column_and_reason_and_write_nothing(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    await mediation.member(mediator, "陈丽华")
    await mediation.settle()
    rows = ledger(
        settled(kind="宅基地", received="2026-13-01"),
        open_(mediators="赵六", number="东调〔2026〕14号"),
        # Followed up before the agreement: its registration is not written either.
        settled(number="东调〔2026〕15号", visited="2026-10-19"),
        settled(number="东调〔2026〕16号", fulfilment="已履行", visited=None),
    )

    job = await imported(mediation, mediator, rows)
    refused = await mediation.http.get(
        f"{MEDIATION}/imports/{job['job_id']}/refused",
        headers={**mediator, "Accept-Language": "zh"},
    )

    assert counts(job) == {
        "status": "done",
        "total": 4,
        "read": 4,
        "added": 0,
        "already_registered": 0,
        "refused": 4,
    }
    assert await histories(mediation) == {}
    lines = refused.text.lstrip("\ufeff").splitlines()
    assert [line.split(",")[0] for line in lines] == ["行号", "3", "4", "5", "6"]
    assert lines[1].endswith(
        "受理日期：'2026-13-01' 不是日期，请写成 1990-03-07；"
        "纠纷类型：'宅基地' 不在可选值之内："
        "拆迁补偿、邻里纠纷、婚姻家庭、物业纠纷、劳动纠纷、损害赔偿、其他"
    ), lines[1]
    assert lines[2].endswith("调解员：赵六 不是本调委会的在任成员：请先聘任"), lines[2]
    assert "回访日期：" in lines[3], lines[3]
    assert lines[4].endswith("回访日期：填写履行情况时须同时填写回访日期"), lines[4]


async def test_importing_the_same_ledger_again_adds_nothing(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    await mediation.member(mediator, "陈丽华")
    await mediation.settle()
    data = ledger(settled(), open_())
    await imported(mediation, mediator, data)
    before = await histories(mediation)

    again = await imported(mediation, mediator, data)

    assert counts(again) == {
        "status": "done",
        "total": 2,
        "read": 2,
        "added": 0,
        "already_registered": 2,
        "refused": 0,
    }
    assert await histories(mediation) == before


async def test_a_file_without_the_columns_is_refused_before_anything(
    mediation: Mediation, token: Token
) -> None:
    data = "编号,当事人\n东调〔2026〕12号,王建华\n".encode()
    files = {"file": ("台帐.csv", data, "text/csv")}

    answer = await mediation.http.post(
        f"{MEDIATION}/imports", files=files, headers=token()
    )

    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["file"]
    assert answer.json()["detail"].startswith(
        "the header (row 1) lacks required columns: received_on (受理日期"
    )
    assert await histories(mediation) == {}


async def test_only_mediators_import(mediation: Mediation, token: Token) -> None:
    files = {"file": ("台帐.xlsx", ledger(open_()), "application/octet-stream")}

    refused = await mediation.http.post(
        f"{MEDIATION}/imports", files=files, headers=token(Role.JUSTICE_OFFICE)
    )

    assert refused.status_code == 403
    assert await histories(mediation) == {}


async def test_the_sample_ledger_imports_as_it_is(
    mediation: Mediation, token: Token
) -> None:
    sample = await mediation.http.get(f"{MEDIATION}/imports/sample", headers=token())

    job = await imported(mediation, token(), sample.content)

    assert sample.status_code == 200, sample.text
    assert (job["added"], job["refused"]) == (2, 0), job


async def test_the_command_line_puts_the_ledger_on_file_and_again_adds_nothing(
    mediation: Mediation,
    token: Token,
    pg_dsn: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await mediation.member(token(), "陈丽华")
    await mediation.settle()
    monkeypatch.setenv("SHEQU_DATABASE_URL", pg_dsn)
    path = tmp_path / "台帐.xlsx"
    path.write_bytes(ledger(settled(), open_()))
    command = ["import", str(path), "--office", COMMUNITY_A]

    first = await asyncio.to_thread(main, command)
    said = capsys.readouterr()
    again = await asyncio.to_thread(main, command)

    assert first == 0
    assert said.out.splitlines() == ["读取 2 行，新登记纠纷 2 件，已有 0 件，无效 0 行"]
    assert said.err.splitlines()[-1].startswith("2/2 ")
    assert len(await histories(mediation)) == 2
    assert again == 0
    assert capsys.readouterr().out.splitlines() == [
        "读取 2 行，新登记纠纷 0 件，已有 2 件，无效 0 行"
    ]


def test_the_command_line_reports_each_refused_row_and_exits_1(
    pg_dsn: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHEQU_DATABASE_URL", pg_dsn)
    path = tmp_path / "台帐.xlsx"
    path.write_bytes(ledger(settled(received="2026-13-01"), open_()))

    code = main(["import", str(path), "--office", COMMUNITY_A])

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "读取 2 行，新登记纠纷 0 件，已有 0 件，无效 2 行",
        "第 3 行：受理日期：'2026-13-01' 不是日期，请写成 1990-03-07",
        "第 4 行：调解员：陈丽华 不是本调委会的在任成员：请先聘任",
    ]


def test_the_command_line_refuses_a_file_without_the_columns_and_exits_2(
    pg_dsn: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHEQU_DATABASE_URL", pg_dsn)
    path = tmp_path / "台帐.csv"
    path.write_text("编号,当事人\n东调〔2026〕12号,王建华\n", encoding="utf-8")

    code = main(["import", str(path), "--office", COMMUNITY_A, "--lang", "en"])

    assert code == 2
    assert capsys.readouterr().err.startswith(
        "import refused, nothing written: the header (row 1) lacks required columns:"
        " received_on (受理日期"
    )


def test_the_command_line_refuses_an_office_that_is_no_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "台帐.xlsx"
    path.write_bytes(ledger(open_()))

    code = main(["import", str(path), "--office", "东向社区"])

    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "导入被拒绝，未写入任何数据：东向社区 不是单位区划代码"
    )
