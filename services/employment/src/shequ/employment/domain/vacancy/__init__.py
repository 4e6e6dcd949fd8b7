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

from dataclasses import replace
from typing import assert_never

from shequ.contracts.employment import (
    CandidateHired,
    CandidateNotHired,
    CandidateReferred,
    InterviewHeld,
    VacancyClosed,
    VacancyEvent,
    VacancyPosted,
)
from shequ.employment.domain.vacancy._commands import (
    REFERRAL_OUTCOME_LABELS,
    VACANCY_STATE_LABELS,
    AlreadyReferred,
    Close,
    Command,
    Hire,
    HoldInterview,
    Post,
    Refer,
    ReferralDecided,
    ReferralNotFound,
    ReferralOutcome,
    Reject,
    VacancyNotFound,
    VacancyNotOpen,
    VacancyState,
)
from shequ.employment.domain.vacancy._decide import decide
from shequ.employment.domain.vacancy._state import Interview, Referral, State, Vacancy
from shequ.eventstore import Decider

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


__all__ = [
    "DECIDER",
    "REFERRAL_OUTCOME_LABELS",
    "VACANCY_STATE_LABELS",
    "AlreadyReferred",
    "Close",
    "Command",
    "Hire",
    "HoldInterview",
    "Interview",
    "Post",
    "Refer",
    "Referral",
    "ReferralDecided",
    "ReferralEvent",
    "ReferralNotFound",
    "ReferralOutcome",
    "Reject",
    "State",
    "Vacancy",
    "VacancyNotFound",
    "VacancyNotOpen",
    "VacancyState",
    "decide",
    "evolve",
]
