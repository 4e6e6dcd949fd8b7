"""Reading cases (查阅): one case, a list, who read a case, and break-glass.

Every case shown — alone or in a list — is recorded as a ``RehabCaseRead`` (reader,
office, fields shown, purpose, break-glass) before the answer is sent. A reader the
rules do not allow gets 404 exactly as for an unknown case.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode, OfficeLevel, Role, require_role
from shequ.contracts import DomainError
from shequ.contracts.messages import N_
from shequ.rehab.api._access import case_for_review, load_case, readable_case, unknown
from shequ.rehab.api._views import CASE_FIELDS, CaseView, case_view
from shequ.rehab.domain.access import ACCESS, may_break_glass, may_read_case
from shequ.rehab.handlers import reads as record
from shequ.rehab.readmodels import cases as ledger
from shequ.rehab.readmodels import reads
from shequ.rehab.settings import Settings
from shequ.service import Page, PageNumber, PageSize, RestrictedReader, RuntimeDep
from shequ.webapi import RequestModel

router = APIRouter(prefix="/api/v1/rehab", tags=["reading"])
CASE = "/cases/{case_id}"
WORK = "case work"
Purpose = Annotated[
    str, Query(min_length=1, max_length=200, description="why you read it (recorded)")
]
Within = Annotated[
    OfficeCode | None, Query(description="an office in your subtree; yours if absent")
]
LISTED_FIELDS = sorted(ledger.ListedCase.model_fields)


class InScope(DomainError):
    code = "rehab-break-glass-in-scope"
    title = N_("No break-glass needed")


@router.get(CASE)
async def read_case(
    case_id: str,
    rt: RuntimeDep,
    actor: RestrictedReader,
    response: Response,
    purpose: Purpose = WORK,
) -> CaseView:
    """The case as its rules fold it, with every event's facts; the read recorded."""
    now = rt.clock()
    found, glass = await readable_case(rt, actor, case_id, now)
    view = await case_view(rt, found, response)
    await record.record_reads(
        rt.store,
        Acting.of(actor, now),
        [(case_id, found.state.office)],
        CASE_FIELDS,
        purpose,
        break_glass=glass is not None,
    )
    return view


@router.get("/cases")
async def list_cases(
    rt: RuntimeDep,
    actor: RestrictedReader,
    within: Within = None,
    purpose: Purpose = WORK,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> Page[ledger.ListedCase]:
    """The cases you may read within a subtree, open first; each shown is recorded."""
    root = ACCESS.reading_root(actor, within)
    jurisdiction = actor.has_any(Role.POLICE_LIAISON, Role.ANTI_DRUG_OFFICE) and (
        actor.office.level != OfficeLevel.DISTRICT
    )
    found = await ledger.listed_cases(
        rt.pool,
        root.subtree_prefix,
        own_office=None if jurisdiction else str(actor.office),
        staff_id=actor.staff_id,
        page=page,
        size=size,
    )
    shown = [
        c for c in found.items if may_read_case(actor, c.office, c.responsible_worker)
    ]
    await record.record_reads(
        rt.store,
        Acting.of(actor, rt.clock()),
        [(c.case_id, c.office) for c in shown],
        LISTED_FIELDS,
        purpose,
    )
    return found.model_copy(update={"items": shown})


@router.get(f"{CASE}/reads")
async def case_reads(
    case_id: str,
    rt: RuntimeDep,
    actor: RestrictedReader,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> Page[reads.ReadRow]:
    """Who read the case, when, which fields and why (latest first)."""
    await case_for_review(rt, actor, case_id)
    return await reads.reads_of(rt.pool, case_id, page=page, size=size)


class BreakGlassRequest(RequestModel):
    reason: Annotated[str, Field(min_length=2, max_length=500)]


class BreakGlassResponse(BaseModel):
    expires_at: datetime = Field(description="when the opening lapses")
    case: CaseView


@router.post(f"{CASE}/break-glass")
async def break_glass(
    case_id: str,
    body: BreakGlassRequest,
    rt: RuntimeDep,
    actor: RestrictedReader,
    settings: Settings,
    response: Response,
) -> BreakGlassResponse:
    """Open a case outside your usual scope, stating why (an anti-drug officer).

    The opening lasts ``SHEQU_REHAB_BREAK_GLASS_HOURS`` (2 by default); it is
    recorded as a read with ``break_glass`` and listed for the responsible office's
    review (``GET /break-glass``).
    """
    require_role(actor, Role.ANTI_DRUG_OFFICE)
    found = await load_case(rt, case_id)
    s = found.state
    if not may_break_glass(actor, s.office):
        raise unknown(case_id)
    if may_read_case(actor, s.office, s.responsible_worker):
        raise InScope(
            N_("case {case_id} is within your usual scope: read it as usual"),
            field="case_id",
            case_id=case_id,
        )
    by = Acting.of(actor, rt.clock())
    lasts = timedelta(hours=settings.break_glass_hours)
    view = await case_view(rt, found, response)
    await record.break_glass(
        rt.store,
        by,
        case_id=case_id,
        office=s.office,
        fields=CASE_FIELDS,
        reason=body.reason,
        lasts=lasts,
    )
    return BreakGlassResponse(expires_at=by.now + lasts, case=view)


@router.get("/break-glass")
async def break_glass_reads(
    rt: RuntimeDep,
    actor: RestrictedReader,
    within: Within = None,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> Page[reads.ReadRow]:
    """Break-glass reads of cases held within a subtree, for review (latest first)."""
    require_role(actor, Role.REHAB_WORKER, Role.ANTI_DRUG_OFFICE)
    root = ACCESS.reading_root(actor, within)
    return await reads.break_glass_reads(
        rt.pool, root.subtree_prefix, page=page, size=size
    )
