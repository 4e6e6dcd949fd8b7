"""Campaigns (创建项目): the designations a district runs, as data it maintains.

A district administrator defines a campaign — its stages, eligibility floor, criteria
(metric, comparison, threshold), a street's pass rate, grades and re-check interval —
and may change it (If-Match); every staff member reads them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from shequ.access import AccessDenied, Acting, OfficeLevel, Role, require_role
from shequ.contracts.messages import N_
from shequ.contracts.reporting import CampaignDefined, Criterion, Stage
from shequ.reporting.domain.designations.campaign import DefineCampaign
from shequ.reporting.handlers import designations
from shequ.reporting.readmodels.designations import all_campaigns, campaign_of
from shequ.service import Reader, RuntimeDep, Writer
from shequ.webapi import ExpectedVersion, RequestModel, set_etag

router = APIRouter(prefix="/api/v1/reporting/campaigns", tags=["designations"])
CampaignCode = Annotated[
    str,
    Path(
        pattern=r"^[a-z][a-z0-9_]{1,39}$",
        description="e.g. green_community, drug_free_community",
    ),
]


class StageRequest(RequestModel):
    code: str = Field(max_length=40, description="e.g. organisation")
    name: str = Field(max_length=40, description="e.g. 完善机构")


class CriterionRequest(RequestModel):
    metric: str = Field(max_length=60, description="a work-plan metric")
    comparison: Literal["at_least", "at_most"]
    threshold: float = Field(allow_inf_nan=False, ge=0, le=1_000_000_000)
    label: str = Field("", max_length=60)


class CampaignRequest(RequestModel):
    name: str = Field(max_length=40, description="e.g. 绿色社区")
    stages: list[StageRequest] = Field([], max_length=20)
    min_households: int | None = Field(None, ge=0, le=10_000_000)
    min_residents: int | None = Field(None, ge=0, le=100_000_000)
    criteria: list[CriterionRequest] = Field([], max_length=40)
    pass_rate: float | None = Field(None, allow_inf_nan=False, ge=0, le=100)
    grades: list[str] = Field([], max_length=10)
    recheck_years: int = Field(3, ge=0, le=100)


class CampaignView(BaseModel):
    campaign: str
    office: str
    name: str
    stages: list[Stage]
    min_households: int | None
    min_residents: int | None
    criteria: list[Criterion]
    pass_rate: float | None
    grades: list[str]
    recheck_years: int
    version: int


def view(campaign: CampaignDefined, version: int) -> CampaignView:
    return CampaignView(**campaign.model_dump(exclude={"type"}), version=version)


@router.get("")
async def list_campaigns(rt: RuntimeDep, _: Reader) -> list[CampaignView]:
    """Every campaign the district has defined."""
    return [view(c, version) for c, version in await all_campaigns(rt.store)]


@router.get("/{campaign}")
async def read_campaign(
    campaign: CampaignCode, rt: RuntimeDep, _: Reader, response: Response
) -> CampaignView:
    found, version = await campaign_of(rt.store, campaign)
    if found is None:
        raise designations.CampaignNotFound(campaign)
    set_etag(response, version)
    return view(found, version)


@router.put("/{campaign}")
async def define_campaign(
    campaign: CampaignCode,
    body: CampaignRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: ExpectedVersion,
) -> CampaignView:
    """Define the campaign, or change it (the whole definition; If-Match to change)."""
    require_role(actor, Role.DISTRICT_ADMIN)
    if actor.office.level is not OfficeLevel.DISTRICT:
        raise AccessDenied(N_("a campaign is defined by the district"))
    outcome = await designations.define_campaign(
        rt.store,
        Acting.of(actor, rt.clock()),
        DefineCampaign(
            campaign=campaign,
            office=actor.office,
            name=body.name,
            stages=tuple(Stage(**s.model_dump()) for s in body.stages),
            min_households=body.min_households,
            min_residents=body.min_residents,
            criteria=tuple(Criterion(**c.model_dump()) for c in body.criteria),
            pass_rate=body.pass_rate,
            grades=tuple(body.grades),
            recheck_years=body.recheck_years,
            by=Acting.of(actor, rt.clock()),
        ),
        expected,
    )
    assert outcome.state is not None  # defined, or as it stood
    set_etag(response, outcome.version)
    return view(outcome.state, outcome.version)
