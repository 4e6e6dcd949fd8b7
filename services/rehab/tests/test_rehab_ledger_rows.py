"""A case ledger's row, read and decided: what it records, or why it is refused.

Pure (no server): the row's cells in, the events of its new case or its problems out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from shequ.access import Acting
from shequ.contracts.ledgers import InvalidRow, Problem, locate_header
from shequ.contracts.rehab import RehabCaseEvent
from shequ.rehab.domain.ledger import HEADERS, REQUIRED, LedgerRow, decide_row, read_row
from shequ.rehab.domain.rules import RehabRules

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
BY = Acting(staff_id="worker-a", office="441900101001", now=NOW)
HEADER = (
    "姓名 公民身份号码 类型 依据 决定书编号 决定机关 决定日期 期限(月)"
    " 报到日期 协议书编号 签订日期 责任社工"
)
_, COLUMNS = locate_header([(1, HEADER.split())], HEADERS, REQUIRED)


def row(**cells: str) -> list[str]:
    given = {
        "姓名": "张三",
        "公民身份号码": "441900199005071234",
        "类型": "社区戒毒",
        "依据": "初次查获",
        "决定书编号": "东公(禁)决字〔2026〕88号",
        "决定机关": "东莞市公安局中堂分局",
        "决定日期": "2026-11-02",
        "期限(月)": "36",
        "报到日期": "",
        "协议书编号": "",
        "签订日期": "",
        "责任社工": "",
    } | {HEADER.split()[int(k[1:])]: v for k, v in cells.items()}
    return list(given.values())


def decided(cells: list[str]) -> list[RehabCaseEvent] | InvalidRow:
    line = read_row(3, cells, COLUMNS)
    assert isinstance(line, LedgerRow), line
    return decide_row(
        line,
        person_id="person-1",
        office="441900101001",
        case_id="case-1",
        rules=RehabRules(),
        by=BY,
    )


def test_a_row_records_its_report_agreement_and_worker_after_the_decision() -> None:
    cells = row(
        c8="2026/11/5", c9="中堂社戒协字〔2026〕7号", c10="20261105", c11="worker-a"
    )

    events = decided(cells)

    assert isinstance(events, list)
    assert [e.type for e in events] == [
        "RehabDecisionReceived",
        "RehabReported",
        "RehabAgreementSigned",
        "RehabTeamAssigned",
    ]
    assert events[1].reported_on == date(2026, 11, 5)  # type: ignore[union-attr]


def test_a_recovery_row_needs_no_ground() -> None:
    events = decided(row(c2="社区康复", c3=""))

    assert isinstance(events, list)
    assert events[0].ground == "released_from_isolation"  # type: ignore[union-attr]


def test_an_agreement_signed_before_the_report_refuses_the_whole_row() -> None:
    cells = row(c8="2026-11-05", c9="中堂社戒协字〔2026〕7号", c10="2026-11-04")

    refused = decided(cells)

    assert refused == InvalidRow(
        3,
        (
            Problem(
                "signed_on", "the date falls between the report (2026-11-05) and today"
            ),
        ),
    )


def test_a_term_longer_than_the_law_allows_is_refused_naming_the_term() -> None:
    refused = decided(row(c7="40"))

    assert refused == InvalidRow(
        3, (Problem("term_months", "a term is 1 to 36 months, not 40"),)
    )


def test_every_unreadable_cell_of_a_row_is_listed() -> None:
    cells = row(c1="", c2="强制戒毒", c6="2026-13-01", c7="三年", c9="协字1号")

    refused = read_row(3, cells, COLUMNS)

    assert isinstance(refused, InvalidRow)
    assert [p.field for p in refused.problems] == [
        "kind",
        "decided_on",
        "term_months",
        "document_number",
        "signed_on",
    ]
