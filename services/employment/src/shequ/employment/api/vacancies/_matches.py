"""Suggestions (对号入座): job seekers for a vacancy, vacancies for a job seeker.

Candidates are narrowed in SQL (the subtree, in the bank, not referred yet) and
scored by :mod:`shequ.employment.domain.matching`, which says why each one fits.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.contracts.messages import N_
from shequ.employment.api._access import readable
from shequ.employment.api.vacancies._record import readable_vacancy, today_of
from shequ.employment.domain import matching, profile
from shequ.employment.domain.access import ACCESS
from shequ.employment.handlers.vacancies import seeker_of
from shequ.employment.readmodels import vacancies as ledger
from shequ.service import Reader, RuntimeDep
from shequ.service.people import living_person

router = APIRouter(prefix="/api/v1/employment", tags=["vacancies"])
Within = Annotated[OfficeCode | None, Query(description="an office subtree")]
Limit = Annotated[int, Query(ge=1, le=200, description="how many, best first")]


class SeekerSuggestion(BaseModel):
    person_id: str
    name: str
    document_masked: str | None
    office: str
    score: int
    reasons: list[str]
    wishes: list[str]
    skills: list[str]
    available_from: date
    min_monthly_wage: int | None


class VacancySuggestion(BaseModel):
    vacancy_id: str
    office: str
    employer: str
    position: str
    wage_min: int
    wage_max: int
    valid_until: date
    openings_left: int
    score: int
    reasons: list[str]


@router.get("/vacancies/{vacancy_id}/suggestions")
async def suggest_seekers(
    vacancy_id: str,
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    limit: Limit = 20,
) -> list[SeekerSuggestion]:
    """Job seekers for the vacancy, best first, with why; never referred to it yet.

    By default those in the vacancy's street whom the actor may see (a community's
    own staff see their community's).
    """
    found, _ = await readable_vacancy(rt, actor, vacancy_id)
    street = matching.street_of(found.office)
    root = within or (street if actor.can_see(street) else OfficeCode(actor.office))
    ACCESS.may_read(actor, root)
    seekers = await ledger.seekers_within(rt.pool, root.subtree_prefix, vacancy_id)
    people = {s.person_id: (name, masked) for s, name, masked in seekers}
    ranked = matching.rank_seekers(found.opening(), [s for s, _, _ in seekers], limit)
    return [
        SeekerSuggestion(
            person_id=s.person_id,
            name=people[s.person_id][0],
            document_masked=people[s.person_id][1],
            office=s.office,
            score=m.score,
            reasons=list(m.reasons),
            wishes=list(s.wishes),
            skills=list(s.skills),
            available_from=s.available_from,
            min_monthly_wage=s.min_monthly_wage,
        )
        for s, m in ranked
    ]


@router.get("/profiles/{person_id}/suggestions")
async def suggest_vacancies(
    person_id: str, rt: RuntimeDep, actor: Reader, limit: Limit = 20
) -> list[VacancySuggestion]:
    """Vacancies in the person's district taking candidates, best first, with why."""
    await readable(rt, actor, person_id)  # outside the subtree: 404 as unknown
    person = await living_person(rt.pool, person_id)
    seeker = await seeker_of(rt.store, person)
    if seeker is None:
        raise profile.NotSeekingWork(
            N_("the person is not in the job-seeker bank"), field="person_id"
        )
    district = matching.district_of(person.office)
    openings = await ledger.openings_within(
        rt.pool, district.subtree_prefix, today_of(rt), person_id
    )
    more = {o.vacancy_id: (employer, left) for o, employer, left in openings}
    ranked = matching.rank_openings(seeker, [o for o, _, _ in openings], limit)
    return [
        VacancySuggestion(
            vacancy_id=o.vacancy_id,
            office=o.office,
            employer=more[o.vacancy_id][0],
            position=o.position,
            wage_min=o.wage_min,
            wage_max=o.wage_max,
            valid_until=o.valid_until,
            openings_left=more[o.vacancy_id][1],
            score=m.score,
            reasons=list(m.reasons),
        )
        for o, m in ranked
    ]
