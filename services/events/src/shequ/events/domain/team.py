"""A culture and sports team (文体队伍: tai chi, aerobics, yangko, troupe). Pure.

Members are registered persons (the handler finds them living); a member joins
once and leaves once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.events import (
    TeamEvent,
    TeamFormed,
    TeamKind,
    TeamMemberJoined,
    TeamMemberLeft,
)
from shequ.contracts.messages import N_
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class FormTeam:
    team_id: str
    office: str
    name: str
    kind: TeamKind
    formed_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Join:
    person_id: str
    joined_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Leave:
    person_id: str
    left_on: date
    by: Acting


Command = FormTeam | Join | Leave


@dataclass(frozen=True)
class Team:
    team_id: str
    office: str
    members: frozenset[str] = frozenset()


State = Team | None


class TeamNotFound(DomainError):
    code = "events-team-not-found"
    title = N_("No such team")


class TeamExists(DomainError):
    code = "events-team-exists"
    title = N_("Team already formed")


class MembershipUnchanged(DomainError):
    code = "events-membership-unchanged"
    title = N_("Membership unchanged")


def _member(command: Join | Leave, team: Team) -> TeamEvent:
    member = command.person_id in team.members
    match command:
        case Join() if not member:
            return TeamMemberJoined(
                team_id=team.team_id,
                office=team.office,
                person_id=command.person_id,
                joined_on=command.joined_on,
            )
        case Leave() if member:
            return TeamMemberLeft(
                team_id=team.team_id,
                office=team.office,
                person_id=command.person_id,
                left_on=command.left_on,
            )
    raise MembershipUnchanged(
        N_("the person is already in the team, or not in it"), field="person_id"
    )


def decide(command: Command, state: State) -> list[TeamEvent]:
    match command:
        case FormTeam() if state is None:
            name = require_text(command.name, "name", N_("the team's name"))
            return [
                TeamFormed(
                    team_id=command.team_id,
                    office=command.office,
                    name=name,
                    kind=command.kind,
                    formed_on=command.formed_on,
                )
            ]
        case FormTeam():
            raise TeamExists(N_("this team is already formed"))
        case Join() | Leave() if state is None:
            raise TeamNotFound(N_("no such team"), field="team_id")
        case Join() | Leave():
            return [_member(command, state)]
        case _:
            assert_never(command)


def evolve(state: State, event: TeamEvent) -> State:
    match event:
        case TeamFormed():
            return Team(event.team_id, event.office)
        case TeamMemberJoined():
            assert state is not None
            return replace(state, members=state.members | {event.person_id})
        case TeamMemberLeft():
            assert state is not None
            return replace(state, members=state.members - {event.person_id})
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, TeamEvent] = Decider("team", None, decide, evolve)
