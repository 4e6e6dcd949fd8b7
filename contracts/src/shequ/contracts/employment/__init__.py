"""Published events of employment (就业): the full-employment community (充分就业社区).

Streams, each keyed by the registry's person id where it is about one person:
``labour/<person>`` (labour profile: status, flexible employment, job seeking),
``unemployment/<person>`` (失业登记 and certificates), ``assistance/<person>`` (就业困难
人员, follow-ups, training, guidance), ``vacancy/<id>`` (用工需求 with referrals and
hires) and ``zero-household/<household>`` (零就业家庭, detected). Every event carries
the office the person or vacancy belonged to when it happened.
"""

from __future__ import annotations

from shequ.contracts._catalog import EventCatalog
from shequ.contracts.employment._assistance import (
    AssistanceEvent,
    ContactRecorded,
    EmploymentDifficultyIdentified,
    EmploymentDifficultyResolved,
    FollowUpCancelled,
    FollowUpReassigned,
    FollowUpScheduled,
    FollowUpsHandedOver,
    GuidanceGiven,
    TrainingOutcomeRecorded,
    TrainingReferred,
)
from shequ.contracts.employment._households import (
    ZeroEmploymentHouseholdCleared,
    ZeroEmploymentHouseholdEvent,
    ZeroEmploymentHouseholdIdentified,
    ZeroEmploymentHouseholdMembersChanged,
)
from shequ.contracts.employment._profiles import (
    FlexibleEmploymentCertified,
    FlexibleEmploymentRegistered,
    JobSeekingRegistered,
    JobSeekingWithdrawn,
    LabourProfileEvent,
    LabourProfileHandedOver,
    LabourStatusRecorded,
)
from shequ.contracts.employment._rules import RetirementRuleAdopted, WorkingAgeRuleEvent
from shequ.contracts.employment._types import (
    IN_LABOUR_FORCE,
    CertificateKind,
    ContactKind,
    DifficultyCategory,
    GuidanceKind,
    InformationSource,
    LabourStatus,
    TrainingKind,
    TrainingOutcome,
)
from shequ.contracts.employment._unemployment import (
    CertificateCancelled,
    CertificateIssued,
    CertificateReturned,
    UnemploymentEvent,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.contracts.employment._vacancies import (
    CandidateHired,
    CandidateNotHired,
    CandidateReferred,
    InterviewHeld,
    VacancyClosed,
    VacancyEvent,
    VacancyPosted,
)

CATALOG = EventCatalog(
    "employment",
    [
        RetirementRuleAdopted,
        LabourStatusRecorded,
        FlexibleEmploymentRegistered,
        FlexibleEmploymentCertified,
        JobSeekingRegistered,
        JobSeekingWithdrawn,
        LabourProfileHandedOver,
        UnemploymentRegistered,
        UnemploymentRegistrationEnded,
        CertificateIssued,
        CertificateReturned,
        CertificateCancelled,
        EmploymentDifficultyIdentified,
        EmploymentDifficultyResolved,
        FollowUpScheduled,
        ContactRecorded,
        FollowUpCancelled,
        FollowUpReassigned,
        FollowUpsHandedOver,
        TrainingReferred,
        TrainingOutcomeRecorded,
        GuidanceGiven,
        VacancyPosted,
        VacancyClosed,
        CandidateReferred,
        InterviewHeld,
        CandidateHired,
        CandidateNotHired,
        ZeroEmploymentHouseholdIdentified,
        ZeroEmploymentHouseholdMembersChanged,
        ZeroEmploymentHouseholdCleared,
    ],
)

__all__ = [
    "CATALOG",
    "IN_LABOUR_FORCE",
    "AssistanceEvent",
    "CandidateHired",
    "CandidateNotHired",
    "CandidateReferred",
    "CertificateCancelled",
    "CertificateIssued",
    "CertificateKind",
    "CertificateReturned",
    "ContactKind",
    "ContactRecorded",
    "DifficultyCategory",
    "EmploymentDifficultyIdentified",
    "EmploymentDifficultyResolved",
    "FlexibleEmploymentCertified",
    "FlexibleEmploymentRegistered",
    "FollowUpCancelled",
    "FollowUpReassigned",
    "FollowUpScheduled",
    "FollowUpsHandedOver",
    "GuidanceGiven",
    "GuidanceKind",
    "InformationSource",
    "InterviewHeld",
    "JobSeekingRegistered",
    "JobSeekingWithdrawn",
    "LabourProfileEvent",
    "LabourProfileHandedOver",
    "LabourStatus",
    "LabourStatusRecorded",
    "RetirementRuleAdopted",
    "TrainingKind",
    "TrainingOutcome",
    "TrainingOutcomeRecorded",
    "TrainingReferred",
    "UnemploymentEvent",
    "UnemploymentRegistered",
    "UnemploymentRegistrationEnded",
    "VacancyClosed",
    "VacancyEvent",
    "VacancyPosted",
    "WorkingAgeRuleEvent",
    "ZeroEmploymentHouseholdCleared",
    "ZeroEmploymentHouseholdEvent",
    "ZeroEmploymentHouseholdIdentified",
    "ZeroEmploymentHouseholdMembersChanged",
]
