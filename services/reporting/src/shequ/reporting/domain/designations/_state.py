"""What a designation remembers, folded from its events by a rule-free evolve."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import assert_never

from shequ.contracts.reporting import (
    DesignationAccepted,
    DesignationApplied,
    DesignationEvaluated,
    DesignationEvaluationDue,
    DesignationEvent,
    DesignationGradeSet,
    DesignationInspected,
    DesignationNamed,
    DesignationNotAccepted,
    DesignationObjectionRecorded,
    DesignationRecheckDue,
    DesignationRechecked,
    DesignationRectificationChecked,
    DesignationReviewed,
    DesignationRevoked,
    DesignationStageRecorded,
    DesignationStatus,
)


@dataclass(frozen=True)
class Designation:
    office: str
    campaign: str
    status: DesignationStatus = "preparing"
    stages: dict[str, date] = field(default_factory=dict)  # stage code → done on
    last_on: date | None = None  # the latest dated step: none may come before it
    households: int | None = None  # counted on applying
    residents: int | None = None
    notice_until: date | None = None
    objections: int = 0
    named_on: date | None = None
    recheck_due: date | None = None
    rectify_by: date | None = None
    revoked_on: date | None = None
    grades: dict[int, str] = field(default_factory=dict)
    evaluated: dict[int, bool] = field(default_factory=dict)
    recheck_marked: date | None = None  # the re-check date the timer marked due
    evaluation_marked: frozenset[int] = frozenset()


State = Designation | None


def _dated(state: Designation, on: date) -> date:
    return on if state.last_on is None else max(state.last_on, on)


def evolve(state: State, event: DesignationEvent) -> State:  # noqa: PLR0911, PLR0912
    if state is None:
        state = Designation(office=event.office, campaign=event.campaign)
    match event:
        case DesignationStageRecorded():
            stages = {**state.stages, event.stage: event.on}
            return replace(state, stages=stages, last_on=_dated(state, event.on))
        case DesignationApplied():
            return replace(
                state,
                status="applied",
                households=event.households,
                residents=event.residents,
                last_on=_dated(state, event.on),
            )
        case DesignationReviewed():
            status: DesignationStatus = "reviewed" if event.approved else "preparing"
            return replace(state, status=status, last_on=_dated(state, event.on))
        case DesignationAccepted():
            return replace(
                state,
                status="accepted",
                notice_until=event.notice_until,
                objections=0,
                last_on=_dated(state, event.on),
            )
        case DesignationNotAccepted():
            return replace(state, status="preparing", last_on=_dated(state, event.on))
        case DesignationObjectionRecorded():
            return replace(state, objections=state.objections + 1)
        case DesignationInspected():
            status = "inspected" if event.passed else "preparing"
            return replace(state, status=status, last_on=_dated(state, event.on))
        case DesignationNamed():
            return replace(
                state,
                status="named",
                named_on=event.on,
                recheck_due=event.recheck_due,
                last_on=_dated(state, event.on),
            )
        case DesignationGradeSet():
            return replace(state, grades={**state.grades, event.year: event.grade})
        case DesignationEvaluated():
            evaluated = {**state.evaluated, event.year: event.passed}
            return replace(state, evaluated=evaluated, last_on=_dated(state, event.on))
        case DesignationRechecked() | DesignationRectificationChecked():
            return _checked(state, event)
        case DesignationRevoked():
            return replace(
                state, status="revoked", revoked_on=event.on, rectify_by=None
            )
        case DesignationRecheckDue():
            return replace(state, recheck_marked=event.due_on)
        case DesignationEvaluationDue():
            marked = state.evaluation_marked | {event.year}
            return replace(state, evaluation_marked=marked)
        case _:
            assert_never(event)


def _checked(
    state: Designation, event: DesignationRechecked | DesignationRectificationChecked
) -> Designation:
    on = _dated(state, event.on)
    if event.passed:
        return replace(
            state,
            status="named",
            recheck_due=event.recheck_due,
            rectify_by=None,
            last_on=on,
        )
    if isinstance(event, DesignationRechecked):
        return replace(
            state, status="rectifying", rectify_by=event.rectify_by, last_on=on
        )
    return replace(state, last_on=on)  # a revocation follows in the same decision
