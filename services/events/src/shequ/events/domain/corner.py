"""An anti-drug publicity corner (禁毒宣传角): at least one per community. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import assert_never

from shequ.access import Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.events import (
    CornerEvent,
    PublicityCornerRefreshed,
    PublicityCornerSetUp,
)
from shequ.contracts.messages import N_
from shequ.events.domain.volunteer import FutureDate
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class SetUp:
    corner_id: str
    office: str
    place: str
    since: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Refresh:
    theme: str
    refreshed_on: date
    by: Acting


Command = SetUp | Refresh


@dataclass(frozen=True)
class Corner:
    corner_id: str
    office: str
    since: date


State = Corner | None


class CornerNotFound(DomainError):
    code = "events-corner-not-found"
    title = N_("No such publicity corner")


class CornerExists(DomainError):
    code = "events-corner-exists"
    title = N_("Publicity corner already set up")


def decide(command: Command, state: State) -> list[CornerEvent]:
    match command:
        case SetUp() if state is None:
            place = require_text(command.place, "place", N_("where the corner is"))
            return [
                PublicityCornerSetUp(
                    corner_id=command.corner_id,
                    office=command.office,
                    place=place,
                    since=command.since,
                )
            ]
        case SetUp():
            raise CornerExists(N_("this corner is already set up"))
        case Refresh() if state is None:
            raise CornerNotFound(N_("no such publicity corner"), field="corner_id")
        case Refresh():
            day = command.refreshed_on
            if day > command.by.today or day < state.since:
                raise FutureDate(
                    N_("a refresh falls between the corner's set-up and today"),
                    field="refreshed_on",
                )
            theme = require_text(command.theme, "theme", N_("the theme"))
            return [
                PublicityCornerRefreshed(
                    corner_id=state.corner_id,
                    office=state.office,
                    refreshed_on=day,
                    theme=theme,
                )
            ]
        case _:
            assert_never(command)


def evolve(state: State, event: CornerEvent) -> State:
    match event:
        case PublicityCornerSetUp():
            return Corner(event.corner_id, event.office, event.since)
        case PublicityCornerRefreshed():
            return state
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, CornerEvent] = Decider("corner", None, decide, evolve)
