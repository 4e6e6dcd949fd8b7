"""Zero-employment households (零就业家庭): the ledger per community, and its export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from shequ.access import china_date
from shequ.employment.api._reading import EVERYTHING, PageNo, Size, Subtree, export
from shequ.employment.readmodels import households as ledger
from shequ.employment.settings import Rules
from shequ.service import Page, RuntimeDep
from shequ.webapi import Column, Language

router = APIRouter(
    prefix="/api/v1/employment/zero-employment-households", tags=["households"]
)


COLUMNS = [
    Column("head_name", "户主", "Head of household"),
    Column("address", "住址", "Address"),
    Column("office", "所属社区", "Office"),
    Column("member_names", "家庭成员", "Members"),
    Column("unemployed_names", "失业成员", "Unemployed members"),
    Column("identified_on", "认定日期", "Identified on"),
    Column("cleared_on", "消除日期", "Cleared on"),
    Column("days_open", "持续天数", "Days open"),
    Column("cleared_reason", "消除原因", "How cleared"),
    Column("overdue", "超期", "Overdue"),
    Column("household_id", "户编号", "Household"),
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


@router.get("/export")
async def export_zero_households(
    rt: RuntimeDep,
    root: Subtree,
    rules: Rules,
    state: State = "all",
    language: Language = "zh",
) -> Response:
    """The ledger as an Excel workbook (零就业家庭台帐)."""
    found = await list_zero_households(rt, root, rules, state, 1, EVERYTHING)
    name = f"zero-employment-households-{root}.xlsx"
    return export(name, "零就业家庭台帐", COLUMNS, found.items, language)
