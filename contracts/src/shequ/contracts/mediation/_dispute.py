"""Events of a dispute (纠纷), stream ``dispute/<dispute id>``, from intake to closing.

The parties, the matter and what was said are the parties' personal data: sealed
under the dispute's key (its stream id is the data subject). What stays plain is what
the ledger's figures and the timers need: office, kind, source, dates, amounts,
outcomes, the mediators' member ids.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shequ.contracts._event import Event
from shequ.contracts.mediation._types import (
    Advice,
    AgreementForm,
    DisputeKind,
    DisputeOutcome,
    DisputeSource,
    MediationDocumentKind,
)
from shequ.contracts.personal import PERSONAL, Personal
from shequ.contracts.registry._types import OfficeCodeText, Sex
from shequ.contracts.rehab._types import DocumentFormat

_ERASED_LIST = Personal(erased=[])


class Party(BaseModel):
    """A party (当事人): a registered person (``person_id``) or anyone else.

    Its basic information as art. 29 asks for it: of a natural person 姓名, 性别,
    年龄 or 出生日期, 民族, 职业, 住所 and phone, each left out where unknown (sex and
    birth date come from the registry for a registered person); of an organisation
    its name, address and legal representative (法定代表人), which marks it as one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    person_id: str | None = None
    phone: str | None = None
    address: str | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    age: int | None = Field(None, ge=0, le=150)  # when the birth date is unknown
    ethnicity: str | None = None  # 民族
    occupation: str | None = None  # 职业
    legal_representative: str | None = None  # an organisation's 法定代表人


class Obligation(BaseModel):
    """What one party (``party``, 1-based) does, by when, for how much (yuan)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)
    party: int = Field(ge=1)
    what: str
    due_on: date
    amount: int | None = Field(None, ge=0)


class DisputeRegistered(Event):
    """A dispute on the ledger (登记): to be concluded by ``conclude_by``."""

    type: Literal["DisputeRegistered"] = "DisputeRegistered"
    stream_type = "dispute"
    dispute_id: str
    office: OfficeCodeText
    source: DisputeSource
    kind: DisputeKind
    parties: Annotated[list[Party], _ERASED_LIST]
    matter: Annotated[str, PERSONAL]
    amount: int | None = None  # yuan in dispute
    registered_on: date
    conclude_by: date
    # 编号 on the office's earlier ledger (人民调解台帐): set only on a dispute moved
    # in by an import of that ledger, so its history says it was imported.
    ledger_number: str | None = None


class DisputeAccepted(Event):
    """受理."""

    type: Literal["DisputeAccepted"] = "DisputeAccepted"
    stream_type = "dispute"
    office: OfficeCodeText
    accepted_on: date


class DisputeDeclined(Event):
    """不予受理, with the reason told to the parties."""

    type: Literal["DisputeDeclined"] = "DisputeDeclined"
    stream_type = "dispute"
    office: OfficeCodeText
    declined_on: date
    reason: Annotated[str, PERSONAL]


class MediatorsAssigned(Event):
    type: Literal["MediatorsAssigned"] = "MediatorsAssigned"
    stream_type = "dispute"
    office: OfficeCodeText
    mediators: list[str]  # committee member ids
    assigned_on: date


class MediatorRecused(Event):
    """回避: a party objected to a mediator, who is replaced."""

    type: Literal["MediatorRecused"] = "MediatorRecused"
    stream_type = "dispute"
    office: OfficeCodeText
    mediator: str
    replacement: str
    objected_by: int  # the party's number
    reason: Annotated[str, PERSONAL]


class MediationSessionRecorded(Event):
    """A session (调解记录): when, where, who attended, what was said."""

    type: Literal["MediationSessionRecorded"] = "MediationSessionRecorded"
    stream_type = "dispute"
    office: OfficeCodeText
    held_on: date
    place: str
    attendees: Annotated[list[str], _ERASED_LIST]
    summary: Annotated[str, PERSONAL]


class MediationContinuationAgreed(Event):
    """Past the deadline, both parties agreed to go on until ``until`` (recorded)."""

    type: Literal["MediationContinuationAgreed"] = "MediationContinuationAgreed"
    stream_type = "dispute"
    office: OfficeCodeText
    agreed_on: date
    until: date


class MediationAgreementReached(Event):
    """调解协议: written (art. 29) or oral (art. 28, its content recorded)."""

    type: Literal["MediationAgreementReached"] = "MediationAgreementReached"
    stream_type = "dispute"
    office: OfficeCodeText
    form: AgreementForm
    agreed_on: date
    facts: Annotated[str, PERSONAL]  # the main facts and each party's responsibility
    terms: Annotated[str, PERSONAL]  # the agreed content
    obligations: Annotated[list[Obligation], _ERASED_LIST]
    due_dates: list[date]  # each obligation's deadline, plain for the timers
    amount: int  # yuan agreed in all
    late: bool  # concluded past the deadline


class MediationFailed(Event):
    """调解不成, with the advice given."""

    type: Literal["MediationFailed"] = "MediationFailed"
    stream_type = "dispute"
    office: OfficeCodeText
    failed_on: date
    advice: Advice
    note: Annotated[str, PERSONAL]
    late: bool


class FulfilmentFollowedUp(Event):
    """回访 of one obligation: fulfilled or not, the parties satisfied or not.

    ``satisfied`` is None where it was not asked (满意/不满意 unknown, as on an
    imported ledger): the satisfaction rate counts only the 回访 that asked.
    """

    type: Literal["FulfilmentFollowedUp"] = "FulfilmentFollowedUp"
    stream_type = "dispute"
    office: OfficeCodeText
    obligation: int
    visited_on: date
    fulfilled: bool
    satisfied: bool | None = None
    note: Annotated[str, PERSONAL]


class FollowUpMissed(Event):
    """The timer: an obligation's deadline passed with no 回访 recorded."""

    type: Literal["FollowUpMissed"] = "FollowUpMissed"
    stream_type = "dispute"
    office: OfficeCodeText
    obligation: int
    due_on: date


