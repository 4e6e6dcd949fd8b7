"""Shared ledgers and figures at every level, now or as of any past moment; exports.

``as_of`` reads the temporal tables as they stood then ("what did the unemployed
ledger of community X say on 31 March?"); ``after`` waits for a command's effect.
Exports put one ledger per sheet as offices print them (``shequ.webapi.sheets``), in
the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode, china_date
from shequ.reporting.api._deps import (
    ARCHIVE,
    LEDGERS,
    NAMES_AN_OFFICE,
    After,
    AsOf,
    Within,
    office_in_view,
    serving_pool,
)
from shequ.reporting.domain.access import shows_names
from shequ.reporting.domain.figures import Figures
from shequ.reporting.domain.moments import recorded_by
from shequ.reporting.readmodels import figures, views
from shequ.reporting.readmodels.audit.log import first_recorded
from shequ.reporting.readmodels.sheets import (
    figures_sheet,
    unemployed_sheet_of,
    zero_sheet,
)
from shequ.reporting.readmodels.views import UnemployedRow, ZeroHouseholdRow
from shequ.service import (
    Db,
    Page,
    PageNumber,
    PageSize,
    Reader,
    ReaderLanguage,
    RuntimeDep,
    heading,
)
from shequ.webapi.sheets import (
    EXCEL_OR_CSV_DOWNLOAD,
    Sheet,
    csv_response,
    excel_response,
)

router = APIRouter(prefix="/api/v1/reporting", tags=["ledgers"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FiguresResponse(BaseModel):
    as_of: datetime
    offices: list[Figures]


LedgerRow = TypeVar("LedgerRow", bound=BaseModel)


class LedgerPage(Page[LedgerRow], Generic[LedgerRow]):
    """One page of a ledger as it stood ``as_of``; ``total`` counts its rows."""

    as_of: datetime


@dataclass(frozen=True)
class Reading:
    """What a ledger is read for: the subtree, the serving ledgers, the moment."""

    root: OfficeCode
    db: Db
    at: datetime


async def _reading(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    as_of: AsOf = None,
    after: After = None,
) -> Reading:
    db = await serving_pool(rt, LEDGERS, after)  # an office just opened is known
    root = await office_in_view(rt, actor, within, field="within")
    return Reading(root, db, await _moment(rt, root, as_of))


async def _moment(rt: RuntimeDep, root: OfficeCode, as_of: datetime | None) -> datetime:
    """``as_of`` (now if absent), unless nothing of ``root`` was recorded by then."""
    if as_of is None:
        return rt.clock()
    first = await first_recorded(await serving_pool(rt, ARCHIVE, None), root)
    recorded_by(as_of, first, office=root)
    return as_of


LedgerReading = Annotated[Reading, Depends(_reading)]


@router.get("/figures", responses=NAMES_AN_OFFICE)
async def read_figures(read: LedgerReading) -> FiguresResponse:
    """Employment figures per district, street and community (就业统计)."""
    offices = await figures.figures_at(read.db, read.root, read.at)
    return FiguresResponse(as_of=read.at, offices=offices)


@router.get("/ledgers/unemployed", responses=NAMES_AN_OFFICE)
async def unemployed_ledger(
    read: LedgerReading, actor: Reader, page: PageNumber = 1, size: PageSize = 50
) -> LedgerPage[UnemployedRow]:
    """The unemployed persons ledger (失业人员台帐) of the subtree."""
    names = shows_names(actor)
    found = await views.unemployed_ledger(
        read.db, read.root, read.at, names=names, page=page, size=size
    )
    return LedgerPage(as_of=read.at, **dict(found))


@router.get("/ledgers/zero-employment-households", responses=NAMES_AN_OFFICE)
async def zero_household_ledger(
    read: LedgerReading, actor: Reader, page: PageNumber = 1, size: PageSize = 50
) -> LedgerPage[ZeroHouseholdRow]:
    """The zero-employment households ledger (零就业家庭台帐) of the subtree.

    Each with its head of household (户主), address and members by name.
    """
    found = await views.zero_household_ledger(
        read.db, read.root, read.at, names=shows_names(actor), page=page, size=size
    )
    return LedgerPage(as_of=read.at, **dict(found))


Ledger = Literal["unemployed", "figures", "zero-employment-households"]
LEDGER_NAMES: tuple[Ledger, ...] = (
    "unemployed",
    "figures",
    "zero-employment-households",
)
# What an export answers, as its OpenAPI entry says: a workbook or one CSV ledger
# (and no JSON: the response class replaces FastAPI's default application/json).
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    **EXCEL_OR_CSV_DOWNLOAD,
    **NAMES_AN_OFFICE,
}


class Workbook(Response):
    """An .xlsx download (the default of the export; CSV on request)."""

    media_type = XLSX


async def _sheet(
    ledger: Ledger, db: Db, actor: Actor, root: OfficeCode, at: datetime
) -> Sheet:
    """One ledger of the subtree as it stood at ``at``, as a sheet."""
    names = shows_names(actor)
    if ledger == "unemployed":
        return unemployed_sheet_of(views.unemployed_rows(db, root, at, names=names))
    if ledger == "figures":
        return figures_sheet(await figures.figures_at(db, root, at))
    return zero_sheet(await views.zero_households_all(db, root, at, names=names))


@router.get("/ledgers/export", response_class=Workbook, responses=DOWNLOADS)
async def export_ledgers(
    rt: RuntimeDep,
    actor: Reader,
    language: ReaderLanguage,
    within: Within = None,
    as_of: AsOf = None,
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ledger: Annotated[Ledger, Query(description="the ledger a CSV holds")] = (
        "unemployed"
    ),
) -> Response:
    """The subtree's ledgers in one workbook, one sheet each (or one ledger as CSV).

    Each sheet has a title row naming the ledger and the office, as of when and who
    exported it; texts in the reader's language (Chinese unless ``lang=en`` or
    ``Accept-Language`` asks for English).
    """
    root = await office_in_view(rt, actor, within, field="within")
    at = await _moment(rt, root, as_of)
    db = await serving_pool(rt, LEDGERS, None)
    stamp = china_date(at).strftime("%Y%m%d")
    if format == "csv":
        sheet = await _sheet(ledger, db, actor, root, at)
        return await csv_response(f"{ledger}-{root}-{stamp}.csv", sheet, language)
    sheets = [await _sheet(name, db, actor, root, at) for name in LEDGER_NAMES]
    top = await heading(rt, actor, root, china_date(at))
    return await excel_response(f"ledgers-{root}-{stamp}.xlsx", sheets, top, language)
