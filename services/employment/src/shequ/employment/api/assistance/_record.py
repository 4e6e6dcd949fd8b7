"""One person's assistance (就业援助) over HTTP: its commands and the record they build.

The record reads from the stream, so it is never stale and its ``ETag`` is the
version ``If-Match`` expects; a person with no assistance yet has an empty record at
version 0. Every write names a person the registry knows, in the writer's subtree.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response
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
from shequ.eventstore import load
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


class _Write:
    """A write to ``person_id``'s assistance: who acts, the version and key it names.

    Every command route is this, given the command and the fields of its body.
    """

    def __init__(
        self,
        person_id: str,
        rt: RuntimeDep,
        actor: Writer,
        response: Response,
        expected: ExpectedVersion,
        key: IdempotencyKey = None,
    ) -> None:
        self.person_id, self.rt, self.actor = person_id, rt, actor
        self.response, self.expected, self.key = response, expected, key

    async def __call__(
        self,
        command: type[assistance.PersonCommand],
        fields: dict[str, Any],
        created: str | None = None,
    ) -> AssistanceRecord:
        """Run ``command``; ``created`` names the collection a new id is made in."""
        new, outcome = await handle.act(
            self.rt.store,
            command,
            by=await acting_on(self.rt, self.actor, self.person_id),
            person_id=self.person_id,
            key=self.key,
            expected_version=self.expected,
            **fields,
        )
        if created is not None:
            location = f"{API}/{self.person_id}/{created}/{new}"
            self.response.headers["Location"] = location
        assert outcome.state is not None, "every person command opens the stream"
        return _reply(outcome.state, outcome.version, self.response)


Write = Annotated[_Write, Depends()]


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
async def identify_difficulty(body: IdentifyRequest, write: Write) -> AssistanceRecord:
    """Identify the person as having employment difficulties (就业困难人员认定)."""
    return await write(assistance.Identify, body.model_dump())


@router.post("/{person_id}/difficulty/resolve")
async def resolve_difficulty(body: ResolveRequest, write: Write) -> AssistanceRecord:
    """Close the open difficulty case, e.g. when the person found work."""
    return await write(assistance.Resolve, body.model_dump())


@router.post("/{person_id}/follow-ups", status_code=201)
async def schedule_follow_up(body: FollowUpRequest, write: Write) -> AssistanceRecord:
    """Plan a visit or call (走访/电话排查); ``Location`` names the new follow-up."""
    return await write(assistance.ScheduleFollowUp, body.model_dump(), "follow-ups")


@router.post("/{person_id}/follow-ups/{follow_up_id}/cancel")
async def cancel_follow_up(
    follow_up_id: str, body: CancelRequest, write: Write
) -> AssistanceRecord:
    """Cancel an open follow-up, saying why."""
    fields = body.model_dump() | {"follow_up_id": follow_up_id}
    return await write(assistance.CancelFollowUp, fields)


@router.post("/{person_id}/follow-ups/{follow_up_id}/reassign")
async def reassign_follow_up(
    follow_up_id: str, body: ReassignRequest, write: Write
) -> AssistanceRecord:
    """Give an open follow-up to another staff member (the caller by default).

    The person's office decides: after a hand-over their follow-ups arrive still
    assigned to the old office's staff.
    """
    fields = body.model_dump() | {"follow_up_id": follow_up_id}
    return await write(assistance.ReassignFollowUp, fields)


@router.post("/{person_id}/contacts")
async def record_contact(body: ContactRequest, write: Write) -> AssistanceRecord:
    """Record a visit or call that took place; it completes ``follow_up_id``."""
    return await write(assistance.RecordContact, body.model_dump())


@router.post("/{person_id}/trainings", status_code=201)
async def refer_training(body: TrainingRequest, write: Write) -> AssistanceRecord:
    """Refer the person to skills or entrepreneurship training (技能/创业培训)."""
    return await write(assistance.ReferTraining, body.model_dump(), "trainings")


@router.post("/{person_id}/trainings/{referral_id}/outcome")
async def record_training_outcome(
    referral_id: str, body: OutcomeRequest, write: Write
) -> AssistanceRecord:
    """Record how the referred training ended (one outcome per referral)."""
    fields = body.model_dump() | {"referral_id": referral_id}
    return await write(assistance.RecordOutcome, fields)


@router.post("/{person_id}/guidance")
async def give_guidance(body: GuidanceRequest, write: Write) -> AssistanceRecord:
    """Record guidance, a policy consultation, a job introduction or a placement."""
    return await write(assistance.GiveGuidance, body.model_dump())
