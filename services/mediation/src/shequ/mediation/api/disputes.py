"""A dispute's intake and stages over HTTP.

Register, accept or decline, mediators (回避), sessions, consent to continue past the
deadline.

Intake takes an ``Idempotency-Key`` (a retry registers one dispute); every change
takes ``If-Match`` (the version the mediator read). An answer names the events
recorded; how a dispute concludes is ``conclusion.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, OfficeCode
from shequ.contracts.mediation import DisputeKind, DisputeSource, Party
from shequ.contracts.registry import Sex
from shequ.eventstore import Outcome
from shequ.mediation.api._access import writable
from shequ.mediation.domain import dispute
from shequ.mediation.domain.access import ACCESS
from shequ.mediation.handlers import disputes as handle
from shequ.mediation.settings import Settings
from shequ.service import IdempotencyKey, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/mediation", tags=["disputes"])
DISPUTE = "/disputes/{dispute_id}"
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Short = Annotated[str, Field(min_length=1, max_length=100)]


class PartyRequest(RequestModel):
    """A party: a registered person (``person_id``), or another with contacts.

    A registered person is named as the registry names them, with the registry's sex
    and birth date. Art. 29's basic information, each part optional where unknown:
    sex, birth date (or age), 民族, 职业; an organisation names its legal
    representative.
    """

    name: Annotated[str, Field(max_length=50)] = ""
    person_id: Short | None = None
    phone: Annotated[str, Field(max_length=30)] | None = None
    address: Annotated[str, Field(max_length=200)] | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    age: int | None = Field(None, ge=0, le=150)
    ethnicity: Annotated[str, Field(max_length=20)] | None = None
    occupation: Annotated[str, Field(max_length=50)] | None = None
    legal_representative: Annotated[str, Field(max_length=50)] | None = None


class RegisterRequest(RequestModel):
    office: OfficeCode = Field(description="the community whose committee takes it")
    source: DisputeSource
    kind: DisputeKind
    parties: list[PartyRequest] = Field(max_length=20)
    matter: Text
    amount: int | None = Field(None, ge=0, description="yuan in dispute")
    registered_on: date


class Recorded(BaseModel):
    """What a command recorded: the dispute, its new version, the events' types."""

    dispute_id: str
    version: int
    recorded: list[str]


def recorded(
    dispute_id: str, outcome: Outcome[dispute.State], response: Response
) -> Recorded:
    set_etag(response, outcome.version)
    return Recorded(
        dispute_id=dispute_id,
        version=outcome.version,
        recorded=[e.type for e in outcome.events],
    )


@router.post("/disputes", status_code=201)
async def register_dispute(
    body: RegisterRequest,
    rt: RuntimeDep,
    actor: Writer,
    settings: Settings,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """Put a dispute on the ledger (登记): a walk-in, a hotline call, a referral."""
    ACCESS.may_write(actor, body.office)
    by = Acting.of(actor, rt.clock())
    fields = body.model_dump() | {
        "office": str(body.office),
        "parties": [Party(**p.model_dump()) for p in body.parties],
    }
    outcome = await handle.register(
        rt.store, by=by, key=key, rules=settings.rules(), **fields
    )
    assert outcome.state is not None
    dispute_id = outcome.state.dispute_id
    response.headers["Location"] = f"/api/v1/mediation/disputes/{dispute_id}"
    return recorded(dispute_id, outcome, response)


async def act(
    rt: RuntimeDep,
    actor: Writer,
    dispute_id: str,
    expected: int,
    response: Response,
    build: type[dispute.Command],
    **fields: object,
) -> Recorded:
    """Run one command on a dispute the actor writes, at the version they read."""
    found = await writable(rt, actor, dispute_id)
    if build in (dispute.AssignMediators, dispute.RecuseMediator):
        fields["committee"] = await handle.committee_of(rt.store, found.state.office)
    by = Acting.of(actor, rt.clock())
    command = build(by=by, **fields)  # type: ignore[arg-type]
    outcome = await handle.act(rt.store, dispute_id, command, expected_version=expected)
    return recorded(dispute_id, outcome, response)


def command(
    on: APIRouter,
    step: str,
    request: type[RequestModel],
    build: type[dispute.Command],
    summary: str,
    fields: Callable[[Any], dict[str, object]] = lambda body: body.model_dump(),
) -> None:
    """Add ``POST /disputes/{dispute_id}/<step>``: ``request`` → ``build`` on it."""

    async def route(
        dispute_id: str,
        body: RequestModel,
        rt: RuntimeDep,
        actor: Writer,
        expected: RequiredVersion,
        response: Response,
    ) -> Recorded:
        return await act(
            rt, actor, dispute_id, expected, response, build, **fields(body)
        )

    route.__annotations__["body"] = request  # the body's model, in the OpenAPI
    route.__name__ = step.replace("-", "_").replace("/", "_")
    route.__doc__ = summary
    on.post(f"{DISPUTE}/{step}")(route)


class AcceptRequest(RequestModel):
    accepted_on: date


class DeclineRequest(RequestModel):
    declined_on: date
    reason: Annotated[str, Field(max_length=500)] = ""


class MediatorsRequest(RequestModel):
    mediators: list[Short] = Field(max_length=5, description="committee member ids")
    assigned_on: date


class RecusalRequest(RequestModel):
    mediator: Short
    replacement: Short
    objected_by: int = Field(ge=1, description="the party's number, from 1")
    reason: Annotated[str, Field(max_length=500)] = ""


class SessionRequest(RequestModel):
    held_on: date
    place: Short
    attendees: list[Annotated[str, Field(max_length=50)]] = Field(max_length=30)
    summary: Text


class ContinuationRequest(RequestModel):
    agreed_on: date
    until: date


command(router, "accept", AcceptRequest, dispute.AcceptDispute, "受理.")
command(
    router,
    "decline",
    DeclineRequest,
    dispute.DeclineDispute,
    "不予受理, with the reason the parties are told.",
)
command(
    router,
    "mediators",
    MediatorsRequest,
    dispute.AssignMediators,
    "The committee's members who mediate it.",
    lambda body: body.model_dump() | {"mediators": tuple(body.mediators)},
)
command(
    router,
    "recusal",
    RecusalRequest,
    dispute.RecuseMediator,
    "回避: a party objects to a mediator, who is replaced.",
)
command(
    router,
    "sessions",
    SessionRequest,
    dispute.RecordSession,
    "A session (调解记录): when, where, who attended, what was said.",
    lambda body: body.model_dump() | {"attendees": tuple(body.attendees)},
)
command(
    router,
    "continuation",
    ContinuationRequest,
    dispute.AgreeToContinue,
    "Both parties consent to go on past the deadline, until a new day.",
)
