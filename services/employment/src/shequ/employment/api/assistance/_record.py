"""One person's assistance (就业援助) over HTTP: its commands and the record they build.

The record reads from the stream, so it is never stale and its ``ETag`` is the
version ``If-Match`` expects; a person with no assistance yet has an empty record at
version 0. Every write names a person the registry knows, in the writer's subtree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.contracts.employment import (
    ContactKind,
    DifficultyCategory,
    GuidanceKind,
    TrainingKind,
    TrainingOutcome,
)
from shequ.employment.api._access import PersonChange, PersonWrite, readable
from shequ.employment.api._bodies import EMPLOYER, NOTE, Id
from shequ.employment.api._reading import named
from shequ.employment.domain import assistance
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers import assistance as handle
from shequ.eventstore import load
from shequ.service import IdempotencyKey, RuntimeDep
from shequ.webapi import CurrentActor, RequestModel, set_etag

API = "/api/v1/employment/assistance"
router = APIRouter(prefix=API, tags=["assistance"])


class IdentifyRequest(RequestModel):
    category: DifficultyCategory
    identified_on: date
    notes: str = Field("", max_length=NOTE)


class ResolveRequest(RequestModel):
    resolved_on: date
    reason: str = Field(max_length=NOTE, description="e.g. 已就业, 已退休")


class FollowUpRequest(RequestModel):
    kind: ContactKind
    due_on: date = Field(description="today or later")
    assigned_to: Id | None = Field(None, description="staff id; the caller if unset")
    purpose: str = Field(max_length=NOTE)


class CancelRequest(RequestModel):
    reason: str = Field(max_length=NOTE)


class ReassignRequest(RequestModel):
    assigned_to: Id | None = Field(None, description="staff id; the caller if unset")


class ContactRequest(RequestModel):
    kind: ContactKind
    contacted_on: date
    findings: str = Field(max_length=NOTE, description="what the visit or call found")
    follow_up_id: Id | None = Field(None, description="the follow-up it completes")


class TrainingRequest(RequestModel):
    kind: TrainingKind
    course: str = Field(max_length=EMPLOYER)
    provider: str = Field(max_length=EMPLOYER)
    referred_on: date


class OutcomeRequest(RequestModel):
    outcome: TrainingOutcome
    recorded_on: date
    certificate: str | None = Field(
        None, max_length=EMPLOYER, description="the qualification obtained"
    )


class GuidanceRequest(RequestModel):
    kind: GuidanceKind
    given_on: date
    notes: str = Field(max_length=NOTE)


class AssistanceRecord(BaseModel):
    person_id: str
    office: str
    office_name: str | None = Field(default=None, description="the office's name")
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


async def _write(
    write: PersonWrite,
    command: type[assistance.PersonCommand],
    fields: dict[str, Any],
    key: str | None,
    created: str | None = None,
) -> AssistanceRecord:
    """Run ``command``; ``created`` names the collection a new id is made in."""
    new, outcome = await handle.act(
        write.rt.store,
        command,
        by=await write.by(),
        person_id=write.person_id,
        key=key,
        expected_version=write.expected,
        **fields,
    )
    if created is not None:
        location = f"{API}/{write.person_id}/{created}/{new}"
        write.response.headers["Location"] = location
    assert outcome.state is not None, "every person command opens the stream"
    return await named(write.rt, _reply(outcome.state, outcome.version, write.response))


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
    return await named(rt, _reply(record, head.version, response))


@router.post("/{person_id}/difficulty")
async def identify_difficulty(
    body: IdentifyRequest, write: PersonWrite, key: IdempotencyKey = None
) -> AssistanceRecord:
    """Identify the person as having employment difficulties (就业困难人员认定).

    A blind write is safe because the decider refuses a second open case; a lost race
    is decided again.
    """
    return await _write(write, assistance.Identify, body.model_dump(), key)


@router.post("/{person_id}/difficulty/resolve")
async def resolve_difficulty(
    body: ResolveRequest, write: PersonChange, key: IdempotencyKey = None
) -> AssistanceRecord:
    """Close the open difficulty case, e.g. when the person found work.

    It closes the case the clerk read (not one opened since), so ``If-Match`` is
    required.
    """
    return await _write(write, assistance.Resolve, body.model_dump(), key)


@router.post("/{person_id}/follow-ups", status_code=201)
async def schedule_follow_up(
    body: FollowUpRequest, write: PersonWrite, key: IdempotencyKey = None
) -> AssistanceRecord:
    """Plan a visit or call (走访/电话排查); ``Location`` names the new follow-up.

    A blind write is safe because it only adds a follow-up under a new id; a lost
    race is decided again.
    """
    return await _write(
        write, assistance.ScheduleFollowUp, body.model_dump(), key, "follow-ups"
    )


@router.post("/{person_id}/follow-ups/{follow_up_id}/cancel")
async def cancel_follow_up(
    follow_up_id: str,
    body: CancelRequest,
    write: PersonChange,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Cancel an open follow-up, saying why; ``If-Match`` is required."""
    fields = body.model_dump() | {"follow_up_id": follow_up_id}
    return await _write(write, assistance.CancelFollowUp, fields, key)


@router.post("/{person_id}/follow-ups/{follow_up_id}/reassign")
async def reassign_follow_up(
    follow_up_id: str,
    body: ReassignRequest,
    write: PersonChange,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Give an open follow-up to another staff member (the caller by default).

    The person's office decides: after a hand-over their follow-ups arrive still
    assigned to the old office's staff. It replaces the assignee the clerk read,
    so ``If-Match`` is required.
    """
    fields = body.model_dump() | {"follow_up_id": follow_up_id}
    return await _write(write, assistance.ReassignFollowUp, fields, key)


@router.post("/{person_id}/contacts")
async def record_contact(
    body: ContactRequest, write: PersonWrite, key: IdempotencyKey = None
) -> AssistanceRecord:
    """Record a visit or call that took place; it completes ``follow_up_id``.

    A blind write is safe because a contact is an appended fact and the decider
    checks that the follow-up it completes is still open; a lost race is decided
    again.
    """
    return await _write(write, assistance.RecordContact, body.model_dump(), key)


@router.post("/{person_id}/trainings", status_code=201)
async def refer_training(
    body: TrainingRequest, write: PersonWrite, key: IdempotencyKey = None
) -> AssistanceRecord:
    """Refer the person to skills or entrepreneurship training (技能/创业培训).

    A blind write is safe because it only adds a referral under a new id; a lost race
    is decided again.
    """
    return await _write(
        write, assistance.ReferTraining, body.model_dump(), key, "trainings"
    )


@router.post("/{person_id}/trainings/{referral_id}/outcome")
async def record_training_outcome(
    referral_id: str,
    body: OutcomeRequest,
    write: PersonWrite,
    key: IdempotencyKey = None,
) -> AssistanceRecord:
    """Record how the referred training ended (one outcome per referral).

    A blind write is safe because the decider refuses a second outcome; a lost race
    is decided again.
    """
    fields = body.model_dump() | {"referral_id": referral_id}
    return await _write(write, assistance.RecordOutcome, fields, key)


@router.post("/{person_id}/guidance")
async def give_guidance(
    body: GuidanceRequest, write: PersonWrite, key: IdempotencyKey = None
) -> AssistanceRecord:
    """Record guidance, a policy consultation, a job introduction or a placement.

    A blind write is safe because guidance is an appended fact; a lost race is decided
    again.
    """
    return await _write(write, assistance.GiveGuidance, body.model_dump(), key)
