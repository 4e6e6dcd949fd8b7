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
from shequ.contracts.employment import DIFFICULTY_CATEGORY_LABELS, DifficultyCategory
from shequ.contracts.messages import N_
from shequ.contracts.registry import SEX_LABELS
from shequ.employment.api._reading import (
    EVERYTHING,
    PageNo,
    Size,
    Subtree,
    Within,
    export,
    sheet,
)
from shequ.employment.domain.access import ACCESS
from shequ.employment.readmodels import assistance_lists as lists
from shequ.service import Page, Reader, ReaderLanguage, RuntimeDep
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column

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
    Column("name", N_("Full name")),
    Column("document_masked", N_("ID card number"), kind="id"),
    Column("sex", N_("Gender"), labels=SEX_LABELS),
    Column("birth_date", N_("Date of birth"), kind="date"),
    Column("office", N_("Community"), kind="id"),
    Column("category", N_("Kind of difficulty"), labels=DIFFICULTY_CATEGORY_LABELS),
    Column("identified_on", N_("Identified on"), kind="date"),
    Column("resolved_on", N_("Resolved on"), kind="date"),
    Column("last_contact_on", N_("Last visit or call"), kind="date"),
    Column("open_follow_ups", N_("Open follow-ups"), kind="number"),
    Column("next_due_on", N_("Next follow-up due"), kind="date"),
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


@router.get(
    "/ledgers/difficulty/export", response_class=Response, responses=EXCEL_DOWNLOAD
)
async def export_difficulty_ledger(
    rt: RuntimeDep,
    actor: Reader,
    root: Subtree,
    language: ReaderLanguage,
    state: CaseState = "open",
    category: DifficultyCategory | None = None,
) -> Response:
    """The difficulty ledger as an Excel workbook (就业困难人员台帐)."""
    found = await difficulty_ledger(rt, root, state, category, 1, EVERYTHING)
    name = f"employment-difficulty-{root}.xlsx"
    title = N_("Ledger of persons with employment difficulties")
    sheets = [sheet(title, COLUMNS, found.items)]
    return await export(rt, actor, root, name, sheets, language)
