"""The dated retirement rule: which retirement age applies on which date (pure)."""

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
    steps=[
        RetirementStep(
            effective_from=date(1978, 1, 1), men_months=720, women_months=660
        )
    ]
)


def test_a_man_of_sixty_is_retired_under_the_old_rule_but_not_after_the_reform() -> (
    None
):
    born = date(1965, 1, 10)  # 60 years and 10 days old on 20 January 2025
    day = date(2025, 1, 20)

    assert not BEFORE_REFORM.is_working_age(born, "male", day)
    assert reform_schedule().is_working_age(born, "male", day)  # 60y1m applies now


def test_the_reform_reaches_sixty_three_and_fifty_eight() -> None:
    last = reform_schedule().step_on(date(2040, 1, 1))

    assert (last.men_months, last.women_months) == (63 * 12, 58 * 12)


def test_the_step_in_force_is_the_latest_one_begun() -> None:
    rule = reform_schedule()

    assert rule.step_on(date(2024, 12, 31)).men_months == 720
    assert rule.step_on(date(2025, 1, 1)).men_months == 721
    assert rule.step_on(date(2025, 4, 30)).men_months == 721
    assert rule.step_on(date(2025, 5, 1)).men_months == 722


def test_working_age_starts_at_sixteen() -> None:
    rule = reform_schedule()

    assert rule.is_working_age(date(2010, 11, 23), "female", date(2026, 11, 23))
    assert not rule.is_working_age(date(2010, 11, 24), "female", date(2026, 11, 23))


def test_a_rule_with_steps_out_of_order_is_refused() -> None:
    with pytest.raises(ValidationError):
        RetirementRule(steps=[
            RetirementStep(effective_from=date(2026, 1, 1), men_months=756,
                           women_months=696),
            RetirementStep(effective_from=date(2000, 1, 1), men_months=720,
                           women_months=660),
        ])  # fmt: skip
