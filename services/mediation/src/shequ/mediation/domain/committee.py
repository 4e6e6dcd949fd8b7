"""A people's mediation committee (人民调解委员会), stream ``committee/<office>``. Pure.

One per community or village: a director, members and mediators, each with the
phone published for the legal hotline, and one of them on call (值班, "随呼随应").
Members are registry staff or registered residents. A committee has one director;
only a serving member is put on call, and the one on call leaves only once another
is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import Conflict, DomainError, NotFound, require_text
from shequ.contracts.mediation import (
    CommitteeEvent,
    CommitteeMemberAppointed,
    CommitteeMemberLeft,
    CommitteeOnCallSet,
    CommitteeRole,
)
from shequ.contracts.messages import N_
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class AppointMember:
    office: str
    member_id: str
    role: CommitteeRole
    name: str
    phone: str
    staff_id: str | None
    person_id: str | None
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RemoveMember:
    member_id: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class SetOnCall:
    member_id: str
    by: Acting


Command = AppointMember | RemoveMember | SetOnCall


@dataclass(frozen=True)
class Committee:
    office: str
    members: dict[str, CommitteeRole]  # serving members by id
    on_call: str | None = None


State = Committee | None


class MemberNotFound(NotFound):
    code = "mediation-member-not-found"
    title = N_("No such committee member")


class MemberExists(Conflict):
    code = "mediation-member-exists"
    title = N_("Already a committee member")


class OneDirector(DomainError):
    code = "mediation-one-director"
    title = N_("A committee has one director")


class OnCallLeaving(DomainError):
    code = "mediation-on-call-leaving"
    title = N_("The member on call cannot leave")


def decide(command: Command, state: State) -> list[CommitteeEvent]:
    match command:
        case AppointMember():
            return _appoint(command, state)
        case RemoveMember():
            office = _serving(state, command.member_id).office
            if state is not None and state.on_call == command.member_id:
                raise OnCallLeaving(
                    N_("put another member on call first"), field="member_id"
                )
            return [CommitteeMemberLeft(office=office, member_id=command.member_id)]
        case SetOnCall():
            office = _serving(state, command.member_id).office
            return [CommitteeOnCallSet(office=office, member_id=command.member_id)]


def _appoint(command: AppointMember, state: State) -> list[CommitteeEvent]:
    members = state.members if state else {}
    if command.member_id in members:
        raise MemberExists(
            N_("{member} already serves on the committee"),
            field="member_id",
            member=command.member_id,
        )
    if command.role == "director" and "director" in members.values():
        raise OneDirector(N_("the committee already has a director"), field="role")
    return [
        CommitteeMemberAppointed(
            office=command.office,
            member_id=command.member_id,
            role=command.role,
            name=require_text(command.name, "name", N_("the member's name")),
            phone=require_text(command.phone, "phone", N_("the hotline phone")),
            staff_id=command.staff_id,
            person_id=command.person_id,
        )
    ]


def _serving(state: State, member_id: str) -> Committee:
    if state is None or member_id not in state.members:
        raise MemberNotFound(
            N_("no committee member {member}"), field="member_id", member=member_id
        )
    return state


def evolve(state: State, event: CommitteeEvent) -> State:
    current = state or Committee(event.office, {})
    members, on_call = dict(current.members), current.on_call
    match event:
        case CommitteeMemberAppointed():
            members[event.member_id] = event.role
        case CommitteeMemberLeft():
            members.pop(event.member_id, None)
        case CommitteeOnCallSet():
            on_call = event.member_id
        case _:
            assert_never(event)
    return replace(current, members=members, on_call=on_call)


DECIDER: Decider[Command, State, CommitteeEvent] = Decider(
    "committee", None, decide, evolve
)
