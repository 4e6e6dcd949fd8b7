"""How a dispute concludes: agreement or failure, 回访, judicial confirmation, closing.

An agreement needs its content; a written one (art. 29) needs each party's
obligations, each with a deadline on or after the agreement; an oral one (art. 28) is
recorded with its content, its obligations if any. Each obligation is followed up
(回访) at its deadline — the timer records one left unvisited — and a dispute closes
once every obligation is followed up (fulfilled or not) or mediation failed. The
parties may apply for judicial confirmation within 30 days of the agreement (art. 33).
"""

from __future__ import annotations

from datetime import date

from shequ.contracts import require_text
from shequ.contracts.mediation import (
    DisputeClosed,
    DisputeEvent,
    DisputeOverdue,
    FollowUpMissed,
    FulfilmentFollowedUp,
    JudicialConfirmationAnswered,
    JudicialConfirmationApplied,
    MediationAgreementReached,
    MediationFailed,
    Obligation,
)
from shequ.contracts.messages import N_
from shequ.mediation.domain.dispute._commands import (
    AlreadyDone,
    ApplyForConfirmation,
    CloseDispute,
    Command,
    ConfirmationWindowClosed,
    MarkMissedFollowUps,
    MarkOverdue,
    NoSuchObligation,
    NoSuchParty,
    NotReadyToClose,
    ObligationsNeeded,
    ReachAgreement,
    RecordConfirmationAnswer,
    RecordFailure,
    RecordFollowUp,
)
from shequ.mediation.domain.dispute._rules import in_stage, not_before, within_deadline
from shequ.mediation.domain.dispute._state import Dispute
from shequ.mediation.domain.rules import confirmation_by


def decide(command: Command, dispute: Dispute) -> list[DisputeEvent]:  # noqa: PLR0911
    match command:
        case ReachAgreement():
            return _agreement(command, dispute)
        case RecordFailure():
            in_stage(dispute, "accepted")
            within_deadline(dispute, command.failed_on, "failed_on")
            return [
                MediationFailed(
                    office=dispute.office,
                    failed_on=command.failed_on,
                    advice=command.advice,
                    note=command.note.strip(),
                    late=_late(dispute, command.failed_on),
                )
            ]
        case RecordFollowUp():
            return _follow_up(command, dispute)
        case MarkOverdue():
            return _overdue(command, dispute)
        case MarkMissedFollowUps():
            return _missed(command, dispute)
        case ApplyForConfirmation():
            return _apply(command, dispute)
        case RecordConfirmationAnswer():
            if dispute.confirmation != "applied":
                raise AlreadyDone(
                    N_("no application for judicial confirmation awaits an answer"),
                    field="answered_on",
                )
            return [
                JudicialConfirmationAnswered(
                    office=dispute.office,
                    answered_on=command.answered_on,
                    confirmed=command.confirmed,
                )
            ]
        case CloseDispute():
            return _close(command, dispute)
    raise TypeError(f"not a command of a dispute: {command!r}")


def _late(dispute: Dispute, day: date) -> bool:
    """Concluded after the period the district sets (a consent to go on or not)."""
    return day > dispute.deadline


def _agreement(command: ReachAgreement, dispute: Dispute) -> list[DisputeEvent]:
    in_stage(dispute, "accepted")
    not_before(command.agreed_on, dispute.registered_on, "agreed_on")
    within_deadline(dispute, command.agreed_on, "agreed_on")
    terms = require_text(command.terms, "terms", N_("the agreed content"))
    if command.form == "written" and not command.obligations:
        raise ObligationsNeeded(
            N_("a written agreement names each party's obligations and deadlines"),
            field="obligations",
        )
    obligations = [
        _obligation(number, o, command, dispute)
        for number, o in enumerate(command.obligations, start=1)
    ]
    return [
        MediationAgreementReached(
            office=dispute.office,
            form=command.form,
            agreed_on=command.agreed_on,
            facts=command.facts.strip(),
            terms=terms,
            obligations=obligations,
            due_dates=[o.due_on for o in obligations],
            amount=sum(o.amount or 0 for o in obligations),
            late=_late(dispute, command.agreed_on),
        )
    ]


