"""The rules of an activity (活动): decide and evolve. Pure.

Rules (issue #18): attendance cannot exceed the venue's capacity where one is set;
an activity cannot be evaluated before it took place (its day, today at the latest);
attendance and visits are recorded once the day has come; a family is visited once
per activity; the plan's end time is after its start. An activity is cancelled only
before anything shows it took place (attendance, a visit, an evaluation), with a
reason; nothing more is recorded on a cancelled one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import require_text
from shequ.contracts.events import (
    ActivityCancelled,
    ActivityCostRecorded,
    ActivityEvaluated,
    ActivityEvent,
    ActivityFileAttached,
    ActivityPlanned,
    AttendanceRecorded,
    FamilyVisited,
)
from shequ.contracts.messages import N_
from shequ.events.domain.activity._commands import (
    Activity,
    ActivityAlreadyPlanned,
    ActivityNotFound,
    AlreadyTookPlace,
    AttachFile,
    BadTimes,
    CancelActivity,
    Command,
    Evaluate,
    FamilyAlreadyVisited,
    NoScores,
    NotYetHeld,
    OverCapacity,
    PlanActivity,
    RecordAttendance,
    RecordCost,
    State,
    VisitFamily,
    WasCancelled,
)
from shequ.eventstore import Decider


def _plan(command: PlanActivity) -> ActivityPlanned:
    starts, ends = command.starts_at, command.ends_at
    if starts is not None and ends is not None and ends <= starts:
        raise BadTimes(N_("the activity ends after it starts"), field="ends_at")
    return ActivityPlanned(
        activity_id=command.activity_id,
        office=command.office,
        kind=command.kind,
        title=require_text(command.title, "title", N_("the activity's title")),
        held_on=command.held_on,
        starts_at=starts,
        ends_at=ends,
        place=require_text(command.place, "place", N_("the place")),
        capacity=command.capacity,
        lead=require_text(command.lead, "lead", N_("who leads the activity")),
        staff=list(command.staff),
        resources=list(command.resources),
        planned_participants=command.planned_participants,
        risks=list(command.risks),
        project_id=command.project_id,
    )


def _held(activity: Activity, by: Acting, field: str) -> None:
    if by.today < activity.held_on:
        raise NotYetHeld(
            N_("the activity takes place on {day}; record this from that day on"),
            field=field,
            day=activity.held_on,
        )


def _attendance(command: RecordAttendance, activity: Activity) -> AttendanceRecorded:
    _held(activity, command.by, "head_count")
    persons = list(dict.fromkeys(command.person_ids))
    total = len(persons) + command.head_count
    if activity.capacity is not None and total > activity.capacity:
        raise OverCapacity(
            N_("{attendance} people came but the venue holds {capacity}"),
            field="head_count",
            attendance=total,
            capacity=activity.capacity,
        )
    return AttendanceRecorded(
        activity_id=activity.activity_id,
        office=activity.office,
        person_ids=persons,
        head_count=command.head_count,
        attendance=total,
    )


def _visit(command: VisitFamily, activity: Activity) -> FamilyVisited:
    if command.visited_on > command.by.today or command.visited_on < activity.held_on:
        raise NotYetHeld(
            N_("a visit falls between the activity's day {day} and today"),
            field="visited_on",
            day=activity.held_on,
        )
    if command.household_id in activity.visited:
        raise FamilyAlreadyVisited(
            N_("this family was already visited in this activity"), field="household_id"
        )
    return FamilyVisited(
        activity_id=activity.activity_id,
        office=activity.office,
        household_id=command.household_id,
        people=command.people,
        visited_on=command.visited_on,
        notes=require_text(command.notes, "notes", N_("the visit's notes")),
    )


def _evaluate(command: Evaluate, activity: Activity) -> ActivityEvaluated:
    _held(activity, command.by, "stage")
    if not command.scores:
        raise NoScores(N_("score at least one criterion"), field="scores")
    average = sum(s.score for s in command.scores) / len(command.scores)
    return ActivityEvaluated(
        activity_id=activity.activity_id,
        office=activity.office,
        stage=command.stage,
        evaluator=command.evaluator,
        evaluated_on=command.by.today,
        scores=list(command.scores),
        average=round(average, 2),
        comment=command.comment.strip(),
    )


def _cancel(command: CancelActivity, activity: Activity) -> ActivityCancelled:
    if activity.took_place:
        raise AlreadyTookPlace(
            N_("attendance, a visit or an evaluation is recorded: it took place"),
            field="reason",
        )
    return ActivityCancelled(
        activity_id=activity.activity_id,
        office=activity.office,
        cancelled_on=command.by.today,
        reason=require_text(command.reason, "reason", N_("why it is cancelled")),
    )


def _on(command: Command, activity: Activity) -> ActivityEvent:
    if activity.cancelled:
        raise WasCancelled(N_("the activity was cancelled: nothing more is recorded"))
    match command:
        case CancelActivity():
            return _cancel(command, activity)
        case RecordAttendance():
            return _attendance(command, activity)
        case VisitFamily():
            return _visit(command, activity)
        case Evaluate():
            return _evaluate(command, activity)
        case AttachFile():
            name = require_text(command.name, "name", N_("the file's name"))
            return ActivityFileAttached(
                activity_id=activity.activity_id,
                office=activity.office,
                sha256=command.sha256,
                name=name,
            )
        case RecordCost():
            item = require_text(command.item, "item", N_("what the cost is for"))
            return ActivityCostRecorded(
                activity_id=activity.activity_id,
                office=activity.office,
                item=item,
                amount_fen=command.amount_fen,
            )
        case PlanActivity():
            raise ActivityAlreadyPlanned(N_("this activity is already planned"))
        case _:
            assert_never(command)


def decide(command: Command, state: State) -> list[ActivityEvent]:
    if isinstance(command, PlanActivity):
        if state is not None:
            raise ActivityAlreadyPlanned(N_("this activity is already planned"))
        return [_plan(command)]
    if state is None:
        raise ActivityNotFound(N_("no such activity"), field="activity_id")
    return [_on(command, state)]


def evolve(state: State, event: ActivityEvent) -> State:  # noqa: PLR0911 - one per event
    match event:
        case ActivityPlanned():
            return Activity(
                event.activity_id, event.office, event.held_on, event.capacity
            )
    assert state is not None
    match event:
        case AttendanceRecorded():
            return replace(state, attendance=event.attendance)
        case FamilyVisited():
            return replace(state, visited=state.visited | {event.household_id})
        case ActivityEvaluated():
            return replace(state, evaluations=state.evaluations + 1)
        case ActivityCostRecorded():
            return replace(state, cost_fen=state.cost_fen + event.amount_fen)
        case ActivityFileAttached():
            return state
        case ActivityCancelled():
            return replace(state, cancelled=True)
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, ActivityEvent] = Decider(
    "activity", None, decide, evolve
)
