"""Rehab's ledgers (社区戒毒康复台帐) and figures, now or as of any moment; exports.

The case ledger names clients only to the rehab roles (``SEES_REHAB``), within their
subtree, and every such page or export is recorded (``RestrictedRecordsRead``); anyone
else is answered with how many open cases each office holds. The figures (test
compliance, staffing, overdue, the drug-free inputs) are counts, for every reader.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import Acting, Actor, china_date
from shequ.reporting.api._deps import NAMES_AN_OFFICE
from shequ.reporting.api.ledgers import (
    DOWNLOADS,
    LedgerPage,
    LedgerReading,
    Reading,
    Workbook,
)
from shequ.reporting.domain.access import sees_rehab
from shequ.reporting.domain.rehab import RehabFigures
from shequ.reporting.handlers.access_log import record_ledger_read
from shequ.reporting.readmodels import rehab
from shequ.reporting.readmodels.rehab import OfficeCases, RehabCaseRow
from shequ.reporting.readmodels.rehab_sheets import (
    cases_sheet,
    counts_sheet,
    figures_sheets,
)
from shequ.reporting.settings import Settings
from shequ.service import (
    PageNumber,
    PageSize,
    Reader,
    ReaderLanguage,
    RuntimeDep,
    heading,
)
from shequ.webapi.sheets import Sheet, csv_response, excel_response

router = APIRouter(prefix="/api/v1/reporting/ledgers/rehab", tags=["rehab ledgers"])
CASE_LEDGER_READ = "rehab case ledger"
"""The purpose a read of the case ledger is recorded with."""


class RehabCaseLedger(LedgerPage[RehabCaseRow]):
    """A page of open cases for a rehab role; for anyone else ``items`` is empty.

    ``offices`` counts the open cases per office for every reader.
    """

    names_shown: bool
    offices: list[OfficeCases]


class RehabFiguresResponse(BaseModel):
    as_of: datetime
    clients_per_worker_rule: int
    offices: list[RehabFigures]


async def _record(rt: RuntimeDep, actor: Actor, rows: list[RehabCaseRow]) -> None:
    by = Acting.of(actor, rt.clock())
    await record_ledger_read(
        rt.store, by, [r.person_id for r in rows], CASE_LEDGER_READ
    )


@router.get("/cases", responses=NAMES_AN_OFFICE)
async def case_ledger(
    rt: RuntimeDep,
    read: LedgerReading,
    actor: Reader,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> RehabCaseLedger:
    """The rehab case ledger (社区戒毒康复人员台帐): names for rehab roles only."""
    rows = await rehab.cases_at(read.db, read.root, read.at)
    shown = sees_rehab(actor)
    items = rows[(page - 1) * size : page * size] if shown else []
    if items:
        await _record(rt, actor, items)
    return RehabCaseLedger(
        as_of=read.at,
        items=items,
        total=len(rows) if shown else 0,
        page=page,
        size=size,
        names_shown=shown,
        offices=rehab.office_cases(rows),
    )


@router.get("/figures", responses=NAMES_AN_OFFICE)
async def rehab_figures(
    read: LedgerReading, settings: Settings
) -> RehabFiguresResponse:
    """Test compliance, staffing, overdue and drug-free inputs per office."""
    per_worker = settings.clients_per_worker
    offices = await rehab.figures_at(read.db, read.root, read.at, per_worker=per_worker)
    return RehabFiguresResponse(
        as_of=read.at, clients_per_worker_rule=per_worker, offices=offices
    )


RehabLedger = Literal["cases", "compliance", "staffing", "overdue", "drug-free"]
RehabLedgerQuery = Annotated[RehabLedger, Query(description="the ledger a CSV holds")]


async def _cases_sheet(rt: RuntimeDep, read: Reading, actor: Actor) -> Sheet:
    """The case ledger as ``actor`` may see it; a rehab role's read is recorded."""
    rows = await rehab.cases_at(read.db, read.root, read.at)
    if not sees_rehab(actor):
        return counts_sheet(rehab.office_cases(rows))
    await _record(rt, actor, rows)
    return cases_sheet(rows)


async def _sheets(
    rt: RuntimeDep, read: Reading, actor: Actor, per_worker: int, *, cases: bool
) -> dict[RehabLedger, Sheet]:
    """The figures' four sheets of the subtree, and the case ledger if ``cases``."""
    figures = await rehab.figures_at(read.db, read.root, read.at, per_worker=per_worker)
    compliance, staffing, overdue, drug_free = figures_sheets(figures)
    sheets: dict[RehabLedger, Sheet] = {}
    if cases:
        sheets["cases"] = await _cases_sheet(rt, read, actor)
    return {
        **sheets,
        "compliance": compliance,
        "staffing": staffing,
        "overdue": overdue,
        "drug-free": drug_free,
    }


@router.get("/export", response_class=Workbook, responses=DOWNLOADS)
async def export_rehab_ledgers(
    rt: RuntimeDep,
    read: LedgerReading,
    actor: Reader,
    language: ReaderLanguage,
    settings: Settings,
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ledger: RehabLedgerQuery = "cases",
) -> Response:
    """Rehab's ledgers in one workbook, a sheet each (or one ledger as CSV).

    Title row naming the ledger, the office, as of when and who exported it; ID
    numbers as text. The case ledger names clients for the rehab roles only.
    """
    per_worker, csv = settings.clients_per_worker, format == "csv"
    wanted = not csv or ledger == "cases"
    sheets = await _sheets(rt, read, actor, per_worker, cases=wanted)
    stamp = china_date(read.at).strftime("%Y%m%d")
    if csv:
        name = f"rehab-{ledger}-{read.root}-{stamp}.csv"
        return await csv_response(name, sheets[ledger], language)
    top = await heading(rt, actor, read.root, china_date(read.at))
    name = f"rehab-ledgers-{read.root}-{stamp}.xlsx"
    return await excel_response(name, list(sheets.values()), top, language)
