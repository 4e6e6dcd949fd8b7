"""Counts per office (统计) and a worker's to-do list (待办) — neither names anyone.

The figures are for every reader of the service, the administrators and the auditor
included: open cases by kind, reported, overdue reports, tests due and missed,
serious violations, by office. The to-do list is a case worker's: what is due on
the open cases they hold (or their office holds with no worker yet), overdue first,
by case id — opening a case to act on it is a read, recorded as such.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

from shequ.access import china_date
from shequ.rehab.api.reading import Within
from shequ.rehab.domain.access import ACCESS
from shequ.rehab.domain.todos import CaseFacts, in_order, test_due, to_dos
from shequ.rehab.readmodels.cases import CaseTests, open_cases, worker_cases
from shequ.rehab.settings import Settings
from shequ.service import Reader, RestrictedReader, RuntimeDep
from shequ.service.people import office_names

router = APIRouter(prefix="/api/v1/rehab", tags=["figures"])


class OfficeFigures(BaseModel):
    office: str
    office_name: str | None
    open_by_kind: dict[str, int] = Field(description="open cases by kind")
    open: int
    reported: int
    overdue_reports: int
    tests_due: int = Field(description="open cases untested in the current period")
    tests_missed: int = Field(description="periods missed on open cases")
    serious_violations: int = Field(description="open cases with one or more")


class Figures(BaseModel):
    on: date
    offices: list[OfficeFigures]


def facts_of(row: CaseTests) -> CaseFacts:
    return CaseFacts(
        case_id=row.case_id,
        decided_on=row.decided_on,
        report_by=row.report_by,
        reported_on=row.reported_on,
        term_ends_on=row.term_ends_on,
        tested_on=tuple(row.tested_on),
        missed=tuple(row.missed),
        serious=tuple(r for r in row.serious if r not in row.serious_reported),
        evaluations=row.evaluations,
    )


@router.get("/figures")
async def figures(
    rt: RuntimeDep, actor: Reader, settings: Settings, within: Within = None
) -> Figures:
    """Counts per office within a subtree; no names, no case ids."""
    root = ACCESS.reading_root(actor, within)
    today = china_date(rt.clock())
    rules = settings.rules()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in await open_cases(rt.pool, root.subtree_prefix):
        c = counts[row.office]
        kinds[row.office][row.kind] += 1
        c["open"] += 1
        c["reported"] += row.reported_on is not None
        c["overdue_reports"] += row.reported_on is None and today > row.report_by
        c["tests_due"] += test_due(facts_of(row), today, rules) is not None
        c["tests_missed"] += len(row.missed)
        c["serious_violations"] += bool(row.serious)
    names = await office_names(rt.pool, sorted(counts))
    return Figures(
        on=today,
        offices=[
            OfficeFigures(
                office=office,
                office_name=names.get(office),
                open_by_kind=dict(kinds[office]),
                **counts[office],
            )
            for office in sorted(counts)
        ],
    )


class ToDoItem(BaseModel):
    case_id: str
    person_id: str
    office: str
    kind: str
    due_on: date
    overdue: bool
    detail: str


@router.get("/to-dos")
async def my_to_dos(
    rt: RuntimeDep, actor: RestrictedReader, settings: Settings
) -> list[ToDoItem]:
    """What is due on your cases: overdue first, then by the day it is due."""
    today = china_date(rt.clock())
    rules = settings.rules()
    rows = {
        r.case_id: r
        for r in await worker_cases(rt.pool, actor.staff_id, str(actor.office))
    }
    items = in_order(
        [t for r in rows.values() for t in to_dos(facts_of(r), today, rules)]
    )
    return [
        ToDoItem(
            case_id=t.case_id,
            person_id=rows[t.case_id].person_id,
            office=rows[t.case_id].office,
            kind=t.kind,
            due_on=t.due_on,
            overdue=t.overdue,
            detail=t.detail,
        )
        for t in items
    ]
