"""Shared ledgers and figures at every level, now or as of any past moment; exports.

``as_of`` reads the temporal tables as they stood then ("what did the unemployed
ledger of community X say on 31 March?"); ``after`` waits for a command's effect.
Exports put one ledger per sheet, headers in Chinese or English.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode, mask_name
from shequ.contracts.employment.working_age import RetirementRule
from shequ.reporting.api._deps import After, AsOf, serving_pool
from shequ.reporting.domain.access import reading_root, shows_names
from shequ.reporting.readmodels import figures, views
from shequ.reporting.settings import Rule
from shequ.service import Runtime, RuntimeDep
from shequ.webapi import (
    Column,
    CurrentActor,
    Language,
    Sheet,
    csv_response,
    excel_response,
)

router = APIRouter(prefix="/api/v1/reporting", tags=["ledgers"])
LEDGERS = "reporting-ledgers"
Within = Annotated[OfficeCode | None, Query(description="your office if absent")]


class FiguresResponse(BaseModel):
    as_of: datetime
    offices: list[figures.Figures]


LedgerRow = TypeVar("LedgerRow", bound=BaseModel)


class LedgerPage(BaseModel, Generic[LedgerRow]):
    """One page of a ledger as it stood ``as_of``; ``total`` counts its rows."""

    as_of: datetime
    items: list[LedgerRow]
    total: int
    page: int
    size: int


Page = Annotated[int, Query(ge=1)]
Size = Annotated[int, Query(ge=1, le=500)]


def _moment(rt: Runtime, at: datetime | None) -> datetime:
    return at or rt.clock()


@router.get("/figures")
async def read_figures(
    rt: RuntimeDep,
    actor: CurrentActor,
    rule: Rule,
    within: Within = None,
    as_of: AsOf = None,
    after: After = None,
) -> FiguresResponse:
    """Employment figures per district, street and community (就业统计)."""
    root = reading_root(actor, within)
    db = await serving_pool(rt, LEDGERS, after)
    at = _moment(rt, as_of)
    return FiguresResponse(
        as_of=at, offices=await figures.figures_at(db, root, at, rule)
    )


def _masked(actor: Actor, rows: list[views.UnemployedRow]) -> list[views.UnemployedRow]:
    if shows_names(actor):
        return rows
    return [r.model_copy(update={"name": mask_name(r.name)}) for r in rows]


@router.get("/ledgers/unemployed")
async def unemployed_ledger(
    rt: RuntimeDep,
    actor: CurrentActor,
    within: Within = None,
    as_of: AsOf = None,
    after: After = None,
    page: Page = 1,
    size: Size = 50,
) -> LedgerPage[views.UnemployedRow]:
    """The unemployed persons ledger (失业人员台帐) of the subtree."""
    root = reading_root(actor, within)
    db = await serving_pool(rt, LEDGERS, after)
    at = _moment(rt, as_of)
    rows, total = await views.unemployed_ledger(db, root, at, page, size)
    return LedgerPage(
        as_of=at, items=_masked(actor, rows), total=total, page=page, size=size
    )


@router.get("/ledgers/zero-employment-households")
async def zero_household_ledger(
    rt: RuntimeDep,
    actor: CurrentActor,
    within: Within = None,
    as_of: AsOf = None,
    after: After = None,
    page: Page = 1,
    size: Size = 50,
) -> LedgerPage[views.ZeroHouseholdRow]:
    """The zero-employment households ledger (零就业家庭台帐) of the subtree."""
    root = reading_root(actor, within)
    db = await serving_pool(rt, LEDGERS, after)
    at = _moment(rt, as_of)
    rows, total = await views.zero_household_ledger(db, root, at, page, size)
    return LedgerPage(as_of=at, items=rows, total=total, page=page, size=size)


UNEMPLOYED_COLUMNS = [
    Column("name", "姓名", "Name"),
    Column("document_masked", "身份证号", "ID number"),
    Column("sex", "性别", "Sex"),
    Column("birth_date", "出生日期", "Born"),
    Column("office", "社区代码", "Office code"),
    Column("office_name", "所属社区", "Community"),
    Column("status", "就业状态", "Labour status"),
    Column("unemployed_since", "失业时间", "Unemployed since"),
    Column("registered_on", "失业登记日期", "Registered on"),
    Column("certificates", "证件编号", "Certificates"),
    Column("tags", "人员类别", "Categories"),
]
FIGURE_COLUMNS = [
    Column("office", "单位代码", "Office code"),
    Column("name", "单位", "Office"),
    Column("level", "层级", "Level"),
    Column("working_age", "劳动年龄人口", "Working age"),
    Column("counted", "有劳动能力和就业愿望", "Able and willing"),
    Column("unemployed", "实际失业", "Unemployed"),
    Column("employment_rate", "就业率", "Employment rate"),
    Column("registered_unemployed", "登记失业", "Registered unemployed"),
    Column("certificates_in_use", "在用证件", "Certificates in use"),
    Column("zero_employment_households", "零就业家庭", "Zero-employment households"),
    Column("new_jobs", "新增就业", "New jobs"),
]
ZERO_COLUMNS = [
    Column("household_id", "户编号", "Household"),
    Column("office", "社区代码", "Office code"),
    Column("office_name", "所属社区", "Community"),
    Column("identified_on", "认定日期", "Identified on"),
]


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
    db: Any,
    actor: Actor,
    root: OfficeCode,
    at: datetime,
    rule: RetirementRule,
    language: Language,
) -> Sheet:
    """One ledger of the subtree as it stood at ``at``, as a sheet."""
    zh = language == "zh"
    if ledger == "unemployed":
        rows, _ = await views.unemployed_ledger(db, root, at, 1, 10_000_000)
        people = _masked(actor, rows)
        return Sheet(
            "失业人员台帐" if zh else "Unemployed",
            UNEMPLOYED_COLUMNS,
            (_values(r, UNEMPLOYED_COLUMNS) for r in people),
        )
    if ledger == "figures":
        offices = await figures.figures_at(db, root, at, rule)
        return Sheet(
            "就业统计" if zh else "Figures",
            FIGURE_COLUMNS,
            [_values(f, FIGURE_COLUMNS) for f in offices],
        )
    zero, _ = await views.zero_household_ledger(db, root, at)
    return Sheet(
        "零就业家庭" if zh else "Zero households",
        ZERO_COLUMNS,
        [_values(z, ZERO_COLUMNS) for z in zero],
    )


@router.get("/ledgers/export")
async def export_ledgers(
    rt: RuntimeDep,
    actor: CurrentActor,
    rule: Rule,
    within: Within = None,
    as_of: AsOf = None,
    language: Language = "zh",
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ledger: Annotated[Ledger, Query(description="the ledger a CSV holds")] = (
        "unemployed"
    ),
) -> Response:
    """The subtree's ledgers in one workbook, one sheet each (or one ledger as CSV)."""
    root = reading_root(actor, within)
    db = await serving_pool(rt, LEDGERS, None)
    at = _moment(rt, as_of)
    stamp = at.strftime("%Y%m%d")
    if format == "csv":
        sheet = await _sheet(ledger, db, actor, root, at, rule, language)
        return csv_response(f"{ledger}-{root}-{stamp}.csv", sheet, language)
    sheets = [
        await _sheet(name, db, actor, root, at, rule, language) for name in LEDGER_NAMES
    ]
    return excel_response(f"ledgers-{root}-{stamp}.xlsx", sheets, language)
