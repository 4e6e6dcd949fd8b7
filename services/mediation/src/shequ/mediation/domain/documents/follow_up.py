"""回访记录: each obligation of the agreement visited at its deadline (回访). Pure.

One section per ``FulfilmentFollowedUp``: the obligation, the day, whether it was
fulfilled and the parties satisfied, what was noted; the mediator signs.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.messages import N_
from shequ.documents import Document, Section, Signature, cn_date
from shequ.mediation.domain.documents._model import DisputeFacts, FollowUpFacts
from shequ.mediation.domain.documents._words import (
    NotYetRecorded,
    mediators_sign,
    number_of,
    party_lines,
    side,
)

TITLE = "人民调解回访记录"


def _visit(facts: DisputeFacts, visit: FollowUpFacts) -> Section:
    agreed = facts.agreement
    found = (
        [o for o in agreed.obligations if o.number == visit.obligation]
        if agreed
        else []
    )
    what = (
        f"{side(found[0].party)}{found[0].what}(期限{cn_date(found[0].due_on)})"
        if found
        else f"第{visit.obligation}项义务"
    )
    return Section(
        f"回访第{visit.obligation}项：{what}",
        (
            f"回访日期：{cn_date(visit.visited_on)}",
            f"履行情况：{'已履行' if visit.fulfilled else '未履行'}",
            f"当事人意见：{_OPINION[visit.satisfied]}",
            f"回访情况：{visit.note or '—'}",
        ),
    )


_OPINION = {True: "满意", False: "不满意", None: "未了解"}


def compose(facts: DisputeFacts, number: str | None, issued_on: date) -> Document:
    """The record of the dispute's 回访, or the refusal: none is recorded yet."""
    if not facts.follow_ups:
        raise NotYetRecorded(
            N_("no follow-up is recorded on the dispute yet"), field="kind"
        )
    agreed_on = facts.agreement.agreed_on if facts.agreement else facts.registered_on
    return Document(
        kind="follow_up_record",
        title=TITLE,
        number=number_of(number, facts.dispute_id, "访"),
        issued_on=issued_on,
        parties=(*party_lines(facts.parties), ("人民调解委员会", facts.committee)),
        preamble=f"对{cn_date(agreed_on)}达成的调解协议的履行情况进行回访。",
        sections=tuple(_visit(facts, v) for v in facts.follow_ups),
        closing="回访情况记入人民调解台帐。",
        signatures=(
            *mediators_sign(facts.mediators),
            Signature("人民调解委员会(盖章)", facts.committee),
        ),
    )
