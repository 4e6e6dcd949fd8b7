"""Work plans (工作计划) over HTTP: targets set and withdrawn, plans and dashboards.

A plan is read from its stream, so it is never stale and its ``ETag`` is the version
``If-Match`` expects. The office's own staff (community worker, street or district
admin) and the admins of an office above it write its plan; anyone whose subtree holds
the office reads it, auditors included. Actuals come from the serving ledgers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.access import AccessDenied, Acting, Actor, OfficeCode, Role, china_date
from shequ.contracts.reporting import Comparison, Metric
from shequ.eventstore import Metadata, Outcome, execute, load
from shequ.reporting.api._deps import serving_pool
from shequ.reporting.domain import workplan
from shequ.reporting.domain.access import reading_root
from shequ.reporting.readmodels import dashboard
from shequ.reporting.settings import Rule
from shequ.service import Runtime, RuntimeDep
from shequ.webapi import CurrentActor, ExpectedVersion, set_etag

router = APIRouter(prefix="/api/v1/reporting/work-plans", tags=["work plans"])
LEDGERS = "reporting-ledgers"
ADMINS = (Role.STREET_ADMIN, Role.DISTRICT_ADMIN)
OWN_STAFF = (Role.COMMUNITY_WORKER, *ADMINS)


class TargetRequest(BaseModel):
    comparison: Comparison
    target: float = Field(description="employment_rate: a share (0.96); else a count")
    note: str = Field("", description="e.g. 区下达指标")


class TargetView(BaseModel):
    metric: Metric
    comparison: Comparison
    target: float
    note: str


class PlanResponse(BaseModel):
    office: str
    year: int
    version: int
    targets: list[TargetView]


def may_plan(actor: Actor, office: str) -> None:
    """Refuse unless ``actor`` is the office's own staff or an admin above it."""
    own = actor.office == office and actor.has_any(*OWN_STAFF)
    if not (own or (actor.has_any(*ADMINS) and actor.can_see(office))):
        raise AccessDenied(
            f"staff {actor.staff_id} of office {actor.office} may not set the work"
            f" plan of office {office}"
        )


async def _writable(rt: Runtime, actor: Actor, office: str) -> Acting:
    may_plan(actor, office)
    db = await serving_pool(rt, LEDGERS, None)
    if await db.fetchval("SELECT 1 FROM offices WHERE code = $1", office) is None:
        raise workplan.OfficeNotKnown(office)
    return Acting.of(actor, rt.clock())


async def _run(
    rt: Runtime, command: workplan.Command, expected: int | None
) -> Outcome[workplan.Plan]:
    """``execute`` the command on its plan's stream, recording who acted, for whom."""
    by = command.by
    return await execute(
        rt.store,
        workplan.DECIDER,
        workplan.stream_of(command.office, command.year),
        command,
        now=by.now,
        metadata=Metadata(actor=by.staff_id, office=by.office),
        expected_version=expected,
    )


def _reply(
    office: str, year: int, plan: workplan.Plan, version: int, response: Response
) -> PlanResponse:
    set_etag(response, version)
    targets = [
        TargetView(
            metric=t.metric, comparison=t.comparison, target=t.target, note=t.note
        )
        for t in plan.in_order()
    ]
    return PlanResponse(office=office, year=year, version=version, targets=targets)


@router.put("/{office}/{year}/targets/{metric}")
async def set_target(
    office: OfficeCode,
    year: int,
    metric: Metric,
    body: TargetRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    response: Response,
    expected: ExpectedVersion,
) -> PlanResponse:
    """Set or replace one target of the office's plan for the year."""
    by = await _writable(rt, actor, office)
    command = workplan.SetTarget(
        office, year, metric, body.comparison, body.target, body.note, by
    )
    outcome = await _run(rt, command, expected)
    return _reply(office, year, outcome.state, outcome.version, response)


@router.delete("/{office}/{year}/targets/{metric}")
async def withdraw_target(
    office: OfficeCode,
    year: int,
    metric: Metric,
    rt: RuntimeDep,
    actor: CurrentActor,
    response: Response,
    expected: ExpectedVersion,
    reason: Annotated[str, Query(description="why, e.g. 指标调整")],
) -> PlanResponse:
    """Withdraw one target of the office's plan, saying why."""
    by = await _writable(rt, actor, office)
    command = workplan.WithdrawTarget(office, year, metric, reason, by)
    outcome = await _run(rt, command, expected)
    return _reply(office, year, outcome.state, outcome.version, response)


@router.get("/{office}/{year}")
async def read_plan(
    office: OfficeCode,
    year: int,
    rt: RuntimeDep,
    actor: CurrentActor,
    response: Response,
) -> PlanResponse:
    """The office's plan for the year (no targets and version 0 before the first)."""
    reading_root(actor, office)
    workplan.check_plan(office, year)
    plan, head = await load(
        rt.store, workplan.DECIDER, workplan.stream_of(office, year)
    )
    return _reply(office, year, plan, head.version, response)


@router.get("/{office}/{year}/dashboard")
async def plan_dashboard(
    office: OfficeCode, year: int, rt: RuntimeDep, actor: CurrentActor, rule: Rule
) -> dashboard.Dashboard:
    """Each target: the actual now (or at the year's end), met or not, and by month."""
    reading_root(actor, office)
    workplan.check_plan(office, year)
    plan, head = await load(
        rt.store, workplan.DECIDER, workplan.stream_of(office, year)
    )
    db = await serving_pool(rt, LEDGERS, None)
    return await dashboard.dashboard(
        db, office, year, plan, version=head.version, now=rt.clock(), rule=rule
    )


@router.get("")
async def plans_overview(
    rt: RuntimeDep,
    actor: CurrentActor,
    rule: Rule,
    within: Annotated[
        OfficeCode | None, Query(description="your office if absent")
    ] = None,
    year: Annotated[int | None, Query(description="this year if absent")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="offices a page")] = 100,
) -> dashboard.Overview:
    """Every office in the subtree with targets: actual against target, per metric."""
    root = reading_root(actor, within)
    now = rt.clock()
    year = china_date(now).year if year is None else year
    workplan.check_year(year)
    plans = await dashboard.plans_within(rt.store, root, year)
    db = await serving_pool(rt, LEDGERS, None)
    return await dashboard.overview(
        db, plans, root, year, now=now, rule=rule, page=page, size=size
    )
