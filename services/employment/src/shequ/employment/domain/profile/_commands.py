"""Labour profile commands (劳动力档案) and the refusals of its rules. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts import DomainError
from shequ.contracts.employment import InformationSource, LabourStatus
from shequ.contracts.messages import N_
from shequ.employment.domain.common import Acting


class EmployerRequired(DomainError):
    code = "employer-required"
    title = N_("Employer required")


class ProfileNotFound(DomainError):
    code = "no-labour-profile"
    title = N_("No labour profile")


class FlexibleEmploymentNotRegistered(DomainError):
    code = "flexible-employment-not-registered"
    title = N_("Flexible employment not registered")


class NotSeekingWork(DomainError):
    code = "not-seeking-work"
    title = N_("Not seeking work")


@dataclass(frozen=True, kw_only=True)
class RecordStatus:
    person_id: str
    office: str  # the person's office now, from the registry copy
    status: LabourStatus
    employer: str | None
    since: date
    reason: str
    source: InformationSource
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RegisterFlexible:
    person_id: str
    office: str
    occupation: str
    registered_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CertifyFlexible:
    certified_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class SeekWork:
    person_id: str
    office: str
    wishes: list[str]
    skills: list[str]
    available_from: date
    min_monthly_wage: int | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class StopSeeking:
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class HandOver:
    to_office: str
    by: Acting


Command = (
    RecordStatus
    | RegisterFlexible
    | CertifyFlexible
    | SeekWork
    | StopSeeking
    | HandOver
)
