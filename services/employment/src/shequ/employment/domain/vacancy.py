"""A vacancy (用工需求) and its referrals (推荐): post, refer, interview, decide. Pure.

Stream ``vacancy/<vacancy_id>``. A community or street office posts an employer's
vacancy with a number of openings, the skills asked for, a monthly wage range and the
last day it stands. Staff refer job seekers to it (the handler says whether the person
is in the job-seeker bank, and :mod:`matching` gives the reasons); each referral is
interviewed and decided: hired or not hired, once. A hire fills one opening; when
every opening is filled the vacancy is *full* and takes no more referrals or hires.
Filling records no ``VacancyClosed``: the hires already say it, and closing stays a
decision staff take with a reason (the employer withdrew, the post was filled
elsewhere). A vacancy past ``valid_until`` is *expired*: no referral or hire then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, assert_never

from shequ.access import OfficeCode, OfficeLevel
from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.employment import (
    CandidateHired,
    CandidateNotHired,
    CandidateReferred,
    InterviewHeld,
    VacancyClosed,
    VacancyEvent,
    VacancyPosted,
)
from shequ.employment.domain import matching
from shequ.employment.domain.common import Acting, not_after_today, require_text
from shequ.employment.domain.profile import NotSeekingWork
from shequ.eventstore import Decider

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
        raise ReferralNotFound(f"no referral {referral_id}", field="referral_id")

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


def decide(command: Command, state: State) -> list[VacancyEvent]:
    match command:
        case Post():
            if state is not None:
                raise Conflict(f"vacancy {state.vacancy_id} exists", field="vacancy_id")
            return [_post(command)]
        case Close():
            return [_close(command, _existing(state))]
        case Refer():
            return [_refer(command, _existing(state))]
        case HoldInterview():
            return [_interview(command, _existing(state))]
        case Hire():
            return [_hire(command, _existing(state))]
        case Reject():
            return [_reject(command, _existing(state))]
        case _:
            assert_never(command)


def _post(command: Post) -> VacancyPosted:
    try:
        level = OfficeCode(command.office).level
    except ValueError as error:
        raise DomainError(str(error), field="office") from None
    if level not in (OfficeLevel.STREET, OfficeLevel.COMMUNITY):
        raise DomainError(
            "a community or street office posts vacancies", field="office"
        )
    if command.openings < 1:
        raise DomainError("a vacancy has at least one opening", field="openings")
    if command.wage_min < 0:
        raise DomainError("a wage cannot be negative", field="wage_min")
    if command.wage_min > command.wage_max:
        raise DomainError("the wage range is upside down", field="wage_max")
    if command.valid_until < command.by.today:
        raise DomainError(
            f"a vacancy cannot end before today ({command.by.today})",
            field="valid_until",
        )
    requirements = [r.strip() for r in command.requirements if r.strip()]
    return VacancyPosted(
        vacancy_id=command.vacancy_id,
        office=command.office,
        employer=require_text(command.employer, "employer", "the employer"),
        position=require_text(command.position, "position", "the position"),
        openings=command.openings,
        requirements=list(dict.fromkeys(requirements)),
        wage_min=command.wage_min,
        wage_max=command.wage_max,
        valid_until=command.valid_until,
        posted_on=command.by.today,
    )


def _close(command: Close, vacancy: Vacancy) -> VacancyClosed:
    if vacancy.closed_on is not None:
        raise VacancyNotOpen(f"closed on {vacancy.closed_on}", field="vacancy_id")
    return VacancyClosed(
        vacancy_id=vacancy.vacancy_id,
        office=vacancy.office,
        closed_on=command.by.today,
        reason=require_text(command.reason, "reason", "the reason"),
    )


def _taking(vacancy: Vacancy, today: date) -> None:
    """Refuse unless the vacancy takes candidates today: open, unexpired, not full."""
    match vacancy.state_on(today):
        case "closed":
            raise VacancyNotOpen(
                f"the vacancy was closed on {vacancy.closed_on}", field="vacancy_id"
            )
        case "full":
            raise VacancyNotOpen(
                f"all {vacancy.openings} openings are filled", field="openings"
            )
        case "expired":
            raise VacancyNotOpen(
                f"the vacancy ended on {vacancy.valid_until}", field="valid_until"
            )


def _refer(command: Refer, vacancy: Vacancy) -> CandidateReferred:
    _taking(vacancy, command.by.today)
    if command.seeker is None:
        raise NotSeekingWork(
            f"{command.person_id} is not in the job-seeker bank", field="person_id"
        )
    for r in vacancy.referrals:
        if r.person_id == command.person_id and r.outcome != "not_hired":
            raise AlreadyReferred(
                f"{command.person_id} was referred on {r.referred_on}"
                f" ({r.outcome or 'undecided'})",
                field="person_id",
            )
    return CandidateReferred(
        vacancy_id=vacancy.vacancy_id,
        office=vacancy.office,
        referral_id=command.referral_id,
        person_id=command.person_id,
        referred_on=command.by.today,
        reasons=list(matching.match(command.seeker, vacancy.opening()).reasons),
    )


def _undecided(vacancy: Vacancy, referral_id: str) -> Referral:
    referral = vacancy.referral(referral_id)
    if referral.outcome is not None:
        raise ReferralDecided(
            f"already decided on {referral.decided_on}: {referral.outcome}",
            field="referral_id",
        )
    return referral


def _on_or_after_referral(
    day: date, referral: Referral, by: Acting, field: str
) -> date:
    day = not_after_today(day, by, field)
    if day < referral.referred_on:
        raise DomainError(
            f"the referral was made on {referral.referred_on}", field=field
        )
    return day


def _interview(command: HoldInterview, vacancy: Vacancy) -> InterviewHeld:
    referral = _undecided(vacancy, command.referral_id)
    return InterviewHeld(
        vacancy_id=vacancy.vacancy_id,
        office=vacancy.office,
        referral_id=referral.referral_id,
        person_id=referral.person_id,
        held_on=_on_or_after_referral(command.held_on, referral, command.by, "held_on"),
        notes=command.notes.strip(),
    )


def _hire(command: Hire, vacancy: Vacancy) -> CandidateHired:
    referral = _undecided(vacancy, command.referral_id)
    _taking(vacancy, command.by.today)
    return CandidateHired(
        vacancy_id=vacancy.vacancy_id,
        office=vacancy.office,
        referral_id=referral.referral_id,
        person_id=referral.person_id,
        hired_on=_on_or_after_referral(
            command.hired_on, referral, command.by, "hired_on"
        ),
    )


def _reject(command: Reject, vacancy: Vacancy) -> CandidateNotHired:
    # Allowed on a closed, full or expired vacancy: pending referrals still get an
    # answer.
    referral = _undecided(vacancy, command.referral_id)
    return CandidateNotHired(
        vacancy_id=vacancy.vacancy_id,
        office=vacancy.office,
        referral_id=referral.referral_id,
        person_id=referral.person_id,
        decided_on=command.by.today,
        reason=require_text(command.reason, "reason", "the reason"),
    )


def _existing(state: State) -> Vacancy:
    if state is None:
        raise VacancyNotFound("no such vacancy", field="vacancy_id")
    return state


ReferralEvent = InterviewHeld | CandidateHired | CandidateNotHired


def _progress(referral: Referral, event: ReferralEvent) -> Referral:
    if referral.referral_id != event.referral_id:
        return referral
    match event:
        case InterviewHeld():
            held = Interview(event.held_on, event.notes)
            return replace(referral, interviews=(*referral.interviews, held))
        case CandidateHired():
            return replace(referral, outcome="hired", decided_on=event.hired_on)
        case CandidateNotHired():
            on, why = event.decided_on, event.reason
            return replace(referral, outcome="not_hired", decided_on=on, reason=why)
        case _:
            assert_never(event)


def evolve(state: State, event: VacancyEvent) -> State:
    match event:
        case VacancyPosted():
            return Vacancy(
                event.vacancy_id,
                event.office,
                event.employer,
                event.position,
                event.openings,
                tuple(event.requirements),
                event.wage_min,
                event.wage_max,
                event.valid_until,
                event.posted_on,
            )
        case _ if state is None:
            return state
        case VacancyClosed():
            return replace(state, closed_on=event.closed_on, close_reason=event.reason)
        case CandidateReferred():
            referral = Referral(
                event.referral_id,
                event.person_id,
                event.referred_on,
                tuple(event.reasons),
            )
            return replace(state, referrals=(*state.referrals, referral))
        case InterviewHeld() | CandidateHired() | CandidateNotHired():
            progressed = tuple(_progress(r, event) for r in state.referrals)
            return replace(state, referrals=progressed)
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, VacancyEvent] = Decider(
    "vacancy", None, decide, evolve
)
