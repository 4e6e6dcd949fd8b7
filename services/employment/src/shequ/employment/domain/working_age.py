"""The working-age rule in force (劳动年龄规则): adopted when it changes. Pure.

Stream ``employment`` of type ``working_age_rule``. At every start the service asks
to adopt its configured retirement rule; only a rule other than the last adopted is
recorded, so reporting reads the rule in force at any moment from the events rather
than from employment's environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from shequ.contracts.employment import RetirementRuleAdopted, WorkingAgeRuleEvent
from shequ.contracts.employment.working_age import RetirementRule
from shequ.eventstore import Decider

STREAM = "employment"


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
