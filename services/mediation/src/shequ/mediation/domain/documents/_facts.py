"""A dispute's events folded into what its documents show (:class:`DisputeFacts`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from shequ.contracts.mediation import (
    DisputeAccepted,
    DisputeEvent,
    DisputeRegistered,
    FulfilmentFollowedUp,
    MediationAgreementReached,
    MediationSessionRecorded,
)
from shequ.mediation.domain.documents._model import (
    AgreementFacts,
    DisputeFacts,
    FollowUpFacts,
    SessionFacts,
)


def facts_of(
    events: Sequence[DisputeEvent], committee: str, mediators: Sequence[str]
) -> DisputeFacts:
    """The facts of the dispute whose stream holds ``events`` (the first its intake)."""
    intake = events[0]
    assert isinstance(intake, DisputeRegistered)
    facts = DisputeFacts(
        dispute_id=intake.dispute_id,
        committee=committee,
        mediators=tuple(mediators),
        source=intake.source,
        kind=intake.kind,
        parties=tuple(intake.parties),
        matter=intake.matter,
        amount=intake.amount,
        registered_on=intake.registered_on,
        accepted_on=None,
        sessions=(),
        agreement=None,
        follow_ups=(),
    )
    for event in events[1:]:
        facts = _with(facts, event)
    return facts


def _with(facts: DisputeFacts, event: DisputeEvent) -> DisputeFacts:
    match event:
        case DisputeAccepted():
            return replace(facts, accepted_on=event.accepted_on)
        case MediationSessionRecorded():
            held = SessionFacts(
                event.held_on, event.place, tuple(event.attendees), event.summary
            )
            return replace(facts, sessions=(*facts.sessions, held))
        case MediationAgreementReached():
            agreement = AgreementFacts(
                event.form,
                event.agreed_on,
                event.facts,
                event.terms,
                tuple(event.obligations),
            )
            return replace(facts, agreement=agreement)
        case FulfilmentFollowedUp():
            visit = FollowUpFacts(
                event.obligation,
                event.visited_on,
                event.fulfilled,
                event.satisfied,
                event.note,
            )
            return replace(facts, follow_ups=(*facts.follow_ups, visit))
        case _:
            return facts
