"""Assistance to one person (就业援助): stream ``assistance/<person>``.

People with employment difficulties (就业困难人员) and their category, follow-up
plans with due dates, visits and calls (走访, 电话排查), training referrals and their
outcomes, and guidance or policy consultations given.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from shequ.contracts._event import Event
from shequ.contracts.employment._types import (
    ContactKind,
    DifficultyCategory,
    FollowUpSource,
    GuidanceKind,
    TrainingKind,
    TrainingOutcome,
)
from shequ.contracts.personal import PERSONAL
from shequ.contracts.registry._types import OfficeCodeText


class EmploymentDifficultyIdentified(Event):
    """The person was recognised as having employment difficulties (认定)."""

    type: Literal["EmploymentDifficultyIdentified"] = "EmploymentDifficultyIdentified"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    category: DifficultyCategory
    identified_on: date
    notes: Annotated[str, PERSONAL]


class EmploymentDifficultyResolved(Event):
    type: Literal["EmploymentDifficultyResolved"] = "EmploymentDifficultyResolved"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    resolved_on: date
    reason: str


class FollowUpScheduled(Event):
    """A visit or call is planned by a due date, for the staff member named.

    ``source`` says who asked for it: the office itself, or a partner's referral
    (a partner such as social work, never named further).
    """

    type: Literal["FollowUpScheduled"] = "FollowUpScheduled"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    follow_up_id: str
    kind: ContactKind
    due_on: date
    assigned_to: str  # staff id
    purpose: str
    source: FollowUpSource = "office"


class ContactRecorded(Event):
    """A visit or call took place; it completes ``follow_up_id`` when one is named."""

    type: Literal["ContactRecorded"] = "ContactRecorded"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    follow_up_id: str | None
    kind: ContactKind
    contacted_on: date
    contacted_by: str  # staff id
    findings: Annotated[str, PERSONAL]


class FollowUpCancelled(Event):
    type: Literal["FollowUpCancelled"] = "FollowUpCancelled"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    follow_up_id: str
    reason: str


class FollowUpReassigned(Event):
    """An open follow-up is now for another staff member (e.g. after a hand-over)."""

    type: Literal["FollowUpReassigned"] = "FollowUpReassigned"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    follow_up_id: str
    assigned_to: str  # staff id
    previously: str  # staff id


class FollowUpsHandedOver(Event):
    """The person moved: their open follow-ups now belong to ``to_office``."""

    type: Literal["FollowUpsHandedOver"] = "FollowUpsHandedOver"
    stream_type = "assistance"
    person_id: str
    from_office: OfficeCodeText
    to_office: OfficeCodeText
    follow_up_ids: list[str]


class TrainingReferred(Event):
    type: Literal["TrainingReferred"] = "TrainingReferred"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    referral_id: str
    kind: TrainingKind
    course: str
    provider: str
    referred_on: date


class TrainingOutcomeRecorded(Event):
    type: Literal["TrainingOutcomeRecorded"] = "TrainingOutcomeRecorded"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    referral_id: str
    outcome: TrainingOutcome
    recorded_on: date
    certificate: str | None  # the qualification obtained, if any


class GuidanceGiven(Event):
    """Guidance, a policy consultation, a job introduction or an immediate placement."""

    type: Literal["GuidanceGiven"] = "GuidanceGiven"
    stream_type = "assistance"
    person_id: str
    office: OfficeCodeText
    kind: GuidanceKind
    given_on: date
    notes: Annotated[str, PERSONAL]


# Every event of a ``assistance`` stream.
AssistanceEvent = (
    EmploymentDifficultyIdentified
    | EmploymentDifficultyResolved
    | FollowUpScheduled
    | ContactRecorded
    | FollowUpCancelled
    | FollowUpReassigned
    | FollowUpsHandedOver
    | TrainingReferred
    | TrainingOutcomeRecorded
    | GuidanceGiven
)
