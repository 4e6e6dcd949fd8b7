"""The state of a dispute, folded from its events by a rule-free evolve."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import assert_never

from shequ.contracts.mediation import (
    DisputeAccepted,
    DisputeClosed,
    DisputeDeclined,
    DisputeEvent,
    DisputeOutcome,
    DisputeOverdue,
    DisputeRegistered,
    DisputeStatus,
    FollowUpMissed,
    FulfilmentFollowedUp,
    JudicialConfirmationAnswered,
    JudicialConfirmationApplied,
    MediationAgreementReached,
    MediationContinuationAgreed,
    MediationDocumentIssued,
    MediationFailed,
    MediationSessionRecorded,
    MediatorRecused,
    MediatorsAssigned,
)


@dataclass(frozen=True)
class Dispute:
    dispute_id: str
    office: str
    parties: int  # how many parties (numbered from 1)
    registered_on: date
    deadline: date  # the period the district sets: on time is by this day
    conclude_by: date  # the deadline in force (moved by a continuation)
    status: DisputeStatus = "registered"
    mediators: tuple[str, ...] = ()
    recused: frozenset[str] = frozenset()
    sessions: int = 0
    overdue_marked: date | None = None  # the deadline the timer marked passed
    form: str | None = None
    agreed_on: date | None = None
    due: dict[int, date] = field(default_factory=dict)  # obligation → deadline
    followed: dict[int, bool] = field(default_factory=dict)  # obligation → fulfilled
    missed: frozenset[int] = frozenset()
    confirmation: str | None = None  # "applied", "confirmed", "refused"
    outcome: DisputeOutcome | None = None

    @property
    def undecided(self) -> bool:
        """Registered or accepted: neither agreed, failed, declined nor closed."""
        return self.status in ("registered", "accepted")


State = Dispute | None


def evolve(state: State, event: DisputeEvent) -> State:  # noqa: PLR0911, PLR0912
    match event:
        case DisputeRegistered():
            return Dispute(
                dispute_id=event.dispute_id,
                office=event.office,
                parties=len(event.parties),
                registered_on=event.registered_on,
                deadline=event.conclude_by,
                conclude_by=event.conclude_by,
            )
        case _ if state is None:
            return state
        case DisputeAccepted():
            return replace(state, status="accepted")
        case DisputeDeclined():
            return replace(state, status="declined")
        case MediatorsAssigned():
            return replace(state, mediators=tuple(event.mediators))
        case MediatorRecused():
            mediators = tuple(
                event.replacement if m == event.mediator else m for m in state.mediators
            )
            return replace(
                state, mediators=mediators, recused=state.recused | {event.mediator}
            )
        case MediationSessionRecorded():
            return replace(state, sessions=state.sessions + 1)
        case MediationContinuationAgreed():
            return replace(state, conclude_by=event.until)
        case MediationAgreementReached():
            due = {o.number: o.due_on for o in event.obligations}
            if not due:  # erased: the plain deadlines still count the obligations
                due = dict(enumerate(event.due_dates, start=1))
            return replace(
                state,
                status="agreed",
                form=event.form,
                agreed_on=event.agreed_on,
                due=due,
            )
        case MediationFailed():
            return replace(state, status="failed")
        case FulfilmentFollowedUp():
            followed = {**state.followed, event.obligation: event.fulfilled}
            return replace(state, followed=followed)
        case FollowUpMissed():
            return replace(state, missed=state.missed | {event.obligation})
        case DisputeOverdue():
            return replace(state, overdue_marked=event.conclude_by)
        case JudicialConfirmationApplied():
            return replace(state, confirmation="applied")
        case JudicialConfirmationAnswered():
            answer = "confirmed" if event.confirmed else "refused"
            return replace(state, confirmation=answer)
        case DisputeClosed():
            return replace(state, status="closed", outcome=event.outcome)
        case MediationDocumentIssued():
            return state  # a record of a print: the dispute itself is unchanged
        case _:
            assert_never(event)
