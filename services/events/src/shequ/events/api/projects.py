"""Service projects (服务项目) over HTTP: start one, list, read, evaluate."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.contracts.events import ProjectEvaluated, ProjectStarted
from shequ.events.api._access import PageNo, Size, Subtree, record
from shequ.events.api._answers import NOT_FOUND
from shequ.events.domain import project
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import activities as handle
from shequ.events.readmodels import activities as ledger
from shequ.events.readmodels import projects as listed
from shequ.service import IdempotencyKey, Page, Reader, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["projects"])
PROJECT = "/projects/{project_id}"
Text = Annotated[str, Field(min_length=1, max_length=200)]
Texts = Annotated[list[Text], Field(max_length=50)]


class ProjectRequest(RequestModel):
    office: OfficeCode
    title: Text
    target_groups: Texts = Field(default_factory=list)
    objectives: Texts
    method: str = Field("", max_length=2000)
    starts_on: date
    ends_on: date


class ProjectEvaluationRequest(RequestModel):
    summary: Annotated[str, Field(min_length=1, max_length=4000)]
    score: int = Field(ge=1, le=5)


class ProjectRecorded(BaseModel):
    project_id: str
    version: int
    recorded: list[str]


class ProjectView(BaseModel):
    started: ProjectStarted
    evaluation: ProjectEvaluated | None
    activities: list[ledger.ActivityRow]
    version: int


@router.post("/projects", status_code=201)
async def start_project(
    body: ProjectRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> ProjectRecorded:
    """Start a service project of an office in your subtree."""
    ACCESS.may_write(actor, body.office)
    fields = body.model_dump(exclude={"target_groups", "objectives"})
    outcome = await handle.start_project(
        rt.store,
        by=Acting.of(actor, rt.clock()),
        key=key,
        target_groups=tuple(body.target_groups),
        objectives=tuple(body.objectives),
        **fields,
    )
    assert outcome.state is not None
    set_etag(response, outcome.version)
    events = [e.type for e in outcome.events]
    return ProjectRecorded(
        project_id=outcome.state.project_id, version=outcome.version, recorded=events
    )


@router.get("/projects")
async def list_projects(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[listed.ProjectRow]:
    """The projects of a subtree, with how many activities belong to each."""
    return await listed.projects(rt.pool, root.subtree_prefix, page=page, size=size)


@router.get(PROJECT, responses=NOT_FOUND)
async def read_project(
    project_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> ProjectView:
    """The project, its evaluation and the activities that belong to it."""
    await record(rt, actor, project.DECIDER, "project", project_id, ACCESS.readers)
    events, head = await rt.store.replay(handle.project_stream(project_id))
    started = next(e for e in events if isinstance(e, ProjectStarted))
    evaluated = [e for e in events if isinstance(e, ProjectEvaluated)]
    set_etag(response, head.version)
    last = evaluated[-1] if evaluated else None
    held = await ledger.of_project(rt.pool, project_id)
    return ProjectView(
        started=started, evaluation=last, activities=held, version=head.version
    )


@router.post(f"{PROJECT}/evaluation", responses=NOT_FOUND)
async def evaluate_project(
    project_id: str,
    body: ProjectEvaluationRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> ProjectRecorded:
    """The project's evaluation: a summary and a score out of 5."""
    await record(rt, actor, project.DECIDER, "project", project_id, ACCESS.writers)
    command = project.EvaluateProject(
        by=Acting.of(actor, rt.clock()), **body.model_dump()
    )
    outcome = await handle.act_on_project(
        rt.store, project_id, command, expected_version=expected
    )
    set_etag(response, outcome.version)
    events = [e.type for e in outcome.events]
    return ProjectRecorded(
        project_id=project_id, version=outcome.version, recorded=events
    )
