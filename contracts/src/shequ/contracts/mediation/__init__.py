"""Published events of mediation (人民调解), seed 000 篇四 and issue #17.

Streams: ``committee/<office>`` (a community's people's mediation committee: its
members, who is on call), ``dispute/<dispute id>`` (one dispute from intake to
closing) and ``dispute_read/<id>`` (one recorded read of a dispute's parties).
The parties' details are sealed under the dispute's key.
"""

from __future__ import annotations

from shequ.contracts._catalog import EventCatalog
from shequ.contracts.mediation._committee import (
    CommitteeEvent,
    CommitteeMemberAppointed,
    CommitteeMemberLeft,
    CommitteeOnCallSet,
)
from shequ.contracts.mediation._dispute import (
    DisputeAccepted,
    DisputeClosed,
    DisputeDeclined,
    DisputeEvent,
    DisputeOverdue,
    DisputeRegistered,
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
    Obligation,
    Party,
)
from shequ.contracts.mediation._reads import DisputeRead
from shequ.contracts.mediation._types import (
    ADVICE_LABELS,
    AGREEMENT_FORM_LABELS,
    COMMITTEE_ROLE_LABELS,
    DISPUTE_KIND_LABELS,
    DISPUTE_OUTCOME_LABELS,
    DISPUTE_SOURCE_LABELS,
    DISPUTE_STATUS_LABELS,
    MEDIATION_DOCUMENT_KIND_LABELS,
    Advice,
    AgreementForm,
    CommitteeRole,
    DisputeKind,
    DisputeOutcome,
    DisputeSource,
    DisputeStatus,
    MediationDocumentKind,
)

CATALOG = EventCatalog(
    "mediation",
    [
        CommitteeMemberAppointed,
        CommitteeMemberLeft,
        CommitteeOnCallSet,
        DisputeRegistered,
        DisputeAccepted,
        DisputeDeclined,
        MediatorsAssigned,
        MediatorRecused,
        MediationSessionRecorded,
        MediationContinuationAgreed,
        MediationAgreementReached,
        MediationFailed,
        FulfilmentFollowedUp,
        FollowUpMissed,
        DisputeOverdue,
        JudicialConfirmationApplied,
        JudicialConfirmationAnswered,
        DisputeClosed,
        MediationDocumentIssued,
        DisputeRead,
    ],
)

__all__ = [
    "ADVICE_LABELS",
    "AGREEMENT_FORM_LABELS",
    "CATALOG",
    "COMMITTEE_ROLE_LABELS",
    "DISPUTE_KIND_LABELS",
    "DISPUTE_OUTCOME_LABELS",
    "DISPUTE_SOURCE_LABELS",
    "DISPUTE_STATUS_LABELS",
    "MEDIATION_DOCUMENT_KIND_LABELS",
    "Advice",
    "AgreementForm",
    "CommitteeEvent",
    "CommitteeMemberAppointed",
    "CommitteeMemberLeft",
    "CommitteeOnCallSet",
    "CommitteeRole",
    "DisputeAccepted",
    "DisputeClosed",
    "DisputeDeclined",
    "DisputeEvent",
    "DisputeKind",
    "DisputeOutcome",
    "DisputeOverdue",
    "DisputeRead",
    "DisputeRegistered",
    "DisputeSource",
    "DisputeStatus",
    "FollowUpMissed",
    "FulfilmentFollowedUp",
    "JudicialConfirmationAnswered",
    "JudicialConfirmationApplied",
    "MediationAgreementReached",
    "MediationContinuationAgreed",
    "MediationDocumentIssued",
    "MediationDocumentKind",
    "MediationFailed",
    "MediationSessionRecorded",
    "MediatorRecused",
    "MediatorsAssigned",
    "Obligation",
    "Party",
]
