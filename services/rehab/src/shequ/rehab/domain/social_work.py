"""An office's anti-drug social work (禁毒社会工作, seed 002 (3)). Pure.

Stream ``social_work/<office>``: relapse-prevention group sessions (防复吸小组) with
the clients who attended, family lectures (家庭讲座) with their head count, and
problem students (问题学生) referred by their school. Every record is dated today or
before; a group's attendees are open clients of the office (the handler lists them);
a problem student is a registered minor on the day of the referral.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.messages import N_
from shequ.contracts.rehab import (
    FamilyLectureHeld,
    ProblemStudentReferred,
    RelapsePreventionGroupHeld,
    SocialWorkEvent,
)
from shequ.eventstore import Decider
from shequ.rehab.domain.case import DateOutOfOrder

ADULT_AGE = 18


@dataclass(frozen=True, kw_only=True)
class RecordGroupSession:
    """A relapse-prevention group session (小组) held, and who attended."""

    office: str
    held_on: date
    topic: str
    attendee_ids: tuple[str, ...]
    clients: frozenset[str]  # person ids of the office's open cases
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordFamilyLecture:
    """A lecture for families (家长/家庭讲座) held, and how many came."""

    office: str
    held_on: date
    topic: str
    head_count: int
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReferProblemStudent:
    """A problem student (问题学生) the school named, referred to someone."""

    office: str
    person_id: str
    birth_date: date  # from the people copy
    school: str
    reason: str
    referred_to: str
    referred_on: date
    by: Acting


Command = RecordGroupSession | RecordFamilyLecture | ReferProblemStudent


@dataclass(frozen=True)
class SocialWork:
    """What the office's record of social work counts (details stay in the events)."""

    office: str
    groups: int = 0
    lectures: int = 0
    students: int = 0


State = SocialWork | None


class NotAClient(DomainError):
    code = "rehab-not-a-client"
    title = N_("Not a client of this office")


class NoAttendees(DomainError):
    code = "rehab-no-attendees"
    title = N_("Nobody attended")


class NotAMinor(DomainError):
    code = "rehab-not-a-minor"
    title = N_("Not a minor")


class NoHeadCount(DomainError):
    code = "rehab-no-head-count"
    title = N_("Nobody came")


def _not_after_today(day: date, by: Acting, field: str) -> date:
    if day > by.today:
        raise DateOutOfOrder(N_("the date cannot be after today"), field=field)
    return day


def _group(command: RecordGroupSession) -> RelapsePreventionGroupHeld:
    attendees = list(dict.fromkeys(a.strip() for a in command.attendee_ids if a))
    if not attendees:
        raise NoAttendees(
            N_("name the clients who attended the group"), field="attendee_ids"
        )
    for index, person_id in enumerate(attendees):
        if person_id not in command.clients:
            raise NotAClient(
                N_("attendee {number} has no open case at this office"),
                field=f"attendee_ids.{index}",
                number=index + 1,
            )
    return RelapsePreventionGroupHeld(
        office=command.office,
        held_on=_not_after_today(command.held_on, command.by, "held_on"),
        topic=require_text(command.topic, "topic", N_("the group's topic")),
        attendee_ids=attendees,
        attendance=len(attendees),
    )


def _lecture(command: RecordFamilyLecture) -> FamilyLectureHeld:
    if command.head_count < 1:
        raise NoHeadCount(N_("a lecture has at least one listener"), field="head_count")
    return FamilyLectureHeld(
        office=command.office,
        held_on=_not_after_today(command.held_on, command.by, "held_on"),
        topic=require_text(command.topic, "topic", N_("the lecture's topic")),
        head_count=command.head_count,
    )


def _age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def _student(command: ReferProblemStudent) -> ProblemStudentReferred:
    day = _not_after_today(command.referred_on, command.by, "referred_on")
    if _age_on(command.birth_date, day) >= ADULT_AGE:
        raise NotAMinor(
            N_("a problem student is under {age} on the day of the referral"),
            field="person_id",
            age=ADULT_AGE,
        )
    return ProblemStudentReferred(
        person_id=command.person_id,
        office=command.office,
        referred_on=day,
        school=require_text(command.school, "school", N_("the school")),
        reason=require_text(command.reason, "reason", N_("why the school refers")),
        referred_to=require_text(
            command.referred_to, "referred_to", N_("to whom the student is referred")
        ),
    )


def decide(command: Command, state: State) -> list[SocialWorkEvent]:
    match command:
        case RecordGroupSession():
            return [_group(command)]
        case RecordFamilyLecture():
            return [_lecture(command)]
        case ReferProblemStudent():
            return [_student(command)]
        case _:
            assert_never(command)


def evolve(state: State, event: SocialWorkEvent) -> State:
    record = state or SocialWork(event.office)
    match event:
        case RelapsePreventionGroupHeld():
            return replace(record, groups=record.groups + 1)
        case FamilyLectureHeld():
            return replace(record, lectures=record.lectures + 1)
        case ProblemStudentReferred():
            return replace(record, students=record.students + 1)
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, SocialWorkEvent] = Decider(
    "social_work", None, decide, evolve
)
