"""A rehab case's commands over HTTP: open from a decision, then each step of it.

Opening takes an ``Idempotency-Key`` (a retry opens the same case); every change
takes ``If-Match`` (the version the worker read), so two workers never overwrite
each other unseen. An answer names the events recorded, never the case's details:
showing a case is a read, and every read is recorded (see ``reading.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting
from shequ.contracts.rehab import (
    EvaluationKind,
    Helper,
    RehabGround,
    RehabKind,
    RehabOutcome,
    SeriousViolationReason,
    TestResult,
    Violation,
)
from shequ.eventstore import Outcome
from shequ.rehab.api._access import writable_case
from shequ.rehab.domain import case
from shequ.rehab.domain.access import ACCESS
from shequ.rehab.handlers import cases as handle
from shequ.rehab.readmodels.cases import office_exists
from shequ.rehab.settings import Settings
from shequ.service import IdempotencyKey, RuntimeDep, Writer
from shequ.service.people import PersonNotKnown, find_person
from shequ.webapi import RequestModel, RequiredVersion, answers_not_found, set_etag

router = APIRouter(prefix="/api/v1/rehab", tags=["cases"])
CASE = "/cases/{case_id}"
Text = Annotated[str, Field(min_length=1, max_length=500)]
Short = Annotated[str, Field(min_length=1, max_length=64)]


class OpenRequest(RequestModel):
    """The police's decision (决定书) as staff type it in."""

    person_id: Short
    kind: RehabKind
    ground: RehabGround
    decision_number: Short
    police_organ: Annotated[str, Field(min_length=1, max_length=100)]
    decided_on: date
    term_months: int = Field(ge=1, le=36)


class Recorded(BaseModel):
    """What a command recorded: the case, its new version, the events' types."""

    case_id: str
    version: int
    recorded: list[str]


def recorded(
    case_id: str, outcome: Outcome[case.State], response: Response
) -> Recorded:
    set_etag(response, outcome.version)
    return Recorded(
        case_id=case_id,
        version=outcome.version,
        recorded=[e.type for e in outcome.events],
    )


