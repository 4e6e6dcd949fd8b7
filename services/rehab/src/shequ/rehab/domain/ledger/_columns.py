"""What the columns of a rehab case ledger mean, and their values as offices write them.

Headers in Chinese as offices head them (or the English field names); 类型 by its
Chinese name (社区戒毒/社区康复/协议执行), 依据 by the short names below (blank for
社区康复, whose only ground is release from isolation), dates as the registry's
ledger reads them, 期限 in whole months. A value that cannot be read is a
:class:`DomainError` naming its field. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from shequ.contracts import DomainError
from shequ.contracts.ledgers import ledger_date
from shequ.contracts.messages import N_
from shequ.contracts.rehab import GROUNDS_OF_KIND, RehabGround, RehabKind

HEADERS = {
    "name": ("姓名", "name"),
    "document_number": ("公民身份号码", "身份证号", "身份证号码", "id_number"),
    "kind": ("类型", "戒毒类型", "kind"),
    "ground": ("依据", "适用情形", "ground"),
    "decision_number": ("决定书编号", "决定书文号", "decision_number"),
    "police_organ": ("决定机关", "police_organ"),
    "decided_on": ("决定日期", "decided_on"),
    "term_months": ("期限(月)", "期限（月）", "期限", "term_months"),
    "reported_on": ("报到日期", "reported_on"),
    "agreement_number": ("协议书编号", "agreement_number"),
    "signed_on": ("签订日期", "协议签订日期", "signed_on"),
    "responsible_worker": ("责任社工", "责任社工工号", "responsible_worker"),
}
REQUIRED = (
    "document_number",
    "kind",
    "decision_number",
    "police_organ",
    "decided_on",
    "term_months",
)
KINDS: dict[str, RehabKind] = {
    "社区戒毒": "community_detox",
    "社区康复": "community_recovery",
    "协议执行": "agreement_placement",
}
GROUNDS: dict[str, RehabGround] = {
    "初次查获": "first_time",
    "稳定工作生活": "stable_life",
    "怀孕或哺乳": "pregnant_or_nursing",
    "未满16周岁或在校学生": "minor_or_student",
    "70周岁以上": "over_seventy",
    "严重疾病或残疾": "ill_or_disabled",
    "不适宜强制隔离": "unsuited_for_isolation",
    "解除强制隔离戒毒": "released_from_isolation",
    "无固定住所": "no_fixed_home",
    "无生活来源": "no_livelihood",
    "不具备社区条件": "no_community_conditions",
    "其他": "placement_other",
}


def kind(text: str) -> RehabKind:
    found = KINDS.get(text.strip()) or next(
        (k for k in KINDS.values() if k == text.strip()), None
    )
    if found is None:
        raise _unknown(text, KINDS, "kind")
    return found


def ground(text: str, kind: RehabKind | None) -> RehabGround:
    """The ground named; blank where the kind has only one (社区康复)."""
    if not text.strip() and kind is not None and len(GROUNDS_OF_KIND[kind]) == 1:
        return GROUNDS_OF_KIND[kind][0]
    wanted = text.strip()
    found = GROUNDS.get(wanted) or next(
        (g for g in GROUNDS.values() if g == wanted), None
    )
    if found is None:
        raise _unknown(text, GROUNDS, "ground")
    return found


def months(text: str) -> int:
    if not text.strip().isdigit():
        raise DomainError(
            N_("{text} is not a number of months"), field="term_months", text=repr(text)
        )
    return int(text.strip())


def optional_date(field: str) -> Callable[[str], date | None]:
    return lambda text: ledger_date(text, field)


def required_date(field: str) -> Callable[[str], date]:
    def parse(text: str) -> date:
        day = ledger_date(text, field)
        if day is None:
            raise DomainError(N_("the date is blank"), field=field)
        return day

    return parse


def _unknown(text: str, known: Mapping[str, str], field: str) -> DomainError:
    return DomainError(
        N_("{text} is not one of {choices}"),
        field=field,
        text=repr(text),
        choices="、".join(known),
    )


SAMPLE: list[dict[str, str | int | date]] = [
    {
        "name": "张三",
        "document_number": "441900199005071234",
        "kind": "社区戒毒",
        "ground": "初次查获",
        "decision_number": "东公(禁)决字〔2026〕88号",
        "police_organ": "东莞市公安局中堂分局",
        "decided_on": date(2026, 11, 2),
        "term_months": 36,
        "reported_on": date(2026, 11, 5),
        "agreement_number": "中堂社戒协字〔2026〕7号",
        "signed_on": date(2026, 11, 5),
        "responsible_worker": "worker-a",
    },
    {
        "name": "李四",
        "document_number": "441900198801021236",
        "kind": "社区康复",
        "ground": "",
        "decision_number": "东公(禁)决字〔2026〕89号",
        "police_organ": "东莞市公安局中堂分局",
        "decided_on": date(2026, 11, 10),
        "term_months": 24,
        "reported_on": "",
        "agreement_number": "",
        "signed_on": "",
        "responsible_worker": "",
    },
]
"""Two rows as an office writes them: the sample ledger users download to fill in."""
