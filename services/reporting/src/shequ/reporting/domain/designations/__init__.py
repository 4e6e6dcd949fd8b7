"""Designations (创建): campaigns and each office's path to a title. Pure.

``campaign.py`` is what the district configures; a designation is stream
``designation/<office>/<campaign>``: ``_commands.py`` its commands and refusals,
``_decide.py`` its rules, ``_state.py`` what it remembers. The decider is made per
stream (``decider_for``), since the stream's own office and campaign name a
designation before its first event.
"""

from __future__ import annotations

from shequ.contracts.reporting import DesignationEvent
from shequ.eventstore import Decider
from shequ.reporting.domain.designations._commands import (
    Accept,
    AlreadyRecorded,
    Apply,
    CheckClock,
    CheckRectification,
    Command,
    DateOutOfOrder,
    Decline,
    Evaluate,
    GradeNotInCampaign,
    Inspect,
    InspectionMethodsNeeded,
    Name,
    NotEligible,
    Recheck,
    RecordObjection,
    RecordStage,
    RectificationDeadlineNeeded,
    Review,
    SetGrade,
    StageNotInCampaign,
    StagesMissing,
    WrongStage,
)
from shequ.reporting.domain.designations._decide import decide, eligible, years_after
from shequ.reporting.domain.designations._state import Designation, State, evolve

STREAM_TYPE = "designation"


def stream_of(office: str, campaign: str) -> str:
    return f"designation/{office}/{campaign}"


def decider_for(
    office: str, campaign: str
) -> Decider[Command, State, DesignationEvent]:
    """The designation of ``office`` in ``campaign``, as the store runs it."""
    return Decider(
        STREAM_TYPE,
        None,
        lambda command, state: decide(command, state, office, campaign),
        evolve,
    )


FOLDING = decider_for("", "")
"""For folding a stream (audit replay): ``evolve`` reads the office and campaign off
the first event; commands go through ``decider_for`` the stream's own."""

__all__ = [
    "FOLDING",
    "STREAM_TYPE",
    "Accept",
    "AlreadyRecorded",
    "Apply",
    "CheckClock",
    "CheckRectification",
    "Command",
    "DateOutOfOrder",
    "Decline",
    "Designation",
    "Evaluate",
    "GradeNotInCampaign",
    "Inspect",
    "InspectionMethodsNeeded",
    "Name",
    "NotEligible",
    "Recheck",
    "RecordObjection",
    "RecordStage",
    "RectificationDeadlineNeeded",
    "Review",
    "SetGrade",
    "StageNotInCampaign",
    "StagesMissing",
    "State",
    "WrongStage",
    "decide",
    "decider_for",
    "eligible",
    "evolve",
    "stream_of",
    "years_after",
]
