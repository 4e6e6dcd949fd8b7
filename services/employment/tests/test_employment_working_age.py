"""The retirement rule by birth date: who retires when, and stays retired (pure)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from shequ.contracts.employment.working_age import (
    RetirementRule,
    RetirementStep,
    reform_schedule,
)

BEFORE_REFORM = RetirementRule(
    steps=[RetirementStep(born_from=date(1900, 1, 1), men_months=720, women_months=660)]
)


def test_a_man_of_sixty_is_retired_under_the_old_rule_but_not_after_the_reform() -> (
    None
):
    born = date(1965, 1, 10)  # 60 years and 10 days old on 20 January 2025
    day = date(2025, 1, 20)

    assert not BEFORE_REFORM.is_working_age(born, "male", day)
    assert reform_schedule().is_working_age(born, "male", day)  # he retires at 60y1m


def test_the_reform_reaches_sixty_three_and_fifty_eight() -> None:
    rule = reform_schedule()

    assert rule.retirement_months(date(1976, 9, 1), "male") == 63 * 12
    assert rule.retirement_months(date(1981, 9, 1), "female") == 58 * 12
    assert rule.retirement_months(date(1976, 8, 31), "male") == 63 * 12 - 1


def test_the_age_follows_the_month_of_birth_four_months_a_step() -> None:
    rule = reform_schedule()

    assert [
        rule.retirement_months(date(*d), "male")
        for d in ((1964, 12, 31), (1965, 1, 1), (1965, 4, 30), (1965, 5, 1))
    ] == [720, 721, 721, 722]
    assert [
        rule.retirement_months(date(*d), "female")
        for d in ((1969, 12, 31), (1970, 1, 1), (1970, 5, 1))
    ] == [660, 661, 662]


def test_once_retired_a_person_stays_retired() -> None:
    # Born March 1965: he retires at 60 years and 1 month, on 20 April 2025; the
    # later steps are for later births and never bring him back.
    rule, born = reform_schedule(), date(1965, 3, 20)

    assert [
        rule.is_working_age(born, "male", date(*d))
        for d in (
            (2025, 4, 19),
            (2025, 4, 20),
            (2025, 5, 1),
            (2025, 5, 20),
            (2030, 1, 1),
        )
    ] == [True, False, False, False, False]


def test_working_age_starts_at_sixteen() -> None:
    rule = reform_schedule()

    assert rule.is_working_age(date(2010, 11, 23), "female", date(2026, 11, 23))
    assert not rule.is_working_age(date(2010, 11, 24), "female", date(2026, 11, 23))


def test_a_rule_with_steps_out_of_order_or_ages_falling_is_refused() -> None:
    with pytest.raises(ValidationError, match="order of born_from"):
        RetirementRule(
            steps=[
                RetirementStep(
                    born_from=date(1970, 1, 1), men_months=756, women_months=696
                ),
                RetirementStep(
                    born_from=date(1960, 1, 1), men_months=720, women_months=660
                ),
            ]
        )
    with pytest.raises(ValidationError, match="ages fall"):
        RetirementRule(
            steps=[
                RetirementStep(
                    born_from=date(1960, 1, 1), men_months=756, women_months=696
                ),
                RetirementStep(
                    born_from=date(1970, 1, 1), men_months=720, women_months=696
                ),
            ]
        )
