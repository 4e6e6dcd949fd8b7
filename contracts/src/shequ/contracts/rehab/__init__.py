"""Published events of rehab (社区戒毒/社区康复): the most sensitive records kept.

Streams: ``rehab_case/<case id>`` (a case from the police's decision to its end, handed
over with its whole history when the person moves) and ``case_read/<id>`` (one read of
a case: every read is recorded). Every detail of a case is sealed under the person's
key (``shequ.contracts.personal``); the service lets only the roles the domain names
read it.
"""

from __future__ import annotations

from shequ.contracts._catalog import EventCatalog
from shequ.contracts.rehab._case import (
    Helper,
    LeaveApproved,
    LeaveRefused,
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseEvent,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabDocumentIssued,
    RehabEvaluationRecorded,
    RehabReported,
    RehabReportMissed,
    RehabTeamAssigned,
    RehabWarningIssued,
    SeriousViolationFound,
    UnapprovedAbsenceRecorded,
    UrineTestMissed,
    UrineTestRecorded,
)
from shequ.contracts.rehab._reads import RehabCaseRead
from shequ.contracts.rehab._types import (
    DOCUMENT_KIND_LABELS,
    EVALUATION_KIND_LABELS,
    GROUNDS_OF_KIND,
    REHAB_GROUND_LABELS,
    REHAB_KIND_LABELS,
    REHAB_OUTCOME_LABELS,
    SERIOUS_VIOLATION_LABELS,
    TEAM_ROLE_LABELS,
    TEST_RESULT_LABELS,
    VIOLATION_LABELS,
    DocumentFormat,
    DocumentKind,
    EvaluationKind,
    RehabGround,
    RehabKind,
    RehabOutcome,
    SeriousViolationReason,
    TeamRole,
    TestResult,
    Violation,
)

CATALOG = EventCatalog(
    "rehab",
    [
        RehabDecisionReceived,
        RehabReported,
        RehabReportMissed,
        RehabAgreementSigned,
        RehabTeamAssigned,
        UrineTestRecorded,
        UrineTestMissed,
        RehabWarningIssued,
        LeaveApproved,
        LeaveRefused,
        UnapprovedAbsenceRecorded,
        SeriousViolationFound,
        RehabEvaluationRecorded,
        RehabCaseHandedOver,
        RehabCaseClosed,
        RehabDocumentIssued,
        RehabCaseRead,
    ],
)

__all__ = [
    "CATALOG",
    "DOCUMENT_KIND_LABELS",
    "EVALUATION_KIND_LABELS",
    "GROUNDS_OF_KIND",
    "REHAB_GROUND_LABELS",
    "REHAB_KIND_LABELS",
    "REHAB_OUTCOME_LABELS",
    "SERIOUS_VIOLATION_LABELS",
    "TEAM_ROLE_LABELS",
    "TEST_RESULT_LABELS",
    "VIOLATION_LABELS",
    "DocumentFormat",
    "DocumentKind",
    "EvaluationKind",
    "Helper",
    "LeaveApproved",
    "LeaveRefused",
    "RehabAgreementSigned",
    "RehabCaseClosed",
    "RehabCaseEvent",
    "RehabCaseHandedOver",
    "RehabCaseRead",
    "RehabDecisionReceived",
    "RehabDocumentIssued",
    "RehabEvaluationRecorded",
    "RehabGround",
    "RehabKind",
    "RehabOutcome",
    "RehabReportMissed",
    "RehabReported",
    "RehabTeamAssigned",
    "RehabWarningIssued",
    "SeriousViolationFound",
    "SeriousViolationReason",
    "TeamRole",
    "TestResult",
    "UnapprovedAbsenceRecorded",
    "UrineTestMissed",
    "UrineTestRecorded",
    "Violation",
]
