"""Assistance to one person (就业援助): difficulty, follow-ups, training. Pure.

Stream ``assistance/<person_id>``. A person may be identified as having employment
difficulties (就业困难人员认定), one open case at a time; anyone the registry knows may
get follow-ups (visits and calls, 走访/电话排查) by a due date, training referrals with
their outcome, and guidance (职业指导, 政策咨询 …). The handler passes the person's
current office from the registry copy; a move hands the open follow-ups over to the
new office (:class:`HandOverFollowUps`), while the history keeps the offices that
recorded it.
"""

from __future__ import annotations

from typing import assert_never

from shequ.contracts.employment import AssistanceEvent
from shequ.employment.domain.assistance._commands import (
    CancelFollowUp,
    Command,
    GiveGuidance,
    HandOverFollowUps,
    Identify,
    PersonCommand,
    ReassignFollowUp,
    RecordContact,
    RecordOutcome,
    ReferTraining,
    Resolve,
    ScheduleFollowUp,
)
from shequ.employment.domain.assistance._difficulty import (
    DateOutOfOrder,
    DifficultyAlreadyIdentified,
    NoOpenDifficulty,
    identify,
    resolve,
)
from shequ.employment.domain.assistance._follow_ups import (
    DueInThePast,
    DuplicateId,
    FollowUpClosed,
    FollowUpNotFound,
    cancel,
    contact,
    hand_over,
    reassign,
    schedule,
)
from shequ.employment.domain.assistance._state import (
    Assistance,
    Case,
    Contact,
    FollowUp,
    FollowUpState,
    Guidance,
    Referral,
    State,
    evolve,
)
from shequ.employment.domain.assistance._training import (
    NoCertificate,
    OutcomeAlreadyRecorded,
    ReferralNotFound,
    guidance,
    outcome,
    refer,
)
from shequ.eventstore import Decider

__all__ = [
    "DECIDER",
    "Assistance",
    "CancelFollowUp",
    "Case",
    "Command",
    "Contact",
    "DateOutOfOrder",
    "DifficultyAlreadyIdentified",
    "DueInThePast",
    "DuplicateId",
    "FollowUp",
    "FollowUpClosed",
    "FollowUpNotFound",
    "FollowUpState",
    "GiveGuidance",
    "Guidance",
    "HandOverFollowUps",
    "Identify",
    "NoCertificate",
    "NoOpenDifficulty",
    "OutcomeAlreadyRecorded",
    "PersonCommand",
    "ReassignFollowUp",
    "RecordContact",
    "RecordOutcome",
    "ReferTraining",
    "Referral",
    "ReferralNotFound",
    "Resolve",
    "ScheduleFollowUp",
    "State",
    "decide",
    "evolve",
]


def decide(command: Command, state: State) -> list[AssistanceEvent]:  # noqa: PLR0911 - a case each
    if isinstance(command, HandOverFollowUps):
        return hand_over(command, state)
    # Any command may open the stream: follow-ups are for anyone the registry knows.
    record = state or Assistance(command.person_id, command.office)
    match command:
        case Identify():
            return identify(command, record)
        case Resolve():
            return [resolve(command, record)]
        case ScheduleFollowUp():
            return [schedule(command, record)]
        case RecordContact():
            return [contact(command, record)]
        case CancelFollowUp():
            return [cancel(command, record)]
        case ReassignFollowUp():
            return reassign(command, record)
        case ReferTraining():
            return [refer(command, record)]
        case RecordOutcome():
            return [outcome(command, record)]
        case GiveGuidance():
            return [guidance(command)]
        case _:
            assert_never(command)


DECIDER: Decider[Command, State, AssistanceEvent] = Decider(
    "assistance", None, decide, evolve
)
