"""A labour profile as the rules see it: status, flexible work, job seeking. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.employment import LabourStatus


@dataclass(frozen=True)
class Flexible:
    occupation: str
    registered_on: date
    certified_on: date | None


@dataclass(frozen=True)
class Seeking:
    wishes: tuple[str, ...]
    skills: tuple[str, ...]
    available_from: date
    min_monthly_wage: int | None


@dataclass(frozen=True)
class Profile:
    person_id: str
    office: str
    status: LabourStatus | None  # None until a status is first recorded
    employer: str | None
    since: date | None
    flexible: Flexible | None = None
    seeking: Seeking | None = None


State = Profile | None
