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
    CERTIFICATE_STATE_LABELS,
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
            N_(
                "already registered as unemployed since {registered_on}"
                " ({registration_id}): end that registration first"
            ),
            field="person_id",
            registered_on=current.registered_on,
            registration_id=current.registration_id,
        )
    ended = [r.ended_on for r in state.registrations if r.ended_on] if state else []
    if ended and on < max(ended):
        raise DateOutOfOrder(
            N_("the previous registration ended on {ended_on}"),
            field="registered_on",
            ended_on=max(ended),
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
            N_("no registration {registration_id} for {person_id}"),
            field="registration_id",
            registration_id=command.registration_id,
            person_id=command.person_id,
        )
    if registration.ended_on is not None:
        raise RegistrationEnded(
            N_("registration {registration_id} ended on {ended_on}"),
            field="registration_id",
            registration_id=command.registration_id,
            ended_on=registration.ended_on,
        )
    on = not_after_today(command.ended_on, command.by, "ended_on")
    if on < registration.registered_on:
        raise DateOutOfOrder(
            N_("the registration began on {registered_on}"),
            field="ended_on",
            registered_on=registration.registered_on,
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
            N_("unemployment certificate {number} was issued on {issued_on}"),
            field="ended_on",
            number=certificate.number,
            issued_on=certificate.issued_on,
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
            N_(
                "the {kind} is issued only to a person registered as unemployed:"
                " register them first"
            ),
            field="kind",
            kind=KIND_NAMES[command.kind],
        )
    if on < registration.registered_on:
        raise DateOutOfOrder(
            N_("the registration began on {registered_on}"),
            field="issued_on",
            registered_on=registration.registered_on,
        )
    if any(c.number == number for c in state.certificates):
        raise CertificateNumberTaken(number)
    held = state.in_use(command.kind)
    if held is not None:
        raise CertificateKindInUse(
            N_("{kind} {number} is in use: return or cancel it first"),
            field="kind",
            kind=KIND_NAMES[command.kind],
            number=held.number,
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
            N_("this person holds no certificate {number}"),
            field="number",
            number=number,
        )
    if certificate.state != "in_use":
        raise CertificateNotInUse(
            N_("certificate {number} is {state} already"),
            field="number",
            number=number,
            state=CERTIFICATE_STATE_LABELS[certificate.state],
        )
    on = not_after_today(day, by, field)
    if on < certificate.issued_on:
        raise DateOutOfOrder(
            N_("certificate {number} was issued on {issued_on}"),
            field=field,
            number=number,
            issued_on=certificate.issued_on,
        )
    return on
