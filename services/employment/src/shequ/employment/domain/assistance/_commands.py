"""Commands to a person's assistance stream; each carries who acts (``by``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.employment import (
    ContactKind,
    DifficultyCategory,
    FollowUpSource,
    GuidanceKind,
    TrainingKind,
    TrainingOutcome,
)
from shequ.employment.domain.common import Acting


@dataclass(frozen=True, kw_only=True)
class Identify:
    person_id: str
    office: str  # the person's office now, from the registry copy
    category: DifficultyCategory
    identified_on: date
    notes: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Resolve:
    person_id: str
    office: str
    resolved_on: date
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ScheduleFollowUp:
    person_id: str
    office: str
    follow_up_id: str
    kind: ContactKind
    due_on: date
    assigned_to: str | None  # a staff id; the acting staff member when None
    purpose: str
    by: Acting
    source: FollowUpSource = "office"  # or a partner's referral (转介)


@dataclass(frozen=True, kw_only=True)
class RecordContact:
    person_id: str
    office: str
    kind: ContactKind
    contacted_on: date
    findings: str
    follow_up_id: str | None  # the open follow-up this contact completes, if any
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CancelFollowUp:
    person_id: str
    office: str
    follow_up_id: str
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReassignFollowUp:
    person_id: str
    office: str
    follow_up_id: str
    assigned_to: str | None  # a staff id; the acting staff member when None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReferTraining:
    person_id: str
    office: str
    referral_id: str
    kind: TrainingKind
    course: str
    provider: str
    referred_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordOutcome:
    person_id: str
    office: str
    referral_id: str
    outcome: TrainingOutcome
    recorded_on: date
    certificate: str | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class GiveGuidance:
    person_id: str
    office: str
    kind: GuidanceKind
    given_on: date
    notes: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class HandOverFollowUps:
    to_office: str
    by: Acting


PersonCommand = (
    Identify
    | Resolve
    | ScheduleFollowUp
    | RecordContact
    | CancelFollowUp
    | ReassignFollowUp
    | ReferTraining
    | RecordOutcome
    | GiveGuidance
)
Command = PersonCommand | HandOverFollowUps
