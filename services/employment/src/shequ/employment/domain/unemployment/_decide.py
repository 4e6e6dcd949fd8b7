"""The rules of registration and certificates: each command to its events. Pure."""

from __future__ import annotations

from datetime import date
from typing import assert_never

from shequ.contracts.employment import (
    CertificateCancelled,
    CertificateIssued,
    CertificateReturned,
    UnemploymentEvent,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.contracts.messages import N_
from shequ.employment.domain.common import Acting, not_after_today, require_text
from shequ.employment.domain.unemployment._commands import (
    KIND_NAMES,
    CancelCertificate,
    CertificateKindInUse,
    CertificateNotFound,
    CertificateNotInUse,
    CertificateNumberTaken,
    Command,
    DateOutOfOrder,
    EndRegistration,
    IssueCertificate,
    Register,
    RegistrationEnded,
    RegistrationNotFound,
    RegistrationOpen,
    RegistrationRequired,
    ReturnCertificate,
)
from shequ.employment.domain.unemployment._state import State


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
            f"the registration began on {registration.registered_on}", field="ended_on"
        )
    reason = require_text(command.reason, "reason", N_("the reason"))
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
    number = require_text(command.number, "number", N_("the certificate number"))
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
            f"the registration began on {registration.registered_on}", field="issued_on"
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
        reason=require_text(command.reason, "reason", N_("the reason")),
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
