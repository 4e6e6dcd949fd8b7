"""The person file (一人一档) over HTTP: one person's records across every service.

Restricted records (rehab) are in the file only for readers cleared for them, and each
page showing some is recorded (``RestrictedRecordsRead``). A person outside the
reader's subtree is answered exactly as an unknown id (404), before any other rule.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from shequ.access import Acting
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.reporting.api._deps import (
    ARCHIVE,
    LEDGERS,
    After,
    PathId,
    named,
    office_names,
    serving_pool,
)
from shequ.reporting.domain.access import ACCESS, clearance
from shequ.reporting.handlers.access_log import record_person_file_read
from shequ.reporting.readmodels import persons
from shequ.reporting.readmodels.persons import Entry
from shequ.service import PageNumber, PageSize, Reader, RuntimeDep

router = APIRouter(prefix="/api/v1/reporting/persons", tags=["person file"])


class PersonFile(BaseModel):
    person_id: str
    name: str
    office: str
    office_name: str | None
    entries: list[Entry]
    total: int
    page: int
    size: int
    restricted_shown: int


@router.get("/{person_id}/file")
async def person_file(
    person_id: PathId,
    rt: RuntimeDep,
    actor: Reader,
    after: After = None,
    page: PageNumber = 1,
    size: PageSize = 200,
) -> PersonFile:
    """Every service's records of the person, oldest first, a page at a time."""
    # Both projections wait for ``after``: a person just registered is in neither yet.
    ledgers = await serving_pool(rt, LEDGERS, after)
    person = await persons.person(ledgers, person_id, names=clearance(actor).names)
    unknown = NotFound(
        N_("no person {person_id} on record"), field="person_id", person_id=person_id
    )
    if person is None:
        raise unknown
    ACCESS.may_read(actor, person.office, unknown=unknown)
    sight = clearance(actor)
    archive = await serving_pool(rt, ARCHIVE, after)
    found = await persons.file_of(
        archive, person_id, clearance=sight, page=page, size=size
    )
    now: datetime = rt.clock()
    await record_person_file_read(
        rt.store, Acting.of(actor, now), person_id, found.restricted
    )
    return PersonFile(
        person_id=person_id,
        name=person.name,
        office=person.office,
        office_name=(await office_names(rt, [person.office])).get(person.office),
        entries=await named(rt, found.entries.items),
        total=found.entries.total,
        page=page,
        size=size,
        restricted_shown=len(found.restricted),
    )
