"""Events' ledgers (活动台帐) and figures, now or as of any moment; what targets count.

Activities (with attendance), volunteers and the moral-bank ledger, teams, and the
figures per office, for every staff reader of the subtree; names are shown to the
offices' own staff and masked for everyone else (``domain.access.shows_names``).
Every events figure of a work plan is traceable: ``…/metrics/{metric}/activities``
lists the activities (or, for corners, the corners) behind an office's actual.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import OfficeCode, china_date
from shequ.contracts.events import ActivityKind
from shequ.contracts.reporting import EventsMetric
from shequ.reporting.api._deps import (
    LEDGERS,
    NAMES_AN_OFFICE,
    AsOf,
    office_in_view,
    serving_pool,
)
from shequ.reporting.api.ledgers import (
    DOWNLOADS,
    LedgerPage,
    LedgerReading,
    Reading,
    Workbook,
)
from shequ.reporting.api.workplans import Year
from shequ.reporting.domain.access import shows_names
from shequ.reporting.domain.events import EventsFigures, traced_kinds
from shequ.reporting.domain.progress import reading_moment
from shequ.reporting.domain.workplan import check_year
from shequ.reporting.readmodels import events
from shequ.reporting.readmodels.events import (
    ActivityRow,
    CornerRow,
    PointRow,
    TeamRow,
    VolunteerRow,
)
from shequ.reporting.readmodels.events_sheets import (
    activities_sheet,
    attendance_sheet,
    figures_sheet,
    points_sheet,
    teams_sheet,
    volunteers_sheet,
)
from shequ.service import (
    PageNumber,
    PageSize,
    Reader,
    ReaderLanguage,
    RuntimeDep,
    heading,
)
from shequ.webapi.sheets import Sheet, csv_response, excel_response

router = APIRouter(prefix="/api/v1/reporting/ledgers/events", tags=["events ledgers"])
traces = APIRouter(prefix="/api/v1/reporting/work-plans", tags=["work plans"])
YearQuery = Annotated[
    int | None, Query(ge=2000, le=2100, description="the as-of date's year if absent")
]


class EventsFiguresResponse(BaseModel):
    as_of: datetime
    offices: list[EventsFigures]


class Behind(BaseModel):
    """What an events metric of an office counts in a year, as it stood ``as_of``."""

    office: str
    year: int
    metric: EventsMetric
    as_of: datetime
    actual: float | None
    activities: list[ActivityRow]
    corners: list[CornerRow]


def _page(rows: Sequence[BaseModel], read: Reading, page: int, size: int) -> Any:
    """The fields of a :class:`LedgerPage` of ``rows``, page ``page``."""
    return {
        "as_of": read.at,
        "items": rows[(page - 1) * size : page * size],
        "total": len(rows),
        "page": page,
        "size": size,
    }


async def _activities(
    read: Reading, actor: Reader, year: int | None, kind: ActivityKind | None = None
) -> list[ActivityRow]:
    days = events.year_to(read.at, year)
    kinds = None if kind is None else (kind,)
    names = shows_names(actor)
    return await events.activities_at(
        read.db, read.root, read.at, days, names=names, kinds=kinds
    )


@router.get("/activities", responses=NAMES_AN_OFFICE)
async def activity_ledger(
    read: LedgerReading,
    actor: Reader,
    year: YearQuery = None,
    kind: ActivityKind | None = None,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> LedgerPage[ActivityRow]:
    """The activity ledger (活动台帐) of the year, with attendance, by day held."""
    rows = await _activities(read, actor, year, kind)
    return LedgerPage[ActivityRow](**_page(rows, read, page, size))


@router.get("/volunteers", responses=NAMES_AN_OFFICE)
async def volunteer_ledger(
    read: LedgerReading, actor: Reader, page: PageNumber = 1, size: PageSize = 50
) -> LedgerPage[VolunteerRow]:
    """Volunteers (志愿者) with their hours and moral-bank points (道德银行)."""
    rows = await events.volunteers_at(
        read.db, read.root, read.at, names=shows_names(actor)
    )
    return LedgerPage[VolunteerRow](**_page(rows, read, page, size))


@router.get("/points", responses=NAMES_AN_OFFICE)
async def points_ledger(
    read: LedgerReading, actor: Reader, page: PageNumber = 1, size: PageSize = 50
) -> LedgerPage[PointRow]:
    """The moral-bank ledger: every deposit (hours served) and redemption."""
    rows = await events.points_at(read.db, read.root, read.at, names=shows_names(actor))
    return LedgerPage[PointRow](**_page(rows, read, page, size))


@router.get("/teams", responses=NAMES_AN_OFFICE)
async def team_ledger(
    read: LedgerReading, actor: Reader, page: PageNumber = 1, size: PageSize = 50
) -> LedgerPage[TeamRow]:
    """Culture and sports teams (文体队伍) and their members."""
    rows = await events.teams_at(read.db, read.root, read.at, names=shows_names(actor))
    return LedgerPage[TeamRow](**_page(rows, read, page, size))


@router.get("/figures", responses=NAMES_AN_OFFICE)
async def events_figures(read: LedgerReading) -> EventsFiguresResponse:
    """Activities of the year by kind and every events metric, per office."""
    offices = await events.figures_at(read.db, read.root, read.at)
    return EventsFiguresResponse(as_of=read.at, offices=offices)


EventsLedger = Literal[
    "activities", "attendance", "volunteers", "points", "teams", "figures"
]


async def _sheets(read: Reading, actor: Reader, year: int | None) -> dict[str, Sheet]:
    names = shows_names(actor)
    rows = await _activities(read, actor, year)
    db, root, at = read.db, read.root, read.at
    return {
        "activities": activities_sheet(rows),
        "attendance": attendance_sheet(rows),
        "volunteers": volunteers_sheet(
            await events.volunteers_at(db, root, at, names=names)
        ),
        "points": points_sheet(await events.points_at(db, root, at, names=names)),
        "teams": teams_sheet(await events.teams_at(db, root, at, names=names)),
        "figures": figures_sheet(await events.figures_at(db, root, at)),
    }


@router.get("/export", response_class=Workbook, responses=DOWNLOADS)
async def export_events_ledgers(
    rt: RuntimeDep,
    read: LedgerReading,
    actor: Reader,
    language: ReaderLanguage,
    year: YearQuery = None,
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ledger: Annotated[
        EventsLedger, Query(description="the ledger a CSV holds")
    ] = "activities",
) -> Response:
    """Events' ledgers in one workbook, a sheet each (or one ledger as CSV)."""
    sheets = await _sheets(read, actor, year)
    stamp = china_date(read.at).strftime("%Y%m%d")
    if format == "csv":
        name = f"events-{ledger}-{read.root}-{stamp}.csv"
        return await csv_response(name, sheets[ledger], language)
    top = await heading(rt, actor, read.root, china_date(read.at))
    name = f"events-ledgers-{read.root}-{stamp}.xlsx"
    return await excel_response(name, list(sheets.values()), top, language)


