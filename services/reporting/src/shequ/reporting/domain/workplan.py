"""Work plans (工作计划): an office's targets for a year, set and withdrawn. Pure.

Stream ``workplan/<office>/<year>``, one per district, street or community office and
year. A target names a metric, a comparison and a value (就业率 ≥ 96%, 零就业家庭 ≤ 0,
新增就业 ≥ 100, 尿检率 ≥ 95%). The employment rate, test compliance and ledger
completeness are shares in (0, 1] (``SHARE_METRICS``); the other metrics are counts,
whole and not negative. Setting a metric again replaces its target (an event
each time); setting it exactly as it stands records nothing. Withdrawing needs a
target that is set and a reason. Who may write is ``access.may_plan``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import assert_never, get_args

from shequ.access import Acting, OfficeCode, OfficeLevel
from shequ.contracts import DomainError, require_text
from shequ.contracts.messages import N_
from shequ.contracts.reporting import (
    METRIC_LABELS,
    SHARE_METRICS,
    Comparison,
    Metric,
    WorkPlanEvent,
    WorkPlanTargetSet,
    WorkPlanTargetWithdrawn,
)
from shequ.eventstore import Decider

METRICS: tuple[Metric, ...] = get_args(Metric)
FIRST_YEAR, LAST_YEAR = 2000, 2100
PLANNING_LEVELS = frozenset(
    {OfficeLevel.DISTRICT, OfficeLevel.STREET, OfficeLevel.COMMUNITY}
)


class YearOutOfRange(DomainError):
    code = "year-out-of-range"
    title = N_("Year out of range")

    def __init__(self, year: int) -> None:
        super().__init__(
            N_("a work plan is for a year from {first} to {last}, not {year}"),
            field="year",
            first=FIRST_YEAR,
            last=LAST_YEAR,
            year=year,
        )


class OfficeCannotPlan(DomainError):
    code = "office-cannot-plan"
    title = N_("This office keeps no work plan")

    def __init__(self, office: str) -> None:
        super().__init__(
            N_(
                "{office} is a grid: work plans belong to community, street or"
                " district offices"
            ),
            field="office",
            office=office,
        )


class TargetOutOfRange(DomainError):
    code = "target-out-of-range"
    title = N_("Target out of range")


class TargetNotSet(DomainError):
    code = "target-not-set"
    title = N_("No such target")


@dataclass(frozen=True, kw_only=True)
class SetTarget:
    office: str
    year: int
    metric: Metric
    comparison: Comparison
    target: float
    note: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class WithdrawTarget:
    office: str
    year: int
    metric: Metric
    reason: str
    by: Acting


Command = SetTarget | WithdrawTarget


@dataclass(frozen=True)
class Target:
    metric: Metric
    comparison: Comparison
    target: float
    note: str


@dataclass(frozen=True)
class Plan:
    """The targets in force, by metric; evolve builds a new dict, never mutates one."""

    targets: dict[Metric, Target]

    def in_order(self) -> list[Target]:
        """The targets in the order of :data:`METRICS`, as a plan is read out."""
        return [self.targets[m] for m in METRICS if m in self.targets]


def stream_of(office: str, year: int) -> str:
    return f"workplan/{office}/{year}"


def decide(command: Command, state: Plan) -> list[WorkPlanEvent]:
    check_plan(command.office, command.year)
    match command:
        case SetTarget():
            return _set(command, state)
        case WithdrawTarget():
            return [_withdraw(command, state)]
        case _:
            assert_never(command)


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearOutOfRange(year)


def check_plan(office: str, year: int) -> None:
    """Refuse a year out of range, or an office that keeps no plan (a grid)."""
    check_year(year)
    if OfficeCode(office).level not in PLANNING_LEVELS:
        raise OfficeCannotPlan(office)


def _set(command: SetTarget, state: Plan) -> list[WorkPlanEvent]:
    value = _valid_target(command.metric, command.target)
    target = Target(command.metric, command.comparison, value, command.note.strip())
    if state.targets.get(command.metric) == target:
        return []
    return [
        WorkPlanTargetSet(
            office=command.office,
            year=command.year,
            metric=target.metric,
            comparison=target.comparison,
            target=target.target,
            note=target.note,
        )
    ]


def _valid_target(metric: Metric, value: float) -> float:
    """``value`` if it can be a target of ``metric``, else :class:`TargetOutOfRange`."""
    value = float(value)
    if metric == "employment_rate":
        if not 0 < value <= 1:
            raise TargetOutOfRange(
                N_(
                    "the employment rate is a share: the target must be above 0 and"
                    " at most 1 (0.96 for 96%), not {value}"
                ),
                field="target",
                value=value,
            )
        return value
    if metric in SHARE_METRICS:
        if not 0 < value <= 1:
            raise TargetOutOfRange(
                N_(
                    "{metric} is a share: the target must be above 0 and at most 1"
                    " (0.95 for 95%), not {value}"
                ),
                field="target",
                metric=METRIC_LABELS.get(metric, metric),
                value=value,
            )
        return value
    if not (math.isfinite(value) and value >= 0 and value.is_integer()):
        raise TargetOutOfRange(
            N_(
                "{metric} is a count: the target must be a whole number, 0 or more,"
                " not {value}"
            ),
            field="target",
            metric=METRIC_LABELS.get(metric, metric),
            value=value,
        )
    return value


def _withdraw(command: WithdrawTarget, state: Plan) -> WorkPlanEvent:
    if command.metric not in state.targets:
        raise TargetNotSet(
            N_("the {year} plan of {office} has no {metric} target to withdraw"),
            field="metric",
            year=command.year,
            office=command.office,
            metric=METRIC_LABELS.get(command.metric, command.metric),
        )
    return WorkPlanTargetWithdrawn(
        office=command.office,
        year=command.year,
        metric=command.metric,
        reason=require_text(command.reason, "reason", N_("the reason")),
    )


def evolve(state: Plan, event: WorkPlanEvent) -> Plan:
    match event:
        case WorkPlanTargetSet():
            target = Target(event.metric, event.comparison, event.target, event.note)
            return Plan({**state.targets, event.metric: target})
        case WorkPlanTargetWithdrawn():
            return Plan({m: t for m, t in state.targets.items() if m != event.metric})
        case _:
            assert_never(event)


DECIDER: Decider[Command, Plan, WorkPlanEvent] = Decider(
    "work_plan", Plan({}), decide, evolve
)
