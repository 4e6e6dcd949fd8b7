"""The working-age rule is published: adopted at a start only when it changed."""

from __future__ import annotations

from datetime import date
from typing import Any

from shequ.contracts.employment import RetirementRuleAdopted
from shequ.contracts.employment.working_age import (
    RetirementRule,
    RetirementStep,
    reform_schedule,
)
from shequ.employment.app import definition
from shequ.employment.domain import working_age
from shequ.employment.settings import EmploymentRules

AT_SIXTY = RetirementRule(
    steps=[RetirementStep(born_from=date(1900, 1, 1), men_months=720, women_months=660)]
)


def test_a_first_rule_is_adopted() -> None:
    events = working_age.decide(working_age.Adopt(rule=AT_SIXTY), None)

    assert events == [RetirementRuleAdopted(rule=AT_SIXTY)]


def test_the_rule_in_force_is_not_adopted_again() -> None:
    state = working_age.DECIDER.fold([RetirementRuleAdopted(rule=AT_SIXTY)])

    assert working_age.decide(working_age.Adopt(rule=AT_SIXTY), state) == []


def test_a_changed_rule_is_adopted_and_is_then_in_force() -> None:
    given = [RetirementRuleAdopted(rule=reform_schedule())]

    events = working_age.decide(
        working_age.Adopt(rule=AT_SIXTY), working_age.DECIDER.fold(given)
    )

    assert events == [RetirementRuleAdopted(rule=AT_SIXTY)]
    assert working_age.DECIDER.fold([*given, *events]) == AT_SIXTY


async def _adopted(employment: Any) -> list[RetirementRule]:
    events, _ = await employment.runtime.store.replay(working_age.STREAM)
    return [e.rule for e in events if isinstance(e, RetirementRuleAdopted)]


async def test_a_start_with_a_changed_rule_appends_one_event_and_a_restart_none(
    employment,
) -> None:
    # The fixture started with the default rule; the hook then runs as a start with
    # another rule would, and once more as a restart with that rule.
    assert await _adopted(employment) == [reform_schedule()]
    changed = definition(EmploymentRules(retirement=AT_SIXTY))
    assert changed.on_start is not None

    await changed.on_start(employment.runtime)
    assert await _adopted(employment) == [reform_schedule(), AT_SIXTY]

    await changed.on_start(employment.runtime)
    assert await _adopted(employment) == [reform_schedule(), AT_SIXTY]