@traces.get("/{office}/{year}/metrics/{metric}/activities", responses=NAMES_AN_OFFICE)
async def behind_metric(
    office: OfficeCode,
    year: Year,
    metric: EventsMetric,
    rt: RuntimeDep,
    actor: Reader,
    as_of: AsOf = None,
) -> Behind:
    """The activities behind an office's events figure for the year, as of a moment.

    Read now (or at the year's end once it is over), or ``as_of``; for publicity
    corners, the corners of the subtree instead.
    """
    root = await office_in_view(rt, actor, office, field="office")
    check_year(year)
    at = reading_moment(year, as_of or rt.clock())
    db = await serving_pool(rt, LEDGERS, None)
    figures = {f.office: f for f in await events.figures_at(db, root, at, year)}
    found = figures.get(root)
    actual = None if found is None else float(getattr(found, metric))
    corners = await events.corners_at(db, root, at)
    activities: list[ActivityRow] = []
    if metric != "publicity_corners":
        rows = await events.activities_at(
            db,
            root,
            at,
            events.year_to(at, year),
            names=shows_names(actor),
            kinds=traced_kinds(metric),
        )
        served = metric != "volunteer_hours"
        activities = [r for r in rows if served or r.volunteer_hours > 0]
    return Behind(
        office=root,
        year=year,
        metric=metric,
        as_of=at,
        actual=actual,
        activities=activities,
        corners=corners if metric == "publicity_corners" else [],
    )
