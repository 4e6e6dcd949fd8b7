"""Commands on a dispute (纠纷), and the refusals of its rules (each a named error)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.mediation import (
    Advice,
    AgreementForm,
    DisputeKind,
    DisputeSource,
    MediationDocumentKind,
    Obligation,
    Party,
)
from shequ.contracts.messages import N_
from shequ.documents import Format
from shequ.mediation.domain.rules import MediationRules


@dataclass(frozen=True, kw_only=True)
class RegisterDispute:
    """Intake (登记): a walk-in, a hotline call, a referral or a screening finding."""

    dispute_id: str
    office: str
    source: DisputeSource
    kind: DisputeKind
    parties: tuple[Party, ...]
    matter: str
    amount: int | None
    registered_on: date
    rules: MediationRules
    by: Acting
    ledger_number: str | None = None  # 编号 of an imported ledger's row


@dataclass(frozen=True, kw_only=True)
class AcceptDispute:
    accepted_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class DeclineDispute:
    declined_on: date
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AssignMediators:
    """``mediators`` (member ids) from ``committee``: the office's serving mediators."""

    mediators: tuple[str, ...]
    committee: frozenset[str]
    assigned_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecuseMediator:
    """回避: party ``objected_by`` objects to ``mediator``; ``replacement`` steps in."""

    mediator: str
    replacement: str
    objected_by: int
    reason: str
    committee: frozenset[str]
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordSession:
    held_on: date
    place: str
    attendees: tuple[str, ...]
    summary: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AgreeToContinue:
    """Both parties consent to go on past the deadline, until ``until``."""

    agreed_on: date
    until: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReachAgreement:
    form: AgreementForm
    agreed_on: date
    facts: str
    terms: str
    obligations: tuple[Obligation, ...]
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordFailure:
    failed_on: date
    advice: Advice
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordFollowUp:
    """回访 of obligation ``obligation``."""

    obligation: int
    visited_on: date
    fulfilled: bool
    satisfied: bool | None  # None: not asked
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class MarkOverdue:
    """The timer's command: the conclusion deadline passed (idempotent)."""

    today: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class MarkMissedFollowUps:
    """The timer's command: each obligation past its deadline with no 回访."""

    today: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ApplyForConfirmation:
    """司法确认 applied for (art. 33: within 30 days of the agreement)."""

    applied_on: date
    court: str
    rules: MediationRules
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordConfirmationAnswer:
    answered_on: date
    confirmed: bool
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CloseDispute:
    closed_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class IssueDocument:
    """A document of the dispute printed: its digest recorded (出具文书)."""

    kind: MediationDocumentKind
    document_number: str
    format: Format
    sha256: str
    issued_on: date
    by: Acting


Command = (
    RegisterDispute
    | AcceptDispute
    | DeclineDispute
    | AssignMediators
    | RecuseMediator
    | RecordSession
    | AgreeToContinue
    | ReachAgreement
    | RecordFailure
    | RecordFollowUp
    | MarkOverdue
    | MarkMissedFollowUps
    | ApplyForConfirmation
    | RecordConfirmationAnswer
    | CloseDispute
    | IssueDocument
)


class DisputeNotFound(NotFound):
    code = "mediation-dispute-not-found"
    title = N_("No such dispute")


class DisputeExists(Conflict):
    code = "mediation-dispute-exists"
    title = N_("The dispute is already registered")


class WrongStage(Conflict):
    code = "mediation-wrong-stage"
    title = N_("Not at this stage of the dispute")


class AlreadyDone(Conflict):
    code = "mediation-already-done"
    title = N_("Already recorded")


class DateOutOfOrder(DomainError):
    code = "mediation-date-out-of-order"
    title = N_("A date is out of order")


class NoParties(DomainError):
    code = "mediation-no-parties"
    title = N_("A dispute needs its parties")


class NoSuchParty(DomainError):
    code = "mediation-no-such-party"
    title = N_("No such party")


class NotAMediator(DomainError):
    code = "mediation-not-a-mediator"
    title = N_("Not a mediator of the committee")


class Recused(DomainError):
    code = "mediation-recused"
    title = N_("The mediator was objected to")


class ObligationsNeeded(DomainError):
    code = "mediation-obligations-needed"
    title = N_("An agreement needs obligations with deadlines")


class NoSuchObligation(DomainError):
    code = "mediation-no-such-obligation"
    title = N_("No such obligation")


class DeadlinePassed(DomainError):
    code = "mediation-deadline-passed"
    title = N_("The conclusion deadline has passed")


class ConfirmationWindowClosed(DomainError):
    code = "mediation-confirmation-window-closed"
    title = N_("The 30 days for judicial confirmation have passed")


class NotReadyToClose(DomainError):
    code = "mediation-not-ready-to-close"
    title = N_("The dispute cannot be closed yet")
