"""The working-age rule in force (劳动年龄规则): adopted when it changes. Pure.

Stream ``employment`` of type ``working_age_rule``. At every start the service asks
to adopt its configured retirement rule; only a rule other than the last adopted is
recorded, so reporting reads the rule in force at any moment from the events rather
than from employment's environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import assert_never

from shequ.contracts import DomainError
from shequ.contracts.employment import RetirementRuleAdopted, WorkingAgeRuleEvent
from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.messages import N_
from shequ.contracts.registry import Sex
from shequ.eventstore import Decider

STREAM = "employment"


class NotOfWorkingAge(DomainError):
    """The working-age rule (劳动年龄): the person is not of working age that day."""

    code = "not-of-working-age"
    title = N_("Not of working age")


def require_of_age(
    rule: RetirementRule, birth_date: date, day: date, field: str
) -> None:
    """Refuse a labour status for someone under ``rule.minimum_age`` on ``day``.

    A status of a retired person is a fact (退休); one of a child is not.
    """
    if rule.bounds_on(day, "male").born_on_or_before < birth_date:
        raise NotOfWorkingAge(
            N_(
                "born {birth_date}: under {minimum_age} on {day}, the working-age"
                " rule records no labour status"
            ),
            field=field,
            birth_date=birth_date,
            minimum_age=rule.minimum_age,
            day=day,
        )


def require_working_age(
    rule: RetirementRule, birth_date: date, sex: Sex, day: date, field: str
) -> None:
    """Refuse 失业登记 for someone not of working age on ``day`` (young or retired)."""
    if not rule.is_working_age(birth_date, sex, day):
        raise NotOfWorkingAge(
            N_(
                "born {birth_date}: not of working age on {day} (working-age rule,"
                " {minimum_age} to retirement), so not registrable as unemployed"
            ),
            field=field,
            birth_date=birth_date,
            day=day,
            minimum_age=rule.minimum_age,
        )


@dataclass(frozen=True, kw_only=True)
class Adopt:
    """Count working age by ``rule`` from now on."""

    rule: RetirementRule


State = RetirementRule | None  # the rule last adopted


def decide(command: Adopt, state: State) -> list[WorkingAgeRuleEvent]:
    if state == command.rule:
        return []
    return [RetirementRuleAdopted(rule=command.rule)]


def evolve(state: State, event: WorkingAgeRuleEvent) -> State:
    match event:
        case RetirementRuleAdopted():
            return event.rule
        case _:
            assert_never(event)


DECIDER: Decider[Adopt, State, WorkingAgeRuleEvent] = Decider(
    "working_age_rule", None, decide, evolve
)