def _obligation(
    number: int, o: Obligation, command: ReachAgreement, dispute: Dispute
) -> Obligation:
    field = f"obligations.{number - 1}"
    if not 1 <= o.party <= dispute.parties:
        raise NoSuchParty(
            N_("the dispute has no party {number}"),
            field=f"{field}.party",
            number=o.party,
        )
    not_before(o.due_on, command.agreed_on, f"{field}.due_on")
    what = require_text(o.what, f"{field}.what", N_("what the party is to do"))
    return o.model_copy(update={"number": number, "what": what})


def _follow_up(command: RecordFollowUp, dispute: Dispute) -> list[DisputeEvent]:
    in_stage(dispute, "agreed")
    if command.obligation not in dispute.due:
        raise NoSuchObligation(
            N_("the agreement has no obligation {number}"),
            field="obligation",
            number=command.obligation,
        )
    assert dispute.agreed_on is not None
    not_before(command.visited_on, dispute.agreed_on, "visited_on")
    return [
        FulfilmentFollowedUp(
            office=dispute.office,
            obligation=command.obligation,
            visited_on=command.visited_on,
            fulfilled=command.fulfilled,
            satisfied=command.satisfied,
            note=command.note.strip(),
        )
    ]


def _overdue(command: MarkOverdue, dispute: Dispute) -> list[DisputeEvent]:
    """Idempotent: once per deadline in force, only while undecided."""
    if not dispute.undecided or command.today <= dispute.conclude_by:
        return []
    if dispute.overdue_marked == dispute.conclude_by:
        return []
    return [DisputeOverdue(office=dispute.office, conclude_by=dispute.conclude_by)]


def _missed(command: MarkMissedFollowUps, dispute: Dispute) -> list[DisputeEvent]:
    """Idempotent: each obligation past its deadline, unvisited, recorded once."""
    if dispute.status != "agreed":
        return []
    return [
        FollowUpMissed(office=dispute.office, obligation=number, due_on=due)
        for number, due in sorted(dispute.due.items())
        if due < command.today
        and number not in dispute.followed
        and number not in dispute.missed
    ]


def _apply(command: ApplyForConfirmation, dispute: Dispute) -> list[DisputeEvent]:
    in_stage(dispute, "agreed", "closed")
    if dispute.agreed_on is None:
        raise NotReadyToClose(
            N_("there is no agreement to confirm"), field="applied_on"
        )
    if dispute.confirmation is not None:
        raise AlreadyDone(
            N_("judicial confirmation was already applied for"), field="applied_on"
        )
    not_before(command.applied_on, dispute.agreed_on, "applied_on")
    last = confirmation_by(dispute.agreed_on, command.rules)
    if command.applied_on > last:
        raise ConfirmationWindowClosed(
            N_("judicial confirmation could be applied for until {last}"),
            field="applied_on",
            last=last,
        )
    court = require_text(command.court, "court", N_("the court"))
    return [
        JudicialConfirmationApplied(
            office=dispute.office, applied_on=command.applied_on, court=court
        )
    ]


def _close(command: CloseDispute, dispute: Dispute) -> list[DisputeEvent]:
    in_stage(dispute, "agreed", "failed")
    if dispute.status == "failed":
        outcome = "failed"
    else:
        open_ = sorted(set(dispute.due) - set(dispute.followed))
        if open_:
            raise NotReadyToClose(
                N_("obligation {number} has not been followed up"),
                field="closed_on",
                number=open_[0],
            )
        fulfilled = all(dispute.followed.get(n, False) for n in dispute.due)
        outcome = "fulfilled" if fulfilled else "not_fulfilled"
    return [
        DisputeClosed(
            office=dispute.office, closed_on=command.closed_on, outcome=outcome
        )
    ]
