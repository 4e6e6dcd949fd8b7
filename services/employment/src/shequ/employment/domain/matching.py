"""Matching the two banks (对号入座): a job seeker against a vacancy, with why. Pure.

A match scores out of 100 and says why, in short Chinese phrases staff read as they
are (and that a referral records): the wanted kind of work fits the position (意向对口,
a wish containing the position or contained in it, ignoring case) 40; the skills asked
for that the seeker has (技能匹配, named) up to 30, in proportion; the wage acceptable
(the seeker's minimum not above the vacancy's maximum) 10; available by the day the
vacancy ends 10; living in the vacancy's community 10, or else in its street 5.

Only a relevant match is suggested: one where the work wanted or a skill fits. Living
nearby, cheaply or soon does not make someone a candidate for work they do not seek.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from shequ.access import OfficeCode, OfficeLevel

WISH_POINTS, SKILL_POINTS, WAGE_POINTS, AVAILABLE_POINTS = 40, 30, 10, 10
COMMUNITY_POINTS, STREET_POINTS = 10, 5


@dataclass(frozen=True)
class Seeker:
    """A job-seeker bank entry (求职需求), with where the person lives now."""

    person_id: str
    office: str
    wishes: tuple[str, ...]
    skills: tuple[str, ...]
    available_from: date
    min_monthly_wage: int | None


@dataclass(frozen=True)
class Opening:
    """A vacancy as matching sees it (用工需求)."""

    vacancy_id: str
    office: str
    position: str
    requirements: tuple[str, ...]
    wage_min: int
    wage_max: int
    valid_until: date


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[str, ...]
    relevant: bool  # the work wanted or a skill fits


def _norm(text: str) -> str:
    return text.strip().casefold()


def wish_fits(wishes: Iterable[str], position: str) -> str | None:
    """The first wish that contains the position or is contained in it."""
    wanted = _norm(position)
    for wish in wishes:
        w = _norm(wish)
        if w and wanted and (w in wanted or wanted in w):
            return wish.strip()
    return None


def skills_matched(skills: Iterable[str], requirements: Iterable[str]) -> list[str]:
    """The requirements the seeker has a skill for, in the vacancy's order."""
    held = {_norm(s) for s in skills}
    return [r for r in requirements if _norm(r) in held]


@cache
def _is_community(office: str) -> bool:
    return OfficeCode(office).level == OfficeLevel.COMMUNITY


def _near(seeker_office: str, vacancy_office: str) -> tuple[int, str | None]:
    # Codes carry the hierarchy: 6 digits district, 3 street, 3 community (a grid
    # adds 3), so a shared prefix is a shared office.
    if _is_community(vacancy_office) and seeker_office[:12] == vacancy_office[:12]:
        return COMMUNITY_POINTS, "同社区"
    if seeker_office[:9] == vacancy_office[:9]:
        return STREET_POINTS, "同街道"
    return 0, None


def match(seeker: Seeker, opening: Opening) -> Match:
    """How well ``seeker`` fits ``opening``, and why."""
    score, reasons = 0, []
    wish = wish_fits(seeker.wishes, opening.position)
    if wish is not None:
        score += WISH_POINTS
        reasons.append(f"意向对口：{wish}")
    matched = skills_matched(seeker.skills, opening.requirements)
    if matched:
        score += round(SKILL_POINTS * len(matched) / len(opening.requirements))
        reasons.append(f"技能匹配：{'、'.join(matched)}")
    wage = seeker.min_monthly_wage
    if wage is None or wage <= opening.wage_max:
        score += WAGE_POINTS
        reasons.append("工资可接受")
    if seeker.available_from <= opening.valid_until:
        score += AVAILABLE_POINTS
        reasons.append("可按期到岗")
    points, where = _near(seeker.office, opening.office)
    if where is not None:
        score += points
        reasons.append(where)
    return Match(score, tuple(reasons), relevant=wish is not None or bool(matched))


def rank_seekers(
    opening: Opening, seekers: Iterable[Seeker], limit: int
) -> list[tuple[Seeker, Match]]:
    """The relevant seekers for ``opening``, best first (then earliest available)."""
    scored = [(s, match(s, opening)) for s in seekers]
    relevant = [(s, m) for s, m in scored if m.relevant]
    relevant.sort(key=lambda sm: (-sm[1].score, sm[0].available_from, sm[0].person_id))
    return relevant[:limit]


def rank_openings(
    seeker: Seeker, openings: Iterable[Opening], limit: int
) -> list[tuple[Opening, Match]]:
    """The relevant vacancies for ``seeker``, best first (then soonest ending)."""
    scored = [(o, match(seeker, o)) for o in openings]
    relevant = [(o, m) for o, m in scored if m.relevant]
    relevant.sort(key=lambda om: (-om[1].score, om[0].valid_until, om[0].vacancy_id))
    return relevant[:limit]


def street_of(office: str) -> OfficeCode:
    """Where suggestions for a vacancy look by default: its street (or itself)."""
    code = OfficeCode(office)
    parent = code.parent
    return parent if code.level == OfficeLevel.COMMUNITY and parent else code


def district_of(office: str) -> OfficeCode:
    """Where vacancies for a job seeker are looked for: their district."""
    return OfficeCode(office[:6].ljust(12, "0"))
