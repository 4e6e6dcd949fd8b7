"""Vacancy commands (用工需求, 推荐), its states and the refusals of its rules. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_, Labels
from shequ.employment.domain import matching
from shequ.employment.domain.common import Acting

VacancyState = Literal["open", "full", "expired", "closed"]
ReferralOutcome = Literal["hired", "not_hired"]
VACANCY_STATE_LABELS: Labels = {
    "open": N_("recruiting"),
    "full": N_("all openings filled"),
    "expired": N_("expired"),
    "closed": N_("closed"),
}
"""招聘中 / 已招满 / 已过期 / 已关闭: how a person reads a vacancy's state."""
REFERRAL_OUTCOME_LABELS: Labels = {"hired": N_("hired"), "not_hired": N_("not hired")}
"""录用 / 未录用: how a person reads a referral's outcome."""


class VacancyNotFound(NotFound):
    code = "vacancy-not-found"
    title = N_("Vacancy not found")


class ReferralNotFound(NotFound):
    code = "referral-not-found"
    title = N_("Referral not found")


class VacancyNotOpen(DomainError):
    """Closed, expired or full: ``field`` names the rule (valid_until, openings)."""

    code = "vacancy-not-open"
    title = N_("Vacancy not open")


class ReferralDecided(DomainError):
    code = "referral-decided"
    title = N_("Referral already decided")


class AlreadyReferred(Conflict):
    code = "already-referred"
    title = N_("Already referred")


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
