"""Reading disputes: one dispute with its history, and the ledger (人民调解台帐).

A dispute's parties, matter and what was said are shown whole to the committee and
the justice office of the jurisdiction, masked to every other reader (``_views``).
The ledger lists the disputes of a subtree registered in a period, paged, or as an
Excel workbook headed by the office.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode, china_date
from shequ.contracts.mediation import (
    AGREEMENT_FORM_LABELS,
    CATALOG,
    DISPUTE_KIND_LABELS,
    DISPUTE_SOURCE_LABELS,
    DISPUTE_STATUS_LABELS,
    DisputeRegistered,
)
from shequ.contracts.messages import N_
from shequ.i18n import Named
from shequ.mediation.api._access import readable
from shequ.mediation.api._views import masked_party, shown
from shequ.mediation.domain.access import ACCESS, sees_parties
from shequ.mediation.handlers.disputes import stream_of
from shequ.mediation.readmodels.ledger import LedgerRow, ledger
from shequ.service import (
    Page,
    PageNumber,
    PageSize,
    Reader,
    ReaderLanguage,
    Runtime,
    RuntimeDep,
    heading,
)
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column, Sheet, excel_response

router = APIRouter(prefix="/api/v1/mediation", tags=["reading"])
Within = Annotated[
    OfficeCode | None, Query(description="an office in your subtree; yours if absent")
]
Since = Annotated[date, Query(description="registered on or after")]
Until = Annotated[date, Query(description="registered on or before")]
EVERYTHING = 1_000_000  # an export is one page of every row


class DisputeView(BaseModel):
    dispute_id: str
    office: str
    status: str
    version: int
    whole: bool  # False: the parties' personal data is masked for this reader
    events: list[dict[str, Any]]


@router.get("/disputes/{dispute_id}")
async def get_dispute(
    dispute_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> DisputeView:
    """The dispute and its whole history, the parties masked unless yours to see."""
    found = await readable(rt, actor, dispute_id)
    whole = sees_parties(actor, found.state.office)
    response.headers["ETag"] = f'"{found.version}"'
    return DisputeView(
        dispute_id=dispute_id,
        office=found.state.office,
        status=found.state.status,
        version=found.version,
        whole=whole,
        events=[{"type": e.type, **shown(e, whole)} for e in found.events],
    )


class LedgerEntry(LedgerRow):
    parties_shown: list[str]  # names, masked unless the reader sees parties
    matter: str | None  # None unless the reader sees parties


async def entries(
    rt: Runtime,
    actor: Actor,
    root: OfficeCode,
    since: date,
    until: date,
    page: int,
    size: int,
) -> Page[LedgerEntry]:
    found = await ledger(
        rt.pool, root.subtree_prefix, since, until, page=page, size=size
    )
    items = [await _entry(rt, actor, row) for row in found.items]
    return Page[LedgerEntry](items=items, **found.model_dump(exclude={"items"}))


async def _entry(rt: Runtime, actor: Actor, row: LedgerRow) -> LedgerEntry:
    first = (await rt.store.read_stream(stream_of(row.dispute_id), to_version=1))[0]
    registered = CATALOG.decode(first.event_type, first.schema_version, first.data)
    assert isinstance(registered, DisputeRegistered)
    whole = sees_parties(actor, row.office)
    parties = registered.parties if whole else map(masked_party, registered.parties)
    return LedgerEntry(
        **row.model_dump(),
        parties_shown=[p.name for p in parties],
        matter=registered.matter if whole else None,
    )


@router.get("/ledger")
async def dispute_ledger(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    since: Since = date(2000, 1, 1),
    until: Until = date(2999, 12, 31),
    page: PageNumber = 1,
    size: PageSize = 50,
) -> Page[LedgerEntry]:
    """人民调解台帐: every dispute of the subtree registered in the period."""
    root = ACCESS.reading_root(actor, within)
    return await entries(rt, actor, root, since, until, page, size)


LEDGER_COLUMNS = [
    Column("registered_on", N_("Registered on"), kind="date"),
    Column("office", N_("Community"), kind="id"),
    Column("source", N_("Source"), labels=DISPUTE_SOURCE_LABELS),
    Column("kind", N_("Kind of dispute"), labels=DISPUTE_KIND_LABELS),
    Column("parties", N_("Parties"), kind="list"),
    Column("matter", N_("Matter in dispute")),
    Column("amount", N_("Amount in dispute (yuan)"), kind="number"),
    Column("mediators", N_("Mediators"), kind="list"),
    Column("decided_on", N_("Accepted or declined on"), kind="date"),
    Column("sessions", N_("Sessions"), kind="number"),
    Column("status", N_("Stage"), labels=DISPUTE_STATUS_LABELS),
    Column("form", N_("Agreement"), labels=AGREEMENT_FORM_LABELS),
    Column("agreed_amount", N_("Amount agreed (yuan)"), kind="number"),
    Column("concluded_on", N_("Concluded on"), kind="date"),
    Column("on_time", N_("Concluded on time"), kind="yesno"),
    Column("closed_on", N_("Closed on"), kind="date"),
]


def _cells(e: LedgerEntry) -> list[object]:
    office = Named(e.office, e.office_name) if e.office_name else e.office
    on_time = None if e.late is None else not e.late
    return [
        e.registered_on,
        office,
        e.source,
        e.kind,
        e.parties_shown,
        e.matter or "",
        e.amount,
        e.mediator_names,
        e.decided_on,
        e.sessions,
        e.status,
        e.form,
        e.agreed_amount,
        e.concluded_on,
        on_time,
        e.closed_on,
    ]


@router.get("/ledger/export", response_class=Response, responses=EXCEL_DOWNLOAD)
async def export_ledger(
    rt: RuntimeDep,
    actor: Reader,
    language: ReaderLanguage,
    within: Within = None,
    since: Since = date(2000, 1, 1),
    until: Until = date(2999, 12, 31),
) -> Response:
    """人民调解台帐 as an Excel workbook headed by the office."""
    root = ACCESS.reading_root(actor, within)
    found = await entries(rt, actor, root, since, until, 1, EVERYTHING)
    rows = (_cells(e) for e in found.items)
    sheets = [Sheet(N_("People's mediation ledger"), LEDGER_COLUMNS, rows)]
    top = await heading(rt, actor, str(root), china_date(rt.clock()))
    return await excel_response(f"mediation-ledger-{root}.xlsx", sheets, top, language)
