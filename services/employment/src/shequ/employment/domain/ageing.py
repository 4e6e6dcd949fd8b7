"""Coming of working age and retiring (年龄变化复核): who crossed a bound. Pure.

Working age changes with nothing recorded: a member turns 16, or reaches their own
retirement age, on a day no event marks. Between two days, the people whose working
age began or ended were born in spans the retirement rule gives; the household of
each is evaluated again as a status change would.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.registry import Sex

SEXES: tuple[Sex, ...] = ("male", "female")


def crossing(
    rule: RetirementRule, since: date, until: date
) -> list[tuple[Sex, date, date]]:
    """Spans (sex, born after, born on or before) whose working age began or ended.

    Between the two days, those born in the first span of each sex retired and those
    in the second came of age.
    """
    spans: list[tuple[Sex, date, date]] = []
    for sex in SEXES:
        before, after = rule.bounds_on(since, sex), rule.bounds_on(until, sex)
        spans.append((sex, before.born_after, after.born_after))
        spans.append((sex, before.born_on_or_before, after.born_on_or_before))
    return spans
