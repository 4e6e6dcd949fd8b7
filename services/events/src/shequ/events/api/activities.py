"""Activities over HTTP: plan, then attendance, visits, files, evaluations, costs.

An activity not yet held may be cancelled, with a reason.
Planning takes an ``Idempotency-Key`` (a retry plans the same activity); every later
change takes ``If-Match`` (the version read). An activity is read from its stream:
who attended and a visit's notes only by a writer (the activity organiser).
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor, OfficeCode
from shequ.contracts.events import (
    ActivityKind,
    EvaluationStage,
    Evaluator,
    Resource,
    Risk,
    Score,
    StaffMember,
)
from shequ.events.api._access import record, unknown
from shequ.events.api._views import ActivityView, activity_view
from shequ.events.domain import activity, project
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import activities as handle
from shequ.eventstore import Outcome
from shequ.service import IdempotencyKey, Reader, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, answers_not_found, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["activities"])
ACTIVITY = "/activities/{activity_id}"
NOT_FOUND = answers_not_found("No such activity, or one outside your subtree")
Text = Annotated[str, Field(min_length=1, max_length=200)]
Long = Annotated[str, Field(min_length=1, max_length=2000)]
Id = Annotated[str, Field(min_length=1, max_length=64)]


class PlanRequest(RequestModel):
    """The activity plan (活动计划) as the office wrote it."""

    office: OfficeCode
    kind: ActivityKind
    title: Text
    held_on: date
    starts_at: time | None = None
    ends_at: time | None = None
    place: Text
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    lead: Text
    staff: list[StaffMember] = Field([], max_length=100)
    resources: list[Resource] = Field([], max_length=100)
    planned_participants: int = Field(0, ge=0, le=1_000_000)
    risks: list[Risk] = Field([], max_length=50)
    project_id: Id | None = None


class AttendanceRequest(RequestModel):
    person_ids: list[Id] = Field([], max_length=2000)
    head_count: int = Field(0, ge=0, le=1_000_000)


class VisitRequest(RequestModel):
    household_id: Id
    people: int = Field(ge=1, le=50)
    visited_on: date
    notes: Long


class FileRequest(RequestModel):
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    name: Text


class EvaluationRequest(RequestModel):
    stage: EvaluationStage
    evaluator: Evaluator
    scores: list[Score] = Field(max_length=50)
    comment: str = Field("", max_length=2000)


class CostRequest(RequestModel):
    item: Text
    amount_fen: int = Field(ge=1, le=10_000_000_000)


class CancelRequest(RequestModel):
    reason: Long


class Recorded(BaseModel):
    """What a command recorded: the activity, its new version, the events' types."""

    activity_id: str
    version: int
    recorded: list[str]


def _recorded(
    activity_id: str, outcome: Outcome[activity.State], response: Response
) -> Recorded:
    set_etag(response, outcome.version)
    return Recorded(
        activity_id=activity_id,
        version=outcome.version,
        recorded=[e.type for e in outcome.events],
    )


@router.post("/activities", status_code=201, responses=NOT_FOUND)
async def plan_activity(
    body: PlanRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """Plan an activity of an office in your subtree (and of a project of it)."""
    ACCESS.may_write(actor, body.office)
    if body.project_id is not None:
        await _project_of(rt, actor, body.project_id)
    fields = body.model_dump(exclude={"staff", "resources", "risks"})
    outcome = await handle.plan(
        rt.store,
        by=Acting.of(actor, rt.clock()),
        key=key,
        staff=tuple(body.staff),
        resources=tuple(body.resources),
        risks=tuple(body.risks),
        **fields,
    )
    assert outcome.state is not None
    activity_id = outcome.state.activity_id
    response.headers["Location"] = f"/api/v1/events/activities/{activity_id}"
    return _recorded(activity_id, outcome, response)


async def _project_of(rt: RuntimeDep, actor: Actor, project_id: str) -> None:
    await record(rt, actor, project.DECIDER, "project", project_id, ACCESS.writers)


async def _act(
    rt: RuntimeDep,
    actor: Actor,
    activity_id: str,
    expected: int,
    command: activity.Command,
    response: Response,
) -> Recorded:
    outcome = await handle.act(
        rt.store, activity_id, command, expected_version=expected
    )
    return _recorded(activity_id, outcome, response)


async def _writable(rt: RuntimeDep, actor: Actor, activity_id: str) -> Acting:
    await record(rt, actor, activity.DECIDER, "activity", activity_id, ACCESS.writers)
    return Acting.of(actor, rt.clock())


@router.post(f"{ACTIVITY}/attendance", responses=NOT_FOUND)
async def record_attendance(
    activity_id: str,
    body: AttendanceRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Who came: registered persons and a head count of the public."""
    by = await _writable(rt, actor, activity_id)
    command = activity.RecordAttendance(
        person_ids=tuple(body.person_ids), head_count=body.head_count, by=by
    )
    return await _act(rt, actor, activity_id, expected, command, response)


@router.post(f"{ACTIVITY}/family-visits", responses=NOT_FOUND)
async def visit_family(
    activity_id: str,
    body: VisitRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A family visited within the activity (家访), with the visit's notes."""
    by = await _writable(rt, actor, activity_id)
    command = activity.VisitFamily(by=by, **body.model_dump())
    return await _act(rt, actor, activity_id, expected, command, response)


@router.post(f"{ACTIVITY}/files", responses=NOT_FOUND)
async def attach_file(
    activity_id: str,
    body: FileRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A photo or file, kept elsewhere, referenced by its SHA-256."""
    by = await _writable(rt, actor, activity_id)
    command = activity.AttachFile(by=by, **body.model_dump())
    return await _act(rt, actor, activity_id, expected, command, response)


@router.post(f"{ACTIVITY}/evaluations", responses=NOT_FOUND)
async def evaluate(
    activity_id: str,
    body: EvaluationRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A scored evaluation form, by residents, organisers or community leaders."""
    by = await _writable(rt, actor, activity_id)
    command = activity.Evaluate(
        stage=body.stage,
        evaluator=body.evaluator,
        scores=tuple(body.scores),
        comment=body.comment,
        by=by,
    )
    return await _act(rt, actor, activity_id, expected, command, response)


@router.post(f"{ACTIVITY}/costs", responses=NOT_FOUND)
async def record_cost(
    activity_id: str,
    body: CostRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A cost of the activity, in fen."""
    by = await _writable(rt, actor, activity_id)
    command = activity.RecordCost(by=by, **body.model_dump())
    return await _act(rt, actor, activity_id, expected, command, response)


@router.post(f"{ACTIVITY}/cancel", responses=NOT_FOUND)
async def cancel_activity(
    activity_id: str,
    body: CancelRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Call the activity off (活动取消) before it took place, saying why.

    It then counts towards no figure or recurring duty; the ledger keeps it, marked.
    """
    by = await _writable(rt, actor, activity_id)
    command = activity.CancelActivity(reason=body.reason, by=by)
    return await _act(rt, actor, activity_id, expected, command, response)


@router.get(ACTIVITY, responses=NOT_FOUND)
async def read_activity(
    activity_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> ActivityView:
    """The activity as planned and since; personal details to writers only."""
    await record(rt, actor, activity.DECIDER, "activity", activity_id, ACCESS.readers)
    view = await activity_view(rt.store, activity_id, actor.has_any(*ACCESS.writers))
    if view is None:
        raise unknown("activity", activity_id)
    set_etag(response, view.version)
    return view
