"""The person file (一人一档): every service's records of one person, oldest first.

The person is looked up in the ledgers' ``people`` (their current version); the
records in the event archive, restricted ones only for a reader cleared for them,
with personal data opened (erased values once the person is erased) and masked to the
reader's clearance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from shequ.reporting.domain.privacy import Clearance, masked_name, shown
from shequ.reporting.readmodels.archive import Placed
from shequ.reporting.readmodels.audit.opened import opened
from shequ.service import TOTAL, Db, Page, fetch_page


class Person(BaseModel):
    name: str
    office: str


class _Record(Placed):
    event_id: str
    service: str
    event_type: str
    stream_id: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str | None


class Entry(_Record):
    """One record of the file, its data as the reader may see it."""

    data: dict[str, Any]


class _Archived(_Record):
    stream_type: str
    restricted: bool
    data: str  # JSON text, as stored


@dataclass(frozen=True, kw_only=True)
class FilePage:
    """One page of a person's file, and the restricted entries among it."""

    entries: Page[Entry]
    restricted: list[Entry]


async def person(db: Db, person_id: str, *, names: bool) -> Person | None:
    """The person's current name and office, if the registry has them on record.

    The name is masked unless ``names`` (the reader sees them).
    """
    row = await db.fetchrow(
        "SELECT name, office FROM people WHERE person_id = $1 AND valid_to IS NULL",
        person_id,
    )
    if row is None:
        return None
    name = row["name"] if names else masked_name(row["name"])
    return Person(name=name, office=row["office"])


async def file_of(
    db: Db, person_id: str, *, clearance: Clearance, page: int, size: int
) -> FilePage:
    """One page of the person's records across services, as ``clearance`` allows."""
    found = await fetch_page(
        db,
        _Archived,
        f"""SELECT event_id::text, service, event_type, stream_type, stream_id,
                   occurred_at, recorded_at, actor, acting_office, office, restricted,
                   data::text AS data, {TOTAL}
            FROM event_archive WHERE person_ids @> ARRAY[$1]
              AND (NOT restricted OR $2)
            ORDER BY occurred_at, recorded_at, service, position""",
        person_id,
        clearance.restricted,
        page=page,
        size=size,
    )
    datas = await opened(
        (row.service, row.event_type, json.loads(row.data)) for row in found.items
    )
    entries = [
        (row, _entry(row, data, clearance))
        for row, data in zip(found.items, datas, strict=True)
    ]
    return FilePage(
        entries=Page(
            items=[entry for _, entry in entries],
            total=found.total,
            page=page,
            size=size,
        ),
        restricted=[entry for row, entry in entries if row.restricted],
    )


def _entry(row: _Archived, data: dict[str, Any], clearance: Clearance) -> Entry:
    data = shown(data, row.stream_type, clearance)
    return Entry(
        **row.model_dump(exclude={"data", "stream_type", "restricted"}), data=data
    )
