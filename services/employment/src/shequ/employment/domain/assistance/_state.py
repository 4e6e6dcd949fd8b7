"""A person's assistance record as the rules see it, and how each event changes it.

``evolve`` is total and rule-free: every event carries the office it was recorded
for, so the record's office follows the registry even when nothing was handed over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, assert_never

from shequ.contracts.employment import (
    AssistanceEvent,
    ContactKind,
    ContactRecorded,
    DifficultyCategory,
    EmploymentDifficultyIdentified,
    EmploymentDifficultyResolved,
    FollowUpCancelled,
    FollowUpReassigned,
    FollowUpScheduled,
    FollowUpsHandedOver,
    FollowUpSource,
    GuidanceGiven,
    GuidanceKind,
    TrainingKind,
    TrainingOutcome,
    TrainingOutcomeRecorded,
    TrainingReferred,
)
from shequ.contracts.messages import N_, Labels

FollowUpState = Literal["open", "done", "cancelled"]
FOLLOW_UP_STATE_LABELS: Labels = {
    "open": N_("to do"),
    "done": N_("done"),
    "cancelled": N_("called off"),
}
"""待跟踪 / 已完成 / 已取消: how a person reads a follow-up's state."""


@dataclass(frozen=True)
class Case:
    category: DifficultyCategory
    identified_on: date
    notes: str
    resolved_on: date | None = None
    reason: str | None = None


@dataclass(frozen=True)
class FollowUp:
    follow_up_id: str
    kind: ContactKind
    due_on: date
    assigned_to: str
    purpose: str
    state: FollowUpState = "open"
    closed_on: date | None = None  # the day of the contact that completed it
    cancel_reason: str | None = None
    source: FollowUpSource = "office"


@dataclass(frozen=True)
class Contact:
    kind: ContactKind
    contacted_on: date
    contacted_by: str
    findings: str
    follow_up_id: str | None


@dataclass(frozen=True)
class Referral:
    referral_id: str
    kind: TrainingKind
    course: str
    provider: str
    referred_on: date
    outcome: TrainingOutcome | None = None
    recorded_on: date | None = None
    certificate: str | None = None


@dataclass(frozen=True)
class Guidance:
    kind: GuidanceKind
    given_on: date
    notes: str


@dataclass(frozen=True)
class Assistance:
    person_id: str
    office: str
    cases: tuple[Case, ...] = ()  # oldest first; the last is open when unresolved
    follow_ups: tuple[FollowUp, ...] = ()
    contacts: tuple[Contact, ...] = ()
    referrals: tuple[Referral, ...] = ()
    guidance: tuple[Guidance, ...] = ()

    @property
    def open_case(self) -> Case | None:
        last = self.cases[-1] if self.cases else None
        return last if last is not None and last.resolved_on is None else None

    @property
    def open_follow_ups(self) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.state == "open"]

    def follow_up(self, follow_up_id: str) -> FollowUp | None:
        return next(
            (f for f in self.follow_ups if f.follow_up_id == follow_up_id), None
        )

    def referral(self, referral_id: str) -> Referral | None:
        return next((r for r in self.referrals if r.referral_id == referral_id), None)


State = Assistance | None


def evolve(state: State, event: AssistanceEvent) -> State:  # noqa: PLR0911, PLR0912 - a case each
    if isinstance(event, FollowUpsHandedOver):
        return None if state is None else replace(state, office=event.to_office)
    record = replace(
        state or Assistance(event.person_id, event.office), office=event.office
    )
    match event:
        case EmploymentDifficultyIdentified():
            case = Case(event.category, event.identified_on, event.notes)
            return replace(record, cases=(*record.cases, case))
        case EmploymentDifficultyResolved():
            if not record.cases:
                return record
            last = replace(
                record.cases[-1], resolved_on=event.resolved_on, reason=event.reason
            )
            return replace(record, cases=(*record.cases[:-1], last))
        case FollowUpScheduled():
            follow_up = FollowUp(
                event.follow_up_id,
                event.kind,
                event.due_on,
                event.assigned_to,
                event.purpose,
                source=event.source,
            )
            return replace(record, follow_ups=(*record.follow_ups, follow_up))
        case ContactRecorded():
            contact = Contact(
                event.kind,
                event.contacted_on,
                event.contacted_by,
                event.findings,
                event.follow_up_id,
            )
            record = replace(record, contacts=(*record.contacts, contact))
            if event.follow_up_id is None:
                return record
            return _close(
                record, event.follow_up_id, "done", closed_on=event.contacted_on
            )
        case FollowUpCancelled():
            return _close(
                record, event.follow_up_id, "cancelled", cancel_reason=event.reason
            )
        case FollowUpReassigned():
            return replace(
                record,
                follow_ups=tuple(
                    replace(f, assigned_to=event.assigned_to)
                    if f.follow_up_id == event.follow_up_id
                    else f
                    for f in record.follow_ups
                ),
            )
        case TrainingReferred():
            referral = Referral(
                event.referral_id,
                event.kind,
                event.course,
                event.provider,
                event.referred_on,
            )
            return replace(record, referrals=(*record.referrals, referral))
        case TrainingOutcomeRecorded():
            return replace(
                record,
                referrals=tuple(
                    replace(
                        r,
                        outcome=event.outcome,
                        recorded_on=event.recorded_on,
                        certificate=event.certificate,
                    )
                    if r.referral_id == event.referral_id
                    else r
                    for r in record.referrals
                ),
            )
        case GuidanceGiven():
            guidance = Guidance(event.kind, event.given_on, event.notes)
            return replace(record, guidance=(*record.guidance, guidance))
        case _:
            assert_never(event)


def _close(
    record: Assistance,
    follow_up_id: str,
    to: FollowUpState,
    *,
    closed_on: date | None = None,
    cancel_reason: str | None = None,
) -> Assistance:
    return replace(
        record,
        follow_ups=tuple(
            replace(f, state=to, closed_on=closed_on, cancel_reason=cancel_reason)
            if f.follow_up_id == follow_up_id
            else f
            for f in record.follow_ups
        ),
    )
