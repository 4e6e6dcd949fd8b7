"""An activity (活动): planned, then held or cancelled. Pure.

Stream ``activity/<id>``. See ``_commands.py`` for the commands, the state and the
refusals, ``_decide.py`` for the rules.
"""

from __future__ import annotations

from shequ.events.domain.activity._commands import (
    Activity,
    ActivityAlreadyPlanned,
    ActivityNotFound,
    AlreadyTookPlace,
    AttachFile,
    BadTimes,
    CancelActivity,
    Command,
    Evaluate,
    FamilyAlreadyVisited,
    NoScores,
    NotYetHeld,
    OverCapacity,
    PlanActivity,
    RecordAttendance,
    RecordCost,
    State,
    VisitFamily,
    WasCancelled,
)
from shequ.events.domain.activity._decide import DECIDER, decide, evolve

__all__ = [
    "DECIDER",
    "Activity",
    "ActivityAlreadyPlanned",
    "ActivityNotFound",
    "AlreadyTookPlace",
    "AttachFile",
    "BadTimes",
    "CancelActivity",
    "Command",
    "Evaluate",
    "FamilyAlreadyVisited",
    "NoScores",
    "NotYetHeld",
    "OverCapacity",
    "PlanActivity",
    "RecordAttendance",
    "RecordCost",
    "State",
    "VisitFamily",
    "WasCancelled",
    "decide",
    "evolve",
]
