"""尿检委托协议书: the office entrusts the person's urine tests. Pure.

The seed's plan (000 篇三 五) gives the police the tests of community rehab clients, so
the office (委托方) entrusts the police organ that decided (受托方) to test the person
on the schedule the district sets (``RehabRules.test_phases``) for the whole term.
"""

from __future__ import annotations

from datetime import date

from shequ.documents import Document, Section, Signature, cn_date
from shequ.rehab.domain.documents._model import CaseFacts
from shequ.rehab.domain.documents._words import number_of, term

TITLE = "尿检委托协议书"
DUTIES = (
    "受托方按照检测规范采集和检测尿样，出具检测结果，并于检测后三日内书面告知委托方。",
    "检测结果为阳性的，受托方依法处理，并及时告知委托方。",
    "被检测人拒绝或者逃避检测的，受托方当日告知委托方，由委托方记录在案。",
    "双方对检测结果和被检测人的个人信息依法保密。",
)
CLOSING = (
    "本协议自双方盖章之日起生效，至被检测人社区戒毒(康复)期满解除之日终止。"
    "本协议一式三份，委托方、受托方和被检测人各执一份。"
)


def _schedule(facts: CaseFacts) -> tuple[str, ...]:
    phases = []
    for n, phase in enumerate(facts.test_phases, start=1):
        phases.append(
            f"第{n}阶段({phase.months}个月)：每{phase.every}个月至少检测一次。"
        )
    return tuple(phases)


def compose(facts: CaseFacts, number: str | None, issued_on: date) -> Document:
    """The entrustment of the case's tests; numbered after the agreement by default."""
    starts, ends = term(facts)
    preamble = (
        f"为落实社区戒毒(康复)措施，委托方委托受托方自{cn_date(starts)}起至"
        f"{cn_date(ends)}止，对被检测人{facts.client.name}进行尿样毒品检测，"
        "双方约定如下。"
    )
    return Document(
        kind="test_entrustment",
        title=TITLE,
        number=number_of(number, facts, "-尿检"),
        issued_on=issued_on,
        parties=(
            ("委托方", facts.office_name),
            ("受托方", facts.police_organ),
            ("被检测人", facts.client.name),
        ),
        preamble=preamble,
        sections=(
            Section("一、检测频次", _schedule(facts)),
            Section("二、双方的责任", DUTIES),
        ),
        closing=CLOSING,
        signatures=(
            Signature("委托方(盖章)", facts.office_name),
            Signature("受托方(盖章)", facts.police_organ),
            Signature("被检测人(签名)", facts.client.name),
        ),
    )
