"""One person's assistance (就业援助) over HTTP: its commands and the record they build.

The record reads from the stream, so it is never stale and its ``ETag`` is the
version ``If-Match`` expects; a person with no assistance yet has an empty record at
version 0. Every write names a person the registry knows, in the writer's subtree.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel, Field

from shequ.contracts.employment import (
    ContactKind,
    DifficultyCategory,
    GuidanceKind,
    TrainingKind,
    TrainingOutcome,
)
from shequ.employment.api._access import acting_on, readable
from shequ.employment.domain import assistance
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers import assistance as handle
from shequ.eventstore import Outcome, load
from shequ.service import RuntimeDep, Writer
from shequ.webapi import CurrentActor, ExpectedVersion, set_etag

API = "/api/v1/employment/assistance"
router = APIRouter(prefix=API, tags=["assistance"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]


class IdentifyRequest(BaseModel):
    category: DifficultyCategory
    identified_on: date
    notes: str = ""


class ResolveRequest(BaseModel):
    resolved_on: date
    reason: str = Field(description="e.g. 已就业, 已退休")


class FollowUpRequest(BaseModel):
    kind: ContactKind
    due_on: date = Field(description="today or later")
    assigned_to: str | None = Field(None, description="staff id; the caller if unset")
    purpose: str


class CancelRequest(BaseModel):
    reason: str


class ReassignRequest(BaseModel):
    assigned_to: str | None = Field(None, description="staff id; the caller if unset")


class ContactRequest(BaseModel):
    kind: ContactKind
    contacted_on: date
    findings: str = Field(description="what the visit or call found")
    follow_up_id: str | None = Field(None, description="the follow-up it completes")


class TrainingRequest(BaseModel):
    kind: TrainingKind
    course: str
    provider: str
    referred_on: date


class OutcomeRequest(BaseModel):
    outcome: TrainingOutcome
    recorded_on: date
    certificate: str | None = Field(None, description="the qualification obtained")


class GuidanceRequest(BaseModel):
    kind: GuidanceKind
    given_on: date
    notes: str


class AssistanceRecord(BaseModel):
    person_id: str
    office: str
    difficulty: assistance.Case | None = Field(description="the open case, if any")
    cases: list[assistance.Case]
    follow_ups: list[assistance.FollowUp]
    contacts: list[assistance.Contact]
    trainings: list[assistance.Referral]
    guidance: list[assistance.Guidance]
    version: int


def _reply(
    record: assistance.Assistance, version: int, response: Response
) -> AssistanceRecord:
    set_etag(response, version)
    return AssistanceRecord(
        person_id=record.person_id,
        office=record.office,
        difficulty=record.open_case,
        cases=list(record.cases),
        follow_ups=list(record.follow_ups),
        contacts=list(record.contacts),
        trainings=list(record.referrals),
        guidance=list(record.guidance),
        version=version,
    )


def _outcome(
    outcome: Outcome[assistance.State], response: Response
) -> AssistanceRecord:
    assert outcome.state is not None, "every person command opens the stream"
    return _reply(outcome.state, outcome.version, response)


@router.get("/{person_id}")
async def read_assistance(
    person_id: str, rt: RuntimeDep, actor: CurrentActor, response: Response
) -> AssistanceRecord:
    """The person's assistance record: cases, follow-ups, contacts, training."""
    person = await readable(rt, actor, person_id)
    state, head = await load(
        rt.store, assistance.DECIDER, stream_of("assistance", person_id)
    )
    record = state or assistance.Assistance(person_id, person.office)
    return _reply(record, head.version, response)


@router.post("/{person_id}/difficulty")
async def identify_difficulty(
    person_id: str,
    body: IdentifyRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Identify the person as having employment difficulties (就业困难人员认定)."""
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.identify(
        rt.store,
        person_id=person_id,
        category=body.category,
        identified_on=body.identified_on,
        notes=body.notes,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)


@router.post("/{person_id}/difficulty/resolve")
async def resolve_difficulty(
    person_id: str,
    body: ResolveRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Close the open difficulty case, e.g. when the person found work."""
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.resolve(
        rt.store,
        person_id=person_id,
        resolved_on=body.resolved_on,
        reason=body.reason,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)


@router.post("/{person_id}/follow-ups", status_code=201)
async def schedule_follow_up(
    person_id: str,
    body: FollowUpRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Plan a visit or call (走访/电话排查); ``Location`` names the new follow-up."""
    by = await acting_on(rt, actor, person_id)
    new, outcome = await handle.schedule_follow_up(
        rt.store,
        person_id=person_id,
        kind=body.kind,
        due_on=body.due_on,
        assigned_to=body.assigned_to,
        purpose=body.purpose,
        by=by,
        key=key,
        expected_version=expected,
    )
    response.headers["Location"] = f"{API}/{person_id}/follow-ups/{new}"
    return _outcome(outcome, response)


@router.post("/{person_id}/follow-ups/{follow_up_id}/cancel")
async def cancel_follow_up(
    person_id: str,
    follow_up_id: str,
    body: CancelRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Cancel an open follow-up, saying why."""
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.cancel_follow_up(
        rt.store,
        person_id=person_id,
        follow_up_id=follow_up_id,
        reason=body.reason,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)


@router.post("/{person_id}/follow-ups/{follow_up_id}/reassign")
async def reassign_follow_up(
    person_id: str,
    follow_up_id: str,
    body: ReassignRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Give an open follow-up to another staff member (the caller by default).

    The person's office decides: after a hand-over their follow-ups arrive still
    assigned to the old office's staff.
    """
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.reassign_follow_up(
        rt.store,
        person_id=person_id,
        follow_up_id=follow_up_id,
        assigned_to=body.assigned_to,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)


@router.post("/{person_id}/contacts")
async def record_contact(
    person_id: str,
    body: ContactRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Record a visit or call that took place; it completes ``follow_up_id``."""
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.record_contact(
        rt.store,
        person_id=person_id,
        kind=body.kind,
        contacted_on=body.contacted_on,
        findings=body.findings,
        follow_up_id=body.follow_up_id,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)


@router.post("/{person_id}/trainings", status_code=201)
async def refer_training(
    person_id: str,
    body: TrainingRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Refer the person to skills or entrepreneurship training (技能/创业培训)."""
    by = await acting_on(rt, actor, person_id)
    new, outcome = await handle.refer_training(
        rt.store,
        person_id=person_id,
        kind=body.kind,
        course=body.course,
        provider=body.provider,
        referred_on=body.referred_on,
        by=by,
        key=key,
        expected_version=expected,
    )
    response.headers["Location"] = f"{API}/{person_id}/trainings/{new}"
    return _outcome(outcome, response)


@router.post("/{person_id}/trainings/{referral_id}/outcome")
async def record_training_outcome(
    person_id: str,
    referral_id: str,
    body: OutcomeRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Record how the referred training ended (one outcome per referral)."""
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.record_outcome(
        rt.store,
        person_id=person_id,
        referral_id=referral_id,
        outcome=body.outcome,
        recorded_on=body.recorded_on,
        certificate=body.certificate,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)


@router.post("/{person_id}/guidance")
async def give_guidance(
    person_id: str,
    body: GuidanceRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Record guidance, a policy consultation, a job introduction or a placement."""
    by = await acting_on(rt, actor, person_id)
    outcome = await handle.give_guidance(
        rt.store,
        person_id=person_id,
        kind=body.kind,
        given_on=body.given_on,
        notes=body.notes,
        by=by,
        key=key,
        expected_version=expected,
    )
    return _outcome(outcome, response)
