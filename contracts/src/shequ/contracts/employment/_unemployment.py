"""Unemployment registration (失业登记), certificates: ``unemployment/<person>``.

Registration is the official record; whether the person is actually out of work is
their labour status. Certificates (失业证, 再就业优惠证) carry numbers unique across the
service: issued (in use), then returned or cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.employment._types import CertificateKind
from shequ.contracts.registry._types import OfficeCodeText


class UnemploymentRegistered(Event):
    type: Literal["UnemploymentRegistered"] = "UnemploymentRegistered"
    stream_type = "unemployment"
    person_id: str
    office: OfficeCodeText
    registration_id: str
    registered_on: date


class UnemploymentRegistrationEnded(Event):
    """The registration was closed, e.g. the person found work or moved away."""

    type: Literal["UnemploymentRegistrationEnded"] = "UnemploymentRegistrationEnded"
    stream_type = "unemployment"
    person_id: str
    office: OfficeCodeText
    registration_id: str
    ended_on: date
    reason: str


class CertificateIssued(Event):
    """A certificate was issued and is in use (正常使用)."""

    type: Literal["CertificateIssued"] = "CertificateIssued"
    stream_type = "unemployment"
    person_id: str
    office: OfficeCodeText
    kind: CertificateKind
    number: str
    issued_on: date


class CertificateReturned(Event):
    type: Literal["CertificateReturned"] = "CertificateReturned"
    stream_type = "unemployment"
    person_id: str
    office: OfficeCodeText
    number: str
    returned_on: date


class CertificateCancelled(Event):
    type: Literal["CertificateCancelled"] = "CertificateCancelled"
    stream_type = "unemployment"
    person_id: str
    office: OfficeCodeText
    number: str
    cancelled_on: date
    reason: str


# Every event of a ``unemployment`` stream.
UnemploymentEvent = (
    UnemploymentRegistered
    | UnemploymentRegistrationEnded
    | CertificateIssued
    | CertificateReturned
    | CertificateCancelled
)
