"""Zero-employment households (零就业家庭): detected from members and statuses. Pure.

Stream ``zero-household/<household_id>``. A household is one while it has at least one
member who counts (working age on the day, able and willing to work, not a student)
and every such member is unemployed. A member whose status nobody has recorded yet
does not count either way: the survey (排查) has to reach them. Nobody types this
in: after a status change, or a change to the household in the registry, the handler
gathers the members and asks :func:`decide` to re-evaluate; the decider records the
household appearing or clearing only when that changes, and on clearing how many days
it stayed open. While it stays one, a change to who is in it or who counts (a member
joins unemployed, one leaves) is recorded too, so the ledger lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.contracts.employment import (
    IN_LABOUR_FORCE,
    LabourStatus,
    ZeroEmploymentHouseholdCleared,
    ZeroEmploymentHouseholdEvent,
    ZeroEmploymentHouseholdIdentified,
    ZeroEmploymentHouseholdMembersChanged,
)
from shequ.contracts.employment.working_age import RetirementRule
from shequ.contracts.registry import Sex
from shequ.employment.domain.common import Acting
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class Member:
    person_id: str
    birth_date: date
    sex: Sex
    student: bool  # tagged 在校学生 in the registry
    status: LabourStatus | None


def counts(member: Member, rule: RetirementRule, day: date) -> bool:
    """Whether the member counts for the employment rate on ``day``."""
    return (
        member.status in IN_LABOUR_FORCE
        and not member.student
        and rule.is_working_age(member.birth_date, member.sex, day)
    )


def unemployed_if_zero(
    members: Sequence[Member], rule: RetirementRule, day: date
) -> list[str]:
    """The members who count, when all of them are unemployed; else nobody."""
    counted = [m for m in members if counts(m, rule, day)]
    if counted and all(m.status == "unemployed" for m in counted):
        return sorted(m.person_id for m in counted)
    return []


@dataclass(frozen=True, kw_only=True)
class Evaluate:
    household_id: str
    office: str
    unemployed: list[str]  # from unemployed_if_zero: empty when not zero-employment
    members: list[str]  # every living member, sorted
    by_person_id: str | None  # whose change prompted this, if a person's
    reason: str
    by: Acting


@dataclass(frozen=True)
class Open:
    household_id: str
    office: str
    identified_on: date
    unemployed: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


State = Open | None


def decide(command: Evaluate, state: State) -> list[ZeroEmploymentHouseholdEvent]:
    today = command.by.today
    if command.unemployed and state is None:
        return [
            ZeroEmploymentHouseholdIdentified(
                household_id=command.household_id,
                office=command.office,
                unemployed_person_ids=command.unemployed,
                identified_on=today,
                member_person_ids=command.members,
            )
        ]
    if not command.unemployed and state is not None:
        return [
            ZeroEmploymentHouseholdCleared(
                household_id=command.household_id,
                office=command.office,
                cleared_on=today,
                by_person_id=command.by_person_id,
                reason=command.reason,
                days_open=(today - state.identified_on).days,
                member_person_ids=command.members,
            )
        ]
    if state is not None and (tuple(command.unemployed), tuple(command.members)) != (
        state.unemployed,
        state.members,
    ):
        return [
            ZeroEmploymentHouseholdMembersChanged(
                household_id=command.household_id,
                office=command.office,
                unemployed_person_ids=command.unemployed,
                member_person_ids=command.members,
                changed_on=today,
            )
        ]
    return []


def evolve(state: State, event: ZeroEmploymentHouseholdEvent) -> State:
    match event:
        case ZeroEmploymentHouseholdIdentified():
            return Open(
                event.household_id,
                event.office,
                event.identified_on,
                tuple(event.unemployed_person_ids),
                tuple(event.member_person_ids),
            )
        case ZeroEmploymentHouseholdMembersChanged():
            if state is None:  # recorded only while open
                return state
            return replace(
                state,
                unemployed=tuple(event.unemployed_person_ids),
                members=tuple(event.member_person_ids),
            )
        case ZeroEmploymentHouseholdCleared():
            return None
        case _:
            assert_never(event)


DECIDER: Decider[Evaluate, State, ZeroEmploymentHouseholdEvent] = Decider(
    "zero_employment_household", None, decide, evolve
)
