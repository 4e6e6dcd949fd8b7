"""Figures at every level (统计数字): counts per community summed up the office tree.

Pure maths over counts a read model gives: the employment rate follows employment's
definition (working age by its published rule, able and willing, students excluded);
the bounds of working age on a day come from the rule, never restated here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.contracts.employment.working_age import RetirementRule, reform_schedule

COUNTS = (
    "working_age",
    "counted",
    "unemployed",
    "registered_unemployed",
    "certificates_in_use",
    "zero_employment_households",
    "new_jobs",
)


class Figures(BaseModel):
    """One office's figures at a moment."""

    office: str
    level: str
    name: str | None
    working_age: int
    counted: int
    unemployed: int
    employment_rate: float | None
    registered_unemployed: int
    certificates_in_use: int
    zero_employment_households: int
    new_jobs: int


@dataclass(frozen=True, kw_only=True)
class WorkingAge:
    """Who is of working age on a day: born after the bounds by sex, and by then."""

    men_born_after: date
    women_born_after: date
    born_on_or_before: date


def rule_in_force(adopted: RetirementRule | None) -> RetirementRule:
    """The rule employment adopted last, or the statutory schedule before any was."""
    return reform_schedule() if adopted is None else adopted


def working_age_on(day: date, rule: RetirementRule) -> WorkingAge:
    """The birth-date bounds of working age on ``day`` under ``rule``."""
    men, women = rule.bounds_on(day, "male"), rule.bounds_on(day, "female")
    return WorkingAge(
        men_born_after=men.born_after,
        women_born_after=women.born_after,
        born_on_or_before=min(men.born_on_or_before, women.born_on_or_before),
    )


@dataclass(frozen=True)
class BirthSpans:
    """Birth dates in a span, as whole years and the days of the years cut short."""

    years: tuple[int, int] | None  # the first and last whole year
    days: tuple[tuple[date, date], ...]  # first and last day of each part year


def birth_spans(born_after: date, born_on_or_before: date) -> BirthSpans:
    """The birth dates ``born_after < born <= born_on_or_before``, split for counting.

    Counts are kept per birth year and per birth date (``readmodels.ledgers.now``):
    a span sums the whole years from the one and the days of its ends from the other.
    """
    first, last = born_after + timedelta(days=1), born_on_or_before
    if first > last:
        return BirthSpans(None, ())
    if first.year == last.year:
        return BirthSpans(None, ((first, last),))
    days = []
    whole_from, whole_to = first.year, last.year
    if (first.month, first.day) != (1, 1):
        days.append((first, date(first.year, 12, 31)))
        whole_from += 1
    if (last.month, last.day) != (12, 31):
        days.append((date(last.year, 1, 1), last))
        whole_to -= 1
    years = (whole_from, whole_to) if whole_from <= whole_to else None
    return BirthSpans(years, tuple(days))


def roll_up(
    communities: dict[str, dict[str, int]], within: OfficeCode, names: dict[str, str]
) -> list[Figures]:
    """Figures for the district, its streets and communities that lie in ``within``."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for community, counts in communities.items():
        for office in _ancestry(OfficeCode(community)):
            for key, value in counts.items():
                totals[str(office)][key] += value
    return [
        _figures(office, totals[office], names.get(office))
        for office in sorted(totals, key=lambda o: (len(o.rstrip("0")), o))
        if within.covers(office)
    ]


def _ancestry(code: OfficeCode) -> Iterable[OfficeCode]:
    office: OfficeCode | None = code
    while office is not None:
        yield office
        office = office.parent


def _figures(office: str, counts: dict[str, int], name: str | None) -> Figures:
    counted, unemployed = counts["counted"], counts["unemployed"]
    rate = None if counted == 0 else round((counted - unemployed) / counted, 6)
    return Figures(
        office=office,
        level=str(OfficeCode(office).level),
        name=name,
        employment_rate=rate,
        **counts,
    )
