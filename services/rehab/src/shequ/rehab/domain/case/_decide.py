"""The rules of a rehab case (《禁毒法》, 《戒毒条例》 and the seed's plan). Pure.

A decision opens a case; the person reports within the deadline (else the timer
records the failure, the police to be told: ``_clock.py`` holds the timer's rules);
the term counts from the report day.
Tests follow the schedule by phase; a refusal or evasion counts, and the third is a
serious violation, as are three unapproved absences or more than 30 days away in all,
and any positive test (relapse); each is reported to the police. Nothing is
recorded on a closed case; a term is completed only once it has run.
"""

from __future__ import annotations

from datetime import date

from shequ.access import Acting
from shequ.contracts import require_text
from shequ.contracts.messages import N_
from shequ.contracts.rehab import (
    GROUNDS_OF_KIND,
    REHAB_GROUND_LABELS,
    REHAB_KIND_LABELS,
    SERIOUS_VIOLATION_LABELS,
    LeaveApproved,
    LeaveRefused,
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseEvent,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabDocumentIssued,
    RehabEvaluationRecorded,
    RehabReported,
    RehabTeamAssigned,
    RehabWarningIssued,
    SeriousViolationFound,
    SeriousViolationReason,
    SeriousViolationReported,
    UnapprovedAbsenceRecorded,
    UrineTestRecorded,
)
from shequ.rehab.domain.case import _case_work
from shequ.rehab.domain.case._case_work_commands import (
    AssignPeerCounsellor,
    RecordCaseNote,
    ReferForWork,
)
from shequ.rehab.domain.case._clock import check_clock
from shequ.rehab.domain.case._commands import (
    AlreadyDone,
    AssignTeam,
    CaseClosed,
    CaseExists,
    CaseNotFound,
    CheckClock,
    CloseCase,
    Command,
    DateOutOfOrder,
    DecideLeave,
    GroundOfAnotherKind,
    HandOver,
    IssueDocument,
    IssueWarning,
    NoSuchViolation,
    NotYetReported,
    OfficeClosed,
    ReceiveDecision,
    RecordAbsence,
    RecordEvaluation,
    RecordReport,
    RecordTest,
    ReportViolation,
    SameOffice,
    SignAgreement,
    TermNotEnded,
    TermTooLong,
)
from shequ.rehab.domain.case._state import Case, State
from shequ.rehab.domain.rules import report_by, term_ends_on

MAX_TERM_MONTHS = 36  # 《禁毒法》 art. 33 and 48: at most three years


def decide(command: Command, state: State) -> list[RehabCaseEvent]:  # noqa: PLR0911, PLR0912
    if isinstance(command, ReceiveDecision):
        return _receive(command, state)
    if isinstance(command, CheckClock) and _closed(state):
        return []  # a timer may still list a case closed since: nothing is due
    case = _open_case(state)
    match command:
        case RecordReport():
            return _report(command, case)
        case CheckClock():
            return check_clock(command, case)
        case SignAgreement():
            return _agreement(command, _reported(case))
        case AssignTeam():
            return [
                RehabTeamAssigned(
                    person_id=case.person_id,
                    office=case.office,
                    responsible_worker=command.responsible_worker,
                    police_officer=command.police_officer,
                    helpers=list(command.helpers),
                )
            ]
        case RecordTest():
            return _test(command, _reported(case))
        case ReportViolation():
            return _report_violation(command, case)
        case IssueWarning():
            _since_report(_reported(case), command.issued_on, command.by, "issued_on")
            details = require_text(command.details, "details", N_("what was violated"))
            return [
                RehabWarningIssued(
                    person_id=case.person_id,
                    office=case.office,
                    violation=command.violation,
                    issued_on=command.issued_on,
                    details=details,
                )
            ]
        case DecideLeave():
            return _leave(command, _reported(case))
        case RecordAbsence():
            return _absence(command, _reported(case))
        case RecordEvaluation():
            _since_report(
                _reported(case), command.evaluated_on, command.by, "evaluated_on"
            )
            summary = require_text(command.summary, "summary", N_("the evaluation"))
            return [
                RehabEvaluationRecorded(
                    person_id=case.person_id,
                    office=case.office,
                    kind=command.kind,
                    evaluated_on=command.evaluated_on,
                    summary=summary,
                )
            ]
        case HandOver():
            return _hand_over(command, case)
        case CloseCase():
            return _close(command, case)
        case RecordCaseNote():
            return _case_work.note(command, case)
        case AssignPeerCounsellor():
            return _case_work.peer_counsellor(command, case)
        case ReferForWork():
            return _case_work.refer_for_work(command, case)
        case IssueDocument():
            return _document(command, _reported(case))


