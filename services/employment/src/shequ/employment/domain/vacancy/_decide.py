"""The rules of a vacancy: post, refer, interview, hire or not. Pure."""

from __future__ import annotations

from datetime import date
from typing import assert_never

from shequ.access import OfficeCode, OfficeLevel
from shequ.contracts import Conflict, DomainError
from shequ.contracts.employment import (
    CandidateHired,
    CandidateNotHired,
    CandidateReferred,
    InterviewHeld,
    VacancyClosed,
    VacancyEvent,
    VacancyPosted,
)
from shequ.contracts.messages import N_
from shequ.employment.domain import matching
from shequ.employment.domain.common import Acting, not_after_today, require_text
from shequ.employment.domain.profile import NotSeekingWork
from shequ.employment.domain.vacancy._commands import (
    REFERRAL_OUTCOME_LABELS,
    AlreadyReferred,
    Close,
    Command,
    Hire,
    HoldInterview,
    Post,
    Refer,
    ReferralDecided,
    Reject,
    VacancyNotFound,
    VacancyNotOpen,
)
from shequ.employment.domain.vacancy._state import Referral, State, Vacancy


def decide(command: Command, state: State) -> list[VacancyEvent]:
    match command:
        case Post():
            if state is not None:
                raise Conflict(
                    N_("vacancy {vacancy_id} exists"),
                    field="vacancy_id",
                    vacancy_id=state.vacancy_id,
                )
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
    except ValueError:
        raise DomainError(
            N_("{code} is not an office code"), field="office", code=command.office
        ) from None
    if level not in (OfficeLevel.STREET, OfficeLevel.COMMUNITY):
        raise DomainError(
            N_("a community or street office posts vacancies"), field="office"
        )
    if command.openings < 1:
        raise DomainError(N_("a vacancy has at least one opening"), field="openings")
    if command.wage_min < 0:
        raise DomainError(N_("a wage cannot be negative"), field="wage_min")
    if command.wage_min > command.wage_max:
        raise DomainError(N_("the wage range is upside down"), field="wage_max")
    if command.valid_until < command.by.today:
        raise DomainError(
            N_("a vacancy cannot end before today ({today})"),
            field="valid_until",
            today=command.by.today,
        )
    requirements = [r.strip() for r in command.requirements if r.strip()]
    return VacancyPosted(
        vacancy_id=command.vacancy_id,
        office=command.office,
        employer=require_text(command.employer, "employer", N_("the employer")),
        position=require_text(command.position, "position", N_("the position")),
        openings=command.openings,
        requirements=list(dict.fromkeys(requirements)),
        wage_min=command.wage_min,
        wage_max=command.wage_max,
        valid_until=command.valid_until,
        posted_on=command.by.today,
    )


def _close(command: Close, vacancy: Vacancy) -> VacancyClosed:
    if vacancy.closed_on is not None:
        raise VacancyNotOpen(
            N_("closed on {closed_on}"), field="vacancy_id", closed_on=vacancy.closed_on
        )
    return VacancyClosed(
        vacancy_id=vacancy.vacancy_id,
        office=vacancy.office,
        closed_on=command.by.today,
        reason=require_text(command.reason, "reason", N_("the reason")),
    )


def _taking(vacancy: Vacancy, today: date) -> None:
    """Refuse unless the vacancy takes candidates today: open, unexpired, not full."""
    match vacancy.state_on(today):
        case "closed":
            raise VacancyNotOpen(
                N_("the vacancy was closed on {closed_on}"),
                field="vacancy_id",
                closed_on=vacancy.closed_on,
            )
        case "full":
            raise VacancyNotOpen(
                N_("all {openings} openings are filled"),
                field="openings",
                openings=vacancy.openings,
            )
        case "expired":
            raise VacancyNotOpen(
                N_("the vacancy ended on {valid_until}"),
                field="valid_until",
                valid_until=vacancy.valid_until,
            )


def _refer(command: Refer, vacancy: Vacancy) -> CandidateReferred:
    _taking(vacancy, command.by.today)
    if command.seeker is None:
        raise NotSeekingWork(
            N_("{person_id} is not in the job-seeker bank"),
            field="person_id",
            person_id=command.person_id,
        )
    for r in vacancy.referrals:
        if r.person_id == command.person_id and r.outcome != "not_hired":
            raise AlreadyReferred(
                N_("{person_id} was referred on {referred_on} ({outcome})"),
                field="person_id",
                person_id=command.person_id,
                referred_on=r.referred_on,
                outcome=REFERRAL_OUTCOME_LABELS[r.outcome]
                if r.outcome
                else N_("undecided"),
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
            N_("already decided on {decided_on}: {outcome}"),
            field="referral_id",
            decided_on=referral.decided_on,
            outcome=REFERRAL_OUTCOME_LABELS[referral.outcome],
        )
    return referral


def _on_or_after_referral(
    day: date, referral: Referral, by: Acting, field: str
) -> date:
    day = not_after_today(day, by, field)
    if day < referral.referred_on:
        raise DomainError(
            N_("the referral was made on {referred_on}"),
            field=field,
            referred_on=referral.referred_on,
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
        reason=require_text(command.reason, "reason", N_("the reason")),
    )


def _existing(state: State) -> Vacancy:
    if state is None:
        raise VacancyNotFound(N_("no such vacancy"), field="vacancy_id")
    return state
