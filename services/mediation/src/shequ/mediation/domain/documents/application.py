"""调解申请书: the parties ask the committee to mediate (人民调解法 art. 17). Pure.

The dispute as registered: who, how it came, the matter and the sum in dispute; the
applicant (the first party) signs, the committee records it received.
"""

from __future__ import annotations

from datetime import date

from shequ.documents import Document, Section, Signature, cn_date
from shequ.mediation.domain.documents._model import DisputeFacts
from shequ.mediation.domain.documents._words import (
    KIND_NAMES,
    SOURCE_NAMES,
    number_of,
    party_lines,
    yuan,
)

TITLE = "人民调解申请书"
PROMISE = (
    "申请人自愿申请人民调解，保证所述情况属实，遵守调解纪律，尊重对方当事人的权利。",
    "申请人知悉：人民调解遵循自愿、平等、合法的原则，当事人可以随时要求终止调解，"
    "调解不成的，可以依法通过仲裁、行政、司法等途径维护自己的权利。",
)


def compose(facts: DisputeFacts, number: str | None, issued_on: date) -> Document:
    """The application of the dispute, as it was registered."""
    request = [f"请求{facts.committee}对上述{KIND_NAMES[facts.kind]}依法予以调解。"]
    if facts.amount is not None:
        request.append(f"争议金额：{yuan(facts.amount)}。")
    return Document(
        kind="application",
        title=TITLE,
        number=number_of(number, facts.dispute_id, "申"),
        issued_on=issued_on,
        parties=(*party_lines(facts.parties), ("纠纷来源", SOURCE_NAMES[facts.source])),
        preamble=(
            f"申请人于{cn_date(facts.registered_on)}向{facts.committee}申请调解"
            f"{KIND_NAMES[facts.kind]}。"
        ),
        sections=(
            Section("一、纠纷事实及争议事项", (facts.matter,)),
            Section("二、申请事项", tuple(request)),
            Section("三、申请人声明", PROMISE),
        ),
        closing="此致　" + facts.committee,
        signatures=(
            Signature("申请人(签名)", facts.parties[0].name),
            Signature("受理人(签名)"),
            Signature("人民调解委员会(盖章)", facts.committee),
        ),
    )
