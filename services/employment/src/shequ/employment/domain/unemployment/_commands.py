"""Unemployment commands (失业登记, 失业证 …), certificate kinds, refusals. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.employment import CertificateKind
from shequ.employment.domain.common import Acting

CertificateState = Literal["in_use", "returned", "cancelled"]
KIND_NAMES: dict[CertificateKind, str] = {
    "unemployment": "失业证",
    "reemployment_preferential": "再就业优惠证",
}


class RegistrationOpen(Conflict):
    code = "registration-open"


class RegistrationNotFound(NotFound):
    code = "registration-not-found"


class RegistrationEnded(DomainError):
    code = "registration-ended"


class RegistrationRequired(DomainError):
    code = "registration-required"


class CertificateNumberTaken(Conflict):
    code = "certificate-number-taken"

    def __init__(self, number: str) -> None:
        super().__init__(
            f"certificate number {number} was issued already; a number is never"
            " reused, even after a return or a cancellation",
            field="number",
        )


class CertificateKindInUse(Conflict):
    code = "certificate-kind-in-use"


class CertificateNotFound(NotFound):
    code = "certificate-not-found"


class CertificateNotInUse(DomainError):
    code = "certificate-not-in-use"


class DateOutOfOrder(DomainError):
    code = "date-out-of-order"


@dataclass(frozen=True, kw_only=True)
class Register:
    person_id: str
    office: str  # the person's office now, from the registry copy
    registration_id: str  # chosen by the handler
    registered_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class EndRegistration:
    person_id: str
    office: str
    registration_id: str
    ended_on: date
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class IssueCertificate:
    person_id: str
    office: str
    kind: CertificateKind
    number: str
    issued_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReturnCertificate:
    person_id: str
    office: str
    number: str
    returned_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CancelCertificate:
    person_id: str
    office: str
    number: str
    cancelled_on: date
    reason: str
    by: Acting


Command = (
    Register
    | EndRegistration
    | IssueCertificate
    | ReturnCertificate
    | CancelCertificate
)
