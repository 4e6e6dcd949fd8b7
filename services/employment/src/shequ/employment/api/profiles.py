"""Labour profiles: record a status, flexible employment, job seeking; read one.

One profile reads from its stream, so it is never stale and its ``ETag`` is the
version ``If-Match`` expects. Every write names a person the registry knows. A change
that replaces what the clerk read (the status, the job-seeking entry) requires
``If-Match``; someone without a profile yet reads as an empty one at version 0.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.contracts.employment import InformationSource, LabourStatus
from shequ.contracts.messages import N_
from shequ.employment.api._access import (
    PersonChange,
    PersonWrite,
    WriteRequest,
    readable,
)
from shequ.employment.api._bodies import EMPLOYER, NOTE, Wage, Words
from shequ.employment.api._reading import named
from shequ.employment.domain import profile
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers import profiles as handle
from shequ.employment.settings import Rules
from shequ.eventstore import load
from shequ.service import AsOf, IdempotencyKey, RuntimeDep
from shequ.webapi import CurrentActor, RequestModel, set_etag

router = APIRouter(prefix="/api/v1/employment/profiles", tags=["profiles"])


class StatusRequest(RequestModel):
    status: LabourStatus
    employer: str | None = Field(
        None, max_length=EMPLOYER, description="required when employed"
    )
    since: date = Field(description="when the status began, e.g. the day work ended")
    reason: str = Field(max_length=NOTE)
    source: InformationSource = Field(description="where the information came from")


class FlexibleRequest(RequestModel):
    occupation: str = Field(
        max_length=EMPLOYER, description="the work done, e.g. 家政服务, 网约车"
    )
    registered_on: date


class CertifyRequest(RequestModel):
    certified_on: date


class SeekingRequest(RequestModel):
    wishes: Words = Field(description="kinds of work wanted")
    skills: Words = Field([])
    available_from: date
    min_monthly_wage: Wage | None = None


class SeekingView(BaseModel):
    wishes: list[str]
    skills: list[str]
    available_from: date
    min_monthly_wage: int | None


class FlexibleView(BaseModel):
    occupation: str
    registered_on: date
    certified_on: date | None


class ProfileResponse(BaseModel):
    person_id: str
    office: str
    office_name: str | None = Field(default=None, description="the office's name")
    status: LabourStatus | None
    employer: str | None
    since: date | None
    flexible: FlexibleView | None
    seeking: SeekingView | None
    version: int


def _reply(state: profile.State, version: int, response: Response) -> ProfileResponse:
    if state is None:
        raise profile.ProfileNotFound(N_("no labour profile yet"), field="person_id")
    set_etag(response, version)
    flexible, seeking = state.flexible, state.seeking
    return ProfileResponse(
        person_id=state.person_id,
        office=state.office,
        status=state.status,
        employer=state.employer,
        since=state.since,
        version=version,
        flexible=None
        if flexible is None
        else FlexibleView(
            occupation=flexible.occupation,
            registered_on=flexible.registered_on,
            certified_on=flexible.certified_on,
        ),
        seeking=None
        if seeking is None
        else SeekingView(
            wishes=list(seeking.wishes),
            skills=list(seeking.skills),
            available_from=seeking.available_from,
            min_monthly_wage=seeking.min_monthly_wage,
        ),
    )


@router.get("/{person_id}")
async def read_profile(
    person_id: str,
    rt: RuntimeDep,
    actor: CurrentActor,
    response: Response,
    as_of: AsOf = None,
) -> ProfileResponse:
    """One person's labour profile, now or as it stood at ``as_of`` (a day: its end).

    Nothing recorded yet reads as an empty profile at version 0 (``ETag: "0"``), the
    version a first status is recorded against.
    """
    person = await readable(rt, actor, person_id)
    if as_of is None:
        state, head = await load(
            rt.store, profile.DECIDER, stream_of("labour", person_id)
        )
    else:
        events, head = await rt.store.replay(
            stream_of("labour", person_id), as_of=as_of
        )
        state = profile.DECIDER.fold(events)
    if state is None:
        set_etag(response, head.version)
        empty = ProfileResponse(
            person_id=person_id,
            office=person.office,
            status=None,
            employer=None,
            since=None,
            flexible=None,
            seeking=None,
            version=head.version,
        )
        return await named(rt, empty)
    return await named(rt, _reply(state, head.version, response))


@router.post("/{person_id}/status")
async def record_status(
    body: StatusRequest, write: PersonChange, rules: Rules, key: IdempotencyKey = None
) -> ProfileResponse:
    """Record the person's labour status, with the reason and the source.

    It replaces the status the clerk read, so ``If-Match`` is required.
    """
    outcome = await handle.record_status(
        write.rt.store,
        rules.retirement,
        by=await write.by(),
        person_id=write.person_id,
        status=body.status,
        employer=body.employer,
        since=body.since,
        reason=body.reason,
        source=body.source,
        key=key,
        expected_version=write.expected,
    )
    return await named(write.rt, _reply(outcome.state, outcome.version, write.response))


@router.post("/{person_id}/flexible")
async def register_flexible(
    body: FlexibleRequest, write: PersonChange, rules: Rules, key: IdempotencyKey = None
) -> ProfileResponse:
    """Register flexible employment (灵活就业登记); the status becomes flexible.

    It replaces the status the clerk read, so ``If-Match`` is required.
    """
    outcome = await handle.register_flexible(
        write.rt.store,
        rules.retirement,
        by=await write.by(),
        person_id=write.person_id,
        occupation=body.occupation,
        registered_on=body.registered_on,
        key=key,
        expected_version=write.expected,
    )
    return await named(write.rt, _reply(outcome.state, outcome.version, write.response))


@router.post("/{person_id}/flexible/certification")
async def certify_flexible(body: CertifyRequest, write: PersonWrite) -> ProfileResponse:
    """Certify registered flexible employment (灵活就业认定).

    A blind write is safe because the decider checks the whole transition (flexible
    employment registered and still the status, the day not before it); a lost race
    is decided again.
    """
    command = profile.CertifyFlexible(
        certified_on=body.certified_on, by=await write.by()
    )
    return await _on_profile(write, command)


@router.put("/{person_id}/job-seeking")
async def seek_work(
    body: SeekingRequest, write: PersonChange, key: IdempotencyKey = None
) -> ProfileResponse:
    """Enter or update the person in the job-seeker bank (求职需求信息库).

    It replaces the wishes the clerk read, so ``If-Match`` is required.
    """
    outcome = await handle.seek_work(
        write.rt.store,
        by=await write.by(),
        person_id=write.person_id,
        wishes=body.wishes,
        skills=body.skills,
        available_from=body.available_from,
        min_monthly_wage=body.min_monthly_wage,
        key=key,
        expected_version=write.expected,
    )
    return await named(write.rt, _reply(outcome.state, outcome.version, write.response))


@router.delete("/{person_id}/job-seeking")
async def stop_seeking(
    write: PersonChange,
    reason: Annotated[str, Query(description="why, e.g. found work themselves")],
) -> ProfileResponse:
    """Take the person out of the job-seeker bank (withdraws what was read)."""
    command = profile.StopSeeking(reason=reason, by=await write.by())
    return await _on_profile(write, command)


async def _on_profile(
    write: WriteRequest, command: profile.CertifyFlexible | profile.StopSeeking
) -> ProfileResponse:
    outcome = await handle.act_on_profile(
        write.rt.store, write.person_id, command, write.expected
    )
    return await named(write.rt, _reply(outcome.state, outcome.version, write.response))
