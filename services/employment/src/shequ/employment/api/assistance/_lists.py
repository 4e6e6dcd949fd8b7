"""Assistance lists: follow-ups due or overdue, and the difficulty ledger (台帐).

A follow-up is listed under the office that holds it (a move hands it over), so a
community sees the visits it owes; counts per office come with the rows. Overdue
means still open with ``due_on`` before ``on`` (today unless given: a later ``on``
shows what will be overdue by then). ``assigned_to=me`` lists the reader's own.
The difficulty ledger (就业困难人员台帐) lists people under their office now, from
the registry copy, with their last contact and next follow-up.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from shequ.access import Actor, OfficeCode, china_date
from shequ.contracts.employment import DifficultyCategory
from shequ.employment.api._reading import (
    EVERYTHING,
    PageNo,
    Size,
    Subtree,
    Within,
    export,
)
from shequ.employment.domain.access import ACCESS
from shequ.employment.readmodels import assistance_lists as lists
from shequ.service import Page, Reader, RuntimeDep
from shequ.webapi import Column, Language

router = APIRouter(prefix="/api/v1/employment", tags=["assistance"])
AssignedTo = Annotated[str | None, Query(description="a staff id, or me")]


class FollowUpList(Page[lists.FollowUpRow]):
    on: date
    offices: list[lists.OfficeCount]


async def _follow_ups(
    rt: RuntimeDep,
    actor: Actor,
    within: OfficeCode | None,
    assigned_to: str | None,
    on: date,
    overdue: bool,
    page: int,
    size: int,
) -> FollowUpList:
    root = ACCESS.reading_root(actor, within)
    staff = actor.staff_id if assigned_to == "me" else assigned_to
    found, offices = await lists.open_follow_ups(
        rt.pool,
        root.subtree_prefix,
        on,
        on if overdue else None,
        staff,
        page=page,
        size=size,
    )
    return FollowUpList(
        items=found.items,
        total=found.total,
        page=found.page,
        size=found.size,
        on=on,
        offices=offices,
    )


@router.get("/follow-ups")
async def open_follow_ups(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    assigned_to: AssignedTo = None,
    page: PageNo = 1,
    size: Size = 50,
) -> FollowUpList:
    """Open follow-ups in the subtree, soonest due first, with counts per office."""
    today = china_date(rt.clock())
    return await _follow_ups(rt, actor, within, assigned_to, today, False, page, size)


@router.get("/follow-ups/overdue")
async def overdue_follow_ups(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    assigned_to: AssignedTo = None,
    on: Annotated[date | None, Query(description="judge as on this day")] = None,
    page: PageNo = 1,
    size: Size = 50,
) -> FollowUpList:
    """Open follow-ups due before ``on`` (today), per worker or per community."""
    day = on or china_date(rt.clock())
    return await _follow_ups(rt, actor, within, assigned_to, day, True, page, size)


COLUMNS = [
    Column("name", "姓名", "Name"),
    Column("document_masked", "身份证号", "ID number"),
    Column("sex", "性别", "Sex"),
    Column("birth_date", "出生日期", "Born"),
    Column("office_name", "所属社区", "Office"),
    Column("category", "困难类别", "Category"),
    Column("identified_on", "认定日期", "Identified on"),
    Column("resolved_on", "退出日期", "Resolved on"),
    Column("last_contact_on", "最近走访/电话", "Last contact"),
    Column("open_follow_ups", "待跟踪次数", "Open follow-ups"),
    Column("next_due_on", "下次跟踪日期", "Next due"),
]
CaseState = Annotated[lists.CaseState, Query(description="open cases or all")]


@router.get("/ledgers/difficulty")
async def difficulty_ledger(
    rt: RuntimeDep,
    root: Subtree,
    state: CaseState = "open",
    category: DifficultyCategory | None = None,
    page: PageNo = 1,
    size: Size = 50,
) -> Page[lists.DifficultyRow]:
    """People with employment difficulties in the subtree (就业困难人员台帐)."""
    return await lists.difficulty_cases(
        rt.pool, root.subtree_prefix, state, category, page=page, size=size
    )


@router.get("/ledgers/difficulty/export")
async def export_difficulty_ledger(
    rt: RuntimeDep,
    root: Subtree,
    state: CaseState = "open",
    category: DifficultyCategory | None = None,
    language: Language = "zh",
) -> Response:
    """The difficulty ledger as an Excel workbook (就业困难人员台帐)."""
    found = await difficulty_ledger(rt, root, state, category, 1, EVERYTHING)
    name = f"employment-difficulty-{root}.xlsx"
    return export(name, "就业困难人员台帐", COLUMNS, found.items, language)
