"""A volunteer's record (志愿者) and moral-bank ledger (道德银行). Pure.

A registered person volunteers once; hours per activity earn points at the rate
the settings give (one point an hour by default, seed 002 (3)); points are redeemed
for something, never beyond the balance, so the balance never goes below zero.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from math import floor
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.events import (
    MoralPointsRedeemed,
    VolunteerEvent,
    VolunteerHoursRecorded,
    VolunteerRegistered,
)
from shequ.contracts.messages import N_
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class Register:
    person_id: str
    office: str  # where the person lives (the people copy)
    skills: tuple[str, ...] = ()
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordHours:
    activity_id: str  # an activity the handler found
    served_on: date
    hours: float
    points_per_hour: float
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Redeem:
    points: int
    redeemed_for: str
    by: Acting


Command = Register | RecordHours | Redeem


@dataclass(frozen=True)
class Volunteer:
    person_id: str
    office: str
    hours: float = 0.0
    balance: int = 0
    served: frozenset[str] = frozenset()  # activity ids


State = Volunteer | None


class NotAVolunteer(DomainError):
    code = "events-not-a-volunteer"
    title = N_("Not a volunteer")


class AlreadyAVolunteer(DomainError):
    code = "events-already-volunteer"
    title = N_("Already a volunteer")


class NotEnoughPoints(DomainError):
    code = "events-not-enough-points"
    title = N_("Not enough points")


class HoursAlreadyRecorded(DomainError):
    code = "events-hours-recorded"
    title = N_("Hours already recorded")


class FutureDate(DomainError):
    code = "events-future-date"
    title = N_("A date after today")


def _hours(command: RecordHours, v: Volunteer) -> VolunteerHoursRecorded:
    if command.served_on > command.by.today:
        raise FutureDate(N_("the date cannot be after today"), field="served_on")
    if command.activity_id in v.served:
        raise HoursAlreadyRecorded(
            N_("this volunteer's hours for the activity are recorded"),
            field="activity_id",
        )
    points = floor(command.hours * command.points_per_hour)
    return VolunteerHoursRecorded(
        person_id=v.person_id,
        office=v.office,
        activity_id=command.activity_id,
        served_on=command.served_on,
        hours=command.hours,
        points=points,
        balance=v.balance + points,
    )


def _redeem(command: Redeem, v: Volunteer) -> MoralPointsRedeemed:
    if command.points > v.balance:
        raise NotEnoughPoints(
            N_("{points} points asked, {balance} in the balance"),
            field="points",
            points=command.points,
            balance=v.balance,
        )
    return MoralPointsRedeemed(
        person_id=v.person_id,
        office=v.office,
        redeemed_on=command.by.today,
        points=command.points,
        redeemed_for=require_text(
            command.redeemed_for, "redeemed_for", N_("what the points buy")
        ),
        balance=v.balance - command.points,
    )


def decide(command: Command, state: State) -> list[VolunteerEvent]:
    match command:
        case Register() if state is None:
            skills = [s.strip() for s in command.skills if s.strip()]
            return [
                VolunteerRegistered(
                    person_id=command.person_id,
                    office=command.office,
                    registered_on=command.by.today,
                    skills=skills,
                )
            ]
        case Register():
            raise AlreadyAVolunteer(N_("this person is already a volunteer"))
        case RecordHours() | Redeem() if state is None:
            raise NotAVolunteer(N_("register the person as a volunteer first"))
        case RecordHours():
            return [_hours(command, state)]
        case Redeem():
            return [_redeem(command, state)]
        case _:
            assert_never(command)


def evolve(state: State, event: VolunteerEvent) -> State:
    match event:
        case VolunteerRegistered():
            return Volunteer(event.person_id, event.office)
    assert state is not None
    match event:
        case VolunteerHoursRecorded():
            return replace(
                state,
                hours=state.hours + event.hours,
                balance=event.balance,
                served=state.served | {event.activity_id},
            )
        case MoralPointsRedeemed():
            return replace(state, balance=event.balance)
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, VolunteerEvent] = Decider(
    "volunteer", None, decide, evolve
)
