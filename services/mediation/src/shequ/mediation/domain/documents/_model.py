"""What the dispute's documents show of it (:class:`DisputeFacts`), from its events.

The document itself (:class:`shequ.documents.Document`) and its layout are the shared
engine's; the four documents differ only in their content modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.mediation import (
    AgreementForm,
    DisputeKind,
    DisputeSource,
    Obligation,
    Party,
)


@dataclass(frozen=True)
class SessionFacts:
    """One session (``MediationSessionRecorded``)."""

    held_on: date
    place: str
    attendees: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class AgreementFacts:
    """The agreement reached (``MediationAgreementReached``)."""

    form: AgreementForm
    agreed_on: date
    facts: str
    terms: str
    obligations: tuple[Obligation, ...]


@dataclass(frozen=True)
class FollowUpFacts:
    """One 回访 (``FulfilmentFollowedUp``)."""

    obligation: int
    visited_on: date
    fulfilled: bool
    satisfied: bool | None  # None: not asked
    note: str


@dataclass(frozen=True)
class DisputeFacts:
    """What the documents show of a dispute: parties, matter, sessions, agreement."""

    dispute_id: str
    committee: str  # 某某社区人民调解委员会
    mediators: tuple[str, ...]  # their names
    source: DisputeSource
    kind: DisputeKind
    parties: tuple[Party, ...]
    matter: str
    amount: int | None
    registered_on: date
    accepted_on: date | None
    sessions: tuple[SessionFacts, ...]
    agreement: AgreementFacts | None
    follow_ups: tuple[FollowUpFacts, ...]
