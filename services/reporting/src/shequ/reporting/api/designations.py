"""A designation (创建) step by step, and as it stood on any date.

The office's own staff record the preparation stages and apply; the street above
reviews; the district's admins accept (with a public notice) or decline, record
objections, inspect, name, grade, evaluate each year, re-check, and check a
rectification. Each step is dated (``on``); If-Match is optional. ``GET`` answers
the designation as of any moment with the trail of steps behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor, OfficeCode
from shequ.contracts.reporting import CampaignDefined, InspectionMethod
from shequ.reporting.api._deps import LEDGERS, AsOf, office_in_view, office_names
from shequ.reporting.api._deps import serving_pool as pool_of
from shequ.reporting.api.campaigns import CampaignCode
from shequ.reporting.domain import designations as rules
from shequ.reporting.domain.access import may_designate, may_prepare, may_review
from shequ.reporting.domain.designations import Designation
from shequ.reporting.handlers import designations
from shequ.reporting.readmodels.designations import history
from shequ.service import Reader, RuntimeDep, Writer
from shequ.webapi import ExpectedVersion, RequestModel, set_etag

router = APIRouter(prefix="/api/v1/reporting/designations", tags=["designations"])
DESIGNATION = "/{office}/{campaign}"
NOTE = 500
Note = Annotated[str, Field(max_length=NOTE)]
Score = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Year = Annotated[int, Path(ge=1, le=9999, description="2000 to 2100")]


class StageView(BaseModel):
    code: str
    name: str
    done_on: date | None


class StepView(BaseModel):
    """One event of the designation's stream, as recorded."""

    version: int
    type: str
    occurred_at: datetime
    actor: str | None
    data: dict[str, Any]


class DesignationView(BaseModel):
    office: str
    office_name: str | None
    campaign: str
    campaign_name: str
    as_of: datetime
    version: int
    status: str
    stages: list[StageView]
    households: int | None
    residents: int | None
    notice_until: date | None
    objections: int
    named_on: date | None
    recheck_due: date | None
    rectify_by: date | None
    revoked_on: date | None
    grades: dict[int, str]
    evaluated: dict[int, bool]
    history: list[StepView]


async def designation_view(
    rt: RuntimeDep, office: str, campaign: CampaignDefined, at: datetime | None
) -> DesignationView:
    state, version, envelopes = await history(rt.store, office, campaign.campaign, at)
    current = state or Designation(office=office, campaign=campaign.campaign)
    names = await office_names(rt, [office])
    return DesignationView(
        office=office,
        office_name=names.get(office),
        campaign=campaign.campaign,
        campaign_name=campaign.name,
        as_of=at or rt.clock(),
        version=version,
        status=current.status,
        stages=[
            StageView(code=s.code, name=s.name, done_on=current.stages.get(s.code))
            for s in campaign.stages
        ],
        households=current.households,
        residents=current.residents,
        notice_until=current.notice_until,
        objections=current.objections,
        named_on=current.named_on,
        recheck_due=current.recheck_due,
        rectify_by=current.rectify_by,
        revoked_on=current.revoked_on,
        grades=current.grades,
        evaluated=current.evaluated,
        history=[
            StepView(
                version=e.version,
                type=e.event_type,
                occurred_at=e.occurred_at,
                actor=e.actor,
                data=e.data,
            )
            for e in envelopes
        ],
    )


@router.get(DESIGNATION)
async def read_designation(
    office: OfficeCode,
    campaign: CampaignCode,
    rt: RuntimeDep,
    actor: Reader,
    response: Response,
    as_of: AsOf = None,
) -> DesignationView:
    """The designation as of ``as_of`` (now if absent), with every step behind it."""
    await office_in_view(rt, actor, office, field="office")
    defined = await designations.campaign(rt.store, campaign)
    found = await designation_view(rt, office, defined, as_of)
    set_etag(response, found.version)
    return found


Rule = Callable[[Actor, str], None]
Build = Callable[[CampaignDefined, Acting], rules.Command]


async def _step(
    rt: RuntimeDep,
    actor: Actor,
    office: OfficeCode,
    campaign: str,
    may: Rule,
    build: Build,
    expected: int | None,
    response: Response,
) -> DesignationView:
    may(actor, office)
    by = Acting.of(actor, rt.clock())
    outcome = await designations.act(
        rt.store,
        await pool_of(rt, LEDGERS, None),
        by,
        office,
        campaign,
        lambda defined: build(defined, by),
        expected_version=expected,
    )
    set_etag(response, outcome.version)
    defined = await designations.campaign(rt.store, campaign)
    return await designation_view(rt, office, defined, None)


class StageRequest(RequestModel):
    stage: str = Field(max_length=40, description="e.g. organisation (完善机构)")
    on: date
    note: Note = ""


