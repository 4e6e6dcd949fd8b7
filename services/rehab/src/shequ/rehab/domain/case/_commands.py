"""Commands on a rehab case, and the refusals of its rules (each a named error)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.rehab import (
    DocumentFormat,
    DocumentKind,
    EvaluationKind,
    Helper,
    RehabGround,
    RehabKind,
    RehabOutcome,
    SeriousViolationReason,
    TestResult,
    Violation,
)
from shequ.rehab.domain.case._case_work_commands import (
    AssignPeerCounsellor,
    RecordCaseNote,
    ReferForWork,
)
from shequ.rehab.domain.rules import RehabRules


@dataclass(frozen=True, kw_only=True)
class ReceiveDecision:
    """The police's decision (决定书) arrives: open the case."""

    case_id: str
    person_id: str
    office: str
    kind: RehabKind
    ground: RehabGround
    decision_number: str
    police_organ: str
    decided_on: date
    term_months: int
    received_from: str  # "police" (their system) or "office" (typed in)
    rules: RehabRules
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordReport:
    reported_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class SignAgreement:
    agreement_number: str
    signed_on: date
    document_sha256: str | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AssignTeam:
    responsible_worker: str
    police_officer: str | None
    helpers: tuple[Helper, ...]
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordTest:
    tested_on: date
    result: TestResult
    rules: RehabRules
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CheckClock:
    """The hourly timer's command (定时检查): record what ``today`` made true.

    The report deadline passed; each ended period of the test schedule with no test;
    each evaluation fallen due; the term run out. Idempotent: nothing twice.
    """

    today: date
    rules: RehabRules
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReportViolation:
    """A serious violation reported to the police (报告公安机关)."""

    reason: SeriousViolationReason
    reported_on: date
    police_organ: str
    reference: str | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class IssueWarning:
    violation: Violation
    issued_on: date
    details: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class DecideLeave:
    """A request to leave the county: approved, or refused with a reason."""

    approve: bool
    leave_from: date
    leave_to: date
    destination: str
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordAbsence:
    """The person was away from the county without approval, these days."""

    absent_from: date
    absent_to: date
    rules: RehabRules
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordEvaluation:
    kind: EvaluationKind
    evaluated_on: date
    summary: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class HandOver:
    """The person moved to another office's jurisdiction: the case goes with them."""

    to_office: str
    to_office_open: bool
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CloseCase:
    outcome: RehabOutcome
    closed_on: date
    notice_number: str | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class IssueDocument:
    """A document of the case printed: its kind, number, format and digest."""

    kind: DocumentKind
    document_number: str
    format: DocumentFormat
    sha256: str
    issued_on: date
    by: Acting


Command = (
    ReceiveDecision
    | RecordReport
    | CheckClock
    | SignAgreement
    | AssignTeam
    | RecordTest
    | ReportViolation
    | IssueWarning
    | DecideLeave
    | RecordAbsence
    | RecordEvaluation
    | HandOver
    | CloseCase
    | RecordCaseNote
    | AssignPeerCounsellor
    | ReferForWork
    | IssueDocument
)


class CaseNotFound(NotFound):
    code = "rehab-case-not-found"
    title = N_("No such rehab case")


class CaseExists(Conflict):
    code = "rehab-case-exists"
    title = N_("This decision already opened a case")


class CaseClosed(Conflict):
    code = "rehab-case-closed"
    title = N_("The rehab case is closed")


class NotYetReported(DomainError):
    code = "rehab-not-reported"
    title = N_("The person has not reported yet")


class AlreadyDone(Conflict):
    code = "rehab-already-done"
    title = N_("Already recorded")


class GroundOfAnotherKind(DomainError):
    code = "rehab-ground-of-another-kind"
    title = N_("The ground does not fit the kind of case")


class DateOutOfOrder(DomainError):
    code = "rehab-date-out-of-order"
    title = N_("A date is out of order")


class TermTooLong(DomainError):
    code = "rehab-term-too-long"
    title = N_("The term is longer than the law allows")


class TermNotEnded(DomainError):
    code = "rehab-term-not-ended"
    title = N_("The term has not ended")


class SameOffice(DomainError):
    code = "rehab-same-office"
    title = N_("The case is already held there")


class OfficeClosed(DomainError):
    code = "rehab-office-closed"
    title = N_("The office is closed")


class NoSuchViolation(DomainError):
    code = "rehab-no-such-violation"
    title = N_("No such serious violation was found on this case")
