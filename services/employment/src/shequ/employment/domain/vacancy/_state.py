"""A vacancy and its referrals as the rules see them. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.messages import N_
from shequ.employment.domain import matching
from shequ.employment.domain.vacancy._commands import (
    ReferralNotFound,
    ReferralOutcome,
    VacancyState,
)


@dataclass(frozen=True)
class Interview:
    held_on: date
    notes: str


@dataclass(frozen=True)
class Referral:
    referral_id: str
    person_id: str
    referred_on: date
    reasons: tuple[str, ...]
    interviews: tuple[Interview, ...] = ()
    outcome: ReferralOutcome | None = None
    decided_on: date | None = None
    reason: str | None = None  # why not hired


@dataclass(frozen=True)
class Vacancy:
    vacancy_id: str
    office: str
    employer: str
    position: str
    openings: int
    requirements: tuple[str, ...]
    wage_min: int
    wage_max: int
    valid_until: date
    posted_on: date
    closed_on: date | None = None
    close_reason: str | None = None
    referrals: tuple[Referral, ...] = ()

    @property
    def filled(self) -> int:
        return sum(r.outcome == "hired" for r in self.referrals)

    def state_on(self, day: date) -> VacancyState:
        if self.closed_on is not None:
            return "closed"
        if self.filled >= self.openings:
            return "full"
        return "expired" if self.valid_until < day else "open"

    def referral(self, referral_id: str) -> Referral:
        for r in self.referrals:
            if r.referral_id == referral_id:
                return r
        raise ReferralNotFound(
            N_("no referral {referral_id}"),
            field="referral_id",
            referral_id=referral_id,
        )

    def last_referral_of(self, person_id: str) -> Referral | None:
        mine = [r for r in self.referrals if r.person_id == person_id]
        return mine[-1] if mine else None

    def opening(self) -> matching.Opening:
        return matching.Opening(
            self.vacancy_id,
            self.office,
            self.position,
            self.requirements,
            self.wage_min,
            self.wage_max,
            self.valid_until,
        )


State = Vacancy | None
