"""Vacancy commands (用工需求, 推荐), its states and the refusals of its rules. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.employment.domain import matching
from shequ.employment.domain.common import Acting

VacancyState = Literal["open", "full", "expired", "closed"]
ReferralOutcome = Literal["hired", "not_hired"]


class VacancyNotFound(NotFound):
    code = "vacancy-not-found"


class ReferralNotFound(NotFound):
    code = "referral-not-found"


class VacancyNotOpen(DomainError):
    """Closed, expired or full: ``field`` names the rule (valid_until, openings)."""

    code = "vacancy-not-open"


class ReferralDecided(DomainError):
    code = "referral-decided"


class AlreadyReferred(Conflict):
    code = "already-referred"


@dataclass(frozen=True, kw_only=True)
class Post:
    vacancy_id: str
    office: str
    employer: str
    position: str
    openings: int
    requirements: list[str]
    wage_min: int
    wage_max: int
    valid_until: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Close:
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Refer:
    referral_id: str
    person_id: str
    seeker: matching.Seeker | None  # None: not in the job-seeker bank
    by: Acting


@dataclass(frozen=True, kw_only=True)
class HoldInterview:
    referral_id: str
    held_on: date
    notes: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Hire:
    referral_id: str
    hired_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Reject:
    referral_id: str
    reason: str
    by: Acting


Command = Post | Close | Refer | HoldInterview | Hire | Reject