@router.post(f"{DESIGNATION}/stages")
async def record_stage(
    office: OfficeCode,
    campaign: CampaignCode,
    body: StageRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """A preparation stage done, dated (the office's staff)."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_prepare,
        lambda c, by: rules.RecordStage(
            campaign=c, stage=body.stage, on=body.on, note=body.note, by=by
        ),
        expected,
        response,
    )


class ApplicationRequest(RequestModel):
    on: date
    note: Note = ""


@router.post(f"{DESIGNATION}/application")
async def apply(
    office: OfficeCode,
    campaign: CampaignCode,
    body: ApplicationRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """创建申报: the office applies; its households and residents are counted now."""
    may_prepare(actor, office)
    outcome = await designations.apply(
        rt.store,
        await pool_of(rt, LEDGERS, None),
        Acting.of(actor, rt.clock()),
        office,
        campaign,
        on=body.on,
        note=body.note,
        expected_version=expected,
    )
    set_etag(response, outcome.version)
    defined = await designations.campaign(rt.store, campaign)
    return await designation_view(rt, office, defined, None)


class ReviewRequest(RequestModel):
    on: date
    approved: bool
    note: Note = Field("", description="why, when it goes back")


@router.post(f"{DESIGNATION}/review")
async def review(
    office: OfficeCode,
    campaign: CampaignCode,
    body: ReviewRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """The street's (town's) review of the application."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_review,
        lambda _, by: rules.Review(
            on=body.on, approved=body.approved, note=body.note, by=by
        ),
        expected,
        response,
    )


class AcceptanceRequest(RequestModel):
    on: date
    notice_until: date = Field(description="the public notice's last day (公示期)")


@router.post(f"{DESIGNATION}/acceptance")
async def accept(
    office: OfficeCode,
    campaign: CampaignCode,
    body: AcceptanceRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """受理: the district accepts and puts the application on public notice."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda _, by: rules.Accept(on=body.on, notice_until=body.notice_until, by=by),
        expected,
        response,
    )


class RefusalRequest(RequestModel):
    on: date
    reason: Note


@router.post(f"{DESIGNATION}/refusal")
async def decline(
    office: OfficeCode,
    campaign: CampaignCode,
    body: RefusalRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """不予受理, with the reason: the office prepares again."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda _, by: rules.Decline(on=body.on, reason=body.reason, by=by),
        expected,
        response,
    )


class ObjectionRequest(RequestModel):
    on: date
    objection: Note


@router.post(f"{DESIGNATION}/objections")
async def record_objection(
    office: OfficeCode,
    campaign: CampaignCode,
    body: ObjectionRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """An objection raised during the public notice."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda _, by: rules.RecordObjection(
            on=body.on, objection=body.objection, by=by
        ),
        expected,
        response,
    )


class InspectionRequest(RequestModel):
    on: date
    methods: list[InspectionMethod] = Field(max_length=4)
    score: Score
    passed: bool
    note: Note = ""


@router.post(f"{DESIGNATION}/inspection")
async def inspect(
    office: OfficeCode,
    campaign: CampaignCode,
    body: InspectionRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """考核: how it was inspected, the score, passed or not."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda _, by: rules.Inspect(
            on=body.on,
            methods=tuple(body.methods),
            score=body.score,
            passed=body.passed,
            note=body.note,
            by=by,
        ),
        expected,
        response,
    )


class NamingRequest(RequestModel):
    on: date


@router.post(f"{DESIGNATION}/naming")
async def name(
    office: OfficeCode,
    campaign: CampaignCode,
    body: NamingRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """命名: the title, re-checked every so many years from this day."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda c, by: rules.Name(campaign=c, on=body.on, by=by),
        expected,
        response,
    )


class GradeRequest(RequestModel):
    grade: str = Field(max_length=20, description="e.g. 创无毒")


@router.put(f"{DESIGNATION}/grades/{{year}}")
async def set_grade(
    office: OfficeCode,
    campaign: CampaignCode,
    year: Year,
    body: GradeRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """The office's grade for the year (无毒社区: 保无毒 / 创无毒 / 创达标)."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda c, by: rules.SetGrade(campaign=c, year=year, grade=body.grade, by=by),
        expected,
        response,
    )


class EvaluationRequest(RequestModel):
    year: int = Field(ge=1, le=9999)
    on: date
    passed: bool
    score: Score | None = None
    note: Note = ""


@router.post(f"{DESIGNATION}/evaluations")
async def evaluate(
    office: OfficeCode,
    campaign: CampaignCode,
    body: EvaluationRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """The yearly evaluation of a named office."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda _, by: rules.Evaluate(
            year=body.year,
            on=body.on,
            passed=body.passed,
            score=body.score,
            note=body.note,
            by=by,
        ),
        expected,
        response,
    )


class RecheckRequest(RequestModel):
    on: date
    passed: bool
    score: Score | None = None
    note: Note = ""
    rectify_by: date | None = Field(None, description="failed: the deadline (整改期限)")


@router.post(f"{DESIGNATION}/rechecks")
async def recheck(
    office: OfficeCode,
    campaign: CampaignCode,
    body: RecheckRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """复查: passed, or failed with a rectification deadline."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda c, by: rules.Recheck(
            campaign=c,
            on=body.on,
            passed=body.passed,
            score=body.score,
            note=body.note,
            rectify_by=body.rectify_by,
            by=by,
        ),
        expected,
        response,
    )


class RectificationRequest(RequestModel):
    on: date
    passed: bool
    note: Note = ""


@router.post(f"{DESIGNATION}/rectification")
async def check_rectification(
    office: OfficeCode,
    campaign: CampaignCode,
    body: RectificationRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> DesignationView:
    """The rectification checked: passed restores the title, failed revokes it."""
    return await _step(
        rt,
        actor,
        office,
        campaign,
        may_designate,
        lambda c, by: rules.CheckRectification(
            campaign=c, on=body.on, passed=body.passed, note=body.note, by=by
        ),
        expected,
        response,
    )
