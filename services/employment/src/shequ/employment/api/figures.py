"""Figures: the employment rate at every level, and the full-employment standard."""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from shequ.access import china_date
from shequ.employment.api._reading import Subtree
from shequ.employment.domain.figures import Rate, Standing, figures_day, roll_up
from shequ.employment.readmodels import figures
from shequ.employment.settings import Rules
from shequ.i18n import render
from shequ.service import ReaderLanguage, RuntimeDep
from shequ.service.people import office_names

T = TypeVar("T", Rate, Standing)
router = APIRouter(prefix="/api/v1/employment/figures", tags=["figures"])
On = Annotated[
    date | None,
    Query(
        description="today (if absent) or a later day: today's statuses, counted by "
        "who is of working age then; a past day's figures are "
        "reporting's (/api/v1/reporting/figures?as_of=)"
    ),
]


def _day(rt: RuntimeDep, on: date | None) -> date:
    return figures_day(on, china_date(rt.clock()))


class RatesResponse(BaseModel):
    on: date
    offices: list[Rate] = Field(
        description="district and streets first (summed), then each community"
    )


class StandardResponse(BaseModel):
    on: date
    rate_threshold: float
    max_zero_employment_households: int
    zero_household_limit_days: int
    communities: list[Standing]


@router.get("/employment-rate")
async def employment_rate(
    rt: RuntimeDep, root: Subtree, rules: Rules, on: On = None
) -> RatesResponse:
    """The employment rate per community, street and district (就业率)."""
    day = _day(rt, on)
    communities = await figures.community_rates(rt.pool, root, rules.retirement, day)
    rolled = [r for r in roll_up(communities) if root.covers(r.office)]
    return RatesResponse(on=day, offices=await _named(rt, rolled + communities))


@router.get("/full-employment-standard")
async def full_employment_standard(
    rt: RuntimeDep, root: Subtree, rules: Rules, language: ReaderLanguage, on: On = None
) -> StandardResponse:
    """Each community against the standard (充分就业社区), with the points it fails.

    The points are in the reader's language (``?lang=`` or ``Accept-Language``).
    """
    day = _day(rt, on)
    found = await figures.standings(rt.pool, root, rules.retirement, rules, day)
    worded = [
        s.model_copy(update={"failing": [render(t, p, language) for t, p in s.reasons]})
        for s in found
    ]
    return StandardResponse(
        on=day,
        rate_threshold=rules.rate_threshold,
        max_zero_employment_households=rules.max_zero_employment_households,
        zero_household_limit_days=rules.zero_household_limit_days,
        communities=await _named(rt, worded),
    )


async def _named(rt: RuntimeDep, rows: list[T]) -> list[T]:
    """``rows`` with each office's name beside its code."""
    names = await office_names(rt.pool, sorted({r.office for r in rows}))
    return [r.model_copy(update={"office_name": names.get(r.office)}) for r in rows]
