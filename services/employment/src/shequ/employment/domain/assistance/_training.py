"""Training referrals (技能培训, 创业培训) with one outcome each, and guidance given.

An outcome comes no earlier than its referral; a certificate comes only of a course
completed or certified, never of one dropped or failed.
"""

from __future__ import annotations

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.employment import (
    TRAINING_OUTCOME_LABELS,
    GuidanceGiven,
    TrainingOutcomeRecorded,
    TrainingReferred,
)
from shequ.contracts.messages import N_
from shequ.employment.domain.assistance._commands import (
    GiveGuidance,
    RecordOutcome,
    ReferTraining,
)
from shequ.employment.domain.assistance._difficulty import DateOutOfOrder
from shequ.employment.domain.assistance._follow_ups import DuplicateId
from shequ.employment.domain.assistance._state import Assistance
from shequ.employment.domain.common import not_after_today, require_text


class ReferralNotFound(NotFound):
    code = "training-referral-not-found"
    title = N_("Training referral not found")

    def __init__(self, referral_id: str) -> None:
        super().__init__(
            N_("no training referral {referral_id}"),
            field="referral_id",
            referral_id=referral_id,
        )


class OutcomeAlreadyRecorded(Conflict):
    code = "training-outcome-recorded"
    title = N_("Outcome already recorded")


class NoCertificate(DomainError):
    code = "no-certificate"
    title = N_("No certificate for this outcome")


def refer(command: ReferTraining, record: Assistance) -> TrainingReferred:
    on = not_after_today(command.referred_on, command.by, "referred_on")
    if record.referral(command.referral_id) is not None:
        raise DuplicateId(
            N_("{id} exists"), field="referral_id", id=command.referral_id
        )
    return TrainingReferred(
        person_id=command.person_id,
        office=command.office,
        referral_id=command.referral_id,
        kind=command.kind,
        course=require_text(command.course, "course", N_("the course")),
        provider=require_text(command.provider, "provider", N_("the provider")),
        referred_on=on,
    )


def outcome(command: RecordOutcome, record: Assistance) -> TrainingOutcomeRecorded:
    referral = record.referral(command.referral_id)
    if referral is None:
        raise ReferralNotFound(command.referral_id)
    if referral.outcome is not None:
        raise OutcomeAlreadyRecorded(
            N_("the outcome ({outcome}) was recorded on {recorded_on}"),
            field="outcome",
            outcome=TRAINING_OUTCOME_LABELS[referral.outcome],
            recorded_on=referral.recorded_on,
        )
    on = not_after_today(command.recorded_on, command.by, "recorded_on")
    if on < referral.referred_on:
        raise DateOutOfOrder(
            N_("the referral was made on {referred_on}"),
            field="recorded_on",
            referred_on=referral.referred_on,
        )
    certificate = (command.certificate or "").strip() or None
    if certificate is not None and command.outcome in ("dropped_out", "failed"):
        raise NoCertificate(
            N_("no certificate comes of a course {outcome}"),
            field="certificate",
            outcome=TRAINING_OUTCOME_LABELS[command.outcome],
        )
    return TrainingOutcomeRecorded(
        person_id=command.person_id,
        office=command.office,
        referral_id=command.referral_id,
        outcome=command.outcome,
        recorded_on=on,
        certificate=certificate,
    )


def guidance(command: GiveGuidance) -> GuidanceGiven:
    return GuidanceGiven(
        person_id=command.person_id,
        office=command.office,
        kind=command.kind,
        given_on=not_after_today(command.given_on, command.by, "given_on"),
        notes=require_text(command.notes, "notes", N_("what was said or done")),
    )
