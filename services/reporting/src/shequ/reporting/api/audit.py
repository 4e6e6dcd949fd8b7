"""Audit over HTTP (审计): the audit log, a case replayed as of a date, chain checks.

Auditors, district and street admins read the log and replay cases within their own
subtree. Restricted rows (rehab) show their data only to readers holding a rehab
role, and every such read is itself recorded (RestrictedRecordsRead). Verification
covers every office's records, so only a district's auditor or admin runs it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from shequ.access import (
    AccessDenied,
    Actor,
    OfficeCode,
    OfficeLevel,
    Role,
    require_role,
)
from shequ.contracts.reporting import RestrictedRecordsRead
from shequ.eventstore import Metadata
from shequ.reporting.api._deps import After, AsOf, End, Start, serving_pool
from shequ.reporting.domain.access import clearance, reading_root
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
from shequ.service import Runtime, RuntimeDep
from shequ.webapi import CurrentActor, Problem

router = APIRouter(prefix="/api/v1/reporting/audit", tags=["audit"])
ARCHIVE = "reporting-archive"
READERS = (Role.AUDITOR, Role.DISTRICT_ADMIN, Role.STREET_ADMIN)
VERIFIERS = (Role.AUDITOR, Role.DISTRICT_ADMIN)


class AuditPage(BaseModel):
    items: list[AuditEvent]
    total: int
    page: int
    size: int


class Verification(BaseModel):
    checked_at: datetime
    intact: bool
    stores: list[StoreCheck]


@router.get("/events")
async def audit_events(
    rt: RuntimeDep,
    reader: CurrentActor,
    office: Annotated[
        OfficeCode | None, Query(description="your office if absent")
    ] = None,
    actor: str | None = None,
    acting_office: Annotated[
        OfficeCode | None, Query(description="offices the actors acted from")
    ] = None,
    service: str | None = None,
    stream_id: str | None = None,
    event_type: str | None = None,
    start: Start = None,
    end: End = None,
    order: Literal["newest", "oldest"] = "newest",
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
    after: After = None,
) -> AuditPage:
    """Who did what, when, from which office (操作日志), newest first by default."""
    require_role(reader, *READERS)
    query = LogQuery(
        within=reading_root(reader, office),
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
    await record_restricted_reads(rt, reader, items, "audit log")
    return AuditPage(items=items, total=total, page=page, size=size)


@router.get("/streams/{stream_id:path}")
async def replay_stream(
    stream_id: str,
    rt: RuntimeDep,
    reader: CurrentActor,
    as_of: AsOf = None,
    service: str | None = None,
    after: After = None,
) -> Replay:
    """The case's events recorded up to ``as_of`` and its state as it stood then."""
    require_role(reader, *READERS)
    db = await serving_pool(rt, ARCHIVE, after)
    replayed = await replay(
        db, stream_id, as_of or rt.clock(), service=service, clearance=clearance(reader)
    )
    if not _covers(reader, replayed.office):
        raise AccessDenied(f"stream {stream_id} is outside your jurisdiction")
    await record_restricted_reads(rt, reader, replayed.events, "case replay")
    return replayed


@router.get("/verification")
async def verification(
    rt: RuntimeDep, reader: CurrentActor, settings: Settings
) -> Verification:
    """Every service store's hash chains recomputed (防篡改校验), store by store."""
    require_role(reader, *VERIFIERS)
    if reader.office.level is not OfficeLevel.DISTRICT:
        raise AccessDenied("verification covers every office: a district runs it")
    if not settings.stores:
        # Checking nothing must not read as "intact".
        raise Problem(
            503,
            "Verification not configured",
            "no stores to verify: set SHEQU_REPORTING_STORES (service → DSN, JSON)",
            slug="no-stores",
        )
    stores = await check_stores(settings.stores)
    return Verification(
        checked_at=rt.clock(),
        stores=stores,
        intact=all(s.status == "intact" for s in stores),
    )


def _covers(reader: Actor, office: str | None) -> bool:
    # A stream naming no office belongs to no subtree: a district reads it.
    if office is None:
        return reader.office.level is OfficeLevel.DISTRICT
    return reader.can_see(office)


async def record_restricted_reads(
    rt: Runtime, reader: Actor, events: list[AuditEvent], purpose: str
) -> None:
    """One RestrictedRecordsRead per person whose restricted data was shown.

    An event that names no person is recorded under its stream id, so that no read
    of restricted data goes unrecorded.
    """
    shown: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        if event.restricted and event.data is not None:
            for person in event.person_ids or [event.stream_id]:
                shown[person].append(event)
    if not shown:
        return
    reads = [
        RestrictedRecordsRead(
            staff_id=reader.staff_id,
            office=reader.office,
            person_id=person,
            services=sorted({e.service for e in read}),
            event_ids=[e.event_id for e in read],
            purpose=purpose,
        )
        for person, read in sorted(shown.items())
    ]
    await rt.store.append(
        "access_log",
        f"access-log/{reader.staff_id}/{uuid.uuid4()}",
        reads,
        expected_version=0,
        occurred_at=rt.clock(),
        metadata=Metadata(actor=reader.staff_id, office=reader.office),
    )
