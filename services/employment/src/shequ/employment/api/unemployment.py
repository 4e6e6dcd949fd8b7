"""Unemployment registration (失业登记), certificates, the ledger (失业人员台帐).

One person's record reads from their stream, so its ``ETag`` is the version
``If-Match`` expects. The ledger and the figures read the tables, under each person's
current office, and so do the figures. Registering and issuing accept an
``Idempotency-Key``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import china_date
from shequ.contracts.employment import CertificateKind
from shequ.contracts.employment.ledgers import (
    UNEMPLOYED_LEDGER_COLUMNS,
    UNEMPLOYED_LEDGER_TITLE,
)
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.api._access import PersonChange, PersonWrite, readable
from shequ.employment.api._bodies import NOTE
from shequ.employment.api._reading import (
    EVERYTHING,
    PageNo,
    Size,
    Subtree,
    export,
    named,
    office_shown,
)
from shequ.employment.domain import unemployment
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers import unemployment as handle
from shequ.employment.readmodels import figures
from shequ.employment.readmodels import unemployment as ledger
from shequ.employment.settings import Rules
from shequ.eventstore import load
from shequ.service import IdempotencyKey, Page, Reader, ReaderLanguage, RuntimeDep
from shequ.webapi import CurrentActor, RequestModel, set_etag
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column, Sheet

router = APIRouter(prefix="/api/v1/employment", tags=["unemployment"])
PERSON = "/unemployment/{person_id}"


class RegisterRequest(RequestModel):
    registered_on: date


class EndRequest(RequestModel):
    ended_on: date
    reason: str = Field(max_length=NOTE, description="e.g. found work, moved away")


class IssueRequest(RequestModel):
    kind: CertificateKind
    number: str = Field(max_length=64, description="unique in the service, forever")
    issued_on: date


class ReturnRequest(RequestModel):
    returned_on: date


class CancelRequest(RequestModel):
    cancelled_on: date
    reason: str = Field(max_length=NOTE)


class RegistrationView(BaseModel):
    registration_id: str
    registered_on: date
    ended_on: date | None
    end_reason: str | None


class CertificateView(BaseModel):
    number: str
    kind: CertificateKind
    state: unemployment.CertificateState
    issued_on: date
    returned_on: date | None
    cancelled_on: date | None
    cancel_reason: str | None


class UnemploymentResponse(BaseModel):
    person_id: str
    office: str | None
    office_name: str | None = Field(default=None, description="the office's name")
    open_registration_id: str | None
    registrations: list[RegistrationView]
    certificates: list[CertificateView]
    version: int


def _reply(
    person_id: str,
    state: unemployment.State,
    version: int,
    response: Response,
    office: str | None = None,
) -> UnemploymentResponse:
    """The record; ``office`` (the person's now, from the people copy) wins."""
    set_etag(response, version)
    s = state or unemployment.Unemployment(person_id, "")
    current = s.open_registration
    return UnemploymentResponse(
        person_id=person_id,
        office=office or s.office or None,
        version=version,
        open_registration_id=None if current is None else current.registration_id,
        registrations=[RegistrationView(**vars(r)) for r in s.registrations],
        certificates=[CertificateView(**vars(c)) for c in s.certificates],
    )


@router.get(PERSON)
async def read_unemployment(
    person_id: str, rt: RuntimeDep, actor: CurrentActor, response: Response
) -> UnemploymentResponse:
    """One person's registrations and certificates, from their stream.

    ``office`` is the office that has the person now: after a move (registry
    PersonMoved) the record is the new office's to keep (#13 item 6), as the ledger
    shows it; each event keeps the office that recorded it.
    """
    person = await readable(rt, actor, person_id)
    state, head = await load(
        rt.store, unemployment.DECIDER, stream_of("unemployment", person_id)
    )
    return await named(
        rt, _reply(person_id, state, head.version, response, person.office)
    )


async def _write(
    write: PersonWrite,
    command: type[unemployment.Command],
    fields: dict[str, Any],
    key: str | None = None,
    rule: RetirementRule | None = None,
) -> UnemploymentResponse:
    outcome = await handle.act(
        write.rt.store,
        command,
        rule=rule,
        by=await write.by(),
        person_id=write.person_id,
        key=key,
        expected_version=write.expected,
        **fields,
    )
    reply = _reply(write.person_id, outcome.state, outcome.version, write.response)
    return await named(write.rt, reply)


@router.post(f"{PERSON}/registrations", status_code=201)
async def register(
    body: RegisterRequest, write: PersonWrite, rules: Rules, key: IdempotencyKey = None
) -> UnemploymentResponse:
    """Register the person as unemployed (失业登记); one open registration at most.

    Only someone of working age on ``registered_on`` (the working-age rule). Their
    labour status becomes ``unemployed`` in the same transaction, unless it is
    already, so the employment rate counts every registered person as unemployed.
    A blind write is safe because the decider refuses a second open registration; a
    lost race is decided again.
    """
    fields = body.model_dump()
    return await _write(write, unemployment.Register, fields, key, rules.retirement)


@router.post(f"{PERSON}/registrations/{{registration_id}}/end")
async def end_registration(
    registration_id: str, body: EndRequest, write: PersonChange
) -> UnemploymentResponse:
    """End a registration; a 失业证 still in use is cancelled with it.

    It withdraws the registration (and a certificate) the clerk read, so ``If-Match``
    is required.
    """
    fields = body.model_dump() | {"registration_id": registration_id}
    return await _write(write, unemployment.EndRegistration, fields)


@router.post(f"{PERSON}/certificates", status_code=201)
async def issue_certificate(
    body: IssueRequest, write: PersonWrite, key: IdempotencyKey = None
) -> UnemploymentResponse:
    """Issue a 失业证 or 再就业优惠证 to a registered person; no number is reused.

    A blind write is safe because the decider checks the whole transition (an open
    registration, no certificate of the kind in use, the number free); a lost race is
    decided again.
    """
    return await _write(write, unemployment.IssueCertificate, body.model_dump(), key)


@router.post(f"{PERSON}/certificates/{{number}}/return")
async def return_certificate(
    number: str, body: ReturnRequest, write: PersonChange
) -> UnemploymentResponse:
    """Record a certificate in use handed back (缴回); ``If-Match`` is required."""
    fields = body.model_dump() | {"number": number}
    return await _write(write, unemployment.ReturnCertificate, fields)


@router.post(f"{PERSON}/certificates/{{number}}/cancel")
async def cancel_certificate(
    number: str, body: CancelRequest, write: PersonChange
) -> UnemploymentResponse:
    """Cancel a certificate in use (注销), with the reason; ``If-Match`` is required."""
    fields = body.model_dump() | {"number": number}
    return await _write(write, unemployment.CancelCertificate, fields)


@router.get("/ledgers/unemployed")
async def list_unemployed(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[ledger.UnemployedPerson]:
    """The unemployed persons ledger (失业人员台帐): registered or out of work."""
    return await ledger.unemployed_persons(rt.pool, root, page=page, size=size)


COLUMNS = [Column(*c) for c in UNEMPLOYED_LEDGER_COLUMNS]
"""失业人员台帐 as contracts declare it, the same columns and words as reporting's."""


def _row(person: ledger.UnemployedPerson) -> list[object]:
    """A ledger row with the keys ``UNEMPLOYED_LEDGER_COLUMNS`` documents."""
    values = person.model_dump() | {
        "office": office_shown(person.office, person.office_name),
        "certificates": [c.number for c in person.certificates],
    }
    return [values[c.key] for c in COLUMNS]


@router.get(
    "/ledgers/unemployed/export", response_class=Response, responses=EXCEL_DOWNLOAD
)
async def export_unemployed(
    rt: RuntimeDep, actor: Reader, root: Subtree, language: ReaderLanguage
) -> Response:
    """The unemployed persons ledger as an Excel workbook (失业人员台帐)."""
    found = await ledger.unemployed_persons(rt.pool, root, page=1, size=EVERYTHING)
    rows = (_row(i) for i in found.items)
    sheets = [Sheet(UNEMPLOYED_LEDGER_TITLE, COLUMNS, rows)]
    return await export(
        rt, actor, root, f"unemployed-persons-{root}.xlsx", sheets, language
    )


class FiguresResponse(ledger.UnemploymentFigures):
    on: date
    able_to_work: int = Field(
        description="of working age, able and willing to work, not students: the"
        " people the employment rate counts"
    )


@router.get("/figures/unemployment")
async def unemployment_figures(
    rt: RuntimeDep, root: Subtree, rules: Rules
) -> FiguresResponse:
    """The seed's breakdown: registered, certificates, 低保/残疾/困难, actually out."""
    day = china_date(rt.clock())
    counts = await ledger.unemployment_figures(rt.pool, root)
    rates = await figures.community_rates(rt.pool, root, rules.retirement, day)
    return FiguresResponse(
        **counts.model_dump(), on=day, able_to_work=sum(r.counted for r in rates)
    )
