"""An activity's commands, what its state remembers, and the refusals. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from shequ.access import Acting
from shequ.contracts import DomainError
from shequ.contracts.events import (
    ActivityKind,
    EvaluationStage,
    Evaluator,
    Resource,
    Risk,
    Score,
    StaffMember,
)
from shequ.contracts.messages import N_


@dataclass(frozen=True, kw_only=True)
class PlanActivity:
    activity_id: str
    office: str
    kind: ActivityKind
    title: str
    held_on: date
    starts_at: time | None = None
    ends_at: time | None = None
    place: str
    capacity: int | None = None
    lead: str
    staff: tuple[StaffMember, ...] = ()
    resources: tuple[Resource, ...] = ()
    planned_participants: int = 0
    risks: tuple[Risk, ...] = ()
    project_id: str | None = None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordAttendance:
    person_ids: tuple[str, ...] = ()  # registered persons, checked by the handler
    head_count: int = 0
    by: Acting


@dataclass(frozen=True, kw_only=True)
class VisitFamily:
    household_id: str
    people: int
    visited_on: date
    notes: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AttachFile:
    sha256: str
    name: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Evaluate:
    stage: EvaluationStage
    evaluator: Evaluator
    scores: tuple[Score, ...]
    comment: str = ""
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RecordCost:
    item: str
    amount_fen: int
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CancelActivity:
    """Call the activity off (活动取消) before it took place."""

    reason: str
    by: Acting


Command = (
    PlanActivity
    | RecordAttendance
    | VisitFamily
    | AttachFile
    | Evaluate
    | RecordCost
    | CancelActivity
)


@dataclass(frozen=True)
class Activity:
    activity_id: str
    office: str
    held_on: date
    capacity: int | None
    attendance: int = 0
    visited: frozenset[str] = frozenset()
    evaluations: int = 0
    cost_fen: int = 0
    cancelled: bool = False

    @property
    def took_place(self) -> bool:
        """Something was recorded that only an activity held has."""
        return bool(self.attendance or self.visited or self.evaluations)


State = Activity | None


class ActivityNotFound(DomainError):
    code = "events-activity-not-found"
    title = N_("No such activity")


class ActivityAlreadyPlanned(DomainError):
    code = "events-activity-planned"
    title = N_("Activity already planned")


class NotYetHeld(DomainError):
    code = "events-not-yet-held"
    title = N_("The activity has not taken place yet")


class OverCapacity(DomainError):
    code = "events-over-capacity"
    title = N_("More people than the venue holds")


class BadTimes(DomainError):
    code = "events-bad-times"
    title = N_("The end is not after the start")


class FamilyAlreadyVisited(DomainError):
    code = "events-family-visited"
    title = N_("Family already visited")


class NoScores(DomainError):
    code = "events-no-scores"
    title = N_("An evaluation without scores")


class WasCancelled(DomainError):
    code = "events-activity-cancelled"
    title = N_("The activity was cancelled")


class AlreadyTookPlace(DomainError):
    code = "events-activity-took-place"
    title = N_("The activity has already taken place")
