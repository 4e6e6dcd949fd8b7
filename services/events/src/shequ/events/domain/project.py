"""A service project (服务项目, e.g. 夕阳依旧美, seed 000 篇七). Pure.

A project names its target groups, objectives, method and period; activities name
the project they belong to. It is evaluated once its period has begun.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.events import ProjectEvaluated, ProjectEvent, ProjectStarted
from shequ.contracts.messages import N_
from shequ.events.domain.activity import NotYetHeld
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class StartProject:
    project_id: str
    office: str
    title: str
    target_groups: tuple[str, ...]
    objectives: tuple[str, ...]
    method: str
    starts_on: date
    ends_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class EvaluateProject:
    summary: str
    score: int
    by: Acting


Command = StartProject | EvaluateProject


@dataclass(frozen=True)
class Project:
    project_id: str
    office: str
    starts_on: date
    evaluated: bool = False


State = Project | None


class ProjectNotFound(DomainError):
    code = "events-project-not-found"
    title = N_("No such project")


class ProjectExists(DomainError):
    code = "events-project-exists"
    title = N_("Project already started")


class BadPeriod(DomainError):
    code = "events-bad-period"
    title = N_("The period ends before it starts")


class NoObjectives(DomainError):
    code = "events-no-objectives"
    title = N_("A project without objectives")


def _start(command: StartProject) -> ProjectStarted:
    if command.ends_on < command.starts_on:
        raise BadPeriod(N_("the project ends after it starts"), field="ends_on")
    objectives = [o.strip() for o in command.objectives if o.strip()]
    if not objectives:
        raise NoObjectives(N_("name at least one objective"), field="objectives")
    return ProjectStarted(
        project_id=command.project_id,
        office=command.office,
        title=require_text(command.title, "title", N_("the project's title")),
        target_groups=[g.strip() for g in command.target_groups if g.strip()],
        objectives=objectives,
        method=command.method.strip(),
        starts_on=command.starts_on,
        ends_on=command.ends_on,
    )


def decide(command: Command, state: State) -> list[ProjectEvent]:
    match command:
        case StartProject() if state is None:
            return [_start(command)]
        case StartProject():
            raise ProjectExists(N_("this project is already started"))
        case EvaluateProject() if state is None:
            raise ProjectNotFound(N_("no such project"), field="project_id")
        case EvaluateProject():
            if command.by.today < state.starts_on:
                raise NotYetHeld(
                    N_("the project begins on {day}; evaluate it from then on"),
                    field="summary",
                    day=state.starts_on,
                )
            summary = require_text(command.summary, "summary", N_("the summary"))
            return [
                ProjectEvaluated(
                    project_id=state.project_id,
                    office=state.office,
                    evaluated_on=command.by.today,
                    summary=summary,
                    score=command.score,
                )
            ]
        case _:
            assert_never(command)


def evolve(state: State, event: ProjectEvent) -> State:
    match event:
        case ProjectStarted():
            return Project(event.project_id, event.office, event.starts_on)
        case ProjectEvaluated():
            assert state is not None
            return replace(state, evaluated=True)
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, ProjectEvent] = Decider(
    "project", None, decide, evolve
)
