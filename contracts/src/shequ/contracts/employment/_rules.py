"""The working-age rule employment counts by (stream ``employment``).

Employment appends :class:`RetirementRuleAdopted` (stream type ``working_age_rule``)
when it starts with a rule other than the one last adopted, so every service counting
working age from employment's figures (reporting) reads the rule in force at any
moment from the events, never from employment's environment.
"""

from __future__ import annotations

from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.employment.working_age import RetirementRule


class RetirementRuleAdopted(Event):
    """From now on, working age is counted by ``rule`` (劳动年龄规则)."""

    type: Literal["RetirementRuleAdopted"] = "RetirementRuleAdopted"
    stream_type = "working_age_rule"
    rule: RetirementRule


# Every event of a ``working_age_rule`` stream.
WorkingAgeRuleEvent = RetirementRuleAdopted
