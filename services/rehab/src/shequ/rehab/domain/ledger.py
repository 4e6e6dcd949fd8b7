"""An office's rehab case ledger (社区戒毒/康复台帐), row by row. Pure.

What its columns mean as offices keep them (姓名, 公民身份号码, 类型, 依据, 决定书编号,
决定机关, 决定日期, 期限(月), 报到日期, 协议书编号, 签订日期, 责任社工) and what a row
records: the decision that opens the case, then the report, the agreement and the
responsible worker where the row gives them, each checked by the case's decider in
turn (:func:`decide_row`), so a row is recorded whole or refused with its reasons.
The header, the cells and the report are ``shequ.contracts.ledgers``'s, as for the
registry's resident ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts import DomainError
from shequ.contracts.ledgers import Cells, InvalidRow, Problem, ledger_date
from shequ.contracts.messages import N_
from shequ.contracts.rehab import (
    GROUNDS_OF_KIND,
    RehabCaseEvent,
    RehabGround,
    RehabKind,
)
from shequ.rehab.domain import case
from shequ.rehab.domain.rules import RehabRules

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


@dataclass(frozen=True, kw_only=True)
class LedgerRow:
    """A row read: the person's ID number and name, and the case it records."""

    row: int
    name: str
    document_number: str
    kind: RehabKind
    ground: RehabGround
    decision_number: str
    police_organ: str
    decided_on: date
    term_months: int
    reported_on: date | None
    agreement_number: str
    signed_on: date | None
    responsible_worker: str


def read_row(
    row: int, cells: list[str], columns: dict[str, int]
) -> LedgerRow | InvalidRow:
    """The row as read, or every cell of it that cannot be read."""
    c = Cells(cells, columns)
    kind = c.get("kind", _kind, None)
    number = "".join(c.text.get("document_number", "").split()).upper()
    read = LedgerRow(
        row=row,
        name=c.text.get("name", "").strip(),
        document_number=number,
        kind=kind or "community_detox",
        ground=c.get("ground", lambda text: _ground(text, kind), "first_time"),
        decision_number=c.text.get("decision_number", "").strip(),
        police_organ=c.text.get("police_organ", "").strip(),
        decided_on=c.get("decided_on", _required_date("decided_on"), date.min),
        term_months=c.get("term_months", _months, 0),
        reported_on=c.get("reported_on", _date("reported_on"), None),
        agreement_number=c.text.get("agreement_number", "").strip(),
        signed_on=c.get("signed_on", _date("signed_on"), None),
        responsible_worker=c.text.get("responsible_worker", "").strip(),
    )
    if not number:
        c.problems.append(Problem.of("document_number", N_("the ID number is blank")))
    if read.agreement_number and read.signed_on is None:
        c.problems.append(
            Problem.of("signed_on", N_("an agreement needs the day it was signed"))
        )
    return InvalidRow(row, tuple(c.problems)) if c.problems else read


def decide_row(
    line: LedgerRow,
    *,
    person_id: str,
    office: str,
    case_id: str,
    rules: RehabRules,
    by: Acting,
) -> list[RehabCaseEvent] | InvalidRow:
    """Every event the row records on its new case, or the first rule it breaks."""
    state: case.State = None
    events: list[RehabCaseEvent] = []
    for at, command in _commands(
        line, person_id=person_id, office=office, case_id=case_id, rules=rules, by=by
    ):
        try:
            new = case.decide(command, state)
        except DomainError as error:
            field = at if error.field in {None, "case_id"} else error.field
            return InvalidRow(line.row, (Problem.from_error(error, field or at),))
        for event in new:
            state = case.evolve(state, event)
        events.extend(new)
    return events


def _commands(
    line: LedgerRow,
    *,
    person_id: str,
    office: str,
    case_id: str,
    rules: RehabRules,
    by: Acting,
) -> list[tuple[str, case.Command]]:
    """(the column a refusal points at, the command) for what the row gives."""
    commands: list[tuple[str, case.Command]] = [
        (
            "decision_number",
            case.ReceiveDecision(
                case_id=case_id,
                person_id=person_id,
                office=office,
                kind=line.kind,
                ground=line.ground,
                decision_number=line.decision_number,
                police_organ=line.police_organ,
                decided_on=line.decided_on,
                term_months=line.term_months,
                received_from="office",
                rules=rules,
                by=by,
            ),
        )
    ]
    if line.reported_on is not None:
        commands.append(
            ("reported_on", case.RecordReport(reported_on=line.reported_on, by=by))
        )
    if line.agreement_number and line.signed_on is not None:
        agreement = case.SignAgreement(
            agreement_number=line.agreement_number,
            signed_on=line.signed_on,
            document_sha256=None,
            by=by,
        )
        commands.append(("agreement_number", agreement))
    if line.responsible_worker:
        team = case.AssignTeam(
            responsible_worker=line.responsible_worker,
            police_officer=None,
            helpers=(),
            by=by,
        )
        commands.append(("responsible_worker", team))
    return commands


def _kind(text: str) -> RehabKind:
    found = KINDS.get(text.strip()) or next(
        (k for k in KINDS.values() if k == text.strip()), None
    )
    if found is None:
        raise _unknown(text, KINDS, "kind")
    return found


def _ground(text: str, kind: RehabKind | None) -> RehabGround:
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


def _months(text: str) -> int:
    if not text.strip().isdigit():
        raise DomainError(
            N_("{text} is not a number of months"), field="term_months", text=repr(text)
        )
    return int(text.strip())


def _date(field: str) -> Callable[[str], date | None]:
    return lambda text: ledger_date(text, field)


def _required_date(field: str) -> Callable[[str], date]:
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
