"""Zero-employment households (零就业家庭): the ledger per community, and its export."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import OfficeCode, china_date
from shequ.employment.api._access import Reader, may_read
from shequ.employment.readmodels._apply import Page
from shequ.employment.settings import Rules
from shequ.service import RuntimeDep
from shequ.webapi import Column, Language, Sheet, excel_response

router = APIRouter(
    prefix="/api/v1/employment/zero-employment-households", tags=["households"]
)


class ZeroHousehold(BaseModel):
    household_id: str
    office: str
    unemployed_person_ids: list[str]
    unemployed_names: list[str]
    identified_on: date
    cleared_on: date | None
    cleared_by_person_id: str | None
    cleared_reason: str | None
    days_open: int
    overdue: bool


COLUMNS = [
    Column("household_id", "户编号", "Household"),
    Column("office", "所属社区", "Office"),
    Column("unemployed_names", "失业成员", "Unemployed members"),
    Column("identified_on", "认定日期", "Identified on"),
    Column("cleared_on", "消除日期", "Cleared on"),
    Column("days_open", "持续天数", "Days open"),
    Column("cleared_reason", "消除原因", "How cleared"),
    Column("overdue", "超期", "Overdue"),
]


async def _rows(
    rt: RuntimeDep,
    within: OfficeCode,
    state: str,
    day: date,
    limit: int,
    page: int,
    size: int,
) -> tuple[list[ZeroHousehold], int]:
    rows = await rt.pool.fetch(
        """SELECT z.*, count(*) OVER () AS total,
                  ARRAY(SELECT coalesce(r.name, p) FROM unnest(z.unemployed_person_ids)
                        AS p LEFT JOIN people r ON r.person_id = p) AS names
           FROM zero_employment_households z
           WHERE z.office LIKE $1 || '%' AND ($2 = 'all' OR z.cleared_on IS NULL)
           ORDER BY z.office, z.identified_on, z.household_id
           LIMIT $3 OFFSET $4""",
        within.subtree_prefix,
        state,
        size,
        (page - 1) * size,
    )
    items = []
    for r in rows:
        days = r["days_open"] if r["cleared_on"] else (day - r["identified_on"]).days
        items.append(
            ZeroHousehold(
                household_id=r["household_id"],
                office=r["office"],
                unemployed_person_ids=r["unemployed_person_ids"],
                unemployed_names=r["names"],
                identified_on=r["identified_on"],
                cleared_on=r["cleared_on"],
                cleared_by_person_id=r["cleared_by_person_id"],
                cleared_reason=r["cleared_reason"],
                days_open=days,
                overdue=r["cleared_on"] is None and days > limit,
            )
        )
    return items, rows[0]["total"] if rows else 0


State = Annotated[Literal["open", "all"], Query(description="open ones, or history")]


@router.get("")
async def list_zero_households(
    rt: RuntimeDep,
    actor: Reader,
    rules: Rules,
    within: Annotated[OfficeCode | None, Query()] = None,
    state: State = "open",
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[ZeroHousehold]:
    """Zero-employment households in the subtree, with how long each stayed open."""
    root = within or actor.office
    may_read(actor, root)
    day = china_date(rt.clock())
    items, total = await _rows(
        rt, root, state, day, rules.zero_household_limit_days, page, size
    )
    return Page(items=items, total=total, page=page, size=size)


@router.get("/export")
async def export_zero_households(
    rt: RuntimeDep,
    actor: Reader,
    rules: Rules,
    within: Annotated[OfficeCode | None, Query()] = None,
    state: State = "all",
    language: Language = "zh",
) -> Response:
    """The ledger as an Excel workbook (零就业家庭台帐)."""
    root = within or actor.office
    may_read(actor, root)
    items, _ = await _rows(
        rt,
        root,
        state,
        china_date(rt.clock()),
        rules.zero_household_limit_days,
        1,
        1_000_000,
    )
    rows = (
        [
            getattr(i, c.key)
            if c.key != "unemployed_names"
            else "、".join(i.unemployed_names)
            for c in COLUMNS
        ]
        for i in items
    )
    sheet = Sheet("零就业家庭台帐", COLUMNS, rows)
    return excel_response(f"zero-employment-households-{root}.xlsx", [sheet], language)