def _receive(command: ReceiveDecision, state: State) -> list[RehabCaseEvent]:
    if state is not None:
        raise CaseExists(
            N_("decision {decision_number} already opened case {case_id}"),
            field="decision_number",
            decision_number=command.decision_number,
            case_id=state.case_id,
        )
    if command.ground not in GROUNDS_OF_KIND[command.kind]:
        raise GroundOfAnotherKind(
            N_("{ground} is not a ground for {kind}"),
            field="ground",
            ground=REHAB_GROUND_LABELS[command.ground],
            kind=REHAB_KIND_LABELS[command.kind],
        )
    if not 1 <= command.term_months <= MAX_TERM_MONTHS:
        raise TermTooLong(
            N_("a term is 1 to {limit} months, not {months}"),
            field="term_months",
            limit=MAX_TERM_MONTHS,
            months=command.term_months,
        )
    if command.decided_on > command.by.today:
        raise DateOutOfOrder(
            N_("the decision cannot be dated after today"), field="decided_on"
        )
    number = require_text(
        command.decision_number, "decision_number", N_("the decision's number")
    )
    organ = require_text(
        command.police_organ, "police_organ", N_("the police organ that decided")
    )
    return [
        RehabDecisionReceived(
            case_id=command.case_id,
            person_id=command.person_id,
            office=command.office,
            kind=command.kind,
            ground=command.ground,
            decision_number=number,
            police_organ=organ,
            decided_on=command.decided_on,
            term_months=command.term_months,
            report_by=report_by(command.decided_on, command.rules),
            received_from="police" if command.received_from == "police" else "office",
        )
    ]


def _closed(state: State) -> bool:
    return state is not None and not state.open


def _open_case(state: State) -> Case:
    if state is None:
        raise CaseNotFound(N_("no rehab case under this id"), field="case_id")
    if not state.open:
        raise CaseClosed(
            N_("the case was closed on {closed_on}: nothing more is recorded"),
            field="case_id",
            closed_on=state.closed_on,
        )
    return state


def _reported(case: Case) -> Case:
    if case.reported_on is None:
        raise NotYetReported(
            N_("the person has not reported yet: record the report first"),
            field="case_id",
        )
    return case


def _since_report(case: Case, day: date, by: Acting, field: str) -> None:
    assert case.reported_on is not None
    if not case.reported_on <= day <= by.today:
        raise DateOutOfOrder(
            N_("the date falls between the report ({reported_on}) and today"),
            field=field,
            reported_on=case.reported_on,
        )


def _report(command: RecordReport, case: Case) -> list[RehabCaseEvent]:
    if case.reported_on is not None:
        raise AlreadyDone(
            N_("the person already reported on {reported_on}"),
            field="reported_on",
            reported_on=case.reported_on,
        )
    day = command.reported_on
    if day < case.decided_on or day > command.by.today:
        raise DateOutOfOrder(
            N_("the report is dated between the decision ({decided_on}) and today"),
            field="reported_on",
            decided_on=case.decided_on,
        )
    return [
        RehabReported(
            person_id=case.person_id,
            office=case.office,
            reported_on=day,
            term_ends_on=term_ends_on(day, case.term_months),
            late=day > case.report_by,
        )
    ]


def _agreement(command: SignAgreement, case: Case) -> list[RehabCaseEvent]:
    if case.agreement_signed:
        raise AlreadyDone(
            N_("the agreement was already signed"), field="agreement_number"
        )
    _since_report(case, command.signed_on, command.by, "signed_on")
    number = require_text(
        command.agreement_number, "agreement_number", N_("the agreement's number")
    )
    return [
        RehabAgreementSigned(
            person_id=case.person_id,
            office=case.office,
            agreement_number=number,
            signed_on=command.signed_on,
            document_sha256=command.document_sha256 or _printed(case, number),
        )
    ]


def _printed(case: Case, number: str) -> str | None:
    """The digest of the agreement last printed under ``number``: the one signed."""
    digests = [sha for n, sha in case.printed_agreements if n == number]
    return digests[-1] if digests else None


def _document(command: IssueDocument, case: Case) -> list[RehabCaseEvent]:
    _since_report(case, command.issued_on, command.by, "issued_on")
    number = require_text(
        command.document_number, "document_number", N_("the document's number")
    )
    return [
        RehabDocumentIssued(
            person_id=case.person_id,
            office=case.office,
            kind=command.kind,
            document_number=number,
            format=command.format,
            sha256=command.sha256,
            issued_on=command.issued_on,
        )
    ]


def _within_term(case: Case, day: date, field: str) -> None:
    assert case.reported_on is not None
    assert case.term_ends_on is not None
    if not case.reported_on <= day <= case.term_ends_on:
        raise DateOutOfOrder(
            N_("the date falls outside the term ({reported_on} to {term_ends_on})"),
            field=field,
            reported_on=case.reported_on,
            term_ends_on=case.term_ends_on,
        )


def _serious(
    case: Case, reason: SeriousViolationReason, day: date
) -> SeriousViolationFound:
    return SeriousViolationFound(
        person_id=case.person_id, office=case.office, reason=reason, found_on=day
    )


def _report_violation(command: ReportViolation, case: Case) -> list[RehabCaseEvent]:
    if command.reason not in case.serious:
        raise NoSuchViolation(
            N_("no serious violation of this kind was found on the case: {reason}"),
            field="reason",
            reason=SERIOUS_VIOLATION_LABELS[command.reason],
        )
    if command.reason in case.reported_serious:
        raise AlreadyDone(
            N_("this serious violation was already reported to the police"),
            field="reason",
        )
    if command.reported_on > command.by.today:
        raise DateOutOfOrder(
            N_("a report cannot be dated after today"), field="reported_on"
        )
    organ = require_text(
        command.police_organ, "police_organ", N_("the police organ told")
    )
    return [
        SeriousViolationReported(
            person_id=case.person_id,
            office=case.office,
            reason=command.reason,
            reported_on=command.reported_on,
            police_organ=organ,
            reference=command.reference or None,
        )
    ]


