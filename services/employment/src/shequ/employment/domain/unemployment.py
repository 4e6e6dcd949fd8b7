"""Unemployment registration (失业登记) and certificates (失业证, 再就业优惠证). Pure.

Stream ``unemployment/<person_id>``. A person has at most one open registration at a
time; a new one may not begin before the previous one ended. Ending one needs a
reason and cannot precede its start.

Certificates are issued only during an open registration, on or after the day it
began: a 失业证 attests the registration itself, and a 再就业优惠证 is issued to
registered unemployed people (登记失业人员) so they carry its preferential policies
into re-employment. Hence, when a registration ends, a 失业证 still in use is cancelled
(注销) with it, while a 再就业优惠证 stays in use. A person holds at most one
certificate of each kind in use. A number is never issued twice, even after a return
or a cancellation: this stream checks its own history, and the handler's guard table
(``certificate_numbers``) the whole service. Only a certificate in use is returned
(缴回) or cancelled (注销), not before its issue.

Every command carries the person's current office (from the registry copy), and
every event records it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, assert_never

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.employment import (
    CertificateCancelled,
    CertificateIssued,
    CertificateKind,
    CertificateReturned,
    UnemploymentEvent,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.employment.domain.common import Acting, not_after_today, require_text
from shequ.eventstore import Decider

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


def decide(command: Command, state: State) -> list[UnemploymentEvent]:
    match command:
        case Register():
            return [_register(command, state)]
        case EndRegistration():
            return _end(command, state)
        case IssueCertificate():
            return [_issue(command, state)]
        case ReturnCertificate():
            return [_return(command, state)]
        case CancelCertificate():
            return [_cancel(command, state)]
        case _:
            assert_never(command)


def _register(command: Register, state: State) -> UnemploymentRegistered:
    on = not_after_today(command.registered_on, command.by, "registered_on")
    if state is not None and (current := state.open_registration) is not None:
        raise RegistrationOpen(
            f"already registered as unemployed since {current.registered_on}"
            f" ({current.registration_id}): end that registration first",
            field="person_id",
        )
    ended = [r.ended_on for r in state.registrations if r.ended_on] if state else []
    if ended and on < max(ended):
        raise DateOutOfOrder(
            f"the previous registration ended on {max(ended)}", field="registered_on"
        )
    return UnemploymentRegistered(
        person_id=command.person_id,
        office=command.office,
        registration_id=command.registration_id,
        registered_on=on,
    )


def _end(command: EndRegistration, state: State) -> list[UnemploymentEvent]:
    registration = next(
        (
            r
            for r in (state.registrations if state else ())
            if r.registration_id == command.registration_id
        ),
        None,
    )
    if state is None or registration is None:
        raise RegistrationNotFound(
            f"no registration {command.registration_id} for {command.person_id}",
            field="registration_id",
        )
    if registration.ended_on is not None:
        raise RegistrationEnded(
            f"registration {command.registration_id} ended on {registration.ended_on}",
            field="registration_id",
        )
    on = not_after_today(command.ended_on, command.by, "ended_on")
    if on < registration.registered_on:
        raise DateOutOfOrder(
            f"the registration began on {registration.registered_on}",
            field="ended_on",
        )
    reason = require_text(command.reason, "reason", "the reason")
    events: list[UnemploymentEvent] = [
        UnemploymentRegistrationEnded(
            person_id=command.person_id,
            office=command.office,
            registration_id=command.registration_id,
            ended_on=on,
            reason=reason,
        )
    ]
    certificate = state.in_use("unemployment")
    if certificate is None:
        return events
    if on < certificate.issued_on:
        raise DateOutOfOrder(
            f"失业证 {certificate.number} was issued on {certificate.issued_on}",
            field="ended_on",
        )
    # The 失业证 attests the registration, so it cannot outlive it.
    events.append(
        CertificateCancelled(
            person_id=command.person_id,
            office=command.office,
            number=certificate.number,
            cancelled_on=on,
            reason=f"失业登记结束: {reason}",
        )
    )
    return events


def _issue(command: IssueCertificate, state: State) -> CertificateIssued:
    number = require_text(command.number, "number", "the certificate number")
    on = not_after_today(command.issued_on, command.by, "issued_on")
    registration = None if state is None else state.open_registration
    if state is None or registration is None:
        raise RegistrationRequired(
            f"a {KIND_NAMES[command.kind]} is issued only to a person registered as"
            " unemployed: register them first",
            field="kind",
        )
    if on < registration.registered_on:
        raise DateOutOfOrder(
            f"the registration began on {registration.registered_on}",
            field="issued_on",
        )
    if any(c.number == number for c in state.certificates):
        raise CertificateNumberTaken(number)
    held = state.in_use(command.kind)
    if held is not None:
        raise CertificateKindInUse(
            f"{KIND_NAMES[command.kind]} {held.number} is in use: return or cancel"
            " it first",
            field="kind",
        )
    return CertificateIssued(
        person_id=command.person_id,
        office=command.office,
        kind=command.kind,
        number=number,
        issued_on=on,
    )


def _return(command: ReturnCertificate, state: State) -> CertificateReturned:
    number = command.number.strip()
    on = _closing_date(number, command.returned_on, "returned_on", command.by, state)
    return CertificateReturned(
        person_id=command.person_id,
        office=command.office,
        number=number,
        returned_on=on,
    )


def _cancel(command: CancelCertificate, state: State) -> CertificateCancelled:
    number = command.number.strip()
    on = _closing_date(number, command.cancelled_on, "cancelled_on", command.by, state)
    return CertificateCancelled(
        person_id=command.person_id,
        office=command.office,
        number=number,
        cancelled_on=on,
        reason=require_text(command.reason, "reason", "the reason"),
    )


def _closing_date(number: str, day: date, field: str, by: Acting, state: State) -> date:
    certificate = next(
        (c for c in (state.certificates if state else ()) if c.number == number), None
    )
    if certificate is None:
        raise CertificateNotFound(
            f"this person holds no certificate {number}", field="number"
        )
    if certificate.state != "in_use":
        raise CertificateNotInUse(
            f"certificate {number} is {certificate.state.replace('_', ' ')} already",
            field="number",
        )
    on = not_after_today(day, by, field)
    if on < certificate.issued_on:
        raise DateOutOfOrder(
            f"certificate {number} was issued on {certificate.issued_on}", field=field
        )
    return on


def evolve(state: State, event: UnemploymentEvent) -> State:
    match event:
        case UnemploymentRegistered():
            s = _of(state, event.person_id, event.office)
            added = Registration(event.registration_id, event.registered_on)
            return replace(s, registrations=(*s.registrations, added))
        case UnemploymentRegistrationEnded():
            s = _of(state, event.person_id, event.office)
            return replace(
                s,
                registrations=tuple(
                    replace(r, ended_on=event.ended_on, end_reason=event.reason)
                    if r.registration_id == event.registration_id
                    else r
                    for r in s.registrations
                ),
            )
        case CertificateIssued():
            s = _of(state, event.person_id, event.office)
            issued = Certificate(event.number, event.kind, event.issued_on)
            return replace(s, certificates=(*s.certificates, issued))
        case CertificateReturned():
            return _certificate(
                state,
                event,
                lambda c: replace(c, state="returned", returned_on=event.returned_on),
            )
        case CertificateCancelled():
            return _certificate(
                state,
                event,
                lambda c: replace(
                    c,
                    state="cancelled",
                    cancelled_on=event.cancelled_on,
                    cancel_reason=event.reason,
                ),
            )
        case _:
            assert_never(event)


def _of(state: State, person_id: str, office: str) -> Unemployment:
    if state is None:
        return Unemployment(person_id, office)
    return replace(state, office=office)


def _certificate(
    state: State,
    event: CertificateReturned | CertificateCancelled,
    change: Callable[[Certificate], Certificate],
) -> Unemployment:
    s = _of(state, event.person_id, event.office)
    changed = (change(c) if c.number == event.number else c for c in s.certificates)
    return replace(s, certificates=tuple(changed))


DECIDER: Decider[Command, State, UnemploymentEvent] = Decider(
    "unemployment", None, decide, evolve
)
