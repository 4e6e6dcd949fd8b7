"""A mediation ledger's row, read and decided: what it records, or why it is refused.

Pure (no server): the row's cells in, the events of its new dispute or its problems
out. A row lands only where the dispute's lifecycle could have put it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from shequ.access import Acting
from shequ.contracts.ledgers import InvalidRow, Problem, locate_header
from shequ.contracts.mediation import (
    DisputeEvent,
    MediationAgreementReached,
    MediationContinuationAgreed,
    MediationFailed,
)
from shequ.mediation.domain.ledger import (
    HEADERS,
    REQUIRED,
    LedgerRow,
    decide_row,
    read_row,
)
from shequ.mediation.domain.rules import MediationRules

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
BY = Acting(staff_id="mediator-a", office="441900101002", now=NOW)
HEADER = (
    "编号 受理日期 来源 纠纷类型 当事人 纠纷简要情况"
    " 调解日期 调解结果 协议形式 协议内容 告知途径"
)
_, COLUMNS = locate_header([(1, HEADER.split())], HEADERS, REQUIRED)


def row(**cells: str) -> list[str]:
    """A row by header: a neighbours' dispute, walked in, open."""
    given = dict.fromkeys(HEADER.split(), "") | {
        "编号": "东调〔2026〕12号",
        "受理日期": "2026-09-01",
        "来源": "来访",
        "纠纷类型": "邻里纠纷",
        "当事人": "王建华、李秀英",
        "纠纷简要情况": "楼上漏水",
    }
    return list((given | cells).values())


def decided(cells: list[str]) -> list[DisputeEvent] | InvalidRow:
    line = read_row(3, cells, COLUMNS)
    assert isinstance(line, LedgerRow), line
    return decide_row(
        line,
        dispute_id="dispute-1",
        office=BY.office,
        committee={},
        rules=MediationRules(),
        by=BY,
    )


def test_an_agreement_past_the_period_records_the_consent_to_go_on_and_is_late() -> (
    None
):
    cells = row(
        调解日期="2026-10-20", 调解结果="成功", 协议形式="口头", 协议内容="互相谅解"
    )

    events = decided(cells)

    assert not isinstance(events, InvalidRow)
    assert [e.type for e in events] == [
        "DisputeRegistered",
        "DisputeAccepted",
        "MediationContinuationAgreed",
        "MediationAgreementReached",
    ]
    continued, agreed = events[2], events[3]
    assert isinstance(continued, MediationContinuationAgreed)
    assert isinstance(agreed, MediationAgreementReached)
    assert (continued.until, agreed.late, agreed.form) == (
        date(2026, 10, 20),
        True,
        "oral",
    )
    assert [(o.party, o.what, o.due_on) for o in agreed.obligations] == [
        (1, "互相谅解", date(2026, 10, 20))
    ]


def test_a_failure_records_the_advice_given() -> None:
    events = decided(row(调解日期="2026-09-10", 调解结果="不成", 告知途径="诉讼"))

    assert not isinstance(events, InvalidRow)
    failed = events[-1]
    assert isinstance(failed, MediationFailed)
    assert (failed.failed_on, failed.advice, failed.late) == (
        date(2026, 9, 10),
        "litigation",
        False,
    )


def test_an_agreement_without_its_content_is_refused_at_the_content() -> None:
    events = decided(row(调解日期="2026-09-10", 调解结果="成功", 协议形式="书面"))

    assert events == InvalidRow(
        3, (Problem("terms", "the agreed content must not be blank"),)
    )


def test_every_unreadable_cell_of_a_row_is_listed() -> None:
    line = read_row(4, row(来源="网上", 编号="", 调解结果="成功"), COLUMNS)

    assert isinstance(line, InvalidRow)
    assert [p.field for p in line.problems] == [
        "source",
        "number",
        "mediated_on",
        "form",
    ]
