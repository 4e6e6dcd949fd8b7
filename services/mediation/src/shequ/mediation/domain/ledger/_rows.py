"""A ledger row → the events it records on its new dispute, or why it is refused. Pure.

A row is read (:func:`read_row`, every unreadable cell listed), then its commands
are checked by the dispute's decider in turn (:func:`decide_row`), folding each
one's events, so a row is recorded whole or refused naming the column of the first
rule it breaks. A row lands where the lifecycle would have put it: registered and
accepted on its 受理日期 (marked with its 编号 as imported), its mediators assigned,
then, as the row says, the agreement or the failure on its 调解日期, the 回访 of the
agreement and the closing. An agreement is one obligation (the agreed content, by
the 义务人 or the first party, due on the 履行期限, else the 回访日期, else the day
agreed). Concluded past the district's period, the row records the parties' consent
to go on as the ledger shows it did, and the conclusion stays marked late.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts import DomainError
from shequ.contracts.ledgers import Cells, InvalidRow, Problem
from shequ.contracts.mediation import (
    Advice,
    AgreementForm,
    DisputeEvent,
    DisputeKind,
    DisputeSource,
    Obligation,
    Party,
)
from shequ.contracts.messages import N_
from shequ.contracts.registry import Sex
from shequ.mediation.domain import dispute
from shequ.mediation.domain.ledger import _columns as cell
from shequ.mediation.domain.rules import MediationRules, conclude_by


@dataclass(frozen=True, kw_only=True)
class LedgerRow:
    """A row read: the dispute it records, its mediators by name."""

    row: int
    number: str
    received_on: date
    source: DisputeSource
    kind: DisputeKind
    parties: tuple[Party, ...]
    matter: str
    amount: int | None
    mediators: tuple[str, ...]
    mediated_on: date | None
    agreed: bool | None  # 调解结果: 成功, 不成, or not yet
    advice: Advice
    form: AgreementForm | None
    terms: str
    agreed_amount: int | None
    obliged: int  # the party (from 1) the agreement binds
    due_on: date | None
    fulfilled: bool | None
    visited_on: date | None
    satisfied: bool | None
    closed_on: date | None


def read_row(
    row: int, cells: list[str], columns: dict[str, int]
) -> LedgerRow | InvalidRow:
    """The row as read, or every cell of it that cannot be read."""
    c = Cells(cells, columns)
    parties = _parties(c)
    line = LedgerRow(
        row=row,
        number=c.text.get("number", "").strip(),
        received_on=c.get("received_on", cell.optional_date("received_on"), None)
        or date.min,
        source=c.get("source", cell.one_of(cell.SOURCES, "source"), "walk_in"),
        kind=c.get("kind", cell.one_of(cell.KINDS, "kind"), "other"),
        parties=parties,
        matter=c.text.get("matter", "").strip(),
        amount=c.get("amount", cell.yuan("amount"), None),
        mediators=tuple(cell.names(c.text.get("mediators", ""))),
        mediated_on=c.get("mediated_on", cell.optional_date("mediated_on"), None),
        agreed=c.get(
            "result", cell.optional(cell.one_of(cell.RESULTS, "result")), None
        ),
        advice=c.get("advice", _advice, "other"),
        form=c.get("form", cell.optional(cell.one_of(cell.FORMS, "form")), None),
        terms=c.text.get("terms", "").strip(),
        agreed_amount=c.get("agreed_amount", cell.yuan("agreed_amount"), None),
        obliged=_obliged(c, parties),
        due_on=c.get("due_on", cell.optional_date("due_on"), None),
        fulfilled=c.get(
            "fulfilment",
            cell.optional(cell.one_of(cell.FULFILMENT, "fulfilment")),
            None,
        ),
        visited_on=c.get("visited_on", cell.optional_date("visited_on"), None),
        satisfied=c.get(
            "satisfied",
            cell.optional(cell.one_of(cell.SATISFACTION, "satisfied")),
            None,
        ),
        closed_on=c.get("closed_on", cell.optional_date("closed_on"), None),
    )
    if not c.text.get("received_on", "").strip():
        c.problems.append(Problem.of("received_on", N_("the date is blank")))
    c.problems.extend(_incomplete(line))
    return InvalidRow(row, tuple(c.problems)) if c.problems else line


def _advice(text: str) -> Advice:
    """The route the parties were told of (告知途径); blank is other advice."""
    return cell.one_of(cell.ADVICE, "advice")(text) if text.strip() else "other"


def _parties(c: Cells) -> tuple[Party, ...]:
    """The parties named, each with the 性别, 年龄 and phone in the same place."""
    named = cell.names(c.text.get("parties", ""))
    if not named:
        c.problems.append(Problem.of("parties", N_("name at least one party")))
    no_sexes: list[Sex | None] = []
    sexes = c.get("sexes", cell.each_of(cell.SEXES, "sexes"), no_sexes)
    ages = c.get("ages", cell.ages, list[int | None]())
    phones = cell.names(c.text.get("phones", ""))
    for field, values in (("sexes", sexes), ("ages", ages), ("phones", phones)):
        if len(values) > len(named):
            c.problems.append(
                Problem.of(
                    field,
                    N_("{count} values for {parties} parties"),
                    count=len(values),
                    parties=len(named),
                )
            )
    return tuple(
        Party(
            name=name,
            sex=sexes[n] if n < len(sexes) else None,
            age=ages[n] if n < len(ages) else None,
            phone=phones[n] if n < len(phones) else None,
        )
        for n, name in enumerate(named)
    )


def _obliged(c: Cells, parties: tuple[Party, ...]) -> int:
    name = c.text.get("obliged", "").strip()
    if not name:
        return 1
    found = [n for n, p in enumerate(parties, start=1) if p.name == name]
    if not found:
        c.problems.append(
            Problem.of("obliged", N_("{name} is not one of the parties"), name=name)
        )
    return found[0] if found else 1


def _incomplete(line: LedgerRow) -> list[Problem]:
    """What a row lacks for what it says: a number, a result's date, a 回访's."""
    problems = []
    if not line.number:
        problems.append(Problem.of("number", N_("the number is blank")))
    concluded = line.form or line.terms or line.fulfilled is not None
    if line.agreed is None and concluded:
        problems.append(
            Problem.of("result", N_("an agreement is recorded with the result 成功"))
        )
    if line.agreed is not None and line.mediated_on is None:
        problems.append(Problem.of("mediated_on", N_("the date is blank")))
    if line.agreed and line.form is None:
        problems.append(Problem.of("form", N_("an agreement is 书面 or 口头")))
    if line.fulfilled is not None and line.visited_on is None:
        problems.append(
            Problem.of(
                "visited_on", N_("the fulfilment needs the day it was followed up")
            )
        )
    return problems


def decide_row(
    line: LedgerRow,
    *,
    dispute_id: str,
    office: str,
    committee: Mapping[str, str],
    rules: MediationRules,
    by: Acting,
) -> list[DisputeEvent] | InvalidRow:
    """Every event the row records on its new dispute, or the first rule it breaks.

    ``committee`` is the office's serving members by name (调解员 named by the row).
    """
    unknown = [name for name in line.mediators if name not in committee]
    if unknown:
        problem = Problem.of(
            "mediators",
            N_("{name} is not a serving member of the committee: appoint them first"),
            name=unknown[0],
        )
        return InvalidRow(line.row, (problem,))
    state: dispute.State = None
    events: list[DisputeEvent] = []
    for at, command in _commands(line, dispute_id, office, committee, rules, by):
        try:
            new = dispute.decide(command, state)
        except DomainError as error:
            # The decider names its own fields: shown at the row's column instead.
            field = error.field if error.field in cell.HEADERS else at
            problem = Problem(field, error.message, error.template, error.params)
            return InvalidRow(line.row, (problem,))
        for event in new:
            state = dispute.evolve(state, event)
        events.extend(new)
    return events


def _commands(  # noqa: PLR0917 - a row's facts
    line: LedgerRow,
    dispute_id: str,
    office: str,
    committee: Mapping[str, str],
    rules: MediationRules,
    by: Acting,
) -> list[tuple[str, dispute.Command]]:
    """(the column a refusal points at, the command) for what the row gives."""
    day = line.received_on
    commands: list[tuple[str, dispute.Command]] = [
        (
            "number",
            dispute.RegisterDispute(
                dispute_id=dispute_id,
                office=office,
                source=line.source,
                kind=line.kind,
                parties=line.parties,
                matter=line.matter,
                amount=line.amount,
                registered_on=day,
                rules=rules,
                by=by,
                ledger_number=line.number,
            ),
        ),
        ("received_on", dispute.AcceptDispute(accepted_on=day, by=by)),
    ]
    if line.mediators:
        ids = tuple(committee[name] for name in line.mediators)
        assign = dispute.AssignMediators(
            mediators=ids, committee=frozenset(ids), assigned_on=day, by=by
        )
        commands.append(("mediators", assign))
    if line.agreed is not None and line.mediated_on is not None:
        commands.extend(_conclusion(line, line.mediated_on, rules, by))
    if line.closed_on is not None:
        commands.append(
            ("closed_on", dispute.CloseDispute(closed_on=line.closed_on, by=by))
        )
    return commands


def _conclusion(
    line: LedgerRow, on: date, rules: MediationRules, by: Acting
) -> list[tuple[str, dispute.Command]]:
    """The agreement (and its 回访) or the failure, on the day of mediation."""
    commands: list[tuple[str, dispute.Command]] = []
    if on > conclude_by(line.received_on, rules):
        commands.append(
            ("mediated_on", dispute.AgreeToContinue(agreed_on=on, until=on, by=by))
        )
    if not line.agreed:
        failure = dispute.RecordFailure(
            failed_on=on, advice=line.advice, note="", by=by
        )
        return [*commands, ("mediated_on", failure)]
    obligation = Obligation(
        number=1,
        party=line.obliged,
        what=line.terms,
        due_on=line.due_on or max(line.visited_on or on, on),
        amount=line.agreed_amount,
    )
    agreement = dispute.ReachAgreement(
        form=line.form or "written",
        agreed_on=on,
        facts="",
        terms=line.terms,
        obligations=(obligation,),
        by=by,
    )
    commands.append(("terms", agreement))
    if line.fulfilled is not None and line.visited_on is not None:
        visit = dispute.RecordFollowUp(
            obligation=1,
            visited_on=line.visited_on,
            fulfilled=line.fulfilled,
            satisfied=line.satisfied,
            note="",
            by=by,
        )
        commands.append(("visited_on", visit))
    return commands
