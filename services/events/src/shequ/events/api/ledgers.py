"""The ledgers (活动台帐, 志愿者台帐, 文体队伍, 宣传角), paged and as Excel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import china_date
from shequ.contracts.events import ACTIVITY_KIND_LABELS, TEAM_KIND_LABELS, ActivityKind
from shequ.contracts.messages import N_, Msg
from shequ.events.api._access import EVERYTHING, PageNo, Size, Subtree
from shequ.events.readmodels import activities, community, volunteers
from shequ.service import Page, Reader, ReaderLanguage, RuntimeDep, heading
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column, Sheet, excel_response

router = APIRouter(prefix="/api/v1/events", tags=["ledgers"])

ACTIVITY_COLUMNS = [
    Column("held_on", N_("Date"), kind="date"),
    Column("office", N_("Community"), kind="id"),
    Column("kind", N_("Kind of activity"), labels=ACTIVITY_KIND_LABELS),
    Column("title", N_("Activity")),
    Column("place", N_("Place")),
    Column("lead", N_("In charge")),
    Column("planned", N_("Planned participants")),
    Column("attendance", N_("Attendance")),
    Column("families", N_("Families visited")),
    Column("evaluations", N_("Evaluations")),
    Column("average", N_("Average score")),
    Column("cost_fen", N_("Cost (fen)")),
    Column("cancelled_on", N_("Date called off"), kind="date"),
    Column("cancel_reason", N_("Why cancelled")),
]
TEAM_COLUMNS = [
    Column("office", N_("Community"), kind="id"),
    Column("name", N_("Team")),
    Column("kind", N_("Kind of team"), labels=TEAM_KIND_LABELS),
    Column("formed_on", N_("Formed on"), kind="date"),
    Column("members", N_("Members")),
]
CORNER_COLUMNS = [
    Column("office", N_("Community"), kind="id"),
    Column("place", N_("Where")),
    Column("since", N_("Since"), kind="date"),
    Column("refreshed_on", N_("Last refreshed"), kind="date"),
    Column("theme", N_("Theme")),
]
VOLUNTEER_COLUMNS = [
    Column("name", N_("Full name")),
    Column("office", N_("Community"), kind="id"),
    Column("registered_on", N_("Volunteer since"), kind="date"),
    Column("hours", N_("Hours")),
    Column("earned", N_("Points earned")),
    Column("redeemed", N_("Points redeemed")),
    Column("balance", N_("Points balance")),
]


def _sheet(title: Msg, columns: Sequence[Column], items: Iterable[BaseModel]) -> Sheet:
    rows = ([getattr(item, c.key) for c in columns] for item in items)
    return Sheet(title, columns, rows)


@router.get("/activities")
async def list_activities(
    rt: RuntimeDep,
    root: Subtree,
    year: int = Query(ge=2000, le=2100),
    kind: ActivityKind | None = None,
    page: PageNo = 1,
    size: Size = 50,
) -> Page[activities.ActivityRow]:
    """The activities of a subtree in a year (of one kind), by day (活动台帐)."""
    prefix = root.subtree_prefix
    return await activities.activities(
        rt.pool, prefix, year, kind, page=page, size=size
    )


@router.get("/ledgers/export", response_class=Response, responses=EXCEL_DOWNLOAD)
async def export_ledgers(
    rt: RuntimeDep,
    actor: Reader,
    root: Subtree,
    language: ReaderLanguage,
    year: int = Query(ge=2000, le=2100),
) -> Response:
    """The activity, volunteer, team and corner ledgers of a subtree, in Excel."""
    prefix = root.subtree_prefix
    held = await activities.activities(
        rt.pool, prefix, year, None, page=1, size=EVERYTHING
    )
    helpers = await volunteers.volunteers(rt.pool, prefix, page=1, size=EVERYTHING)
    teams = await community.teams(rt.pool, prefix, page=1, size=EVERYTHING)
    corners = await community.corners(rt.pool, prefix)
    sheets = [
        _sheet(N_("Activity ledger"), ACTIVITY_COLUMNS, held.items),
        _sheet(N_("Volunteer ledger"), VOLUNTEER_COLUMNS, helpers.items),
        _sheet(N_("Team ledger"), TEAM_COLUMNS, teams.items),
        _sheet(N_("Publicity corners"), CORNER_COLUMNS, corners),
    ]
    top = await heading(rt, actor, str(root), china_date(rt.clock()))
    return await excel_response(f"events-{root}-{year}.xlsx", sheets, top, language)
