"""The state of a rehab case, folded from its events by a rule-free evolve."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.contracts.rehab import (
    CaseWorkNoteRecorded,
    ClientReferredForWork,
    LeaveApproved,
    LeaveRefused,
    PeerCounsellorAssigned,
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseEvent,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabDocumentIssued,
    RehabEvaluationDue,
    RehabEvaluationRecorded,
    RehabKind,
    RehabOutcome,
    RehabReported,
    RehabReportMissed,
    RehabTeamAssigned,
    RehabTermEnded,
    RehabWarningIssued,
    SeriousViolationFound,
    SeriousViolationReason,
    SeriousViolationReported,
    UnapprovedAbsenceRecorded,
    UrineTestMissed,
    UrineTestRecorded,
)


@dataclass(frozen=True)
class Case:
    case_id: str
    person_id: str
    office: str
    kind: RehabKind
    decided_on: date
    report_by: date
    term_months: int
    reported_on: date | None = None
    term_ends_on: date | None = None
    report_missed: bool = False
    agreement_signed: bool = False
    responsible_worker: str | None = None
    police_officer: str | None = None
    tested_on: tuple[date, ...] = ()  # every recorded test, whatever its result
    missed_periods: frozenset[date] = frozenset()  # first days of missed periods
    refusals: int = 0  # tests refused or evaded
    absences: int = 0  # unapproved absences from the county
    absent_days: int = 0
    serious: frozenset[SeriousViolationReason] = frozenset()
    reported_serious: frozenset[SeriousViolationReason] = frozenset()
    warnings: int = 0
    evaluations: int = 0
    evaluations_due: int = 0  # evaluation days the timer recorded as due
    term_ended: bool = False
    outcome: RehabOutcome | None = None
    closed_on: date | None = None
    notes: int = 0  # case-work notes (个案记录)
    peer_counsellor: str | None = None  # person id of the peer counsellor
    work_referrals: tuple[date, ...] = ()  # days referred to employment
    # the agreements printed as PDF, (number, sha256), latest last: the one signed
    printed_agreements: tuple[tuple[str, str], ...] = ()

    @property
    def open(self) -> bool:
        return self.outcome is None


State = Case | None


def evolve(state: State, event: RehabCaseEvent) -> State:  # noqa: PLR0911, PLR0912
    match event:
        case RehabDecisionReceived():
            return Case(
                case_id=event.case_id,
                person_id=event.person_id,
                office=event.office,
                kind=event.kind,
                decided_on=event.decided_on,
                report_by=event.report_by,
                term_months=event.term_months,
            )
        case _ if state is None:
            return state
        case RehabReported():
            return replace(
                state, reported_on=event.reported_on, term_ends_on=event.term_ends_on
            )
        case RehabReportMissed():
            return replace(state, report_missed=True)
        case RehabAgreementSigned():
            return replace(state, agreement_signed=True)
        case RehabTeamAssigned():
            return replace(
                state,
                responsible_worker=event.responsible_worker,
                police_officer=event.police_officer,
            )
        case UrineTestRecorded():
            refused = event.result in ("refused", "evaded")
            return replace(
                state,
                tested_on=(*state.tested_on, event.tested_on),
                refusals=state.refusals + refused,
            )
        case UrineTestMissed():
            return replace(
                state, missed_periods=state.missed_periods | {event.period_start}
            )
        case RehabWarningIssued():
            return replace(state, warnings=state.warnings + 1)
        case LeaveApproved() | LeaveRefused():
            return state
        case UnapprovedAbsenceRecorded():
            return replace(
                state,
                absences=state.absences + 1,
                absent_days=state.absent_days + event.days,
            )
        case SeriousViolationFound():
            return replace(state, serious=state.serious | {event.reason})
        case SeriousViolationReported():
            reported = state.reported_serious | {event.reason}
            return replace(state, reported_serious=reported)
        case RehabEvaluationDue():
            return replace(state, evaluations_due=state.evaluations_due + 1)
        case RehabTermEnded():
            return replace(state, term_ended=True)
        case RehabEvaluationRecorded():
            return replace(state, evaluations=state.evaluations + 1)
        case RehabCaseHandedOver():
            # A new office, a new team: the receiving office assigns its own.
            return replace(
                state,
                office=event.to_office,
                responsible_worker=None,
                police_officer=None,
            )
        case RehabCaseClosed():
            return replace(state, outcome=event.outcome, closed_on=event.closed_on)
        case CaseWorkNoteRecorded():
            return replace(state, notes=state.notes + 1)
        case PeerCounsellorAssigned():
            return replace(state, peer_counsellor=event.counsellor_id)
        case ClientReferredForWork():
            return replace(
                state, work_referrals=(*state.work_referrals, event.referred_on)
            )
        case RehabDocumentIssued() if event.kind == "agreement" and (
            event.format == "pdf"
        ):
            printed = (event.document_number, event.sha256)
            return replace(
                state, printed_agreements=(*state.printed_agreements, printed)
            )
        case RehabDocumentIssued():
            return state
        case _:
            assert_never(event)
