"""A labour profile (劳动力档案): one person's labour status and job seeking. Pure.

Stream ``labour/<person_id>``. Each status change is an event with the reason and the
source of the information (电话排查, 走访, 本人申报, 用人单位). A status that does not
change records nothing. ``employed`` names an employer. Flexible employment (灵活就业)
is registered, then certified. The job-seeker bank (求职需求信息库) holds the person's
wishes while they seek. The handler passes the person's current office (from the
registry copy); a move hands the profile over to the new office.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.contracts import DomainError
from shequ.contracts.employment import (
    FlexibleEmploymentCertified,
    FlexibleEmploymentRegistered,
    InformationSource,
    JobSeekingRegistered,
    JobSeekingWithdrawn,
    LabourProfileEvent,
    LabourProfileHandedOver,
    LabourStatus,
    LabourStatusRecorded,
)
from shequ.employment.domain.common import Acting, not_after_today, require_text
from shequ.eventstore import Decider


class EmployerRequired(DomainError):
    code = "employer-required"


class ProfileNotFound(DomainError):
    code = "no-labour-profile"


class FlexibleEmploymentNotRegistered(DomainError):
    code = "flexible-employment-not-registered"


class NotSeekingWork(DomainError):
    code = "not-seeking-work"


@dataclass(frozen=True, kw_only=True)
class RecordStatus:
    person_id: str
    office: str  # the person's office now, from the registry copy
    status: LabourStatus
    employer: str | None
    since: date
    reason: str
    source: InformationSource
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RegisterFlexible:
    person_id: str
    office: str
    occupation: str
    registered_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CertifyFlexible:
    certified_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class SeekWork:
    person_id: str
    office: str
    wishes: list[str]
    skills: list[str]
    available_from: date
    min_monthly_wage: int | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class StopSeeking:
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class HandOver:
    to_office: str
    by: Acting


Command = (
    RecordStatus
    | RegisterFlexible
    | CertifyFlexible
    | SeekWork
    | StopSeeking
    | HandOver
)


@dataclass(frozen=True)
class Flexible:
    occupation: str
    registered_on: date
    certified_on: date | None


@dataclass(frozen=True)
class Seeking:
    wishes: tuple[str, ...]
    skills: tuple[str, ...]
    available_from: date
    min_monthly_wage: int | None


@dataclass(frozen=True)
class Profile:
    person_id: str
    office: str
    status: LabourStatus | None  # None until a status is first recorded
    employer: str | None
    since: date | None
    flexible: Flexible | None = None
    seeking: Seeking | None = None


State = Profile | None


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
            "name the employer of someone employed", field="employer"
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
            reason=require_text(command.reason, "reason", "the reason"),
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
            occupation=require_text(command.occupation, "occupation", "the work"),
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
            "register the flexible employment before certifying it",
            field="certified_on",
        )
    on = not_after_today(command.certified_on, command.by, "certified_on")
    if on < profile.flexible.registered_on:
        raise FlexibleEmploymentNotRegistered(
            f"certification cannot precede registration on"
            f" {profile.flexible.registered_on}",
            field="certified_on",
        )
    return FlexibleEmploymentCertified(
        person_id=profile.person_id, office=profile.office, certified_on=on
    )


def _seek(command: SeekWork) -> JobSeekingRegistered:
    wishes = [w.strip() for w in command.wishes if w.strip()]
    if not wishes:
        raise DomainError("name at least one kind of work wanted", field="wishes")
    if command.min_monthly_wage is not None and command.min_monthly_wage < 0:
        raise DomainError("a wage cannot be negative", field="min_monthly_wage")
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
        raise NotSeekingWork("the person is not in the job-seeker bank")
    return JobSeekingWithdrawn(
        person_id=profile.person_id,
        office=profile.office,
        reason=require_text(command.reason, "reason", "the reason"),
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
            "record the person's labour status first", field="person_id"
        )
    return state


def evolve(state: State, event: LabourProfileEvent) -> State:  # noqa: PLR0911 - a case each
    match event:
        case LabourStatusRecorded():
            if state is None:
                return Profile(
                    event.person_id,
                    event.office,
                    event.status,
                    event.employer,
                    event.since,
                )
            return replace(
                state,
                office=event.office,
                status=event.status,
                employer=event.employer,
                since=event.since,
            )
        case FlexibleEmploymentRegistered():
            flexible = Flexible(event.occupation, event.registered_on, None)
            if state is None:
                return Profile(
                    event.person_id, event.office, None, None, None, flexible=flexible
                )
            return replace(state, flexible=flexible)
        case JobSeekingRegistered():
            if state is None:
                return Profile(
                    event.person_id,
                    event.office,
                    None,
                    None,
                    None,
                    seeking=_seeking(event),
                )
            return replace(state, seeking=_seeking(event))
        case FlexibleEmploymentCertified():
            if state is None or state.flexible is None:
                return state
            return replace(
                state, flexible=replace(state.flexible, certified_on=event.certified_on)
            )
        case JobSeekingWithdrawn():
            return None if state is None else replace(state, seeking=None)
        case LabourProfileHandedOver():
            return None if state is None else replace(state, office=event.to_office)
        case _:
            assert_never(event)


def _seeking(event: JobSeekingRegistered) -> Seeking:
    return Seeking(
        tuple(event.wishes),
        tuple(event.skills),
        event.available_from,
        event.min_monthly_wage,
    )


DECIDER: Decider[Command, State, LabourProfileEvent] = Decider(
    "labour_profile", None, decide, evolve
)
