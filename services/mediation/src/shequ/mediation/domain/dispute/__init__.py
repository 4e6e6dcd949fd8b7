"""A dispute (纠纷), stream ``dispute/<dispute id>``. Pure.

``_decide.py`` holds intake, acceptance, mediators (回避) and sessions;
``_conclude.py`` agreement, failure, 回访, judicial confirmation and closing;
``_state.py`` what a dispute remembers; ``domain/rules.py`` what the district sets.
"""

from __future__ import annotations

from shequ.contracts.mediation import DisputeEvent
from shequ.eventstore import Decider
from shequ.mediation.domain.dispute._commands import (
    AcceptDispute,
    AgreeToContinue,
    AlreadyDone,
    ApplyForConfirmation,
    AssignMediators,
    CloseDispute,
    Command,
    ConfirmationWindowClosed,
    DateOutOfOrder,
    DeadlinePassed,
    DeclineDispute,
    DisputeExists,
    DisputeNotFound,
    IssueDocument,
    MarkMissedFollowUps,
    MarkOverdue,
    NoParties,
    NoSuchObligation,
    NoSuchParty,
    NotAMediator,
    NotReadyToClose,
    ObligationsNeeded,
    ReachAgreement,
    RecordConfirmationAnswer,
    RecordFailure,
    RecordFollowUp,
    RecordSession,
    Recused,
    RecuseMediator,
    RegisterDispute,
    WrongStage,
)
from shequ.mediation.domain.dispute._decide import decide
from shequ.mediation.domain.dispute._state import Dispute, State, evolve

DECIDER: Decider[Command, State, DisputeEvent] = Decider(
    "dispute", None, decide, evolve
)

__all__ = [
    "DECIDER",
    "AcceptDispute",
    "AgreeToContinue",
    "AlreadyDone",
    "ApplyForConfirmation",
    "AssignMediators",
    "CloseDispute",
    "Command",
    "ConfirmationWindowClosed",
    "DateOutOfOrder",
    "DeadlinePassed",
    "DeclineDispute",
    "Dispute",
    "DisputeExists",
    "DisputeNotFound",
    "IssueDocument",
    "MarkMissedFollowUps",
    "MarkOverdue",
    "NoParties",
    "NoSuchObligation",
    "NoSuchParty",
    "NotAMediator",
    "NotReadyToClose",
    "ObligationsNeeded",
    "ReachAgreement",
    "RecordConfirmationAnswer",
    "RecordFailure",
    "RecordFollowUp",
    "RecordSession",
    "RecuseMediator",
    "Recused",
    "RegisterDispute",
    "State",
    "WrongStage",
    "decide",
    "evolve",
]
