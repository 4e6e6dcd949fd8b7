"""Working age (劳动年龄) by a dated rule: which retirement age applies on which date.

Published with employment's events because every figure built from them (employment's
own and reporting's) must count working age the same way; employment owns the rule.

Statutory retirement ages are being raised in steps (全国人大常委会, 2024: from 2025
men's from 60 towards 63 and women's from 55 towards 58, one month every four months).
A :class:`RetirementRule` is a list of dated steps: from ``effective_from`` on, people
reach retirement at the ages given. A person is of working age on a date when they are
at least ``minimum_age`` (16) and younger than the retirement age that applies that day.
The default follows the reform; an office may configure its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field, model_validator

from shequ.contracts.registry import Sex


class RetirementStep(BaseModel):
    """From ``effective_from`` on, retirement ages in months (60 years = 720)."""

    effective_from: date
    men_months: int = Field(ge=12 * 16)
    women_months: int = Field(ge=12 * 16)


class RetirementRule(BaseModel):
    """The dated steps, earliest first; the step in force on a date applies."""

    minimum_age: int = 16
    steps: list[RetirementStep]

    @model_validator(mode="after")
    def _ordered(self) -> RetirementRule:
        dates = [s.effective_from for s in self.steps]
        if not dates or dates != sorted(set(dates)):
            raise ValueError("give at least one step, in order of effective_from")
        return self

    def step_on(self, day: date) -> RetirementStep:
        """The step in force on ``day`` (the first one for days before it)."""
        current = self.steps[0]
        for step in self.steps:
            if step.effective_from > day:
                break
            current = step
        return current

    def bounds_on(self, day: date, sex: Sex) -> BirthDates:
        """The birth dates of people of working age on ``day``, for one sex."""
        step = self.step_on(day)
        months = step.men_months if sex == "male" else step.women_months
        return BirthDates(
            born_after=_months_before(day, months),
            born_on_or_before=_months_before(day, 12 * self.minimum_age),
        )

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
    """The 2025 reform: 60/55 before 2025, then one month more every four months.

    Men reach 63 (756 months) and women 58 (696 months) after 36 steps, in 2036.
    """
    steps = [RetirementStep(effective_from=date(1978, 1, 1), men_months=720,
                            women_months=660)]  # fmt: skip
    for n in range(1, 37):
        year, month = divmod((n - 1) * 4, 12)
        steps.append(
            RetirementStep(
                effective_from=date(2025 + year, month + 1, 1),
                men_months=720 + n,
                women_months=660 + n,
            )
        )
    return RetirementRule(steps=steps)
