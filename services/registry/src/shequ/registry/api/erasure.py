"""Erasure of a person's personal data (个人信息删除), by a district administrator.

``POST /persons/{person_id}/erasure`` with ``If-Match``: the erasure is recorded and
the person's key destroyed; the answer is the file as it now reads (姓名已删除).
Only a district administrator may erase (403 for every other role, before the id is
looked at, so a refusal cannot tell an unknown id from a foreign file).
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import Field

from shequ.access import Acting, Role, require_role
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import ErasureGround
from shequ.registry.api._fields import Reason
from shequ.registry.api._records import visible
from shequ.registry.api.persons import PersonFile, read_person
from shequ.registry.api.persons import router as persons
from shequ.registry.domain import person
from shequ.registry.handlers.erasure import erase
from shequ.service import RuntimeDep
from shequ.webapi import CurrentActor, RequestModel, RequiredVersion

router = APIRouter(prefix=persons.prefix, tags=["persons"])


class ErasureRequest(RequestModel):
    ground: ErasureGround = Field(
        description="retention_ended, registered_in_error or purpose_fulfilled"
    )
    reason: Reason


@router.post("/{person_id}/erasure")
async def erase_person(
    person_id: str,
    body: ErasureRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> PersonFile:
    """Erase the person's personal data; refused while the file is in use or held."""
    require_role(actor, Role.DISTRICT_ADMIN)
    unknown = NotFound(
        N_("no person file {person_id}"), field="person_id", person_id=person_id
    )
    events, _ = await rt.store.replay(person_id)
    visible(person.DECIDER.fold(events), actor, unknown)
    await erase(
        rt.store,
        Acting.of(actor, rt.clock()),
        person_id,
        ground=body.ground,
        reason=body.reason,
        expected_version=expected,
    )
    # Read again: the answer shows the file as everyone now reads it.
    return await read_person(person_id, rt, actor, response)
