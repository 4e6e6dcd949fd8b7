"""A rehab case (社区戒毒/社区康复案件), stream ``rehab_case/<case id>``. Pure.

See ``_decide.py`` for the rules, ``_state.py`` for what a case remembers and
``domain/rules.py`` for what the district sets (deadlines, the test schedule,
thresholds of a serious violation).
"""

from __future__ import annotations

from shequ.contracts.rehab import RehabCaseEvent
from shequ.eventstore import Decider
from shequ.rehab.domain.case._case_work import OwnCounsellor
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
from shequ.rehab.domain.case._decide import MAX_TERM_MONTHS, decide
from shequ.rehab.domain.case._state import Case, State, evolve

DECIDER: Decider[Command, State, RehabCaseEvent] = Decider(
    "rehab_case", None, decide, evolve
)

__all__ = [
    "DECIDER",
    "MAX_TERM_MONTHS",
    "AlreadyDone",
    "AssignPeerCounsellor",
    "AssignTeam",
    "Case",
    "CaseClosed",
    "CaseExists",
    "CaseNotFound",
    "CheckClock",
    "CloseCase",
    "Command",
    "DateOutOfOrder",
    "DecideLeave",
    "GroundOfAnotherKind",
    "HandOver",
    "IssueDocument",
    "IssueWarning",
    "NoSuchViolation",
    "NotYetReported",
    "OfficeClosed",
    "OwnCounsellor",
    "ReceiveDecision",
    "RecordAbsence",
    "RecordCaseNote",
    "RecordEvaluation",
    "RecordReport",
    "RecordTest",
    "ReferForWork",
    "ReportViolation",
    "SameOffice",
    "SignAgreement",
    "State",
    "TermNotEnded",
    "TermTooLong",
    "check_clock",
    "decide",
    "evolve",
]
