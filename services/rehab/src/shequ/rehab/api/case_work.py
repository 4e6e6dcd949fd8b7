"""Social work on a case over HTTP (seed 002 (3)): notes, a peer counsellor, a referral.

Each takes ``If-Match`` like every change of a case, and answers with the events
recorded, never the case's details. The referral to employment is published as
``ClientReferredForWork``: employment opens assistance with a follow-up from it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import Field

from shequ.access import Acting
from shequ.contracts.rehab import CaseWorkKind
from shequ.rehab.api._access import writable_case
from shequ.rehab.api.cases import Recorded, Short, _act, recorded
from shequ.rehab.domain import case
from shequ.rehab.handlers import social_work as handle
from shequ.service import RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion

router = APIRouter(prefix="/api/v1/rehab", tags=["case work"])
CASE = "/cases/{case_id}"
Long = Annotated[str, Field(min_length=1, max_length=2000)]
Note = Annotated[str, Field(min_length=1, max_length=500)]


class NoteRequest(RequestModel):
    kind: CaseWorkKind
    noted_on: date
    content: Long


class PeerCounsellorRequest(RequestModel):
    counsellor_id: Short = Field(description="the counsellor's person id")
    assigned_on: date


class WorkReferralRequest(RequestModel):
    referred_on: date
    note: Note = Field(
        description="for the employment staff: what work is wanted; never rehab"
    )


@router.post(f"{CASE}/notes")
async def record_note(
    case_id: str,
    body: NoteRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A case-work note (个案记录): a home visit, a talk, a call."""
    return await _act(
        rt, actor, case_id, expected, response, case.RecordCaseNote, **body.model_dump()
    )


@router.post(f"{CASE}/peer-counsellor")
async def assign_peer_counsellor(
    case_id: str,
    body: PeerCounsellorRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A peer counsellor (朋辈辅导员): a registered person who recovered."""
    await writable_case(rt, actor, case_id)
    outcome = await handle.assign_peer_counsellor(
        rt.store,
        case_id,
        by=Acting.of(actor, rt.clock()),
        expected_version=expected,
        **body.model_dump(),
    )
    return recorded(case_id, outcome, response)


@router.post(f"{CASE}/work-referrals")
async def refer_for_work(
    case_id: str,
    body: WorkReferralRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Refer the client to the employment service, which follows them up."""
    return await _act(
        rt, actor, case_id, expected, response, case.ReferForWork, **body.model_dump()
    )