def _test(command: RecordTest, case: Case) -> list[RehabCaseEvent]:
    _within_term(case, command.tested_on, "tested_on")
    if command.tested_on > command.by.today:
        raise DateOutOfOrder(
            N_("a test cannot be dated after today"), field="tested_on"
        )
    events: list[RehabCaseEvent] = [
        UrineTestRecorded(
            person_id=case.person_id,
            office=case.office,
            tested_on=command.tested_on,
            result=command.result,
        )
    ]
    if command.result == "positive":
        events.append(_serious(case, "relapse", command.tested_on))
    refused = command.result in ("refused", "evaded")
    if (
        refused
        and case.refusals + 1 >= command.rules.serious_refusals
        and "tests_refused_or_evaded" not in case.serious
    ):
        events.append(_serious(case, "tests_refused_or_evaded", command.tested_on))
    return events


def _leave(command: DecideLeave, case: Case) -> list[RehabCaseEvent]:
    if command.leave_to < command.leave_from:
        raise DateOutOfOrder(N_("the leave ends before it begins"), field="leave_to")
    assert case.reported_on is not None
    if command.leave_from < case.reported_on:
        raise DateOutOfOrder(
            N_("leave begins on or after the report ({reported_on})"),
            field="leave_from",
            reported_on=case.reported_on,
        )
    if command.approve:
        destination = require_text(
            command.destination, "destination", N_("where the person goes")
        )
        return [
            LeaveApproved(
                person_id=case.person_id,
                office=case.office,
                leave_from=command.leave_from,
                leave_to=command.leave_to,
                destination=destination,
            )
        ]
    reason = require_text(command.reason, "reason", N_("why the leave is refused"))
    return [
        LeaveRefused(
            person_id=case.person_id,
            office=case.office,
            requested_from=command.leave_from,
            requested_to=command.leave_to,
            reason=reason,
        )
    ]


def _absence(command: RecordAbsence, case: Case) -> list[RehabCaseEvent]:
    if command.absent_to < command.absent_from:
        raise DateOutOfOrder(N_("the absence ends before it begins"), field="absent_to")
    if command.absent_to > command.by.today:
        raise DateOutOfOrder(N_("an absence cannot end after today"), field="absent_to")
    assert case.reported_on is not None
    if command.absent_from < case.reported_on:
        raise DateOutOfOrder(
            N_("an absence begins on or after the report ({reported_on})"),
            field="absent_from",
            reported_on=case.reported_on,
        )
    days = (command.absent_to - command.absent_from).days + 1
    events: list[RehabCaseEvent] = [
        UnapprovedAbsenceRecorded(
            person_id=case.person_id,
            office=case.office,
            absent_from=command.absent_from,
            absent_to=command.absent_to,
            days=days,
        )
    ]
    rules = command.rules
    if (
        case.absences + 1 >= rules.serious_absences
        and "unapproved_absences" not in case.serious
    ):
        events.append(_serious(case, "unapproved_absences", command.absent_to))
    if (
        case.absent_days + days > rules.serious_absent_days
        and "absent_over_thirty_days" not in case.serious
    ):
        events.append(_serious(case, "absent_over_thirty_days", command.absent_to))
    return events


def _hand_over(command: HandOver, case: Case) -> list[RehabCaseEvent]:
    if command.to_office == case.office:
        raise SameOffice(
            N_("the case is already held by {to_office}"),
            field="to_office",
            to_office=command.to_office,
        )
    if not command.to_office_open:
        raise OfficeClosed(
            N_("{to_office} is closed"), field="to_office", to_office=command.to_office
        )
    return [
        RehabCaseHandedOver(
            person_id=case.person_id,
            office=case.office,
            to_office=command.to_office,
            handed_over_on=command.by.today,
        )
    ]


def _close(command: CloseCase, case: Case) -> list[RehabCaseEvent]:
    if command.closed_on > command.by.today or command.closed_on < case.decided_on:
        raise DateOutOfOrder(
            N_("the case closes between the decision ({decided_on}) and today"),
            field="closed_on",
            decided_on=case.decided_on,
        )
    if command.outcome == "term_completed":
        if case.term_ends_on is None or command.closed_on <= case.term_ends_on:
            raise TermNotEnded(
                N_("the term runs until {term_ends_on}: it is completed after that"),
                field="outcome",
                term_ends_on=case.term_ends_on or "-",
            )
        require_text(
            command.notice_number or "",
            "notice_number",
            N_("the number of the police's termination notice"),
        )
    return [
        RehabCaseClosed(
            person_id=case.person_id,
            office=case.office,
            outcome=command.outcome,
            closed_on=command.closed_on,
            notice_number=command.notice_number,
        )
    ]
