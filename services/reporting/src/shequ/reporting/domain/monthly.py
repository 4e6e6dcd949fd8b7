"""社区活动月报: the monthly activity report as a printed document. Pure.

Composed from a :class:`~shequ.reporting.readmodels.monthly.MonthlyReport`'s facts on
the shared document engine (``shequ.documents``: A4, the same layout as every other
document). Its words are the form's own, in Chinese whatever the reader's language;
kinds of activity and metrics are named as the catalogues name them in Chinese, by
the ``zh`` the caller gives (the catalogues are read at the edge, not here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from shequ.contracts.events import ACTIVITY_KIND_LABELS
from shequ.contracts.reporting import COMPARISON_LABELS, METRIC_LABELS, SHARE_METRICS
from shequ.documents import Document, Section, Signature, cn_date

TITLE = "社区活动月报"
CLOSING = "以上情况属实，按时上报。"


class Kind(Protocol):
    kind: str
    activities: int
    participants: int


class Duty(Protocol):
    duty: str
    held: int
    held_in_year: int
    due_in_year: int
    missed: int


class Line(Protocol):
    @property
    def metric(self) -> str: ...
    @property
    def comparison(self) -> str: ...

    target: float
    actual: float | None
    met: bool | None


class Held(Protocol):
    held_on: date
    title: str
    kind: str
    place: str
    attendance: int
    volunteer_hours: float


class Facts(Protocol):
    office: str
    office_name: str | None
    year: int
    month: int
    activities: int
    participants: int
    volunteer_hours: float

    @property
    def by_kind(self) -> Sequence[Kind]: ...
    @property
    def duties(self) -> Sequence[Duty]: ...
    @property
    def targets(self) -> Sequence[Line]: ...
    @property
    def held(self) -> Sequence[Held]: ...


Chinese = Callable[[str], str]
"""A marked text (``N_``) in Chinese, as the catalogues have it."""


def _kind(zh: Chinese, kind: str) -> str:
    return zh(ACTIVITY_KIND_LABELS.get(kind, kind))


def _value(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric in SHARE_METRICS:
        return f"{value:.1%}"
    return f"{value:g}"


def _target(zh: Chinese, line: Line) -> str:
    verdict = {True: "已完成", False: "未完成", None: "无数据"}[line.met]
    name = zh(METRIC_LABELS.get(line.metric, line.metric))
    wanted = zh(COMPARISON_LABELS.get(line.comparison, line.comparison))
    return (
        f"{name}：目标{wanted}{_value(line.metric, line.target)}，"
        f"实际{_value(line.metric, line.actual)}，{verdict}。"
    )


def _duty(zh: Chinese, duty: Duty) -> str:
    return (
        f"{_kind(zh, duty.duty)}：本月开展{duty.held}次；"
        f"本年累计{duty.held_in_year}次，截至月底应开展{duty.due_in_year}次；本月漏办{duty.missed}次。"
    )


def compose(facts: Facts, issued_on: date, zh: Chinese) -> Document:
    """The month's report of the office, as printed and filed (按时上报)."""
    office = facts.office_name or facts.office
    kinds = tuple(
        f"{_kind(zh, k.kind)}：{k.activities}场，参与{k.participants}人次。"
        for k in facts.by_kind
    ) or ("本月未开展活动。",)
    held = tuple(
        f"{cn_date(h.held_on)}　{h.title}（{_kind(zh, h.kind)}，{h.place}），"
        f"参与{h.attendance}人次，志愿服务{h.volunteer_hours:g}小时。"
        for h in facts.held
    ) or ("无。",)
    targets = tuple(_target(zh, t) for t in facts.targets) or (
        "本年度工作计划未设目标。",
    )
    preamble = (
        f"{office}{facts.year}年{facts.month}月共开展活动{facts.activities}场，"
        f"参与{facts.participants}人次，志愿服务{facts.volunteer_hours:g}小时。"
    )
    return Document(
        kind="monthly_activity_report",
        title=TITLE,
        number=f"{facts.office}-{facts.year}{facts.month:02d}",
        issued_on=issued_on,
        parties=(("填报单位", office), ("报告期", f"{facts.year}年{facts.month}月")),
        preamble=preamble,
        sections=(
            Section("一、活动开展情况", kinds),
            Section("二、常规工作", tuple(_duty(zh, d) for d in facts.duties)),
            Section("三、年度目标进度", targets),
            Section("四、活动明细", held),
        ),
        closing=CLOSING,
        signatures=(
            Signature("填报单位(盖章)", office),
            Signature("填报人(签名)"),
            Signature("审核人(签名)"),
        ),
    )
