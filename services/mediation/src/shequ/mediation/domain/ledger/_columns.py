"""What the columns of a people's mediation ledger mean, and their values as written.

Headers in Chinese as offices head them (or the English field names); 来源, 纠纷类型,
调解结果, 协议形式, 履行情况 and 满意度 by the words below (or the English values);
the parties in one cell, split at 、 or a comma, their 性别, 年龄 and phones in the same
order; dates as the registry's ledger reads them; sums in whole yuan. A value that
cannot be read is a :class:`DomainError` naming its field. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from shequ.contracts import DomainError
from shequ.contracts.ledgers import ledger_date
from shequ.contracts.mediation import Advice, AgreementForm, DisputeKind, DisputeSource
from shequ.contracts.messages import N_
from shequ.contracts.registry import Sex

T = TypeVar("T")

HEADERS = {
    "number": ("编号", "案件编号", "台帐编号", "number"),
    "received_on": ("受理日期", "登记日期", "received_on"),
    "source": ("来源", "纠纷来源", "source"),
    "kind": ("纠纷类型", "类型", "kind"),
    "parties": ("当事人", "当事人姓名", "parties"),
    "sexes": ("性别", "sexes"),
    "ages": ("年龄", "ages"),
    "phones": ("联系电话", "电话", "phones"),
    "matter": ("纠纷简要情况", "简要情况", "纠纷情况", "matter"),
    "amount": ("涉及金额", "涉及金额(元)", "涉及金额（元）", "amount"),
    "mediators": ("调解员", "mediators"),
    "mediated_on": ("调解日期", "mediated_on"),
    "result": ("调解结果", "result"),
    "advice": ("告知途径", "引导途径", "advice"),
    "form": ("协议形式", "form"),
    "terms": ("协议内容", "协议内容/金额", "terms"),
    "agreed_amount": ("协议金额", "协议金额(元)", "协议金额（元）", "agreed_amount"),
    "obliged": ("义务人", "履行方", "obliged"),
    "due_on": ("履行期限", "due_on"),
    "fulfilment": ("履行情况", "fulfilment"),
    "visited_on": ("回访日期", "visited_on"),
    "satisfied": ("满意度", "当事人意见", "satisfied"),
    "closed_on": ("结案日期", "closed_on"),
}
REQUIRED = ("number", "received_on", "source", "kind", "parties", "matter")
SOURCES: dict[str, DisputeSource] = {
    "来访": "walk_in",
    "热线": "hotline",
    "法律热线": "hotline",
    "公安移交": "police_referral",
    "法院委托": "court_referral",
    "街道移交": "street_referral",
    "排查": "screening",
}
KINDS: dict[str, DisputeKind] = {
    "拆迁补偿": "demolition",
    "邻里纠纷": "neighbours",
    "婚姻家庭": "family",
    "物业纠纷": "property",
    "劳动纠纷": "labour",
    "损害赔偿": "damages",
    "其他": "other",
}
RESULTS: dict[str, bool] = {"成功": True, "不成": False}
ADVICE: dict[str, Advice] = {
    "诉讼": "litigation",
    "仲裁": "arbitration",
    "行政": "administrative",
    "其他": "other",
}
FORMS: dict[str, AgreementForm] = {"书面": "written", "口头": "oral"}
FULFILMENT: dict[str, bool] = {"已履行": True, "未履行": False}
SATISFACTION: dict[str, bool] = {"满意": True, "不满意": False}
SEXES: dict[str, Sex] = {"男": "male", "女": "female"}
_SPLIT = re.compile(r"[、,，;；/]")
_OLDEST = 150


def one_of(known: Mapping[str, T], field: str) -> Callable[[str], T]:
    """The value a word (or the English value itself) names; blank is refused."""

    def parse(text: str) -> T:
        wanted = text.strip()
        found = known.get(wanted)
        if found is None:
            found = next((v for v in known.values() if v == wanted), None)
        if found is None:
            raise DomainError(
                N_("{text} is not one of {choices}"),
                field=field,
                text=repr(text),
                choices="、".join(known),
            )
        return found

    return parse


def optional(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    return lambda text: parse(text) if text.strip() else None


def _parts(text: str) -> list[str]:
    """The parts of a cell in the parties' order, blanks kept; none of a blank."""
    return _SPLIT.split(text) if text.strip() else []


def names(text: str) -> list[str]:
    """The names in one cell, split at 、 or a comma."""
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def yuan(field: str) -> Callable[[str], int | None]:
    """A sum in whole yuan (``5000``, ``5,000``, ``5000元``); blank is None."""

    def parse(text: str) -> int | None:
        digits = text.strip().removesuffix("元").replace(",", "").strip()
        if not digits:
            return None
        if not digits.isdigit():
            raise DomainError(
                N_("{text} is not a sum in whole yuan"), field=field, text=repr(text)
            )
        return int(digits)

    return parse


def each_of(known: Mapping[str, T], field: str) -> Callable[[str], list[T | None]]:
    """One value per party, in the parties' order; a blank part is unknown."""
    word = one_of(known, field)
    return lambda text: [word(p) if p.strip() else None for p in _parts(text)]


def ages(text: str) -> list[int | None]:
    found: list[int | None] = []
    for part in _parts(text):
        age = part.strip().removesuffix("岁")
        if age and not (age.isdigit() and int(age) <= _OLDEST):
            raise DomainError(N_("{text} is not an age"), field="ages", text=repr(part))
        found.append(int(age) if age else None)
    return found


def optional_date(field: str) -> Callable[[str], date | None]:
    return lambda text: ledger_date(text, field)


SAMPLE: list[dict[str, str | int | date]] = [
    {
        "number": "中调〔2026〕12号",
        "received_on": date(2026, 10, 9),
        "source": "来访",
        "kind": "邻里纠纷",
        "parties": "王建华、李秀英",
        "sexes": "男、女",
        "ages": "52、47",
        "phones": "13900139001、13900139002",
        "matter": "楼上漏水致楼下天花板受损，双方就维修费用协商未果",
        "amount": 5000,
        "mediators": "",
        "mediated_on": date(2026, 10, 20),
        "result": "成功",
        "advice": "",
        "form": "书面",
        "terms": "李秀英赔偿王建华维修费用3000元",
        "agreed_amount": 3000,
        "obliged": "李秀英",
        "due_on": date(2026, 10, 31),
        "fulfilment": "已履行",
        "visited_on": date(2026, 11, 2),
        "satisfied": "满意",
        "closed_on": date(2026, 11, 3),
    },
    {
        "number": "中调〔2026〕13号",
        "received_on": date(2026, 11, 10),
        "source": "热线",
        "kind": "物业纠纷",
        "parties": "陈志强、某某物业服务有限公司",
        "sexes": "男",
        "ages": "",
        "phones": "13800138111",
        "matter": "物业费收取标准争议",
        "amount": "",
        "mediators": "",
        "mediated_on": "",
        "result": "",
        "advice": "",
        "form": "",
        "terms": "",
        "agreed_amount": "",
        "obliged": "",
        "due_on": "",
        "fulfilment": "",
        "visited_on": "",
        "satisfied": "",
        "closed_on": "",
    },
]
"""Two rows as an office writes them (one concluded and followed up, one open)."""
