"""A household (户): its head (户主), members with their relationship to the head. Pure.

Stream type ``household``, stream id ``household-<uuid>`` given by the handler
(``new_id``). A person belongs to one household at most; a decider sees one stream
only, so the household a person already belongs to arrives in the command
(``member_of``), looked up by the handler. The head cannot be removed: make another
member head first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import assert_never

from shequ.contracts.messages import N_
from shequ.contracts.registry import (
    HeadOfHouseholdChanged,
    HouseholdEvent,
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    Relationship,
)
from shequ.eventstore import Decider
from shequ.registry.domain.household_errors import (
    AlreadyMember,
    HeadCannotBeRemoved,
    HouseholdAlreadyRegistered,
    HouseholdNotFound,
    MemberOfAnotherHousehold,
    NotAMember,
    RelationshipsIncomplete,
)
from shequ.registry.domain.rules import Acting, require_text, residents_office


@dataclass(frozen=True, kw_only=True)
class RegisterHousehold:
    household_id: str
    head_person_id: str
    head_member_of: str | None  # the household the head already belongs to, if any
    address: str
    office: str
    office_open: bool
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AddMember:
    person_id: str
    relationship: Relationship  # to the head
    member_of: str | None  # the household the person already belongs to, if any
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RemoveMember:
    person_id: str
    reason: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ChangeHead:
    """Make a member head; ``relationships`` gives every other member's to them."""

    new_head_person_id: str
    relationships: Mapping[str, Relationship]
    by: Acting


Command = RegisterHousehold | AddMember | RemoveMember | ChangeHead


@dataclass(frozen=True)
class Household:
    household_id: str
    office: str
    address: str
    head: str
    members: Mapping[str, Relationship]  # everyone but the head, by person id


State = Household | None


def decide(command: Command, state: State) -> list[HouseholdEvent]:
    match command:
        case RegisterHousehold():
            return [_register(command, state)]
        case AddMember():
            return [_add(command, _registered(state))]
        case RemoveMember():
            return [_remove(command, _registered(state))]
        case ChangeHead():
            return _change_head(command, _registered(state))
        case _:
            assert_never(command)


def _register(command: RegisterHousehold, state: State) -> HouseholdRegistered:
    if state is not None:
        raise HouseholdAlreadyRegistered(
            N_("household {household_id} is already registered"),
            field="household_id",
            household_id=state.household_id,
        )
    office = residents_office(
        command.office, is_open=command.office_open, field="office"
    )
    head, own = command.head_person_id, command.household_id
    _in_no_other(head, command.head_member_of, own, "head_person_id")
    return HouseholdRegistered(
        household_id=command.household_id,
        head_person_id=head,
        address=require_text(command.address, "address", N_("the address")),
        office=office,
    )


def _add(command: AddMember, household: Household) -> HouseholdMemberAdded:
    person = command.person_id
    if person == household.head or person in household.members:
        raise AlreadyMember(
            N_("{person_id} is already a member"), field="person_id", person_id=person
        )
    _in_no_other(person, command.member_of, household.household_id, "person_id")
    return HouseholdMemberAdded(
        office=household.office, person_id=person, relationship=command.relationship
    )


def _remove(command: RemoveMember, household: Household) -> HouseholdMemberRemoved:
    person = command.person_id
    if person == household.head:
        raise HeadCannotBeRemoved(
            N_("{person_id} is the head: make another member head first"),
            field="person_id",
            person_id=person,
        )
    if person not in household.members:
        raise NotAMember(
            N_("{person_id} is not a member"), field="person_id", person_id=person
        )
    reason = require_text(command.reason, "reason", N_("the reason"))
    return HouseholdMemberRemoved(
        office=household.office, person_id=person, reason=reason
    )


def _change_head(command: ChangeHead, household: Household) -> list[HouseholdEvent]:
    new = command.new_head_person_id
    if new == household.head:
        return []
    if new not in household.members:
        raise NotAMember(
            N_("{person_id} is not a member, so cannot become head"),
            field="new_head_person_id",
            person_id=new,
        )
    others = (set(household.members) - {new}) | {household.head}
    if wrong := others.symmetric_difference(command.relationships):
        raise RelationshipsIncomplete(
            N_(
                "give the relationship to the new head of each other member, and only"
                " theirs: check {person_ids}"
            ),
            field="relationships",
            person_ids=", ".join(sorted(wrong)),
        )
    return [
        HeadOfHouseholdChanged(
            office=household.office,
            previous_head_person_id=household.head,
            head_person_id=new,
            relationships=dict(sorted(command.relationships.items())),
        )
    ]


def _registered(state: State) -> Household:
    if state is None:
        raise HouseholdNotFound(N_("no household under this id"), field="household_id")
    return state


def _in_no_other(person: str, member_of: str | None, own: str, field: str) -> None:
    if member_of is not None and member_of != own:
        raise MemberOfAnotherHousehold(
            N_(
                "{person_id} already belongs to household {household_id}: remove them"
                " there first"
            ),
            field=field,
            person_id=person,
            household_id=member_of,
        )


def evolve(state: State, event: HouseholdEvent) -> State:
    match event:
        case HouseholdRegistered():
            return Household(
                event.household_id,
                event.office,
                event.address,
                event.head_person_id,
                {},
            )
        case _ if state is None:
            return state
        case HouseholdMemberAdded():
            members = {**state.members, event.person_id: event.relationship}
            return replace(state, members=members)
        case HouseholdMemberRemoved():
            members = {p: r for p, r in state.members.items() if p != event.person_id}
            return replace(state, members=members)
        case HeadOfHouseholdChanged():
            return replace(
                state, head=event.head_person_id, members=dict(event.relationships)
            )
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, HouseholdEvent] = Decider(
    "household", None, decide, evolve
)
