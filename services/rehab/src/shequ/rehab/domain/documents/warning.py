"""社区戒毒(康复)告诫书: a warning for one violation recorded on the case. Pure.

Names the violation and its date (``RehabWarningIssued``), the agreement it breaks,
and what a serious violation brings (《戒毒条例》: reported to the police).
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.messages import N_
from shequ.documents import Document, Section, Signature, cn_date
from shequ.rehab.domain.documents._model import CaseFacts, WarningFacts
from shequ.rehab.domain.documents._words import (
    VIOLATION_NAMES,
    NoSuchWarning,
    number_of,
    term,
)

TITLE = "社区戒毒(康复)告诫书"
DEMANDS = (
    "严格遵守社区戒毒(康复)协议，按时报告戒毒(康复)情况，按要求接受尿样检测。",
    "未经批准不得离开执行地所在县(市、区)。",
    "逃避或者拒绝检测三次以上，擅自离开三次以上或者累计超过30日，或者又吸食、"
    "注射毒品的，属严重违反协议，将报告公安机关依法处理。",
)
CLOSING = "本告诫书一式两份，告诫单位和被告诫人各执一份。"


def chosen(facts: CaseFacts, warning: int | None) -> tuple[int, WarningFacts]:
    """The ``warning``-th warning of the case (from 1), the latest if none is named."""
    count = len(facts.warnings)
    n = count if warning is None else warning
    if not 1 <= n <= count:
        raise NoSuchWarning(
            N_("the case has {count} warnings: name one of them"),
            field="warning",
            count=count,
        )
    return n, facts.warnings[n - 1]


def compose(
    facts: CaseFacts, number: str | None, issued_on: date, warning: int | None
) -> Document:
    """The warning notice for the case's ``warning``-th warning."""
    term(facts)
    n, found = chosen(facts, warning)
    agreement = facts.agreement_number or "—"
    preamble = (
        f"{facts.client.name}：经查，你{VIOLATION_NAMES[found.violation]}"
        f"({found.details})，违反了社区戒毒(康复)协议(编号：{agreement})的约定。"
        f"根据《戒毒条例》的规定，于{cn_date(found.issued_on)}对你予以告诫。"
    )
    return Document(
        kind="warning",
        title=TITLE,
        number=number_of(number, facts, f"-告{n}"),
        issued_on=issued_on,
        parties=(
            ("告诫单位", facts.office_name),
            ("被告诫人", facts.client.name),
            ("告诫日期", cn_date(found.issued_on)),
        ),
        preamble=preamble,
        sections=(Section("请你做到：", DEMANDS),),
        closing=CLOSING,
        signatures=(
            Signature("告诫单位(盖章)", facts.office_name),
            Signature("专职工作人员(签名)"),
            Signature("被告诫人(签收)", facts.client.name),
        ),
    )
