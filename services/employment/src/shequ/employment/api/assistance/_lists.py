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
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode, china_date
from shequ.contracts.employment import ContactKind, DifficultyCategory
from shequ.contracts.registry import Sex
from shequ.employment.api._access import Reader, may_read
from shequ.employment.readmodels._apply import Page
from shequ.service import RuntimeDep
from shequ.webapi import Column, Language, Sheet, excel_response

router = APIRouter(prefix="/api/v1/employment", tags=["assistance"])
Within = Annotated[OfficeCode | None, Query(description="an office; yours if unset")]
AssignedTo = Annotated[str | None, Query(description="a staff id, or me")]
PageNo = Annotated[int, Query(ge=1)]
Size = Annotated[int, Query(ge=1, le=500)]


class FollowUpRow(BaseModel):
    follow_up_id: str
    person_id: str
    name: str
    document_masked: str | None
    office: str
    kind: ContactKind
    due_on: date
    days_overdue: int
    assigned_to: str
    purpose: str


class OfficeCount(BaseModel):
    office: str
    office_name: str | None
    count: int


class FollowUpList(Page[FollowUpRow]):
    on: date
    offices: list[OfficeCount]


_OPEN = """FROM assistance_follow_ups f JOIN people r USING (person_id)
           WHERE f.state = 'open' AND r.alive AND f.office LIKE $1 || '%'
             AND ($2::date IS NULL OR f.due_on < $2)
             AND ($3::text IS NULL OR f.assigned_to = $3)"""


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
    root = within or actor.office
    may_read(actor, root)
    staff = actor.staff_id if assigned_to == "me" else assigned_to
    args = (root.subtree_prefix, on if overdue else None, staff)
    rows = await rt.pool.fetch(
        f"""SELECT f.*, r.name, r.document_masked, count(*) OVER () AS total {_OPEN}
            ORDER BY f.due_on, f.office, f.follow_up_id LIMIT $4 OFFSET $5""",
        *args,
        size,
        (page - 1) * size,
    )
    counts = await rt.pool.fetch(
        f"""SELECT f.office, count(*) AS count,
                   (SELECT o.name FROM people_offices o WHERE o.code = f.office)
                   AS office_name
            {_OPEN} GROUP BY f.office ORDER BY f.office""",
        *args,
    )
    items = [
        FollowUpRow(
            follow_up_id=r["follow_up_id"],
            person_id=r["person_id"],
            name=r["name"],
            document_masked=r["document_masked"],
            office=r["office"],
            kind=r["kind"],
            due_on=r["due_on"],
            days_overdue=max(0, (on - r["due_on"]).days),
            assigned_to=r["assigned_to"],
            purpose=r["purpose"],
        )
        for r in rows
    ]
    return FollowUpList(
        items=items,
        total=rows[0]["total"] if rows else 0,
        page=page,
        size=size,
        on=on,
        offices=[OfficeCount(**dict(c)) for c in counts],
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


class DifficultyRow(BaseModel):
    person_id: str
    name: str
    document_masked: str | None
    sex: Sex
    birth_date: date
    office: str
    office_name: str | None
    category: DifficultyCategory
    identified_on: date
    resolved_on: date | None
    last_contact_on: date | None
    open_follow_ups: int
    next_due_on: date | None


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
CaseState = Annotated[Literal["open", "all"], Query(description="open cases or all")]


async def _cases(
    rt: RuntimeDep,
    root: OfficeCode,
    state: str,
    category: DifficultyCategory | None,
    page: int,
    size: int,
) -> tuple[list[DifficultyRow], int]:
    rows = await rt.pool.fetch(
        """SELECT d.person_id, r.name, r.document_masked, r.sex, r.birth_date,
                  r.office, o.name AS office_name, d.category, d.identified_on,
                  d.resolved_on, count(*) OVER () AS total,
                  (SELECT max(c.contacted_on) FROM assistance_contacts c
                   WHERE c.person_id = d.person_id) AS last_contact_on,
                  (SELECT count(*) FROM assistance_follow_ups f
                   WHERE f.person_id = d.person_id AND f.state = 'open')
                   AS open_follow_ups,
                  (SELECT min(f.due_on) FROM assistance_follow_ups f
                   WHERE f.person_id = d.person_id AND f.state = 'open')
                   AS next_due_on
           FROM assistance_difficulties d JOIN people r USING (person_id)
           LEFT JOIN people_offices o ON o.code = r.office
           WHERE r.office LIKE $1 || '%' AND ($2 = 'all' OR d.resolved_on IS NULL)
             AND ($3::text IS NULL OR d.category = $3)
           ORDER BY r.office, d.identified_on, d.person_id, d.identified_version
           LIMIT $4 OFFSET $5""",
        root.subtree_prefix,
        state,
        category,
        size,
        (page - 1) * size,
    )
    items = [
        DifficultyRow(**{k: v for k, v in r.items() if k != "total"}) for r in rows
    ]
    return items, rows[0]["total"] if rows else 0


@router.get("/ledgers/difficulty")
async def difficulty_ledger(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    state: CaseState = "open",
    category: DifficultyCategory | None = None,
    page: PageNo = 1,
    size: Size = 50,
) -> Page[DifficultyRow]:
    """People with employment difficulties in the subtree (就业困难人员台帐)."""
    root = within or actor.office
    may_read(actor, root)
    items, total = await _cases(rt, root, state, category, page, size)
    return Page(items=items, total=total, page=page, size=size)


@router.get("/ledgers/difficulty/export")
async def export_difficulty_ledger(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    state: CaseState = "open",
    category: DifficultyCategory | None = None,
    language: Language = "zh",
) -> Response:
    """The difficulty ledger as an Excel workbook (就业困难人员台帐)."""
    root = within or actor.office
    may_read(actor, root)
    items, _ = await _cases(rt, root, state, category, 1, 1_000_000)
    rows = ([getattr(i, c.key) for c in COLUMNS] for i in items)
    sheet = Sheet("就业困难人员台帐", COLUMNS, rows)
    return excel_response(f"employment-difficulty-{root}.xlsx", [sheet], language)
