"""The district's retention rules (保存期限): how long a kind of record is kept. Pure.

Stream ``retention-<record_kind>``. A rule is set by a district office; setting the
rule already in force records nothing. Which files are due, and erasing them, is the
handler's work (see handlers/retention.py); the person decider still decides each
erasure, so a file a legal hold keeps is never erased by the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from shequ.access import OfficeLevel
from shequ.contracts import DomainError
from shequ.contracts.messages import N_
from shequ.contracts.registry import RecordKind, RetentionRuleEvent, RetentionRuleSet
from shequ.eventstore import Decider
from shequ.registry.domain.rules import LEVEL_SAID, Acting, office_code

MIN_YEARS, MAX_YEARS = 1, 100


def stream_id(record_kind: RecordKind) -> str:
    """The stream holding the rule for ``record_kind``."""
    return f"retention-{record_kind}"


@dataclass(frozen=True, kw_only=True)
class RetentionRule:
    record_kind: RecordKind
    erase_after_years: int
    office: str


State = RetentionRule | None


@dataclass(frozen=True, kw_only=True)
class SetRetentionRule:
    """Erase ``record_kind`` ``erase_after_years`` after it closed, from now on."""

    record_kind: RecordKind
    erase_after_years: int
    office: str
    by: Acting


Command = SetRetentionRule


class NotADistrictRule(DomainError):
    """Retention rules are the district's: a street or community cannot set them."""

    code = "not-a-district"
    title = N_("Set by the district")


class RetentionOutOfRange(DomainError):
    code = "retention-out-of-range"
    title = N_("Retention period out of range")


def decide(command: Command, state: State) -> list[RetentionRuleEvent]:
    match command:
        case SetRetentionRule():
            return _set(command, state)
        case _:
            assert_never(command)


def _set(command: SetRetentionRule, state: State) -> list[RetentionRuleEvent]:
    office = office_code(command.office, "office")
    if office.level is not OfficeLevel.DISTRICT:
        raise NotADistrictRule(
            N_("retention rules are set by a district office, not a {level}"),
            field="office",
            level=LEVEL_SAID[office.level],
        )
    years = command.erase_after_years
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise RetentionOutOfRange(
            N_("a file is kept {min} to {max} years, not {years}"),
            field="erase_after_years",
            min=MIN_YEARS,
            max=MAX_YEARS,
            years=years,
        )
    rule = RetentionRule(
        record_kind=command.record_kind, erase_after_years=years, office=office
    )
    if rule == state:
        return []
    return [
        RetentionRuleSet(
            record_kind=rule.record_kind, erase_after_years=years, office=office
        )
    ]


def evolve(state: State, event: RetentionRuleEvent) -> State:
    return RetentionRule(
        record_kind=event.record_kind,
        erase_after_years=event.erase_after_years,
        office=event.office,
    )


DECIDER: Decider[Command, State, RetentionRuleEvent] = Decider(
    "retention_rule", None, decide, evolve
)
