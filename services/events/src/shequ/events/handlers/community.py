"""Handlers of volunteers, teams and publicity corners.

A volunteer's stream is ``volunteer/<person id>``: a living registered person, once.
Hours name an activity that exists; a team member is a living registered person. A
new team or corner gets its id from the Idempotency-Key.
"""

from __future__ import annotations

from typing import Any, TypeVar

from shequ.access import Acting
from shequ.contracts.messages import N_
from shequ.events.domain import activity, corner, team, volunteer
from shequ.events.handlers.activities import current
from shequ.eventstore import Decider, EventStore, Outcome, load
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

C = TypeVar("C")
S = TypeVar("S")


async def run(
    by: Acting,
    store: EventStore,
    decider: Decider[C, S, Any],
    stream: str,
    command: C,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[S]:
    return await execute_as(
        by, store, decider, stream, command, key=key, expected_version=expected_version
    )


async def state_of(
    store: EventStore, decider: Decider[Any, S, Any], stream: str
) -> tuple[S, int]:
    state, head = await load(store, decider, stream)
    return state, head.version


async def record_hours(
    store: EventStore,
    person_id: str,
    command: volunteer.RecordHours,
    *,
    expected_version: int | None = None,
) -> Outcome[volunteer.State]:
    """Hours given to an activity that was planned."""
    found, _ = await current(store, command.activity_id)
    if found is None:
        raise activity.ActivityNotFound(N_("no such activity"), field="activity_id")
    return await run(
        command.by,
        store,
        volunteer.DECIDER,
        f"volunteer/{person_id}",
        command,
        expected_version=expected_version,
    )


async def join(
    store: EventStore,
    team_id: str,
    command: team.Join | team.Leave,
    *,
    expected_version: int | None = None,
) -> Outcome[team.State]:
    """A living registered person joins (or leaves) the team."""
    if isinstance(command, team.Join):
        await living_person(store.pool, command.person_id)
    return await run(
        command.by,
        store,
        team.DECIDER,
        f"team/{team_id}",
        command,
        expected_version=expected_version,
    )


async def form_team(
    store: EventStore, *, by: Acting, key: str | None, **fields: Any
) -> Outcome[team.State]:
    command = team.FormTeam(team_id=new_id("team", by, key), by=by, **fields)
    return await run(
        by, store, team.DECIDER, f"team/{command.team_id}", command, key=key
    )


async def set_up_corner(
    store: EventStore, *, by: Acting, key: str | None, **fields: Any
) -> Outcome[corner.State]:
    command = corner.SetUp(corner_id=new_id("corner", by, key), by=by, **fields)
    stream = f"corner/{command.corner_id}"
    return await run(by, store, corner.DECIDER, stream, command, key=key)
