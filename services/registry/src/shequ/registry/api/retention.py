"""Retention rules (保存期限) and the due ledger, for the district administrator.

``PUT /retention-rules/{record_kind}`` sets the district's rule (``If-Match``
optional: the rule given is the rule wanted, whatever was there); ``GET`` reads it
back. ``GET /retention/due`` lists the closed files past the rule and not yet erased,
with the legal holds that keep any of them. The administrator and auditors read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from shequ.access import CHINA, Acting, OfficeCode, Role, require_role
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import RecordKind
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.retention import MAX_YEARS, MIN_YEARS, RetentionRule
from shequ.registry.handlers import retention as handle
from shequ.registry.readmodels.retention import DueFile, due_files
from shequ.service import Page, PageNumber, PageSize, RuntimeDep
from shequ.webapi import CurrentActor, ExpectedVersion, RequestModel, set_etag

router = APIRouter(prefix="/api/v1/registry", tags=["retention"])
READERS = (Role.DISTRICT_ADMIN, Role.AUDITOR)


class RuleRequest(RequestModel):
    erase_after_years: int = Field(description=f"{MIN_YEARS} to {MAX_YEARS}")


class RuleView(BaseModel):
    record_kind: RecordKind
    erase_after_years: int
    office: str
    version: int


def _kind(record_kind: str) -> RecordKind:
    """The kind of record the path names (after the role: a 403 comes first)."""
    if record_kind == "closed_person_file":
        return "closed_person_file"
    raise NotFound(
        N_("no retention rule for {record_kind}: a closed_person_file has one"),
        field="record_kind",
        record_kind=record_kind,
    )


def _view(rule: RetentionRule, version: int) -> RuleView:
    return RuleView(
        record_kind=rule.record_kind,
        erase_after_years=rule.erase_after_years,
        office=rule.office,
        version=version,
    )


@router.put("/retention-rules/{record_kind}")
async def set_rule(
    record_kind: str,
    body: RuleRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: ExpectedVersion,
    response: Response,
) -> RuleView:
    """Set how long ``record_kind`` is kept after it closed (a district office's)."""
    require_role(actor, Role.DISTRICT_ADMIN)
    outcome = await handle.set_rule(
        rt.store,
        Acting.of(actor, rt.clock()),
        _kind(record_kind),
        erase_after_years=body.erase_after_years,
        expected_version=expected,
    )
    assert outcome.state is not None
    set_etag(response, outcome.version)
    return _view(outcome.state, outcome.version)


@router.get("/retention-rules/{record_kind}")
async def read_rule(
    record_kind: str, rt: RuntimeDep, actor: CurrentActor, response: Response
) -> RuleView:
    """The rule in force for ``record_kind``; 404 while none was set."""
    require_role(actor, *READERS)
    rule, version = await handle.rule_for(rt.store, _kind(record_kind))
    if rule is None:
        raise NotFound(
            N_("no retention rule for {record_kind} was set"),
            field="record_kind",
            record_kind=record_kind,
        )
    set_etag(response, version)
    return _view(rule, version)


@router.get("/retention/due")
async def due(
    rt: RuntimeDep,
    actor: CurrentActor,
    within: Annotated[OfficeCode | None, Query()] = None,
    page: PageNumber = 1,
    size: PageSize = 50,
) -> Page[DueFile]:
    """Closed person files past the rule, not yet erased; empty while no rule is set."""
    require_role(actor, *READERS)
    root = ACCESS.reading_root(actor, within)
    rule, _ = await handle.rule_for(rt.store, "closed_person_file")
    if rule is None:
        return Page(items=[], total=0, page=page, size=size)
    return await due_files(
        rt.pool,
        years=rule.erase_after_years,
        today=rt.clock().astimezone(CHINA).date(),
        within=root.subtree_prefix,
        page=page,
        size=size,
    )
