"""The committee's figures (人民调解统计) and a mediator's to-do list (待办).

Figures are for every reader: disputes by kind, source and outcome, and the rates
(success, on time, fulfilment, satisfaction), for the disputes of a subtree
registered in a period; no names. The to-do list is a mediator's: undecided disputes
by their deadline and obligations to follow up (回访) at theirs, overdue first.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from shequ.access import china_date
from shequ.mediation.api.reading import Since, Until, Within
from shequ.mediation.domain.access import ACCESS
from shequ.mediation.domain.figures import rates
from shequ.mediation.domain.todos import in_order, to_dos
from shequ.mediation.readmodels.committee import members_of_staff
from shequ.mediation.readmodels.ledger import Breakdown, breakdown, counts, to_do_facts
from shequ.service import Reader, RuntimeDep, Writer

router = APIRouter(prefix="/api/v1/mediation", tags=["figures"])


class Figures(BaseModel):
    office: str
    since: date
    until: date
    disputes: int
    breakdown: list[Breakdown]
    agreed: int
    failed: int
    on_time: int
    followed_up: int
    fulfilled: int
    satisfied: int
    asked: int  # 回访 that recorded whether the parties were satisfied
    success_rate: float | None
    on_time_rate: float | None
    fulfilment_rate: float | None
    satisfaction_rate: float | None


@router.get("/figures")
async def figures(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    since: Since = date(2000, 1, 1),
    until: Until = date(2999, 12, 31),
) -> Figures:
    """Disputes by kind, source, outcome; success, on-time, fulfilment, satisfaction."""
    root = ACCESS.reading_root(actor, within)
    prefix = root.subtree_prefix
    rows = await breakdown(rt.pool, prefix, since, until)
    c = await counts(rt.pool, prefix, since, until)
    r = rates(c)
    return Figures(
        office=str(root),
        since=since,
        until=until,
        disputes=sum(b.disputes for b in rows if b.by == "kind"),
        breakdown=rows,
        **vars(c),
        success_rate=r.success,
        on_time_rate=r.on_time,
        fulfilment_rate=r.fulfilment,
        satisfaction_rate=r.satisfaction,
    )


class ToDoItem(BaseModel):
    dispute_id: str
    kind: str
    due_on: date
    overdue: bool
    obligation: int | None


@router.get("/to-dos")
async def my_to_dos(rt: RuntimeDep, actor: Writer) -> list[ToDoItem]:
    """What is due on your disputes: overdue first, then by the day it is due."""
    today = china_date(rt.clock())
    members = await members_of_staff(rt.pool, actor.staff_id)
    facts = await to_do_facts(rt.pool, members, actor.office.subtree_prefix)
    items = in_order([t for f in facts for t in to_dos(f, today)])
    return [ToDoItem(**vars(t)) for t in items]
