"""An office's record of social work as a reader sees it: replayed, names looked up.

The record is folded from its stream, not a table: its personal details (who
attended, a student's school and reason) stay sealed in the events and are opened
only for a reader the rules allow, as a case's are.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from shequ.contracts.rehab import (
    CATALOG,
    FamilyLectureHeld,
    ProblemStudentReferred,
    RelapsePreventionGroupHeld,
    SocialWorkEvent,
)
from shequ.rehab.handlers.social_work import stream_of
from shequ.service import Runtime
from shequ.service.people import find_person


class Attendee(BaseModel):
    person_id: str
    name: str | None


class Group(BaseModel):
    held_on: date
    topic: str
    attendees: list[Attendee]


class Lecture(BaseModel):
    held_on: date
    topic: str
    head_count: int


class Student(BaseModel):
    person_id: str
    name: str | None
    referred_on: date
    school: str
    reason: str
    referred_to: str


class SocialWorkView(BaseModel):
    """The office's record of social work, latest first (personal details opened)."""

    office: str
    groups: list[Group]
    lectures: list[Lecture]
    students: list[Student]
    version: int


VIEW_FIELDS = sorted(SocialWorkView.model_fields)
"""What a read of an office's record shows: recorded in its ``RehabCaseRead``."""


async def _names(rt: Runtime, person_ids: set[str]) -> dict[str, str | None]:
    found = {p: await find_person(rt.pool, p) for p in sorted(person_ids)}
    return {p: None if person is None else person.name for p, person in found.items()}


async def social_work_view(rt: Runtime, office: str) -> SocialWorkView:
    envelopes = await rt.store.read_stream(stream_of(office), missing_ok=True)
    events: list[SocialWorkEvent] = [
        CATALOG.decode(e.event_type, e.schema_version, e.data)  # type: ignore[misc]
        for e in envelopes
    ]
    people = {
        p
        for e in events
        for p in (
            e.attendee_ids
            if isinstance(e, RelapsePreventionGroupHeld)
            else [e.person_id]
            if isinstance(e, ProblemStudentReferred)
            else []
        )
    }
    names = await _names(rt, people)
    view = SocialWorkView(
        office=office, groups=[], lectures=[], students=[], version=len(envelopes)
    )
    for event in reversed(events):
        match event:
            case RelapsePreventionGroupHeld():
                attendees = [
                    Attendee(person_id=a, name=names[a]) for a in event.attendee_ids
                ]
                view.groups.append(
                    Group(held_on=event.held_on, topic=event.topic, attendees=attendees)
                )
            case FamilyLectureHeld():
                view.lectures.append(
                    Lecture(**event.model_dump(exclude={"type", "office"}))
                )
            case ProblemStudentReferred():
                view.students.append(
                    Student(
                        name=names[event.person_id],
                        **event.model_dump(exclude={"type", "office"}),
                    )
                )
    return view
