"""The vacancy bank (用工需求信息库): stream ``vacancy/<id>``, with its referrals.

A referral (推荐) follows a candidate from a vacancy to an interview and to hired or not
hired; a hire fills one opening and changes the person's labour status (that event is
on their profile stream, appended in the same transaction).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from shequ.contracts._event import Event
from shequ.contracts.personal import PERSONAL
from shequ.contracts.registry._types import OfficeCodeText


class VacancyPosted(Event):
    type: Literal["VacancyPosted"] = "VacancyPosted"
    stream_type = "vacancy"
    vacancy_id: str
    office: OfficeCodeText
    employer: str
    position: str
    openings: int
    requirements: list[str]  # skills asked for
    wage_min: int  # yuan a month
    wage_max: int
    valid_until: date
    posted_on: date


class VacancyClosed(Event):
    type: Literal["VacancyClosed"] = "VacancyClosed"
    stream_type = "vacancy"
    vacancy_id: str
    office: OfficeCodeText
    closed_on: date
    reason: str


class CandidateReferred(Event):
    """A job seeker was put forward (推荐); ``reasons`` are why they were matched."""

    type: Literal["CandidateReferred"] = "CandidateReferred"
    stream_type = "vacancy"
    vacancy_id: str
    office: OfficeCodeText
    referral_id: str
    person_id: str
    referred_on: date
    reasons: list[str]


class InterviewHeld(Event):
    type: Literal["InterviewHeld"] = "InterviewHeld"
    stream_type = "vacancy"
    vacancy_id: str
    office: OfficeCodeText
    referral_id: str
    person_id: str
    held_on: date
    notes: Annotated[str, PERSONAL]


class CandidateHired(Event):
    type: Literal["CandidateHired"] = "CandidateHired"
    stream_type = "vacancy"
    vacancy_id: str
    office: OfficeCodeText
    referral_id: str
    person_id: str
    hired_on: date


class CandidateNotHired(Event):
    type: Literal["CandidateNotHired"] = "CandidateNotHired"
    stream_type = "vacancy"
    vacancy_id: str
    office: OfficeCodeText
    referral_id: str
    person_id: str
    decided_on: date
    reason: str


# Every event of a ``vacancy`` stream.
VacancyEvent = (
    VacancyPosted
    | VacancyClosed
    | CandidateReferred
    | InterviewHeld
    | CandidateHired
    | CandidateNotHired
)
