"""Work plans (工作计划) over HTTP: targets set and withdrawn, plans and dashboards.

A plan is read from its stream, so it is never stale and its ``ETag`` is the version
``If-Match`` expects. Setting or withdrawing a target requires ``If-Match`` (428
without it, 412 when stale): what a target should be is decided from the plan the
writer read, so a blind write would overwrite a colleague's change unseen. An office
outside the reader's subtree is answered exactly as an unknown one (404
``office-not-known``), before any other rule. The office's own staff (community
worker, street or district admin) and the admins of an office above it write its plan;
anyone whose subtree holds the office reads it, auditors included. Actuals come from
the serving ledgers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode, china_date
from shequ.contracts import MAX_INTEGER
from shequ.contracts.reporting import Comparison, Metric
from shequ.reporting.api._deps import (
    LEDGERS,
    NAMES_AN_OFFICE,
    SAFE,
    Within,
    office_in_view,
    office_names,
    serving_pool,
)
from shequ.reporting.domain.access import may_plan
from shequ.reporting.domain.workplan import Plan
from shequ.reporting.handlers import workplans
from shequ.reporting.readmodels import dashboard
from shequ.reporting.readmodels.workplans import plan_of
from shequ.service import PageNumber, PageSize, Reader, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/reporting/work-plans", tags=["work plans"])
NOTE = 500
"""The most characters of a target's note or a withdrawal's reason."""
# Bounded here so no year overflows a date; the plan's own range (2000–2100) is the
# decider's rule, answered with its name (year-out-of-range).
Year = Annotated[int, Path(ge=1, le=9999, description="a plan's year: 2000 to 2100")]


class TargetRequest(RequestModel):
    comparison: Comparison
    target: float = Field(
        ge=-MAX_INTEGER,
        le=MAX_INTEGER,
        allow_inf_nan=False,
        description="employment_rate: a share (0.96); else a count",
    )
    note: str = Field("", max_length=NOTE, description="e.g. 区下达指标")


class TargetView(BaseModel):
    metric: Metric
    comparison: Comparison
    target: float
    note: str


class PlanResponse(BaseModel):
    office: str
    office_name: str | None
    year: int
    version: int
    targets: list[TargetView]


async def _reply(
    rt: RuntimeDep, office: str, year: int, plan: Plan, version: int, response: Response
) -> PlanResponse:
    set_etag(response, version)
    targets = [
        TargetView(
            metric=t.metric, comparison=t.comparison, target=t.target, note=t.note
        )
        for t in plan.in_order()
    ]
    names = await office_names(rt, [office])
    return PlanResponse(
        office=office,
        office_name=names.get(office),
        year=year,
        version=version,
        targets=targets,
    )


@router.put("/{office}/{year}/targets/{metric}")
async def set_target(
    office: OfficeCode,
    year: Year,
    metric: Metric,
    body: TargetRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: RequiredVersion,
) -> PlanResponse:
    """Set or replace one target of the office's plan for the year (If-Match)."""
    may_plan(actor, office)
    outcome = await workplans.set_target(
        rt.store,
        await serving_pool(rt, LEDGERS, None),
        Acting.of(actor, rt.clock()),
        office=office,
        year=year,
        metric=metric,
        comparison=body.comparison,
        target=body.target,
        note=body.note,
        expected_version=expected,
    )
    return await _reply(rt, office, year, outcome.state, outcome.version, response)


@router.delete("/{office}/{year}/targets/{metric}")
async def withdraw_target(
    office: OfficeCode,
    year: Year,
    metric: Metric,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    expected: RequiredVersion,
    reason: Annotated[str, SAFE, Query(max_length=NOTE, description="why: 指标调整")],
) -> PlanResponse:
    """Withdraw one target of the office's plan, saying why (If-Match)."""
    may_plan(actor, office)
    outcome = await workplans.withdraw_target(
        rt.store,
        await serving_pool(rt, LEDGERS, None),
        Acting.of(actor, rt.clock()),
        office=office,
        year=year,
        metric=metric,
        reason=reason,
        expected_version=expected,
    )
    return await _reply(rt, office, year, outcome.state, outcome.version, response)


@router.get("/{office}/{year}")
async def read_plan(
    office: OfficeCode, year: Year, rt: RuntimeDep, actor: Reader, response: Response
) -> PlanResponse:
    """The office's plan for the year (no targets and version 0 before the first)."""
    await office_in_view(rt, actor, office, field="office")
    plan, version = await plan_of(rt.store, office, year)
    return await _reply(rt, office, year, plan, version, response)


@router.get("/{office}/{year}/dashboard")
async def plan_dashboard(
    office: OfficeCode, year: Year, rt: RuntimeDep, actor: Reader, response: Response
) -> dashboard.Dashboard:
    """Each target: the actual now (or at the year's end), met or not, and by month."""
    await office_in_view(rt, actor, office, field="office")
    plan, version = await plan_of(rt.store, office, year)
    set_etag(response, version)
    db = await serving_pool(rt, LEDGERS, None)
    return await dashboard.dashboard(
        db, office, year, plan, version=version, now=rt.clock()
    )


@router.get("", responses=NAMES_AN_OFFICE)
async def plans_overview(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    year: Annotated[
        int | None, Query(ge=1, le=9999, description="this year if absent")
    ] = None,
    page: PageNumber = 1,
    size: PageSize = 100,
) -> dashboard.Overview:
    """Every office in the subtree with targets: actual against target, per metric."""
    root = await office_in_view(rt, actor, within, field="within")
    now = rt.clock()
    db = await serving_pool(rt, LEDGERS, None)
    return await dashboard.overview(
        db,
        rt.store,
        root,
        china_date(now).year if year is None else year,
        now=now,
        page=page,
        size=size,
    )
