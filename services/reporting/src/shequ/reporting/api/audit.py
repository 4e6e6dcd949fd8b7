"""Audit over HTTP (审计): the audit log, a case replayed as of a date, chain checks.

Auditors, district and street admins read the log and replay cases within their own
subtree; an office or a case outside it is answered exactly as an unknown one (404),
before any other rule. ``?person=`` lists everything recorded about one person,
whichever service and stream recorded it. Restricted rows (rehab) show their data only
to readers holding a rehab role, and every such read is itself recorded
(RestrictedRecordsRead). Verification covers every office's records, so only a
district's auditor or admin runs it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from shequ.access import Acting, OfficeCode
from shequ.contracts.messages import N_
from shequ.i18n import translate
from shequ.reporting.api._deps import (
    ARCHIVE,
    ID_LENGTH,
    NAMES_AN_OFFICE,
    SAFE,
    After,
    AsOf,
    End,
    Filter,
    PathId,
    Start,
    Within,
    named,
    office_in_view,
    office_names,
    serving_pool,
)
from shequ.reporting.domain.access import (
    clearance,
    covers_stream,
    may_audit,
    may_verify,
)
from shequ.reporting.handlers.access_log import record_restricted_reads
from shequ.reporting.readmodels.audit import (
    AuditEvent,
    LogQuery,
    Replay,
    StoreCheck,
    audit_log,
    check_stores,
    replay,
)
from shequ.reporting.settings import Settings
from shequ.service import Page, PageNumber, PageSize, Reader, ReaderLanguage, RuntimeDep
from shequ.webapi import Problem

router = APIRouter(prefix="/api/v1/reporting/audit", tags=["audit"])


class Verification(BaseModel):
    checked_at: datetime
    intact: bool
    stores: list[StoreCheck]


@router.get("/events", responses=NAMES_AN_OFFICE)
async def audit_events(
    rt: RuntimeDep,
    reader: Reader,
    office: Within = None,
    person: Annotated[
        str | None,
        SAFE,
        Query(max_length=ID_LENGTH, description="events naming this person, anywhere"),
    ] = None,
    actor: Filter = None,
    acting_office: Annotated[
        OfficeCode | None, Query(description="offices the actors acted from")
    ] = None,
    service: Filter = None,
    stream_id: Filter = None,
    event_type: Filter = None,
    start: Start = None,
    end: End = None,
    order: Literal["newest", "oldest"] = "newest",
    page: PageNumber = 1,
    size: PageSize = 50,
    after: After = None,
) -> Page[AuditEvent]:
    """Who did what, when, from which office (操作日志), newest first by default."""
    may_audit(reader)
    query = LogQuery(
        within=await office_in_view(rt, reader, office, field="office"),
        person=person,
        actor=actor,
        acting_office=acting_office,
        service=service,
        stream_id=stream_id,
        event_type=event_type,
        start=start,
        end=end,
        newest_first=order == "newest",
    )
    db = await serving_pool(rt, ARCHIVE, after)
    items, total = await audit_log(
        db, query, clearance=clearance(reader), page=page, size=size
    )
    await record_restricted_reads(
        rt.store, Acting.of(reader, rt.clock()), items, "audit log"
    )
    return Page(items=await named(rt, items), total=total, page=page, size=size)


@router.get("/streams/{stream_id:path}")
async def replay_stream(
    stream_id: PathId,
    rt: RuntimeDep,
    reader: Reader,
    language: ReaderLanguage,
    as_of: AsOf = None,
    service: Filter = None,
    after: After = None,
) -> Replay:
    """The case's events recorded up to ``as_of`` and its state as it stood then.

    The state is folded by the owning service's own rules; ``null`` with a
    ``state_note`` (in the reader's language) when they are not installed here or the
    record is restricted. A case outside the reader's subtree is answered as an
    unknown stream (404); a moment before its first event as ``nothing-recorded-yet``
    (422, ``as_of``).
    """
    may_audit(reader)
    db = await serving_pool(rt, ARCHIVE, after)
    replayed = await replay(
        db,
        stream_id,
        as_of or rt.clock(),
        service=service,
        clearance=clearance(reader),
        sees=lambda office: covers_stream(reader, office),
    )
    await record_restricted_reads(
        rt.store, Acting.of(reader, rt.clock()), replayed.events, "case replay"
    )
    names = await office_names(rt, [replayed.office])
    return replayed.model_copy(
        update={
            "events": await named(rt, replayed.events),
            "office_name": names.get(replayed.office or ""),
            "state_note": replayed.state_note
            and translate(replayed.state_note, language),
        }
    )


@router.get("/verification")
async def verification(
    rt: RuntimeDep, reader: Reader, settings: Settings
) -> Verification:
    """Every service store's hash chains recomputed (防篡改校验), store by store."""
    may_verify(reader)
    if not settings.stores:
        # Checking nothing must not read as "intact".
        raise Problem(
            503,
            N_("Verification not configured"),
            N_("no stores to verify: set SHEQU_REPORTING_STORES (service → DSN, JSON)"),
            slug="no-stores",
        )
    stores = await check_stores(settings.stores)
    return Verification(
        checked_at=rt.clock(),
        stores=stores,
        intact=all(s.status == "intact" for s in stores),
    )
