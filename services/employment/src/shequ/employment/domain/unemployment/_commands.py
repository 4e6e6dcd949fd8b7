"""Unemployment commands (失业登记, 失业证 …), certificate kinds, refusals. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.employment import CERTIFICATE_KIND_LABELS, CertificateKind
from shequ.contracts.messages import N_, Labels
from shequ.employment.domain.common import Acting

CertificateState = Literal["in_use", "returned", "cancelled"]
KIND_NAMES: Labels = CERTIFICATE_KIND_LABELS
CERTIFICATE_STATE_LABELS: Labels = {
    "in_use": N_("in use"),
    "returned": N_("returned"),
    "cancelled": N_("cancelled"),
}
"""正常使用 / 缴回 / 注销: how a person reads a certificate's state."""


class RegistrationOpen(Conflict):
    code = "registration-open"
    title = N_("Already registered as unemployed")


class RegistrationNotFound(NotFound):
    code = "registration-not-found"
    title = N_("Registration not found")


class RegistrationEnded(DomainError):
    code = "registration-ended"
    title = N_("Registration already ended")


class RegistrationRequired(DomainError):
    code = "registration-required"
    title = N_("Unemployment registration required")


class CertificateNumberTaken(Conflict):
    code = "certificate-number-taken"
    title = N_("Certificate number already used")

    def __init__(self, number: str) -> None:
        super().__init__(
            N_(
                "certificate number {number} was issued already; a number is never"
                " reused, even after a return or a cancellation"
            ),
            field="number",
            number=number,
        )


class CertificateKindInUse(Conflict):
    code = "certificate-kind-in-use"
    title = N_("A certificate of this kind is in use")


class CertificateNotFound(NotFound):
    code = "certificate-not-found"
    title = N_("Certificate not found")


class CertificateNotInUse(DomainError):
    code = "certificate-not-in-use"
    title = N_("Certificate not in use")


class DateOutOfOrder(DomainError):
    code = "date-out-of-order"
    title = N_("Dates out of order")


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
