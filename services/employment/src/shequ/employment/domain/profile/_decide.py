"""The rules of a labour profile: each command to its events. Pure."""

from __future__ import annotations

from typing import assert_never

from shequ.contracts import DomainError
from shequ.contracts.employment import (
    FlexibleEmploymentCertified,
    FlexibleEmploymentRegistered,
    JobSeekingRegistered,
    JobSeekingWithdrawn,
    LabourProfileEvent,
    LabourProfileHandedOver,
    LabourStatusRecorded,
)
from shequ.contracts.messages import N_
from shequ.employment.domain.common import not_after_today, require_text
from shequ.employment.domain.profile._commands import (
    CertifyFlexible,
    Command,
    EmployerRequired,
    FlexibleEmploymentNotRegistered,
    HandOver,
    NotSeekingWork,
    ProfileNotFound,
    RecordStatus,
    RegisterFlexible,
    SeekWork,
    StopSeeking,
)
from shequ.employment.domain.profile._state import Profile, State


def decide(command: Command, state: State) -> list[LabourProfileEvent]:
    match command:
        case RecordStatus():
            return _record(command, state)
        case RegisterFlexible():
            return _register_flexible(command, state)
        case CertifyFlexible():
            return [_certify(command, _existing(state))]
        case SeekWork():
            return [_seek(command)]
        case StopSeeking():
            return [_stop(command, _existing(state))]
        case HandOver():
            return _hand_over(command, state)
        case _:
            assert_never(command)


def _record(command: RecordStatus, state: State) -> list[LabourProfileEvent]:
    employer = (command.employer or "").strip() or None
    if command.status == "employed" and employer is None:
        raise EmployerRequired(
            N_("name the employer of someone employed"), field="employer"
        )
    if command.status not in ("employed", "self_employed"):
        employer = None
    since = not_after_today(command.since, command.by, "since")
    if state is not None and (state.status, state.employer) == (
        command.status,
        employer,
    ):
        return []
    return [
        LabourStatusRecorded(
            person_id=command.person_id,
            office=command.office,
            status=command.status,
            employer=employer,
            since=since,
            reason=require_text(command.reason, "reason", N_("the reason")),
            source=command.source,
        )
    ]


def _register_flexible(
    command: RegisterFlexible, state: State
) -> list[LabourProfileEvent]:
    on = not_after_today(command.registered_on, command.by, "registered_on")
    events: list[LabourProfileEvent] = [
        FlexibleEmploymentRegistered(
            person_id=command.person_id,
            office=command.office,
            occupation=require_text(command.occupation, "occupation", N_("the work")),
            registered_on=on,
        )
    ]
    events += _record(
        RecordStatus(
            person_id=command.person_id,
            office=command.office,
            status="flexible",
            employer=None,
            since=on,
            reason="flexible employment registered",
            source="self_report",
            by=command.by,
        ),
        state,
    )
    return events


def _certify(command: CertifyFlexible, profile: Profile) -> FlexibleEmploymentCertified:
    if profile.flexible is None or profile.status != "flexible":
        raise FlexibleEmploymentNotRegistered(
            N_("register the flexible employment before certifying it"),
            field="certified_on",
        )
    on = not_after_today(command.certified_on, command.by, "certified_on")
    if on < profile.flexible.registered_on:
        raise FlexibleEmploymentNotRegistered(
            N_("certification cannot precede registration on {registered_on}"),
            field="certified_on",
            registered_on=profile.flexible.registered_on,
        )
    return FlexibleEmploymentCertified(
        person_id=profile.person_id, office=profile.office, certified_on=on
    )


def _seek(command: SeekWork) -> JobSeekingRegistered:
    wishes = [w.strip() for w in command.wishes if w.strip()]
    if not wishes:
        raise DomainError(N_("name at least one kind of work wanted"), field="wishes")
    if command.min_monthly_wage is not None and command.min_monthly_wage < 0:
        raise DomainError(N_("a wage cannot be negative"), field="min_monthly_wage")
    return JobSeekingRegistered(
        person_id=command.person_id,
        office=command.office,
        wishes=wishes,
        skills=[s.strip() for s in command.skills if s.strip()],
        available_from=command.available_from,
        min_monthly_wage=command.min_monthly_wage,
    )


def _stop(command: StopSeeking, profile: Profile) -> JobSeekingWithdrawn:
    if profile.seeking is None:
        raise NotSeekingWork(N_("the person is not in the job-seeker bank"))
    return JobSeekingWithdrawn(
        person_id=profile.person_id,
        office=profile.office,
        reason=require_text(command.reason, "reason", N_("the reason")),
    )


def _hand_over(command: HandOver, state: State) -> list[LabourProfileEvent]:
    if state is None or state.office == command.to_office:
        return []
    return [
        LabourProfileHandedOver(
            person_id=state.person_id,
            from_office=state.office,
            to_office=command.to_office,
        )
    ]


def _existing(state: State) -> Profile:
    if state is None:
        raise ProfileNotFound(
            N_("record the person's labour status first"), field="person_id"
        )
    return state
