"""The police's system sends decisions and test results over HTTP (公安系统对接).

The same published language as on NATS (``shequ.contracts.police``), for a partner
that calls rather than publishes. The caller is a partner account (role
``police_partner``): it sends what the police own and reads nothing — the answer
names the case id, never its details. A decision sent again answers with the case it
opened (200, nothing recorded); a test result is recorded once per
``Idempotency-Key``, or, without one, once per decision, day and result.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import Field

from shequ.access import Acting, Actor, Role, require_role
from shequ.contracts.messages import N_
from shequ.contracts.police import RehabDecisionIssued
from shequ.contracts.rehab import RehabGround, RehabKind, TestResult
from shequ.rehab.api._access import load_case
from shequ.rehab.api.cases import Recorded, recorded
from shequ.rehab.domain import case
from shequ.rehab.handlers import cases as handle
from shequ.rehab.handlers.police import (
    DecisionNotReceived,
    NoPersonWithThatId,
    decision_person,
    open_decision_case,
)
from shequ.rehab.settings import Settings
from shequ.service import IdempotencyKey, RuntimeDep
from shequ.webapi import CurrentActor, RequestModel

router = APIRouter(prefix="/api/v1/rehab/police", tags=["police"])


async def _partner(actor: CurrentActor) -> Actor:
    require_role(actor, Role.POLICE_PARTNER)
    return actor


Partner = Annotated[Actor, Depends(_partner)]


Number = Annotated[str, Field(min_length=1, max_length=100)]


class DecisionRequest(RequestModel):
    """决定书 as the police's system sends it: the person by ID number.

    The fields of ``RehabDecisionIssued`` (the NATS contract), without its ``type``.
    """

    decision_number: Number
    police_organ: Number
    decided_on: date
    kind: RehabKind
    ground: RehabGround
    term_months: int = Field(ge=1, le=36)
    id_number: Annotated[str, Field(min_length=6, max_length=64)]


class TestResultRequest(RequestModel):
    """A urine test the police took; the fields of ``UrineTestResultIssued``."""

    decision_number: Number
    police_organ: Number
    tested_on: date
    result: TestResult


def _no_person() -> NoPersonWithThatId:
    return NoPersonWithThatId(
        N_(
            "no person in the registry of your district has this ID number: the"
            " community registers them first (or correct the number), then send the"
            " decision again"
        ),
        field="id_number",
    )


@router.post("/decisions", status_code=201)
async def receive_decision(
    body: DecisionRequest,
    rt: RuntimeDep,
    actor: Partner,
    settings: Settings,
    response: Response,
) -> Recorded:
    """A decision (决定书): opens the case, or answers with the one it opened."""
    keyring = rt.store.keyring
    assert keyring is not None  # rehab seals personal data: the runtime gives one
    async with rt.pool.acquire() as conn, conn.transaction():
        person = await decision_person(conn, keyring, body.id_number)
        if person is None or not actor.can_see(person.office):
            raise _no_person()
        by = Acting.of(actor, rt.clock())
        case_id, outcome = await open_decision_case(
            rt.store,
            conn,
            RehabDecisionIssued(**body.model_dump()),
            person,
            by,
            rules=settings.rules(),
        )
    if outcome is None:
        response.status_code = 200
        head = await rt.store.head(handle.stream_of(case_id))
        return Recorded(case_id=case_id, version=head.version, recorded=[])
    return recorded(case_id, outcome, response)


@router.post("/test-results", status_code=201)
async def receive_test_result(
    body: TestResultRequest,
    rt: RuntimeDep,
    actor: Partner,
    settings: Settings,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """A urine test result (尿检结果), recorded on the case its decision opened."""
    keyring = rt.store.keyring
    assert keyring is not None
    case_id = handle.decision_case_id(keyring, body.decision_number)
    not_received = DecisionNotReceived(
        N_(
            "no case was opened from decision {number} in your district: send the"
            " decision first"
        ),
        field="decision_number",
        number=body.decision_number,
    )
    try:
        found = await load_case(rt, case_id)
    except case.CaseNotFound:
        raise not_received from None
    if not actor.can_see(found.state.office):
        raise not_received
    by = Acting(actor.staff_id, found.state.office, rt.clock())
    command = case.RecordTest(
        tested_on=body.tested_on, result=body.result, rules=settings.rules(), by=by
    )
    same = f"police-test:{body.decision_number}:{body.tested_on}:{body.result}"
    outcome = await handle.act(rt.store, case_id, command, key=key or same)
    return recorded(case_id, outcome, response)
