"""The rules of a dispute (《人民调解法》, 《人民调解工作若干规定》, 篇四). Pure.

Intake puts a dispute on the ledger with its deadline; the committee accepts it or
declines it with a reason; mediators of the committee are assigned, and one a party
objects to is replaced (回避); sessions are recorded until the deadline, past which
mediation goes on only with both parties' consent. How a dispute concludes — an
agreement, a failure, the 回访, judicial confirmation, closing — is ``_conclude.py``.
"""

from __future__ import annotations

from shequ.contracts import require_text
from shequ.contracts.mediation import (
    DisputeAccepted,
    DisputeDeclined,
    DisputeEvent,
    DisputeRegistered,
    MediationContinuationAgreed,
    MediationDocumentIssued,
    MediationSessionRecorded,
    MediatorRecused,
    MediatorsAssigned,
)
from shequ.contracts.messages import N_
from shequ.mediation.domain.dispute import _conclude as conclude
from shequ.mediation.domain.dispute._commands import (
    AcceptDispute,
    AgreeToContinue,
    AssignMediators,
    Command,
    DeclineDispute,
    DisputeExists,
    IssueDocument,
    NoParties,
    NoSuchParty,
    NotAMediator,
    RecordSession,
    Recused,
    RecuseMediator,
    RegisterDispute,
)
from shequ.mediation.domain.dispute._rules import (
    in_stage,
    not_before,
    open_dispute,
    within_deadline,
)
from shequ.mediation.domain.dispute._state import Dispute, State
from shequ.mediation.domain.rules import conclude_by


def decide(command: Command, state: State) -> list[DisputeEvent]:  # noqa: PLR0911
    if isinstance(command, RegisterDispute):
        return _register(command, state)
    dispute = open_dispute(state)
    match command:
        case AcceptDispute():
            in_stage(dispute, "registered")
            not_before(command.accepted_on, dispute.registered_on, "accepted_on")
            return [
                DisputeAccepted(office=dispute.office, accepted_on=command.accepted_on)
            ]
        case DeclineDispute():
            return _decline(command, dispute)
        case AssignMediators():
            return _assign(command, dispute)
        case RecuseMediator():
            return _recuse(command, dispute)
        case RecordSession():
            return _session(command, dispute)
        case AgreeToContinue():
            return _continue(command, dispute)
        case IssueDocument():
            return [
                MediationDocumentIssued(
                    office=dispute.office,
                    kind=command.kind,
                    document_number=command.document_number,
                    format=command.format,
                    sha256=command.sha256,
                    issued_on=command.issued_on,
                )
            ]
        case _:
            return conclude.decide(command, dispute)


def _register(command: RegisterDispute, state: State) -> list[DisputeEvent]:
    if state is not None:
        raise DisputeExists(
            N_("dispute {dispute_id} is already registered"),
            field="dispute_id",
            dispute_id=state.dispute_id,
        )
    if len(command.parties) < 1:
        raise NoParties(N_("name at least one party"), field="parties")
    return [
        DisputeRegistered(
            dispute_id=command.dispute_id,
            office=command.office,
            source=command.source,
            kind=command.kind,
            parties=list(command.parties),
            matter=require_text(command.matter, "matter", N_("the matter in dispute")),
            amount=command.amount,
            registered_on=command.registered_on,
            conclude_by=conclude_by(command.registered_on, command.rules),
            ledger_number=command.ledger_number,
        )
    ]


def _decline(command: DeclineDispute, dispute: Dispute) -> list[DisputeEvent]:
    """不予受理 only with the reason the parties are told."""
    in_stage(dispute, "registered")
    not_before(command.declined_on, dispute.registered_on, "declined_on")
    reason = require_text(command.reason, "reason", N_("the reason for declining"))
    return [
        DisputeDeclined(
            office=dispute.office, declined_on=command.declined_on, reason=reason
        )
    ]


def _assign(command: AssignMediators, dispute: Dispute) -> list[DisputeEvent]:
    in_stage(dispute, "accepted")
    if not command.mediators:
        raise NotAMediator(N_("name at least one mediator"), field="mediators")
    for member in command.mediators:
        _serving(member, command.committee, "mediators")
        if member in dispute.recused:
            raise Recused(
                N_("mediator {member} was objected to by a party"),
                field="mediators",
                member=member,
            )
    return [
        MediatorsAssigned(
            office=dispute.office,
            mediators=list(dict.fromkeys(command.mediators)),
            assigned_on=command.assigned_on,
        )
    ]


def _recuse(command: RecuseMediator, dispute: Dispute) -> list[DisputeEvent]:
    """回避: the mediator a party objects to leaves the dispute; another takes over."""
    in_stage(dispute, "accepted")
    if command.mediator not in dispute.mediators:
        raise NotAMediator(
            N_("{member} does not mediate this dispute"),
            field="mediator",
            member=command.mediator,
        )
    replacement = command.replacement
    _serving(replacement, command.committee, "replacement")
    if replacement in dispute.mediators or replacement == command.mediator:
        raise Recused(
            N_("{member} cannot replace the mediator objected to"),
            field="replacement",
            member=replacement,
        )
    if not 1 <= command.objected_by <= dispute.parties:
        raise NoSuchParty(
            N_("the dispute has no party {number}"),
            field="objected_by",
            number=command.objected_by,
        )
    reason = require_text(command.reason, "reason", N_("the party's objection"))
    return [
        MediatorRecused(
            office=dispute.office,
            mediator=command.mediator,
            replacement=replacement,
            objected_by=command.objected_by,
            reason=reason,
        )
    ]


def _serving(member: str, committee: frozenset[str], field: str) -> None:
    if member not in committee:
        raise NotAMediator(
            N_("{member} is not a serving mediator of the committee"),
            field=field,
            member=member,
        )


def _session(command: RecordSession, dispute: Dispute) -> list[DisputeEvent]:
    in_stage(dispute, "accepted")
    if not dispute.mediators:
        raise NotAMediator(N_("assign the mediators first"), field="mediators")
    not_before(command.held_on, dispute.registered_on, "held_on")
    within_deadline(dispute, command.held_on, "held_on")
    return [
        MediationSessionRecorded(
            office=dispute.office,
            held_on=command.held_on,
            place=require_text(command.place, "place", N_("where it was held")),
            attendees=[a.strip() for a in command.attendees if a.strip()],
            summary=require_text(command.summary, "summary", N_("what was said")),
        )
    ]


def _continue(command: AgreeToContinue, dispute: Dispute) -> list[DisputeEvent]:
    """Past the deadline only with both parties' consent, recorded with its new end."""
    in_stage(dispute, "accepted")
    not_before(command.until, dispute.conclude_by, "until")
    return [
        MediationContinuationAgreed(
            office=dispute.office, agreed_on=command.agreed_on, until=command.until
        )
    ]
