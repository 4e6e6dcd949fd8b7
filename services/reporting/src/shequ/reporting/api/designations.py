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
Make = Callable[[CampaignDefined, Acting], rules.Command]


async def _step(
    rt: RuntimeDep,
    actor: Actor,
    office: OfficeCode,
    campaign: str,
    may: Rule,
    build: Make,
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


class ApplicationRequest(RequestModel):
    on: date
    note: Note = ""


class ReviewRequest(RequestModel):
    on: date
    approved: bool
    note: Note = Field("", description="why, when it goes back")


class AcceptanceRequest(RequestModel):
    on: date
    notice_until: date = Field(description="the public notice's last day (公示期)")


class RefusalRequest(RequestModel):
    on: date
    reason: Note


class ObjectionRequest(RequestModel):
    on: date
    objection: Note


class InspectionRequest(RequestModel):
    on: date
    methods: list[InspectionMethod] = Field(max_length=4)
    score: Score
    passed: bool
    note: Note = ""


class NamingRequest(RequestModel):
    on: date


class GradeRequest(RequestModel):
    grade: str = Field(max_length=20, description="e.g. 创无毒")


class EvaluationRequest(RequestModel):
    year: int = Field(ge=1, le=9999)
    on: date
    passed: bool
    score: Score | None = None
    note: Note = ""


class RecheckRequest(RequestModel):
    on: date
    passed: bool
    score: Score | None = None
    note: Note = ""
    rectify_by: date | None = Field(None, description="failed: the deadline (整改期限)")


class RectificationRequest(RequestModel):
    on: date
    passed: bool
    note: Note = ""


Build = Callable[[Any, CampaignDefined, Acting], rules.Command]


def _step_route(
    path: str, name: str, model: type[RequestModel], may: Rule, build: Build
) -> None:
    """``POST …/{path}``: one step of the designation, ``model`` its body.

    The route's summary is ``build``'s docstring. Every step reads the same way: who
    may, the command, If-Match optional, the designation as it now stands.
    """

    async def take(
        office: OfficeCode,
        campaign: CampaignCode,
        body: Any,
        rt: RuntimeDep,
        actor: Writer,
        response: Response,
        expected: ExpectedVersion,
    ) -> DesignationView:
        return await _step(
            rt,
            actor,
            office,
            campaign,
            may,
            lambda c, by: build(body, c, by),
            expected,
            response,
        )

    # The body's model is known only here; the other annotations are module names.
    take.__annotations__ = {**take.__annotations__, "body": model}
    take.__name__ = name
    take.__doc__ = build.__doc__
    router.post(f"{DESIGNATION}/{path}")(take)


def _stage(b: StageRequest, c: CampaignDefined, by: Acting) -> rules.Command:
    """A preparation stage done, dated (the office's staff)."""
    return rules.RecordStage(campaign=c, stage=b.stage, on=b.on, note=b.note, by=by)


def _review(b: ReviewRequest, _: CampaignDefined, by: Acting) -> rules.Command:
    """The street's (town's) review of the application."""
    return rules.Review(on=b.on, approved=b.approved, note=b.note, by=by)


def _accept(b: AcceptanceRequest, _: CampaignDefined, by: Acting) -> rules.Command:
    """受理: the district accepts and puts the application on public notice."""
    return rules.Accept(on=b.on, notice_until=b.notice_until, by=by)


def _decline(b: RefusalRequest, _: CampaignDefined, by: Acting) -> rules.Command:
    """不予受理, with the reason: the office prepares again."""
    return rules.Decline(on=b.on, reason=b.reason, by=by)


def _objection(b: ObjectionRequest, _: CampaignDefined, by: Acting) -> rules.Command:
    """An objection raised during the public notice."""
    return rules.RecordObjection(on=b.on, objection=b.objection, by=by)


def _inspect(b: InspectionRequest, _: CampaignDefined, by: Acting) -> rules.Command:
    """考核: how it was inspected, the score, passed or not."""
    return rules.Inspect(
        on=b.on,
        methods=tuple(b.methods),
        score=b.score,
        passed=b.passed,
        note=b.note,
        by=by,
    )


def _name(b: NamingRequest, c: CampaignDefined, by: Acting) -> rules.Command:
    """命名: the title, re-checked every so many years from this day."""
    return rules.Name(campaign=c, on=b.on, by=by)


def _evaluate(b: EvaluationRequest, _: CampaignDefined, by: Acting) -> rules.Command:
    """The yearly evaluation of a named office."""
    return rules.Evaluate(
        year=b.year, on=b.on, passed=b.passed, score=b.score, note=b.note, by=by
    )


def _recheck(b: RecheckRequest, c: CampaignDefined, by: Acting) -> rules.Command:
    """复查: passed, or failed with a rectification deadline."""
    return rules.Recheck(
        campaign=c,
        on=b.on,
        passed=b.passed,
        score=b.score,
        note=b.note,
        rectify_by=b.rectify_by,
        by=by,
    )


def _rectified(
    b: RectificationRequest, c: CampaignDefined, by: Acting
) -> rules.Command:
    """The rectification checked: passed restores the title, failed revokes it."""
    return rules.CheckRectification(
        campaign=c, on=b.on, passed=b.passed, note=b.note, by=by
    )


STEPS: list[tuple[str, str, type[RequestModel], Rule, Build]] = [
    ("stages", "record_stage", StageRequest, may_prepare, _stage),
    ("review", "review", ReviewRequest, may_review, _review),
    ("acceptance", "accept", AcceptanceRequest, may_designate, _accept),
    ("refusal", "decline", RefusalRequest, may_designate, _decline),
    ("objections", "record_objection", ObjectionRequest, may_designate, _objection),
    ("inspection", "inspect", InspectionRequest, may_designate, _inspect),
    ("naming", "name", NamingRequest, may_designate, _name),
    ("evaluations", "evaluate", EvaluationRequest, may_designate, _evaluate),
    ("rechecks", "recheck", RecheckRequest, may_designate, _recheck),
    (
        "rectification",
        "check_rectification",
        RectificationRequest,
        may_designate,
        _rectified,
    ),
]
for step in STEPS:
    _step_route(*step)


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
