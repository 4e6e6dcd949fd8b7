"""Figures against the yearly targets (工作计划进度), the to-do list, the calendar.

Figures count the activities of a subtree held in a year up to a day (``as_of``,
today by default): large performances, competitions and their participants,
anti-drug meetings, hygiene self-checks, party classes, and the publicity corners of
the community that has fewest. The to-do list holds every duty missed and not made
up since, overdue first, with each community's next due date per duty.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query
from pydantic import BaseModel

from shequ.access import china_date
from shequ.contracts.events import DutyKind
from shequ.events.api._access import Subtree
from shequ.events.domain import duties
from shequ.events.domain.figures import COMPETITIONS, progress
from shequ.events.readmodels import activities, community
from shequ.events.settings import Settings
from shequ.i18n import render
from shequ.service import AsOf, Reader, ReaderLanguage, RuntimeDep

router = APIRouter(prefix="/api/v1/events", tags=["figures"])


class TargetProgress(BaseModel):
    metric: str
    label: str
    wanted: int
    reached: int
    met: bool


class Figures(BaseModel):
    office: str
    year: int
    on: date
    by_kind: dict[str, int]
    targets: list[TargetProgress]


@router.get("/figures")
async def figures(
    rt: RuntimeDep,
    root: Subtree,
    language: ReaderLanguage,
    year: int | None = Query(None, ge=2000, le=2100),
    as_of: AsOf = None,
) -> Figures:
    """A subtree's activities by kind and its progress against the yearly targets."""
    today = china_date(as_of or rt.clock())
    year = year or today.year
    upto = min(today, date(year, 12, 31))
    prefix = root.subtree_prefix
    held = await activities.counts_by_kind(rt.pool, prefix, year, upto)
    people = await activities.attendance_of(rt.pool, prefix, year, upto, COMPETITIONS)
    corners = await community.corners_by_office(rt.pool, prefix, upto)
    offices = await community.communities(rt.pool, prefix) or list(corners)
    fewest = min((corners.get(o, 0) for o in offices), default=0)
    targets = [
        TargetProgress(
            metric=p.metric,
            label=render(p.label, {}, language),
            wanted=p.wanted,
            reached=p.reached,
            met=p.met,
        )
        for p in progress(held, people, fewest)
    ]
    return Figures(office=root, year=year, on=upto, by_kind=held, targets=targets)


class NextDue(BaseModel):
    office: str
    duty: DutyKind
    due_by: date


class ToDos(BaseModel):
    missed: list[community.MissRow]
    next_due: list[NextDue]


@router.get("/to-dos")
async def to_dos(rt: RuntimeDep, root: Subtree, settings: Settings) -> ToDos:
    """Duties missed and not made up (overdue first), and what falls due next."""
    today = china_date(rt.clock())
    prefix = root.subtree_prefix
    upcoming = []
    for office in await community.communities(rt.pool, prefix):
        for rhythm in settings.duty_rhythms():
            since = duties.period_start(rhythm, today)
            held = await activities.held_dates(rt.pool, office, rhythm.duty, since)
            due = duties.next_due(rhythm, held, today)
            upcoming.append(NextDue(office=office, duty=rhythm.duty, due_by=due))
    upcoming.sort(key=lambda n: (n.due_by, n.office, n.duty))
    missed = await community.open_misses(rt.pool, prefix)
    return ToDos(missed=missed, next_due=upcoming)


class CampaignDay(BaseModel):
    day: date
    name: str


@router.get("/calendar")
async def calendar(
    actor: Reader, language: ReaderLanguage, year: int = Query(ge=2000, le=2100)
) -> list[CampaignDay]:
    """The campaign days of ``year`` (6.26 禁毒日, 12.4 法制宣传日)."""
    return [
        CampaignDay(day=date(year, m, d), name=render(name, {}, language))
        for m, d, name in duties.CAMPAIGN_DAYS
    ]
