"""An office's anti-drug social work over HTTP: groups, lectures, problem students.

As restricted as cases (``domain/access.py``): only the rehab workers of the office,
and the police liaison and anti-drug office of its jurisdiction, record or read it;
other roles get 403, a case reader outside the office 404 as for an office unknown.
Every read is recorded as a case's read is, under the id ``social_work/<office>``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor, OfficeCode, require_role
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.eventstore import Outcome
from shequ.rehab.api._social_work_view import (
    VIEW_FIELDS,
    SocialWorkView,
    social_work_view,
)
from shequ.rehab.api.reading import WORK, Purpose
from shequ.rehab.domain import social_work
from shequ.rehab.domain.access import ACCESS, may_read_case
from shequ.rehab.handlers import reads as record
from shequ.rehab.handlers import social_work as handle
from shequ.rehab.readmodels import reads
from shequ.service import (
    IdempotencyKey,
    Page,
    PageNumber,
    PageSize,
    RestrictedReader,
    RuntimeDep,
    Writer,
)
from shequ.service.people import PersonNotKnown, living_person
from shequ.webapi import RequestModel, answers_not_found, set_etag

router = APIRouter(prefix="/api/v1/rehab", tags=["social work"])
OFFICE = "/social-work/{office}"
Office = Annotated[OfficeCode, Path(description="the office whose record it is")]
Topic = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
Short = Annotated[str, Field(min_length=1, max_length=64)]
NOT_FOUND = answers_not_found("No such office, or one outside your scope")


class OfficeNotFound(NotFound):
    code = "rehab-office-not-found"
    title = N_("No such office")


def _office(actor: Actor, office: str, *roles: object) -> str:
    """``office`` if ``actor`` holds its social work as a case's reader would."""
    require_role(actor, *roles)  # type: ignore[arg-type]
    if not may_read_case(actor, office, None):
        raise OfficeNotFound(N_("no office {office}"), field="office", office=office)
    return office


class GroupRequest(RequestModel):
    held_on: date
    topic: Topic
    attendee_ids: list[Short] = Field(max_length=50)  # none: refused by the rule


class LectureRequest(RequestModel):
    held_on: date
    topic: Topic
    head_count: int = Field(ge=1, le=10_000)


class StudentRequest(RequestModel):
    person_id: Short
    referred_on: date
    school: Annotated[str, Field(min_length=1, max_length=100)]
    reason: Text
    referred_to: Annotated[str, Field(min_length=1, max_length=100)]


class Entered(BaseModel):
    """What was recorded: the office, its record's version, the events' types."""

    office: str
    version: int
    recorded: list[str]


def _entered(
    office: str, outcome: Outcome[social_work.State], response: Response
) -> Entered:
    set_etag(response, outcome.version)
    return Entered(
        office=office,
        version=outcome.version,
        recorded=[e.type for e in outcome.events],
    )


@router.post(f"{OFFICE}/groups", status_code=201, responses=NOT_FOUND)
async def record_group(
    office: Office,
    body: GroupRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Entered:
    """A relapse-prevention group session (防复吸小组); attendees are open clients."""
    _office(actor, office, *ACCESS.writers)
    outcome = await handle.record_group(
        rt.store,
        by=Acting.of(actor, rt.clock()),
        key=key,
        office=office,
        held_on=body.held_on,
        topic=body.topic,
        attendee_ids=tuple(body.attendee_ids),
    )
    return _entered(office, outcome, response)


@router.post(f"{OFFICE}/lectures", status_code=201, responses=NOT_FOUND)
async def record_lecture(
    office: Office,
    body: LectureRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Entered:
    """A lecture for families (家长学校/家庭讲座), with its head count."""
    _office(actor, office, *ACCESS.writers)
    command = social_work.RecordFamilyLecture(
        office=office, by=Acting.of(actor, rt.clock()), **body.model_dump()
    )
    outcome = await handle.record(rt.store, command, key=key)
    return _entered(office, outcome, response)


@router.post(f"{OFFICE}/students", status_code=201, responses=NOT_FOUND)
async def refer_student(
    office: Office,
    body: StudentRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Entered:
    """A problem student (问题学生: a registered minor of the office's area)."""
    _office(actor, office, *ACCESS.writers)
    student = await living_person(rt.pool, body.person_id)
    if not student.office.startswith(office.subtree_prefix):
        raise PersonNotKnown(body.person_id)
    outcome = await handle.refer_student(
        rt.store,
        by=Acting.of(actor, rt.clock()),
        key=key,
        office=office,
        **body.model_dump(),
    )
    return _entered(office, outcome, response)


@router.get(OFFICE, responses=NOT_FOUND)
async def read_social_work(
    office: Office,
    rt: RuntimeDep,
    actor: RestrictedReader,
    response: Response,
    purpose: Purpose = WORK,
) -> SocialWorkView:
    """The office's groups, family lectures and problem students; the read recorded."""
    _office(actor, office, *ACCESS.restricted)
    view = await social_work_view(rt, office)
    set_etag(response, view.version)
    await record.record_reads(
        rt.store,
        Acting.of(actor, rt.clock()),
        [(handle.stream_of(office), office)],
        VIEW_FIELDS,
        purpose,
    )
    return view


@router.get(f"{OFFICE}/reads", responses=NOT_FOUND)
async def social_work_reads(
    office: Office,
    rt: RuntimeDep,
    actor: RestrictedReader,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> Page[reads.ReadRow]:
    """Who read the office's record of social work, when and why (latest first)."""
    _office(actor, office, *ACCESS.restricted)
    return await reads.reads_of(rt.pool, handle.stream_of(office), page=page, size=size)
