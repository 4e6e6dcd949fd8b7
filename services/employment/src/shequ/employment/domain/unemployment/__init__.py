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
from dataclasses import replace
from typing import assert_never

from shequ.contracts.employment import (
    CertificateCancelled,
    CertificateIssued,
    CertificateReturned,
    UnemploymentEvent,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.employment.domain.unemployment._commands import (
    CERTIFICATE_STATE_LABELS,
    KIND_NAMES,
    CancelCertificate,
    CertificateKindInUse,
    CertificateNotFound,
    CertificateNotInUse,
    CertificateNumberTaken,
    CertificateState,
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
from shequ.employment.domain.unemployment._decide import decide
from shequ.employment.domain.unemployment._state import (
    Certificate,
    Registration,
    State,
    Unemployment,
)
from shequ.eventstore import Decider


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


__all__ = [
    "CERTIFICATE_STATE_LABELS",
    "DECIDER",
    "KIND_NAMES",
    "CancelCertificate",
    "Certificate",
    "CertificateKindInUse",
    "CertificateNotFound",
    "CertificateNotInUse",
    "CertificateNumberTaken",
    "CertificateState",
    "Command",
    "DateOutOfOrder",
    "EndRegistration",
    "IssueCertificate",
    "Register",
    "Registration",
    "RegistrationEnded",
    "RegistrationNotFound",
    "RegistrationOpen",
    "RegistrationRequired",
    "ReturnCertificate",
    "State",
    "Unemployment",
    "decide",
    "evolve",
]
