"""How a dispute concludes, over HTTP.

An agreement or a failure, the 回访 of each obligation, judicial confirmation (the
application and the court's answer), closing.

Every change takes ``If-Match`` (the version the mediator read).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import Field

from shequ.contracts.mediation import Advice, AgreementForm, Obligation
from shequ.mediation.api.disputes import DISPUTE, Recorded, Short, Text, act, command
from shequ.mediation.domain import dispute
from shequ.mediation.settings import Settings
from shequ.service import RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion

router = APIRouter(prefix="/api/v1/mediation", tags=["conclusion"])
Note = Annotated[str, Field(max_length=2000)]


class ObligationRequest(RequestModel):
    party: int = Field(ge=1, description="the party's number, from 1")
    what: Annotated[str, Field(max_length=500)]
    due_on: date
    amount: int | None = Field(None, ge=0, description="yuan")


class AgreementRequest(RequestModel):
    """调解协议: written (art. 29) with each party's obligations, or oral (art. 28)."""

    form: AgreementForm
    agreed_on: date
    facts: Note = Field("", description="main facts, each party's responsibility")
    terms: Text
    obligations: list[ObligationRequest] = Field(max_length=20)


class FailureRequest(RequestModel):
    failed_on: date
    advice: Advice
    note: Note = ""


class FollowUpRequest(RequestModel):
    obligation: int = Field(ge=1)
    visited_on: date
    fulfilled: bool
    satisfied: bool | None = Field(None, description="满意/不满意; absent: not asked")
    note: Note = ""


class ConfirmationRequest(RequestModel):
    applied_on: date
    court: Short


class AnswerRequest(RequestModel):
    answered_on: date
    confirmed: bool


class CloseRequest(RequestModel):
    closed_on: date


def _agreement(body: AgreementRequest) -> dict[str, object]:
    obligations = tuple(
        Obligation(number=n, **o.model_dump())
        for n, o in enumerate(body.obligations, start=1)
    )
    return body.model_dump() | {"obligations": obligations}


command(
    router,
    "agreement",
    AgreementRequest,
    dispute.ReachAgreement,
    "调解协议, written or oral: the agreed content and each party's obligations.",
    _agreement,
)
command(
    router,
    "failure",
    FailureRequest,
    dispute.RecordFailure,
    "调解不成, with the advice given.",
)
command(
    router,
    "follow-ups",
    FollowUpRequest,
    dispute.RecordFollowUp,
    "回访 of an obligation: fulfilled or not, the parties satisfied or not.",
)


@router.post(f"{DISPUTE}/judicial-confirmation")
async def apply_for_confirmation(
    dispute_id: str,
    body: ConfirmationRequest,
    rt: RuntimeDep,
    actor: Writer,
    settings: Settings,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """司法确认 applied for, within 30 days of the agreement (art. 33)."""
    return await act(
        rt,
        actor,
        dispute_id,
        expected,
        response,
        dispute.ApplyForConfirmation,
        rules=settings.rules(),
        **body.model_dump(),
    )


command(
    router,
    "judicial-confirmation/answer",
    AnswerRequest,
    dispute.RecordConfirmationAnswer,
    "The court's answer: confirmed, or not.",
)
command(
    router,
    "close",
    CloseRequest,
    dispute.CloseDispute,
    "结案: once every obligation is followed up, or mediation failed.",
)