@router.post(
    "/cases",
    status_code=201,
    responses=answers_not_found("No such person, or one outside your subtree"),
)
async def open_case(
    body: OpenRequest,
    rt: RuntimeDep,
    actor: Writer,
    settings: Settings,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """Open a case from a decision typed in; the person must live in your subtree."""
    person = await find_person(rt.pool, body.person_id)
    if person is None:
        raise PersonNotKnown(body.person_id)
    ACCESS.may_write(actor, person.office, unknown=PersonNotKnown(body.person_id))
    by = Acting.of(actor, rt.clock())
    outcome = await handle.open_case(
        rt.store, by=by, key=key, rules=settings.rules(), **body.model_dump()
    )
    assert outcome.state is not None
    response.headers["Location"] = f"/api/v1/rehab/cases/{outcome.state.case_id}"
    return recorded(outcome.state.case_id, outcome, response)


async def _act(
    rt: RuntimeDep,
    actor: Writer,
    case_id: str,
    expected: int,
    response: Response,
    build: type[case.Command],
    **fields: object,
) -> Recorded:
    await writable_case(rt, actor, case_id)
    by = Acting.of(actor, rt.clock())
    command = build(by=by, **fields)  # type: ignore[arg-type]
    outcome = await handle.act(rt.store, case_id, command, expected_version=expected)
    return recorded(case_id, outcome, response)


class ReportRequest(RequestModel):
    reported_on: date


class AgreementRequest(RequestModel):
    agreement_number: Short
    signed_on: date
    document_sha256: str | None = Field(None, pattern="^[0-9a-f]{64}$")


class TeamRequest(RequestModel):
    responsible_worker: Short = Field(description="staff id: whose list it is on")
    police_officer: Short | None = None
    helpers: list[Helper] = Field(default_factory=list, max_length=20)


class TestRequest(RequestModel):
    tested_on: date
    result: TestResult


class WarningRequest(RequestModel):
    violation: Violation
    issued_on: date
    details: Text


class LeaveRequest(RequestModel):
    approve: bool
    leave_from: date
    leave_to: date
    destination: Annotated[str, Field(max_length=200)] = ""
    reason: Annotated[str, Field(max_length=500)] = ""


class AbsenceRequest(RequestModel):
    absent_from: date
    absent_to: date


class PoliceReportRequest(RequestModel):
    reason: SeriousViolationReason
    reported_on: date
    police_organ: Annotated[str, Field(min_length=1, max_length=100)]
    reference: Short | None = Field(None, description="the police's receipt number")


class EvaluationRequest(RequestModel):
    kind: EvaluationKind
    evaluated_on: date
    summary: Text


class HandOverRequest(RequestModel):
    to_office: Annotated[str, Field(pattern=r"^\d{12}(\d{3})?$")]


class CloseRequest(RequestModel):
    outcome: RehabOutcome
    closed_on: date
    notice_number: Short | None = None


@router.post(f"{CASE}/report")
async def record_report(
    case_id: str,
    body: ReportRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """The person reported (报到); the term counts from this day."""
    return await _act(
        rt, actor, case_id, expected, response, case.RecordReport, **body.model_dump()
    )


@router.post(f"{CASE}/agreement")
async def sign_agreement(
    case_id: str,
    body: AgreementRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """社区戒毒(康复)协议书 signed."""
    return await _act(
        rt, actor, case_id, expected, response, case.SignAgreement, **body.model_dump()
    )


@router.post(f"{CASE}/team")
async def assign_team(
    case_id: str,
    body: TeamRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """The "多帮一" team: the responsible worker, the police officer, helpers."""
    fields = body.model_dump() | {"helpers": tuple(body.helpers)}
    return await _act(rt, actor, case_id, expected, response, case.AssignTeam, **fields)


@router.post(f"{CASE}/tests")
async def record_test(
    case_id: str,
    body: TestRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
    settings: Settings,
) -> Recorded:
    """A urine test (尿检); the third refusal or a positive result is serious."""
    return await _act(
        rt,
        actor,
        case_id,
        expected,
        response,
        case.RecordTest,
        rules=settings.rules(),
        **body.model_dump(),
    )


@router.post(f"{CASE}/warnings")
async def issue_warning(
    case_id: str,
    body: WarningRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A warning (告诫书) for a violation."""
    return await _act(
        rt, actor, case_id, expected, response, case.IssueWarning, **body.model_dump()
    )


@router.post(f"{CASE}/leave")
async def decide_leave(
    case_id: str,
    body: LeaveRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Leave to go outside the county: approved, or refused with the reason."""
    return await _act(
        rt, actor, case_id, expected, response, case.DecideLeave, **body.model_dump()
    )


@router.post(f"{CASE}/absences")
async def record_absence(
    case_id: str,
    body: AbsenceRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
    settings: Settings,
) -> Recorded:
    """Away from the county without approval; the third, or past 30 days, is serious."""
    return await _act(
        rt,
        actor,
        case_id,
        expected,
        response,
        case.RecordAbsence,
        rules=settings.rules(),
        **body.model_dump(),
    )


@router.post(f"{CASE}/police-reports")
async def report_violation(
    case_id: str,
    body: PoliceReportRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A serious violation found on the case reported to the police (报告公安机关)."""
    return await _act(
        rt,
        actor,
        case_id,
        expected,
        response,
        case.ReportViolation,
        **body.model_dump(),
    )


@router.post(f"{CASE}/evaluations")
async def record_evaluation(
    case_id: str,
    body: EvaluationRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """A half-yearly summary or a yearly evaluation (戒毒康复情况评估)."""
    return await _act(
        rt,
        actor,
        case_id,
        expected,
        response,
        case.RecordEvaluation,
        **body.model_dump(),
    )


@router.post(f"{CASE}/hand-over")
async def hand_over(
    case_id: str,
    body: HandOverRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """The person moved: the case and its whole history go to ``to_office``."""
    known = await office_exists(rt.pool, body.to_office)
    return await _act(
        rt,
        actor,
        case_id,
        expected,
        response,
        case.HandOver,
        to_office=body.to_office,
        to_office_open=known,
    )


@router.post(f"{CASE}/close")
async def close_case(
    case_id: str,
    body: CloseRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """The case ends: term completed (with the police's notice) or otherwise."""
    return await _act(
        rt, actor, case_id, expected, response, case.CloseCase, **body.model_dump()
    )
