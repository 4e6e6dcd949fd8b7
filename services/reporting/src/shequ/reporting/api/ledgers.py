"""Shared ledgers and figures at every level, now or as of any past moment; exports.

``as_of`` reads the temporal tables as they stood then ("what did the unemployed
ledger of community X say on 31 March?"); ``after`` waits for a command's effect.
Exports put one ledger per sheet, headers in Chinese or English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode
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
from shequ.reporting.readmodels.views import (
    FIGURE_COLUMNS,
    UNEMPLOYED_COLUMNS,
    ZERO_COLUMNS,
    UnemployedRow,
    ZeroHouseholdRow,
)
from shequ.service import Db, Page, PageNumber, PageSize, Reader, RuntimeDep
from shequ.webapi import Column, Language, Sheet, csv_response, excel_response

router = APIRouter(prefix="/api/v1/reporting", tags=["ledgers"])


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
    recorded_by(as_of, first, f"in office {root}")
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
    read: LedgerReading, page: PageNumber = 1, size: PageSize = 50
) -> LedgerPage[ZeroHouseholdRow]:
    """The zero-employment households ledger (零就业家庭台帐) of the subtree."""
    found = await views.zero_household_ledger(
        read.db, read.root, read.at, page=page, size=size
    )
    return LedgerPage(as_of=read.at, **dict(found))


def _values(item: BaseModel, columns: list[Column]) -> list[object]:
    values = []
    for column in columns:
        value = getattr(item, column.key)
        values.append("、".join(value) if isinstance(value, list) else value)
    return values


Ledger = Literal["unemployed", "figures", "zero-employment-households"]
LEDGER_NAMES: tuple[Ledger, ...] = (
    "unemployed",
    "figures",
    "zero-employment-households",
)


async def _sheet(
    ledger: Ledger,
    db: Db,
    actor: Actor,
    root: OfficeCode,
    at: datetime,
    language: Language,
) -> Sheet:
    """One ledger of the subtree as it stood at ``at``, as a sheet."""
    zh = language == "zh"
    if ledger == "unemployed":
        people = await views.unemployed_all(db, root, at, names=shows_names(actor))
        return Sheet(
            "失业人员台帐" if zh else "Unemployed",
            UNEMPLOYED_COLUMNS,
            (_values(r, UNEMPLOYED_COLUMNS) for r in people),
        )
    if ledger == "figures":
        offices = await figures.figures_at(db, root, at)
        return Sheet(
            "就业统计" if zh else "Figures",
            FIGURE_COLUMNS,
            [_values(f, FIGURE_COLUMNS) for f in offices],
        )
    zero = await views.zero_households_all(db, root, at)
    return Sheet(
        "零就业家庭" if zh else "Zero households",
        ZERO_COLUMNS,
        [_values(z, ZERO_COLUMNS) for z in zero],
    )


@router.get("/ledgers/export", responses=NAMES_AN_OFFICE)
async def export_ledgers(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    as_of: AsOf = None,
    language: Language = "zh",
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ledger: Annotated[Ledger, Query(description="the ledger a CSV holds")] = (
        "unemployed"
    ),
) -> Response:
    """The subtree's ledgers in one workbook, one sheet each (or one ledger as CSV)."""
    root = await office_in_view(rt, actor, within, field="within")
    at = await _moment(rt, root, as_of)
    db = await serving_pool(rt, LEDGERS, None)
    stamp = at.strftime("%Y%m%d")
    if format == "csv":
        sheet = await _sheet(ledger, db, actor, root, at, language)
        return csv_response(f"{ledger}-{root}-{stamp}.csv", sheet, language)
    sheets = [
        await _sheet(name, db, actor, root, at, language) for name in LEDGER_NAMES
    ]
    return excel_response(f"ledgers-{root}-{stamp}.xlsx", sheets, language)
