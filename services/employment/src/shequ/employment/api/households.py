"""Zero-employment households (零就业家庭): the ledger per community, and its export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from shequ.access import china_date
from shequ.contracts.messages import N_
from shequ.employment.api._reading import (
    EVERYTHING,
    PageNo,
    Size,
    Subtree,
    export,
    sheet,
)
from shequ.employment.readmodels import households as ledger
from shequ.employment.settings import Rules
from shequ.service import Page, Reader, ReaderLanguage, RuntimeDep
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column

router = APIRouter(
    prefix="/api/v1/employment/zero-employment-households", tags=["households"]
)


COLUMNS = [
    Column("head_name", N_("Head of household")),
    Column("address", N_("Address")),
    Column("office", N_("Community"), kind="id"),
    Column("member_names", N_("Household members"), kind="list"),
    Column("unemployed_names", N_("Unemployed members"), kind="list"),
    Column("identified_on", N_("Identified on"), kind="date"),
    Column("cleared_on", N_("Cleared on"), kind="date"),
    Column("days_open", N_("Days open"), kind="number"),
    Column("cleared_reason", N_("How cleared")),
    Column("overdue", N_("Overdue"), kind="yesno"),
    Column("household_id", N_("Household number"), kind="id"),
]


State = Annotated[ledger.Which, Query(description="open ones, or history")]


@router.get("")
async def list_zero_households(
    rt: RuntimeDep,
    root: Subtree,
    rules: Rules,
    state: State = "open",
    page: PageNo = 1,
    size: Size = 50,
) -> Page[ledger.ZeroHousehold]:
    """Zero-employment households in the subtree, with how long each stayed open."""
    return await ledger.zero_households(
        rt.pool,
        root.subtree_prefix,
        state,
        china_date(rt.clock()),
        rules.zero_household_limit_days,
        page=page,
        size=size,
    )


@router.get("/export", response_class=Response, responses=EXCEL_DOWNLOAD)
async def export_zero_households(
    rt: RuntimeDep,
    actor: Reader,
    root: Subtree,
    rules: Rules,
    language: ReaderLanguage,
    state: State = "all",
) -> Response:
    """The ledger as an Excel workbook (零就业家庭台帐)."""
    found = await list_zero_households(rt, root, rules, state, 1, EVERYTHING)
    name = f"zero-employment-households-{root}.xlsx"
    title = N_("Ledger of zero-employment households")
    sheets = [sheet(title, COLUMNS, found.items)]
    return await export(rt, actor, root, name, sheets, language)
