"""A labour profile (劳动力档案): one person's labour status and job seeking. Pure.

Stream ``labour/<person_id>``. Each status change is an event with the reason and the
source of the information (电话排查, 走访, 本人申报, 用人单位). A status that does not
change records nothing. ``employed`` names an employer. Flexible employment (灵活就业)
is registered, then certified. The job-seeker bank (求职需求信息库) holds the person's
wishes while they seek. The handler passes the person's current office (from the
registry copy); a move hands the profile over to the new office.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from shequ.contracts.employment import (
    FlexibleEmploymentCertified,
    FlexibleEmploymentRegistered,
    JobSeekingRegistered,
    JobSeekingWithdrawn,
    LabourProfileEvent,
    LabourProfileHandedOver,
    LabourStatusRecorded,
)
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
from shequ.employment.domain.profile._decide import decide
from shequ.employment.domain.profile._state import Flexible, Profile, Seeking, State
from shequ.eventstore import Decider


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


__all__ = [
    "DECIDER",
    "CertifyFlexible",
    "Command",
    "EmployerRequired",
    "Flexible",
    "FlexibleEmploymentNotRegistered",
    "HandOver",
    "NotSeekingWork",
    "Profile",
    "ProfileNotFound",
    "RecordStatus",
    "RegisterFlexible",
    "SeekWork",
    "Seeking",
    "State",
    "StopSeeking",
    "decide",
    "evolve",
]
