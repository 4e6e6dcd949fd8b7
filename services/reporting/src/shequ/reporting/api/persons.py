"""The person file (一人一档): everything recorded about one person, in time order.

Drawn from the archive of every service's events, within what the reader may see:
the person must live in the reader's subtree; rehab records appear only for the roles
DOMAIN.md names, and each time they do, the read is recorded (RestrictedRecordsRead).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from shequ.access import AccessDenied, mask_name
from shequ.contracts import NotFound
from shequ.contracts.reporting import RestrictedRecordsRead
from shequ.eventstore import Metadata
from shequ.reporting.api._deps import After, serving_pool
from shequ.reporting.domain.access import clearance
from shequ.reporting.domain.privacy import Clearance, shown
from shequ.service import RuntimeDep
from shequ.webapi import CurrentActor

router = APIRouter(prefix="/api/v1/reporting/persons", tags=["person file"])
ARCHIVE = "reporting-archive"


class Entry(BaseModel):
    event_id: str
    service: str
    event_type: str
    stream_id: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str | None
    acting_office: str | None
    office: str | None
    data: dict[str, Any]


class PersonFile(BaseModel):
    person_id: str
    name: str
    office: str
    entries: list[Entry]
    total: int
    page: int
    size: int
    restricted_shown: int


@router.get("/{person_id}/file")
async def person_file(
    person_id: str,
    rt: RuntimeDep,
    actor: CurrentActor,
    after: After = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 200,
) -> PersonFile:
    """Every service's records of the person, oldest first, a page at a time."""
    # Both projections wait for ``after``: a person just registered is in neither yet.
    ledgers = await serving_pool(rt, "reporting-ledgers", after)
    person = await ledgers.fetchrow(
        "SELECT name, office FROM people WHERE person_id = $1 AND valid_to IS NULL",
        person_id,
    )
    if person is None:
        raise NotFound(f"no person {person_id} on record", field="person_id")
    if not actor.can_see(person["office"]):
        raise AccessDenied(f"{person_id} lives outside your jurisdiction")
    sight = clearance(actor)
    archive = await serving_pool(rt, ARCHIVE, after)
    rows = await archive.fetch(
        """SELECT event_id::text, service, event_type, stream_type, stream_id,
                  occurred_at, recorded_at, actor, acting_office, office, restricted,
                  data::text AS data, count(*) OVER () AS total
           FROM event_archive WHERE person_ids @> ARRAY[$1]
             AND (NOT restricted OR $2)
           ORDER BY occurred_at, recorded_at, service, position
           LIMIT $3 OFFSET $4""",
        person_id,
        sight.restricted,
        size,
        (page - 1) * size,
    )
    restricted = [r for r in rows if r["restricted"]]
    if restricted:
        await _record_restricted_read(rt, actor, person_id, restricted)
    name = person["name"] if sight.names else mask_name(person["name"])
    return PersonFile(
        person_id=person_id,
        name=name,
        office=person["office"],
        entries=[_entry(dict(r), sight) for r in rows],
        total=rows[0]["total"] if rows else 0,
        page=page,
        size=size,
        restricted_shown=len(restricted),
    )


def _entry(row: dict[str, Any], sight: Clearance) -> Entry:
    data = json.loads(row.pop("data"))
    stream_type = row.pop("stream_type")
    for column in ("restricted", "total"):
        row.pop(column)
    return Entry(**row, data=shown(data, stream_type, sight))


async def _record_restricted_read(
    rt: RuntimeDep, actor: CurrentActor, person_id: str, rows: list[Any]
) -> None:
    event = RestrictedRecordsRead(
        staff_id=actor.staff_id,
        office=actor.office,
        person_id=person_id,
        services=sorted({r["service"] for r in rows}),
        event_ids=[r["event_id"] for r in rows],
        purpose="person file",
    )
    await rt.store.append(
        "access_log",
        f"access-log/{actor.staff_id}/{uuid.uuid4()}",
        [event],
        expected_version=0,
        occurred_at=rt.clock(),
        metadata=Metadata(actor=actor.staff_id, office=actor.office),
    )
