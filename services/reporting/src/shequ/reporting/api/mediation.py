"""Mediation's ledger (人民调解台帐) and figures, now or as of any moment; exports.

The ledger lists every dispute of the subtree registered in the year of the moment
(and those of earlier years still open then).
Its parties (names, phones) and matter are whole for the mediators and the justice
office (司法所) of the jurisdiction (``sees_parties``), and every such page or export
is recorded (``RestrictedRecordsRead``); every other reader gets the parties masked
and no matter. The figures (by kind, source and result; success, on-time,
fulfilment and satisfaction rates) are counts, for every reader.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import Acting, Actor, china_date, mask_name, mask_phone
from shequ.contracts.mediation import Party
from shequ.reporting.api._deps import ARCHIVE, NAMES_AN_OFFICE, serving_pool
from shequ.reporting.api.ledgers import (
    DOWNLOADS,
    LedgerPage,
    LedgerReading,
    Reading,
    Workbook,
)
from shequ.reporting.domain.access import sees_parties
from shequ.reporting.domain.mediation import MediationFigures
from shequ.reporting.handlers.access_log import record_ledger_read
from shequ.reporting.readmodels import mediation
from shequ.reporting.readmodels.mediation import DisputeRow, Parties
from shequ.reporting.readmodels.mediation_sheets import figures_sheets, ledger_sheet
from shequ.service import (
    PageNumber,
    PageSize,
    Reader,
    ReaderLanguage,
    RuntimeDep,
    heading,
)
from shequ.webapi.sheets import Sheet, csv_response, excel_response

router = APIRouter(
    prefix="/api/v1/reporting/ledgers/mediation", tags=["mediation ledgers"]
)
LEDGER_READ = "mediation ledger"
"""The purpose a read of the ledger's parties is recorded with."""


class MediationEntry(DisputeRow):
    """A ledger row with its parties: masked and no matter unless ``parties_shown``."""

    parties: list[Party]
    matter: str | None


class MediationLedger(LedgerPage[MediationEntry]):
    parties_shown: bool


class MediationFiguresResponse(BaseModel):
    as_of: datetime
    offices: list[MediationFigures]


def _masked(found: Parties) -> Parties:
    return Parties(
        parties=[
            Party(
                name=mask_name(p.name), phone=mask_phone(p.phone) if p.phone else None
            )
            for p in found.parties
        ],
        matter="",
    )


async def _parties(
    rt: RuntimeDep, read: Reading, actor: Actor, rows: list[DisputeRow]
) -> tuple[dict[str, Parties], bool]:
    """The parties of ``rows`` as ``actor`` may see them; a whole read is recorded."""
    archive = await serving_pool(rt, ARCHIVE, None)
    found = await mediation.parties_of(archive, [r.dispute_id for r in rows])
    whole = sees_parties(actor, str(read.root))
    if not whole:
        return {d: _masked(p) for d, p in found.items()}, False
    if found:
        subjects = [f"dispute/{d}" for d in found]
        people = [p.person_id for f in found.values() for p in f.parties]
        by = Acting.of(actor, rt.clock())
        await record_ledger_read(
            rt.store,
            by,
            [*subjects, *(p for p in people if p)],
            LEDGER_READ,
            service="mediation",
        )
    return found, True


@router.get("/disputes", responses=NAMES_AN_OFFICE)
async def mediation_ledger(
    rt: RuntimeDep,
    read: LedgerReading,
    actor: Reader,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> MediationLedger:
    """人民调解台帐: parties and matter whole for mediators and 司法所 only."""
    rows = await mediation.disputes_at(read.db, read.root, read.at)
    items = rows[(page - 1) * size : page * size]
    parties, whole = await _parties(rt, read, actor, items)
    empty = Parties(parties=[], matter="")
    entries = [
        MediationEntry(
            **row.model_dump(),
            parties=parties.get(row.dispute_id, empty).parties,
            matter=parties.get(row.dispute_id, empty).matter if whole else None,
        )
        for row in items
    ]
    return MediationLedger(
        as_of=read.at,
        items=entries,
        total=len(rows),
        page=page,
        size=size,
        parties_shown=whole,
    )


@router.get("/figures", responses=NAMES_AN_OFFICE)
async def mediation_figures(read: LedgerReading) -> MediationFiguresResponse:
    """Disputes by kind, source and result and the four rates, per office."""
    offices = await mediation.figures_at(read.db, read.root, read.at)
    return MediationFiguresResponse(as_of=read.at, offices=offices)


MediationSheet = Literal["ledger", "figures", "kinds", "sources", "results"]
MediationSheetQuery = Annotated[
    MediationSheet, Query(description="the ledger a CSV holds")
]


async def _sheets(
    rt: RuntimeDep, read: Reading, actor: Actor, *, ledger: bool
) -> dict[MediationSheet, Sheet]:
    """The figures' four sheets of the subtree, and the ledger if ``ledger``."""
    figures = await mediation.figures_at(read.db, read.root, read.at)
    counts, kinds, sources, results = figures_sheets(figures)
    sheets: dict[MediationSheet, Sheet] = {}
    if ledger:
        rows = await mediation.disputes_at(read.db, read.root, read.at)
        parties, _ = await _parties(rt, read, actor, rows)
        sheets["ledger"] = ledger_sheet(rows, parties)
    return {
        **sheets,
        "figures": counts,
        "kinds": kinds,
        "sources": sources,
        "results": results,
    }


@router.get("/export", response_class=Workbook, responses=DOWNLOADS)
async def export_mediation_ledgers(
    rt: RuntimeDep,
    read: LedgerReading,
    actor: Reader,
    language: ReaderLanguage,
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ledger: MediationSheetQuery = "ledger",
) -> Response:
    """The 人民调解台帐 and the figures in one workbook (or one sheet as CSV).

    Title row naming the ledger, the office, as of when and who exported it. The
    parties and the matter are filled in for mediators and 司法所 only.
    """
    csv = format == "csv"
    sheets = await _sheets(rt, read, actor, ledger=not csv or ledger == "ledger")
    stamp = china_date(read.at).strftime("%Y%m%d")
    if csv:
        name = f"mediation-{ledger}-{read.root}-{stamp}.csv"
        return await csv_response(name, sheets[ledger], language)
    top = await heading(rt, actor, read.root, china_date(read.at))
    name = f"mediation-ledgers-{read.root}-{stamp}.xlsx"
    return await excel_response(name, list(sheets.values()), top, language)
