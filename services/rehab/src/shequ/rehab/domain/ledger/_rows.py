"""A ledger row → the events it records on its new case, or why it is refused. Pure.

A row is read (:func:`read_row`, every unreadable cell listed), then its commands
— the decision that opens the case, then the report, the agreement and the
responsible worker where the row gives them — are checked by the case's decider in
turn (:func:`decide_row`), folding each one's events, so a row is recorded whole or
refused naming the column of the first rule it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts import DomainError
from shequ.contracts.ledgers import Cells, InvalidRow, Problem
from shequ.contracts.messages import N_
from shequ.contracts.rehab import RehabCaseEvent, RehabGround, RehabKind
from shequ.rehab.domain import case
from shequ.rehab.domain.ledger import _columns as cell
from shequ.rehab.domain.rules import RehabRules


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
    kind = c.get("kind", cell.kind, None)
    number = "".join(c.text.get("document_number", "").split()).upper()
    line = LedgerRow(
        row=row,
        name=c.text.get("name", "").strip(),
        document_number=number,
        kind=kind or "community_detox",
        ground=c.get("ground", lambda text: cell.ground(text, kind), "first_time"),
        decision_number=c.text.get("decision_number", "").strip(),
        police_organ=c.text.get("police_organ", "").strip(),
        decided_on=c.get("decided_on", cell.required_date("decided_on"), date.min),
        term_months=c.get("term_months", cell.months, 0),
        reported_on=c.get("reported_on", cell.optional_date("reported_on"), None),
        agreement_number=c.text.get("agreement_number", "").strip(),
        signed_on=c.get("signed_on", cell.optional_date("signed_on"), None),
        responsible_worker=c.text.get("responsible_worker", "").strip(),
    )
    if not number:
        c.problems.append(Problem.of("document_number", N_("the ID number is blank")))
    if line.agreement_number and line.signed_on is None:
        c.problems.append(
            Problem.of("signed_on", N_("an agreement needs the day it was signed"))
        )
    return InvalidRow(row, tuple(c.problems)) if c.problems else line


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
