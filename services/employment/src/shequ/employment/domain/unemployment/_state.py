"""A person's registrations and certificates as the rules see them. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.employment import CertificateKind
from shequ.employment.domain.unemployment._commands import CertificateState


@dataclass(frozen=True)
class Registration:
    registration_id: str
    registered_on: date
    ended_on: date | None = None
    end_reason: str | None = None


@dataclass(frozen=True)
class Certificate:
    number: str
    kind: CertificateKind
    issued_on: date
    state: CertificateState = "in_use"
    returned_on: date | None = None
    cancelled_on: date | None = None
    cancel_reason: str | None = None


@dataclass(frozen=True)
class Unemployment:
    person_id: str
    office: str
    registrations: tuple[Registration, ...] = ()
    certificates: tuple[Certificate, ...] = ()

    @property
    def open_registration(self) -> Registration | None:
        return next((r for r in self.registrations if r.ended_on is None), None)

    def in_use(self, kind: CertificateKind) -> Certificate | None:
        return next(
            (c for c in self.certificates if c.kind == kind and c.state == "in_use"),
            None,
        )


State = Unemployment | None
