"""The words mediation's documents share: parties, kinds, sources as forms write them.

The documents are official forms (公文), printed in Chinese whatever the reader's
language, so their wording is here as the forms have it, not in the message catalogue.
The refusals are the service's errors, in the catalogue like every other.
"""

from __future__ import annotations

from shequ.contracts import Conflict
from shequ.contracts.mediation import DisputeKind, DisputeSource, Party
from shequ.contracts.messages import N_
from shequ.documents import Signature, cn_date

KIND_NAMES: dict[DisputeKind, str] = {
    "demolition": "拆迁补偿纠纷",
    "neighbours": "邻里纠纷",
    "family": "婚姻家庭纠纷",
    "property": "物业纠纷",
    "labour": "劳动纠纷",
    "damages": "损害赔偿纠纷",
    "other": "其他纠纷",
}
SOURCE_NAMES: dict[DisputeSource, str] = {
    "walk_in": "当事人来访申请",
    "hotline": "法律热线来电",
    "police_referral": "公安机关移交",
    "court_referral": "人民法院委托",
    "street_referral": "街道移交",
    "screening": "人民调解委员会排查发现",
}
_SIDES = "甲乙丙丁戊己庚辛壬癸"
_SEX_NAMES = {"male": "男", "female": "女"}


class NotYetRecorded(Conflict):
    code = "mediation-document-not-yet"
    title = N_("Nothing of the kind is recorded on the dispute yet")


def side(number: int) -> str:
    """The party's name on a form: 甲方, 乙方, … (``number`` from 1)."""
    if number <= len(_SIDES):
        return f"{_SIDES[number - 1]}方"
    return f"第{number}方"


def party_lines(parties: tuple[Party, ...]) -> tuple[tuple[str, str], ...]:
    """Each party's basic information (基本情况, art. 29), each line as known.

    A natural person: 性别, 出生日期 (else 年龄), 民族, 职业, 住所, 联系电话; an
    organisation (a legal representative named): 法定代表人, 住所, 联系电话.
    """
    lines: list[tuple[str, str]] = []
    for n, party in enumerate(parties, start=1):
        lines.append((f"{side(n)}(当事人)", party.name))
        lines.extend((label, text) for label, text in _basics(party) if text)
    return tuple(lines)


def _basics(party: Party) -> list[tuple[str, str | None]]:
    if party.legal_representative:
        return [
            ("法定代表人", party.legal_representative),
            ("住所", party.address),
            ("联系电话", party.phone),
        ]
    born = cn_date(party.birth_date) if party.birth_date else None
    return [
        ("性别", _SEX_NAMES[party.sex] if party.sex else None),
        ("出生日期", born),
        ("年龄", f"{party.age}岁" if party.age is not None and not born else None),
        ("民族", party.ethnicity),
        ("职业", party.occupation),
        ("住所", party.address),
        ("联系电话", party.phone),
    ]


def yuan(amount: int | None) -> str:
    return "" if amount is None else f"{amount}元"


def parties_sign(parties: tuple[Party, ...]) -> tuple[Signature, ...]:
    return tuple(
        Signature(f"{side(n)}(签名)", p.name) for n, p in enumerate(parties, start=1)
    )


def mediators_sign(mediators: tuple[str, ...]) -> tuple[Signature, ...]:
    """One line per mediator assigned; one blank line if none is named."""
    return tuple(Signature("调解员(签名)", m) for m in mediators) or (
        Signature("调解员(签名)"),
    )


def number_of(given: str | None, dispute_id: str, suffix: str) -> str:
    """The number given, else the dispute's id with the form's ``suffix``."""
    if given is not None and given.strip():
        return given.strip()
    return f"{dispute_id}-{suffix}"
