"""人民调解协议书: the agreement, with every field of 《人民调解法》 art. 29. Pure.

Art. 29: the parties' basic information; the main facts, the disputed matters and
each party's responsibility; the content agreed, how and by when it is fulfilled.
Signed by the parties, signed by the mediator, sealed by the committee; one copy for
each party and one kept by the committee. An oral agreement (art. 28) has no form.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.messages import N_
from shequ.documents import Document, Section, Signature, cn_date
from shequ.mediation.domain.documents._model import AgreementFacts, DisputeFacts
from shequ.mediation.domain.documents._words import (
    KIND_NAMES,
    NotYetRecorded,
    mediators_sign,
    number_of,
    parties_sign,
    party_lines,
    side,
    yuan,
)

TITLE = "人民调解协议书"


def written(facts: DisputeFacts) -> AgreementFacts:
    """The written agreement of the dispute, or the refusal: none is reached yet."""
    if facts.agreement is None or facts.agreement.form != "written":
        raise NotYetRecorded(
            N_("no written agreement is reached on the dispute yet"), field="kind"
        )
    return facts.agreement


def _fulfilment(facts: DisputeFacts, agreement: AgreementFacts) -> tuple[str, ...]:
    items = []
    for o in agreement.obligations:
        name = facts.parties[o.party - 1].name
        amount = f"，金额{yuan(o.amount)}" if o.amount is not None else ""
        items.append(
            f"{side(o.party)}{name}：{o.what}{amount}，"
            f"履行期限：{cn_date(o.due_on)}前履行完毕。"
        )
    return tuple(items)


def compose(facts: DisputeFacts, number: str | None, issued_on: date) -> Document:
    """The agreement of the dispute; numbered after the dispute by default."""
    agreement = written(facts)
    copies = len(facts.parties) + 1
    return Document(
        kind="agreement",
        title=TITLE,
        number=number_of(number, facts.dispute_id, "协"),
        issued_on=issued_on,
        parties=(*party_lines(facts.parties), ("人民调解委员会", facts.committee)),
        preamble=(
            f"{'、'.join(p.name for p in facts.parties)}之间的"
            f"{KIND_NAMES[facts.kind]}，经{facts.committee}调解，当事人于"
            f"{cn_date(agreement.agreed_on)}自愿达成如下协议。"
        ),
        sections=(
            Section("一、纠纷的主要事实、争议事项", (facts.matter,)),
            Section("二、各方当事人的责任", (agreement.facts or "—",)),
            Section("三、当事人达成调解协议的内容", (agreement.terms,)),
            Section("四、履行协议的方式、期限", _fulfilment(facts, agreement)),
        ),
        closing=(
            "本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效，"
            "对当事人具有法律约束力，当事人应当按照约定履行。"
            f"本协议一式{copies}份，当事人各执一份，人民调解委员会留存一份。"
        ),
        signatures=(
            *parties_sign(facts.parties),
            *mediators_sign(facts.mediators),
            Signature("人民调解委员会(盖章)", facts.committee),
        ),
    )