class DisputeOverdue(Event):
    """The timer: the dispute was not concluded by its deadline."""

    type: Literal["DisputeOverdue"] = "DisputeOverdue"
    stream_type = "dispute"
    office: OfficeCodeText
    conclude_by: date


class JudicialConfirmationApplied(Event):
    """司法确认 applied for at ``court`` (within 30 days of agreeing, art. 33)."""

    type: Literal["JudicialConfirmationApplied"] = "JudicialConfirmationApplied"
    stream_type = "dispute"
    office: OfficeCodeText
    applied_on: date
    court: str


class JudicialConfirmationAnswered(Event):
    type: Literal["JudicialConfirmationAnswered"] = "JudicialConfirmationAnswered"
    stream_type = "dispute"
    office: OfficeCodeText
    answered_on: date
    confirmed: bool


class DisputeClosed(Event):
    """结案."""

    type: Literal["DisputeClosed"] = "DisputeClosed"
    stream_type = "dispute"
    office: OfficeCodeText
    closed_on: date
    outcome: DisputeOutcome


class MediationDocumentIssued(Event):
    """A document of the dispute printed (调解协议书, 调解申请书, 调解记录, 回访记录).

    ``sha256`` is the digest of the file's bytes: the same issue renders the same
    bytes, so a printed or re-printed copy is checked against this record.
    """

    type: Literal["MediationDocumentIssued"] = "MediationDocumentIssued"
    stream_type = "dispute"
    office: OfficeCodeText
    kind: MediationDocumentKind
    document_number: Annotated[str, PERSONAL]
    format: DocumentFormat
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    issued_on: date


DisputeEvent = (
    DisputeRegistered
    | DisputeAccepted
    | DisputeDeclined
    | MediatorsAssigned
    | MediatorRecused
    | MediationSessionRecorded
    | MediationContinuationAgreed
    | MediationAgreementReached
    | MediationFailed
    | FulfilmentFollowedUp
    | FollowUpMissed
    | DisputeOverdue
    | JudicialConfirmationApplied
    | JudicialConfirmationAnswered
    | DisputeClosed
    | MediationDocumentIssued
)
