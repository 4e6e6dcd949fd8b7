"""Campaigns (创建项目): what the district configures for a designation. Pure.

Stream ``campaign/<code>``, kept by a district office. A campaign names its
preparation stages, the eligibility floor (at least so many households *or* so many
residents: 篇一's 500 / 1,500), the criteria (a work-plan metric compared with a
threshold: 无毒社区's ≥ 4 anti-drug meetings), the share of a street's communities
that must pass (篇五's 95%), the grades a year may give (保无毒 / 创无毒 /
创达标) and how many years pass between re-checks (3). Defining it again replaces
the whole definition (an event each time); defining it exactly as it stands records
nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import assert_never, get_args

from shequ.access import Acting, OfficeCode, OfficeLevel
from shequ.contracts import DomainError, require_text
from shequ.contracts.messages import N_
from shequ.contracts.reporting import (
    SHARE_METRICS,
    CampaignDefined,
    CampaignEvent,
    Criterion,
    Metric,
    Stage,
)
from shequ.eventstore import Decider

CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
METRICS = frozenset(get_args(Metric))
MAX_RECHECK_YEARS = 10


class CampaignInvalid(DomainError):
    code = "campaign-invalid"
    title = N_("The campaign cannot be defined so")


@dataclass(frozen=True, kw_only=True)
class DefineCampaign:
    campaign: str
    office: str
    name: str
    stages: tuple[Stage, ...]
    min_households: int | None
    min_residents: int | None
    criteria: tuple[Criterion, ...]
    pass_rate: float | None
    grades: tuple[str, ...]
    recheck_years: int
    by: Acting


State = CampaignDefined | None


def stream_of(campaign: str) -> str:
    return f"campaign/{campaign}"


def decide(command: DefineCampaign, state: State) -> list[CampaignEvent]:
    _check(command)
    event = CampaignDefined(
        campaign=command.campaign,
        office=command.office,
        name=require_text(command.name, "name", N_("the campaign's name")),
        stages=list(command.stages),
        min_households=command.min_households,
        min_residents=command.min_residents,
        criteria=list(command.criteria),
        pass_rate=command.pass_rate,
        grades=[g.strip() for g in command.grades],
        recheck_years=command.recheck_years,
    )
    return [] if event == state else [event]


def _check(command: DefineCampaign) -> None:
    if not CODE.match(command.campaign):
        raise CampaignInvalid(
            N_("a campaign's code is 2 to 40 lower-case letters, digits or _"),
            field="campaign",
        )
    if OfficeCode(command.office).level is not OfficeLevel.DISTRICT:
        raise CampaignInvalid(
            N_("a campaign is kept by a district office, not {office}"),
            field="office",
            office=command.office,
        )
    _check_stages(command.stages)
    for index, criterion in enumerate(command.criteria):
        _check_criterion(index, criterion)
    for name, floor in (
        ("min_households", command.min_households),
        ("min_residents", command.min_residents),
    ):
        if floor is not None and floor < 0:
            raise CampaignInvalid(N_("a floor is 0 or more"), field=name)
    if command.pass_rate is not None and not 0 < command.pass_rate <= 1:
        raise CampaignInvalid(
            N_("the pass rate is a share above 0 and at most 1 (0.95 for 95%)"),
            field="pass_rate",
        )
    grades = [g.strip() for g in command.grades]
    if "" in grades or len(set(grades)) != len(grades):
        raise CampaignInvalid(N_("grades are named and different"), field="grades")
    if not 1 <= command.recheck_years <= MAX_RECHECK_YEARS:
        raise CampaignInvalid(
            N_("a title is re-checked every 1 to {most} years"),
            field="recheck_years",
            most=MAX_RECHECK_YEARS,
        )


def _check_stages(stages: tuple[Stage, ...]) -> None:
    seen: set[str] = set()
    for index, stage in enumerate(stages):
        field = f"stages.{index}"
        if not CODE.match(stage.code) or stage.code in seen:
            raise CampaignInvalid(
                N_("each stage has its own code: lower-case letters, digits or _"),
                field=f"{field}.code",
            )
        require_text(stage.name, f"{field}.name", N_("the stage's name"))
        seen.add(stage.code)


def _check_criterion(index: int, criterion: Criterion) -> None:
    field = f"criteria.{index}"
    if criterion.metric not in METRICS:
        raise CampaignInvalid(
            N_("{metric} is not a figure reporting computes"),
            field=f"{field}.metric",
            metric=criterion.metric,
        )
    value = criterion.threshold
    if not math.isfinite(value) or value < 0:
        raise CampaignInvalid(
            N_("a threshold is a number, 0 or more"), field=f"{field}.threshold"
        )
    if criterion.metric in SHARE_METRICS and value > 1:
        raise CampaignInvalid(
            N_("{metric} is a share: its threshold is at most 1 (0.95 for 95%)"),
            field=f"{field}.threshold",
            metric=criterion.metric,
        )


def evolve(_: State, event: CampaignEvent) -> State:
    match event:
        case CampaignDefined():
            return event
        case _:
            assert_never(event)


DECIDER: Decider[DefineCampaign, State, CampaignEvent] = Decider(
    "campaign", None, decide, evolve
)
