"""Working age (劳动年龄) by a dated rule: which retirement age applies to whom, when.

Published with employment's events because every figure built from them (employment's
own and reporting's) must count working age the same way; employment owns the rule.

Statutory retirement ages are being raised in steps (全国人大常委会, 2024: men's from 60
towards 63 and women's from 55 towards 58, one month every four months). The step is
fixed by the month of birth, not by the day it is reached: a man born in January to
April 1965 retires at 60 years and 1 month, one born in May to August 1965 at 60 years
and 2 months, and so on. So a :class:`RetirementRule` is a list of birth-date steps:
people born on or after ``born_from`` retire at the ages given. A person is of working
age on a date when they are at least ``minimum_age`` (16) and have not yet reached
their own retirement age; once retired, they stay retired. The default follows the
reform; an office may configure its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, Field, model_validator

from shequ.contracts.registry import Sex


class RetirementStep(BaseModel):
    """People born on or after ``born_from`` retire at these ages (months; 60y: 720)."""

    born_from: date
    men_months: int = Field(ge=12 * 16)
    women_months: int = Field(ge=12 * 16)


class RetirementRule(BaseModel):
    """The birth-date steps, earliest first; a person's step is the last begun by birth.

    Ages never fall from one step to the next, so a retirement date moves later with
    the birth date and the people of working age on a day are one span of birth dates.
    """

    minimum_age: int = 16
    steps: list[RetirementStep]

    @model_validator(mode="after")
    def _ordered(self) -> RetirementRule:
        births = [s.born_from for s in self.steps]
        if not births or births != sorted(set(births)):
            raise ValueError("give at least one step, in order of born_from")
        for earlier, later in zip(self.steps, self.steps[1:], strict=False):
            if (
                later.men_months < earlier.men_months
                or later.women_months < earlier.women_months
            ):
                raise ValueError(
                    f"retirement ages fall for people born from {later.born_from}"
                )
        return self

    def step_for(self, birth_date: date) -> RetirementStep:
        """The step of people born on ``birth_date`` (the first for those before it)."""
        current = self.steps[0]
        for step in self.steps[1:]:
            if step.born_from > birth_date:
                break
            current = step
        return current

    def retirement_months(self, birth_date: date, sex: Sex) -> int:
        """The retirement age, in months, of someone born on ``birth_date``."""
        step = self.step_for(birth_date)
        return step.men_months if sex == "male" else step.women_months

    def bounds_on(self, day: date, sex: Sex) -> BirthDates:
        """The birth dates of people of working age on ``day``, for one sex."""
        return BirthDates(
            born_after=self._retired_up_to(day, sex),
            born_on_or_before=_months_before(day, 12 * self.minimum_age),
        )

    def _retired_up_to(self, day: date, sex: Sex) -> date:
        # The latest birth date whose retirement date is on or before ``day``: each
        # step retires those of its births up to ``day`` less its age, and later
        # steps retire later, so the last step reaching that far gives the bound.
        bound = date.min
        for n, step in enumerate(self.steps):
            months = step.men_months if sex == "male" else step.women_months
            latest = _months_before(day, months)
            if n > 0 and latest < step.born_from:
                break
            following = self.steps[n + 1].born_from if n + 1 < len(self.steps) else None
            bound = (
                latest
                if following is None
                else min(latest, following - timedelta(days=1))
            )
        return bound

    def is_working_age(self, birth_date: date, sex: Sex, day: date) -> bool:
        return self.bounds_on(day, sex).contains(birth_date)


@dataclass(frozen=True)
class BirthDates:
    """Birth dates in (``born_after``, ``born_on_or_before``]: the working-age span."""

    born_after: date
    born_on_or_before: date

    def contains(self, birth_date: date) -> bool:
        return self.born_after < birth_date <= self.born_on_or_before


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    # 29 February and month ends: the last day of the shorter month.
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reform_schedule() -> RetirementRule:
    """The 2024 reform: 60 for men and 55 for women born before it reaches them.

    Men born from January 1965 and women from January 1970 retire one month later for
    every four months of birth, until men born from September 1976 retire at 63 (756
    months) and women born from September 1981 at 58 (696 months).
    """
    steps = [
        RetirementStep(born_from=date(1900, 1, 1), men_months=720, women_months=660)
    ]
    # Four-month birth cohorts from January 1965; women's start 15 cohorts later.
    for n in range(1, 52):
        year, month = divmod((n - 1) * 4, 12)
        steps.append(
            RetirementStep(
                born_from=date(1965 + year, month + 1, 1),
                men_months=720 + min(n, 36),
                women_months=660 + min(max(n - 15, 0), 36),
            )
        )
    return RetirementRule(steps=steps)
